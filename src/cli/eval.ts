import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  DATASET_NAMES,
  DEFAULT_ANOMALY_EVAL,
  defaultDatasetsDir,
  evaluateAnomalies,
  findEvaluator,
  formatAnomalyTable,
  runEvaluation,
  type AnomalyEvalOptions,
  type EvaluationResult,
  type Progress,
} from '../eval/index.js';

export interface EvalOptions {
  file?: string;
  datasets?: string;
  json?: boolean;
  /** a progress bar for long steps (the CLI draws one on a terminal) */
  progress?: Progress;
  /** `eval anomalies` only */
  seeds?: string;
  days?: string;
  warmupDays?: string;
  interval?: string;
}

/** A cli-progress bar on stderr, when it is a terminal someone watches. */
export function terminalProgress(stderr: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (stderr.isTTY !== true) return undefined;
  let bar: SingleBar | null = null;
  return {
    start(total, label) {
      bar = new SingleBar(
        { stream: stderr, format: `${label} {bar} {value}/{total} | {eta}s left`, clearOnComplete: true },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update: (done) => bar?.update(done),
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** Options of `eval anomalies` from the command line, over the defaults. */
export function anomalyEvalOptions(opts: EvalOptions): AnomalyEvalOptions {
  const num = (value: string | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
    return n;
  };
  const seeds =
    opts.seeds === undefined
      ? DEFAULT_ANOMALY_EVAL.seeds
      : opts.seeds.split(',').map((x) => {
          const n = Number(x.trim());
          if (!Number.isInteger(n)) throw new Error(`--seeds takes integers separated by commas, got "${x}"`);
          return n;
        });
  return {
    ...DEFAULT_ANOMALY_EVAL,
    seeds,
    days: num(opts.days, 'days', DEFAULT_ANOMALY_EVAL.days),
    warmupDays: num(opts.warmupDays, 'warmup-days', DEFAULT_ANOMALY_EVAL.warmupDays),
    intervalMinutes: num(opts.interval, 'interval', DEFAULT_ANOMALY_EVAL.intervalMinutes),
  };
}

/** Format a figure for the table: ratios to 4 decimals, counts as integers. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** A readable table: every metric of every dataset, with the published reference beside ours. */
export function formatTable(results: readonly EvaluationResult[]): string {
  const rows: string[][] = [['dataset', 'metric', 'ours', 'published', 'source']];
  for (const r of results) {
    for (const [metric, value] of Object.entries(r.metrics)) {
      const ref = r.references.find((x) => x.metric === metric);
      rows.push([
        r.dataset,
        metric,
        formatValue(value),
        ref ? formatValue(ref.value) : '',
        ref?.source ?? '',
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, c) => (c === 2 || c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const files = results.map((r) => `${r.dataset}: ${r.file}`).join('\n');
  const summaries = results.flatMap((r) => (r.summary ? ['', r.summary] : []));
  const summary = spamSummary(results);
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    ...(summary === '' ? [] : [summary, '']),
    files,
    ...summaries,
  ].join('\n');
}

/**
 * The spam label's false-positive rate on real people's non-spam text next to the YouTube spam
 * F1 — the two sides of the spam decision — when the results hold them.
 */
export function spamSummary(results: readonly EvaluationResult[]): string {
  const pct = (x: number | undefined) => (x === undefined ? undefined : `${(x * 100).toFixed(2)} %`);
  const parts: string[] = [];
  for (const r of results) {
    const fpr = pct(r.metrics['spam_fpr']);
    if (fpr !== undefined) parts.push(`${r.dataset} ${fpr} of ${r.metrics['n']}`);
  }
  const yt = results.find((r) => r.dataset === 'youtube-spam');
  if (parts.length === 0 || yt === undefined) return '';
  return (
    `spam false-positive rate on real non-spam text (intent label): ${parts.join(', ')}; ` +
    `YouTube spam F1 ${formatValue(yt.metrics['f1'] ?? NaN)} (held-out 20 %: ${formatValue(yt.metrics['held_out_f1'] ?? NaN)})`
  );
}

/** Run the evaluation of `name` (or every available dataset for `all`). */
export async function runEvalCommand(name: string, opts: EvalOptions): Promise<EvaluationResult[]> {
  const datasets = opts.datasets ? resolve(opts.datasets) : defaultDatasetsDir();
  if (name === 'all') {
    if (opts.file) throw new Error('--file names one file: use it with a single dataset, not "all"');
    const results: EvaluationResult[] = [];
    for (const dataset of DATASET_NAMES) {
      const evaluator = findEvaluator(dataset);
      if (evaluator)
        results.push(await runEvaluation(evaluator, resolve(datasets, evaluator.defaultFile), opts.progress));
    }
    return results;
  }
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown dataset "${name}" (expected one of: ${DATASET_NAMES.join(', ')}, all)`);
  }
  const evaluator = findEvaluator(name);
  if (!evaluator) throw new Error(`dataset "${name}" has no evaluator yet`);
  const file = opts.file ? resolve(opts.file) : resolve(datasets, evaluator.defaultFile);
  return [await runEvaluation(evaluator, file, opts.progress)];
}

/** `threads-agent eval <dataset|all> [--file PATH] [--datasets DIR] [--json]` */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description(
      'measure the NLP models (or the engagement model: `eval engagement --file posts.jsonl`) on a dataset and print our figures beside the published ones; ' +
        '`anomalies`: the anomaly detector on seeded simulations with injected anomalies',
    )
    .argument('<dataset>', `${DATASET_NAMES.join(' | ')} | all | anomalies`)
    .option(
      '--file <path>',
      'dataset file (default: its dev.jsonl under <datasets>, e.g. account-engagement/dev.jsonl)',
    )
    .option('--datasets <dir>', 'datasets directory (default: ../shared/datasets from the working directory)')
    .option('--json', 'print one JSON object on a single line')
    .option('--seeds <list>', 'anomalies: simulator seeds, comma-separated (default 42,43)')
    .option('--days <n>', 'anomalies: simulated days with injected anomalies (default 4)')
    .option('--warmup-days <n>', 'anomalies: simulated days before them, to build history (default 3)')
    .option('--interval <minutes>', 'anomalies: simulated minutes between collections (default 10)')
    .action(async (dataset: string, opts: EvalOptions) => {
      if (dataset === 'anomalies') {
        const result = await evaluateAnomalies({
          ...anomalyEvalOptions(opts),
          onProgress: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`${opts.json ? JSON.stringify(result) : formatAnomalyTable(result)}\n`);
        return;
      }
      const progress = terminalProgress();
      const results = await runEvalCommand(dataset, { ...opts, ...(progress ? { progress } : {}) });
      const out = opts.json
        ? JSON.stringify(dataset === 'all' ? { results } : results[0])
        : formatTable(results);
      process.stdout.write(`${out}\n`);
    });
}
