/**
 * Reading a dataset file and evaluating it: the I/O half of `threads-agent eval`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DatasetEvaluator, Progress } from './types.js';

/** A dataset file that cannot be read or has a bad line; the message names file:line and field. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export interface EvaluationResult {
  dataset: string;
  file: string;
  metrics: Record<string, number>;
  references: { metric: string; value: number; source: string }[];
  /** what does not fit in a number (evaluateDetailed): in `--json` only */
  details?: unknown;
  /** lines printed under the table (evaluateDetailed) */
  summary?: string;
}

/** The checkout this module runs from: src/eval/ (tsx) and dist/eval/ (the build) are two levels down. */
const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the labelled datasets are: `DATASETS_DIR` when it is set, else `../shared/datasets`
 * beside the checkout, else the nearest `shared/datasets` of an ancestor directory (a clone that
 * is not a sibling of `shared/`); `--datasets DIR` on the command line overrides all three.
 */
export function defaultDatasetsDir(
  checkout: string = CHECKOUT,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fromEnv = env['DATASETS_DIR'];
  if (fromEnv) return resolve(fromEnv);
  const sibling = resolve(checkout, '../shared/datasets');
  if (existsSync(sibling)) return sibling;
  for (let dir = resolve(checkout); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared/datasets');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return sibling;
  }
}

/**
 * Stream a JSON Lines file, parsing and validating one line at a time; blank lines are
 * skipped. The first bad line stops the read with `file:line: …` and the field at fault.
 */
export async function readJsonlRows<Row>(
  file: string,
  parseRow: (value: unknown, lineNumber: number) => Row,
): Promise<Row[]> {
  try {
    await access(file);
  } catch {
    throw new DatasetError(
      `${file}: cannot read the dataset file (does ../shared/datasets exist? use --datasets DIR, DATASETS_DIR or --file PATH)`,
    );
  }
  const rows: Row[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (err) {
      lines.close();
      throw new DatasetError(`${file}:${lineNumber}: invalid JSON (${(err as Error).message})`);
    }
    try {
      rows.push(parseRow(value, lineNumber));
    } catch (err) {
      lines.close();
      const message = (err as Error).message.replace(/^line \d+:\s*/, '');
      throw new DatasetError(`${file}:${lineNumber}: ${message}`);
    }
  }
  return rows;
}

/** Read `file` with the evaluator's row parser and compute its figures. */
export async function runEvaluation<Row>(
  evaluator: DatasetEvaluator<Row>,
  file: string,
  progress?: Progress,
): Promise<EvaluationResult> {
  const rows = await readJsonlRows(file, (value, line) => evaluator.parseRow(value, line));
  if (rows.length === 0) throw new DatasetError(`${file}: no rows`);
  if (evaluator.evaluateDetailed) {
    const { metrics, details, summary } = evaluator.evaluateDetailed(rows, progress);
    return { dataset: evaluator.name, file, metrics, references: evaluator.references, details, summary };
  }
  return {
    dataset: evaluator.name,
    file,
    metrics: evaluator.evaluate(rows, progress),
    references: evaluator.references,
  };
}
