import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { fixedNlp, makePost, syntheticPosts } from '../../test/factories/posts.js';
import {
  analyzePosts,
  parseRows,
  registerPatternsCommand,
  summaryTable,
  validateRow,
  type AnalyzeOptions,
} from './patterns.js';

const NOW = '2025-08-03T00:00:00.000Z';

function capture(tty = false) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, now: NOW }, out: () => out, err: () => err };
}

const jsonl = (posts: unknown[]) => posts.map((p) => JSON.stringify(p)).join('\n');
const opts = (o: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({
  inputFormat: 'jsonl',
  format: 'jsonl',
  skipInvalid: false,
  ...o,
});

describe(analyzePosts.name, () => {
  it('writes one JSON line per post with its line number and the seed fields', async () => {
    const sut = capture();
    const text = `${JSON.stringify(makePost())}\n\n${JSON.stringify(makePost({ content: 'BREAKING: rates cut', engagement_rate: 0.2 }))}\n`;
    const outcome = await analyzePosts(text, opts(), fixedNlp(), sut.io);
    const lines = sut
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(outcome).toEqual({ analysed: 2, invalid: 0, exitCode: 0 });
    expect(lines.map((l) => l['line'])).toEqual([1, 3]);
    expect(lines[0]!['post_url']).toBe('https://threads.net/test/post1');
    expect((lines[0]!['hook_patterns'] as { type: string }[]).map((h) => h.type)).toEqual([
      'discovery',
      'statistical',
    ]);
    expect((lines[1]!['hook_patterns'] as { type: string }[])[0]!.type).toBe('urgency');
    expect(lines[1]!['engagement_score']).toBe(0.2);
  });

  it('rejects the whole input, naming line and field, when a row is invalid', async () => {
    const sut = capture();
    const text = jsonl([makePost(), makePost(), makePost({ engagement_rate: 1.5 })]);
    const outcome = await analyzePosts(text, opts(), fixedNlp(), sut.io);
    expect(outcome).toEqual({ analysed: 0, invalid: 1, exitCode: 1 });
    expect(sut.out()).toBe('');
    expect(sut.err()).toContain('line 3: engagement_rate: must be <= 1');
    expect(sut.err()).toContain('--skip-invalid');
  });

  it('skips invalid rows and malformed JSON with --skip-invalid', async () => {
    const sut = capture();
    const text = `${JSON.stringify(makePost())}\n{not json\n${JSON.stringify({ likes: 3 })}\n${JSON.stringify(makePost())}`;
    const outcome = await analyzePosts(text, opts({ skipInvalid: true }), fixedNlp(), sut.io);
    expect(outcome).toEqual({ analysed: 2, invalid: 2, exitCode: 0 });
    expect(sut.err()).toMatch(/line 2: not valid JSON/);
    expect(sut.err()).toContain('line 3: missing field content');
    expect(sut.out().trim().split('\n')).toHaveLength(2);
  });

  it('reads CSV with only a content column, converting and defaulting the rest', async () => {
    const sut = capture();
    const csv = 'content,engagement_rate,likes\n"Only 5 spots left, sign up",0.3,12\n"How to cook rice",,\n';
    const outcome = await analyzePosts(csv, opts({ inputFormat: 'csv' }), fixedNlp(), sut.io);
    const lines = sut
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(outcome.analysed).toBe(2);
    expect(lines.map((l) => l['line'])).toEqual([2, 3]);
    expect(lines[0]!['engagement_score']).toBe(0.3);
    expect(lines[1]!['engagement_score']).toBe(0);
    expect(lines[1]!['account_id']).toBe('unknown');
  });

  it('prints a summary table of pattern counts and mean strength', async () => {
    const sut = capture();
    const text = jsonl([makePost(), makePost({ content: 'How to cook rice' })]);
    await analyzePosts(text, opts({ format: 'table' }), fixedNlp(), sut.io);
    expect(sut.out()).toMatch(/^posts analysed {10}2$/m);
    expect(sut.out()).toMatch(/^discovery +1 +50\.0%$/m);
    expect(sut.out()).toMatch(/^how_to +1 +50\.0%$/m);
    expect(sut.out()).toMatch(/^mean pattern strength {3}0\.\d{3}$/m);
  });

  it('shows a progress bar on a TTY stderr for more than 500 rows only', async () => {
    const big = jsonl(syntheticPosts(600));
    const tty = capture(true);
    await analyzePosts(big, opts(), fixedNlp(), tty.io);
    expect(tty.err()).toContain('600/600 posts');
    const piped = capture(false);
    await analyzePosts(big, opts(), fixedNlp(), piped.io);
    expect(piped.err()).toBe('');
    const small = capture(true);
    await analyzePosts(jsonl(syntheticPosts(10)), opts(), fixedNlp(), small.io);
    expect(small.err()).toBe('');
  });
});

describe(validateRow.name, () => {
  it('names the field of a bad timestamp and of a negative count', () => {
    const sut = validateRow({ line: 7, value: { content: 'x', timestamp: 'yesterday', likes: -1 } }, NOW);
    expect(sut).toEqual({ error: 'line 7: timestamp: must match format "date-time"; likes: must be >= 0' });
  });

  it('says an empty content is empty in JSONL, and an empty CSV cell is not given', () => {
    const [jsonlRow] = parseRows('{"content": "", "likes": 3}\n', 'jsonl').rows;
    expect(validateRow(jsonlRow!, NOW)).toEqual({
      error: 'line 1: content: must not have fewer than 1 characters',
    });
    const [csvRow, emptyContent] = parseRows('content,likes\nhello,\n,4\n', 'csv').rows;
    expect(validateRow(csvRow!, NOW)).toMatchObject({ post: { content: 'hello', likes: 0 } });
    expect(validateRow(emptyContent!, NOW)).toEqual({ error: 'line 3: missing field content' });
  });
});

describe(parseRows.name, () => {
  it('reports a CSV without a content column', () => {
    expect(parseRows('text,likes\nhello,1\n', 'csv').errors).toEqual([
      'line 1: the CSV header has no "content" column',
    ]);
  });
});

describe(summaryTable.name, () => {
  it('reports zero posts without dividing by zero', () => {
    expect(summaryTable([], 0)).toContain('discovery                   0    0.0%');
  });
});

describe(registerPatternsCommand.name, () => {
  it('registers "patterns analyze" with its options and examples in --help', () => {
    const program = new Command().exitOverride();
    registerPatternsCommand(program);
    const analyze = program.commands
      .find((c) => c.name() === 'patterns')!
      .commands.find((c) => c.name() === 'analyze')!;
    let help = '';
    analyze.configureOutput({ writeOut: (s) => (help += s) });
    analyze.outputHelp();
    expect(help).toContain('--skip-invalid');
    expect(help).toContain('--format <format>');
    expect(help).toContain('threads-agent patterns analyze export.csv --format table');
  });

  it('names an input file it cannot read and why', async () => {
    const program = new Command().exitOverride();
    registerPatternsCommand(program);
    await expect(
      program.parseAsync(['patterns', 'analyze', '/nonexistent/posts.jsonl'], { from: 'user' }),
    ).rejects.toThrow('cannot read /nonexistent/posts.jsonl: no such file');
    await expect(program.parseAsync(['patterns', 'analyze', '/tmp'], { from: 'user' })).rejects.toThrow(
      'cannot read /tmp: it is a directory',
    );
  });
});
