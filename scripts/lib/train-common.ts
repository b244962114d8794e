/**
 * Shared plumbing of the train-*.ts scripts: where the datasets are, reading JSON Lines,
 * writing a model file only when its bytes change.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { defaultDatasetsDir } from '../../src/eval/run.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/datasets` beside the repository (see defaultDatasetsDir) unless `--datasets <dir>` says otherwise. */
export function trainArgs(argv: string[] = process.argv.slice(2)): {
  datasets: string;
  out: string;
  quiet: boolean;
} {
  const { values } = parseArgs({
    args: argv,
    options: {
      datasets: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  return {
    datasets: resolve(values.datasets ?? defaultDatasetsDir(REPO_ROOT)),
    out: resolve(values.out ?? join(REPO_ROOT, 'src/nlp/models')),
    quiet: values.quiet ?? false,
  };
}

/** Parse a JSON Lines file; `parse` validates each row and names the line on failure. */
export function readJsonl<T>(path: string, parse: (value: unknown, line: number) => T): T[] {
  if (!existsSync(path)) throw new Error(`dataset not found: ${path}`);
  const rows: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      rows.push(parse(JSON.parse(line) as unknown, i + 1));
    });
  return rows;
}

export function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

export function fmt(x: number): string {
  return x.toFixed(4);
}
