/**
 * Rebuild every model in src/nlp/models: runs each scripts/train-*.ts in turn (alphabetical),
 * passing the arguments through (--datasets <dir>, --out <dir>, --quiet).
 *
 *   npm run train [-- --datasets <dir>]
 *
 * Each trainer is its own process so one's memory is freed before the next starts; the first
 * failure stops the run with a non-zero exit.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function trainerScripts(dir: string = here): string[] {
  return readdirSync(dir)
    .filter((f) => /^train-[a-z0-9-]+\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  for (const script of trainerScripts()) {
    console.log(`\n== ${script}`);
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
      stdio: 'inherit',
    });
    if (run.status !== 0) {
      console.error(`${script} failed (exit ${run.status ?? run.signal})`);
      process.exit(run.status ?? 1);
    }
    console.log(`== ${script} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
