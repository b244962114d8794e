import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { Value } from 'typebox/value';
import {
  EMOTION_TYPES,
  HOOK_TYPES,
  ViralPostSchema,
  PatternService,
  summarize,
  loadDefaultNlp,
  type Nlp,
  type PatternResult,
  type ViralPost,
} from '../patterns/index.js';

export type InputFormat = 'jsonl' | 'csv';
export type OutputFormat = 'jsonl' | 'table';

export interface AnalyzeOptions {
  inputFormat: InputFormat;
  format: OutputFormat;
  skipInvalid: boolean;
}

export interface AnalyzeIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  /** ISO time used for a missing `timestamp` */
  now: string;
}

export interface AnalyzeOutcome {
  analysed: number;
  invalid: number;
  /** 0 = ok, 1 = invalid input without --skip-invalid */
  exitCode: number;
}

interface Row {
  line: number;
  value: unknown;
}

/** Show the progress bar only where someone watches it, and only when it lasts long enough to matter. */
export const PROGRESS_MIN_ROWS = 500;
const MAX_REPORTED_ERRORS = 20;

/** Defaults for every field but `content`, so a CSV with only a content column is valid input. */
function withDefaults(value: unknown, now: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return {
    account_id: 'unknown',
    post_url: '',
    timestamp: now,
    likes: 0,
    comments: 0,
    shares: 0,
    engagement_rate: 0,
    performance_percentile: 0,
    ...(value as Record<string, unknown>),
  };
}

/**
 * CSV cells are strings, and an empty cell means "not given", not "the empty string" (in JSONL,
 * `"content": ""` is given, and empty).
 */
function withoutEmptyCells(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== '') out[k] = v;
  return out;
}

/** One readable message per invalid row: which line, which field, what is wrong. */
export function validateRow(row: Row, now: string): { post: ViralPost } | { error: string } {
  const candidate = Value.Convert(ViralPostSchema, withDefaults(row.value, now));
  const errors = Value.Errors(ViralPostSchema, candidate);
  if (errors.length === 0) return { post: candidate as ViralPost };
  const messages = errors.slice(0, 3).map((e) => {
    if (e.keyword === 'required') {
      const missing = (e.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      return `missing field ${missing.join(', ')}`;
    }
    const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'row';
    return `${field}: ${e.message}`;
  });
  return { error: `line ${row.line}: ${messages.join('; ')}` };
}

/** Rows of a JSONL or CSV text, with the line each starts on. */
export function parseRows(text: string, format: InputFormat): { rows: Row[]; errors: string[] } {
  const rows: Row[] = [];
  const errors: string[] = [];
  if (format === 'csv') {
    const records = parseCsv(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    // info.lines is the line the record ends on; multi-line quoted cells make that later than its start
    for (const { record, info } of records) rows.push({ line: info.lines, value: withoutEmptyCells(record) });
    if (records.length > 0 && !('content' in records[0]!.record)) {
      errors.push('line 1: the CSV header has no "content" column');
    }
    return { rows, errors };
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      rows.push({ line: i + 1, value: JSON.parse(line) as unknown });
    } catch (err) {
      errors.push(`line ${i + 1}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return { rows, errors };
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/**
 * Analyse every post of `text`: validate all rows first (so nothing is printed for input that
 * will be rejected), then write one JSON line per post, or a summary table.
 */
export async function analyzePosts(
  text: string,
  opts: AnalyzeOptions,
  nlp: Nlp,
  io: AnalyzeIo,
): Promise<AnalyzeOutcome> {
  const { rows, errors } = parseRows(text, opts.inputFormat);
  const valid: { line: number; post: ViralPost }[] = [];
  for (const row of rows) {
    const checked = validateRow(row, io.now);
    if ('post' in checked) valid.push({ line: row.line, post: checked.post });
    else errors.push(checked.error);
  }
  if (errors.length > 0) {
    for (const e of errors.slice(0, MAX_REPORTED_ERRORS)) await write(io.stderr, `${e}\n`);
    if (errors.length > MAX_REPORTED_ERRORS) {
      await write(io.stderr, `… and ${errors.length - MAX_REPORTED_ERRORS} more invalid rows\n`);
    }
    if (!opts.skipInvalid) {
      await write(
        io.stderr,
        `${errors.length} invalid row(s); nothing analysed (use --skip-invalid to skip them)\n`,
      );
      return { analysed: 0, invalid: errors.length, exitCode: 1 };
    }
  }

  const service = new PatternService({ nlp, cacheTtlSeconds: 3600 });
  const bar =
    io.stderr.isTTY === true && valid.length > PROGRESS_MIN_ROWS
      ? new SingleBar(
          { stream: io.stderr, format: 'analysing {bar} {value}/{total} posts | {eta}s left' },
          Presets.shades_classic,
        )
      : null;
  bar?.start(valid.length, 0);
  const results: PatternResult[] = [];
  let buffer = '';
  for (let i = 0; i < valid.length; i++) {
    const { line, post } = valid[i]!;
    const result = service.extract(post);
    if (opts.format === 'table') results.push(result);
    else {
      buffer += `${JSON.stringify({ line, account_id: post.account_id, post_url: post.post_url, ...result })}\n`;
      if (buffer.length > 64 * 1024) {
        await write(io.stdout, buffer);
        buffer = '';
      }
    }
    if (bar && i % 100 === 99) bar.update(i + 1);
  }
  bar?.update(valid.length);
  bar?.stop();
  if (buffer) await write(io.stdout, buffer);
  if (opts.format === 'table') await write(io.stdout, summaryTable(results, errors.length));
  return { analysed: valid.length, invalid: errors.length, exitCode: 0 };
}

/** Pattern counts and mean strength as a plain-text table. */
export function summaryTable(results: readonly PatternResult[], skipped: number): string {
  const s = summarize(results);
  const pct = (k: number) => (s.total_posts > 0 ? `${((100 * k) / s.total_posts).toFixed(1)}%` : '0.0%');
  const lines = [
    `posts analysed          ${s.total_posts}${skipped > 0 ? ` (${skipped} invalid skipped)` : ''}`,
    `mean pattern strength   ${s.average_pattern_strength.toFixed(3)}`,
    `mean engagement score   ${s.average_engagement_score.toFixed(3)}`,
    `threads                 ${s.thread_count}`,
    `length                  short ${s.length_category_counts['short'] ?? 0}, medium ${s.length_category_counts['medium'] ?? 0}, long ${s.length_category_counts['long'] ?? 0}`,
    '',
    `${'hook type'.padEnd(22)}${'posts'.padStart(7)}${'share'.padStart(8)}`,
  ];
  for (const type of HOOK_TYPES) {
    const k = s.hook_type_counts[type] ?? 0;
    lines.push(`${type.padEnd(22)}${String(k).padStart(7)}${pct(k).padStart(8)}`);
  }
  lines.push('', `${'emotion type'.padEnd(22)}${'posts'.padStart(7)}${'share'.padStart(8)}`);
  for (const type of EMOTION_TYPES) {
    const k = s.emotion_type_counts[type] ?? 0;
    lines.push(`${type.padEnd(22)}${String(k).padStart(7)}${pct(k).padStart(8)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `threads-agent patterns analyze <file.jsonl|file.csv|->` */
export function registerPatternsCommand(program: Command): void {
  const patterns = program.command('patterns').description('pattern engine tools');
  patterns
    .command('analyze')
    .description('extract hook, emotion and structure patterns from posts in a JSONL or CSV file')
    .argument('<input>', 'a .jsonl or .csv file of posts, or - for standard input')
    .option('--input-format <format>', 'jsonl | csv (default: from the file extension; jsonl for -)')
    .option(
      '--format <format>',
      'jsonl (one result per line) | table (pattern counts and mean strength)',
      'jsonl',
    )
    .option('--skip-invalid', 'skip invalid rows (reported on stderr) instead of stopping', false)
    .addHelpText(
      'after',
      `
Input: one post per JSONL line or CSV row. Only "content" is required; the other ViralPost
fields (account_id, post_url, timestamp, likes, comments, shares, engagement_rate,
performance_percentile) default to "unknown", "", now and 0. Every row is validated before
anything is analysed; an invalid row is reported with its line and field.

Examples:
  threads-agent patterns analyze posts.jsonl > patterns.jsonl
  threads-agent patterns analyze export.csv --format table
  cat posts.jsonl | threads-agent patterns analyze - --skip-invalid`,
    )
    .action(async (input: string, opts: { inputFormat?: string; format: string; skipInvalid: boolean }) => {
      const inputFormat = opts.inputFormat ?? (extname(input).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
      if (inputFormat !== 'jsonl' && inputFormat !== 'csv')
        throw new Error(`--input-format must be jsonl or csv, not "${inputFormat}"`);
      if (opts.format !== 'jsonl' && opts.format !== 'table')
        throw new Error(`--format must be jsonl or table, not "${opts.format}"`);
      const text = input === '-' ? await readStdin() : await readInput(input);
      // the models load only when this command runs, not for every other command
      const outcome = await analyzePosts(
        text,
        { inputFormat, format: opts.format, skipInvalid: opts.skipInvalid },
        await loadDefaultNlp(),
        { stdout: process.stdout, stderr: process.stderr, now: new Date().toISOString() },
      );
      process.exitCode = outcome.exitCode;
    });
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** The input file's text, or an error that names the file and says why it could not be read. */
async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new Error(`cannot read ${path}: ${READ_ERRORS[code] ?? (err as Error).message}`);
  }
}
