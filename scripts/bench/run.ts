/**
 * `npm run bench [name…]`: runs every benchmark module in scripts/bench/ in sequence, or the
 * named ones (`npm run bench patterns`). A module is a script `scripts/bench/<name>.ts` that
 * measures and prints its own figures; each runs in its own Node process so that one
 * benchmark's JIT state, heap and open handles cannot colour the next one's numbers. Files
 * starting with "_" and tests are not modules. Options after `--` (`npm run bench patterns --
 * --in-process`) are passed to every module run; those that are no module's are refused.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const dir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

/** The modules' options: each goes to every module run, and a module ignores those it does not know. */
const MODULE_OPTIONS = {
  /** patterns: stop after the in-process part (no HTTP) */
  'in-process': { type: 'boolean' },
} as const;

function parseCommandLine() {
  try {
    return parseArgs({ options: MODULE_OPTIONS, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}
const { values, positionals: wanted } = parseCommandLine();
const options = Object.entries(values)
  .filter(([, on]) => on === true)
  .map(([name]) => `--${name}`);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`), ...options], {
    stdio: 'inherit',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    process.stdout.write(
      `=== ${name}: FAILED (exit ${result.status ?? result.signal}) after ${seconds} s ===\n`,
    );
  } else process.stdout.write(`=== ${name}: done in ${seconds} s ===\n`);
}
process.exit(failed > 0 ? 1 : 0);
