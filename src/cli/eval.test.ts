import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatTable, registerEvalCommand, runEvalCommand } from './eval.js';

const dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
const tweets = join(dir, 'tweets.jsonl');
writeFileSync(
  tweets,
  [
    '{"id": "1", "sentiment": 3, "text": "I love it"}',
    '{"id": "2", "sentiment": -3, "text": "I hate it"}',
    '{"id": "3", "sentiment": 0, "text": "The bus is at noon"}',
  ].join('\n'),
);
// a datasets directory laid out like ../shared/datasets
const datasets = join(dir, 'datasets');
mkdirSync(join(datasets, 'vader-tweets'), { recursive: true });
writeFileSync(
  join(datasets, 'vader-tweets', 'dev.jsonl'),
  '{"id": "1", "sentiment": 2, "text": "great"}\n{"id": "2", "sentiment": -2, "text": "bad"}\n',
);

// an account's history: evening posts (18:00 UTC) do 3× better than morning ones
const posts = join(dir, 'posts.jsonl');
writeFileSync(
  posts,
  Array.from({ length: 40 }, (_, i) => {
    const evening = i % 3 !== 0;
    const timestamp = new Date(Date.UTC(2025, 0, 1 + i, evening ? 18 : 6)).toISOString();
    const likes = (evening ? 300 : 100) + (i % 5) * 10;
    return JSON.stringify({
      id: i,
      account: 'me',
      text: `Post ${i}.`,
      timestamp,
      likes,
      reposts: 0,
      replies: 0,
      quotes: 0,
    });
  }).join('\n'),
);

afterEach(() => {
  vi.restoreAllMocks();
});

describe(runEvalCommand.name, () => {
  it('evaluates the file given with --file', async () => {
    const sut = runEvalCommand;
    const [result] = await sut('vader-tweets', { file: tweets });
    expect(result?.file).toBe(tweets);
    expect(result?.metrics['rows']).toBe(3);
  });

  it('finds <datasets>/<name>/dev.jsonl with --datasets', async () => {
    const sut = runEvalCommand;
    const [result] = await sut('vader-tweets', { datasets });
    expect(result?.file).toBe(join(datasets, 'vader-tweets', 'dev.jsonl'));
    expect(result?.metrics['pearson_r']).toBeCloseTo(1, 9);
  });

  it('rejects an unknown dataset and --file with all', async () => {
    const sut = runEvalCommand;
    await expect(sut('imdb', {})).rejects.toThrow(/unknown dataset "imdb"/);
    await expect(sut('all', { file: tweets })).rejects.toThrow(/--file names one file/);
  });
});

describe(formatTable.name, () => {
  it('puts the published figure and its source beside ours', () => {
    const sut = formatTable;
    const text = sut([
      {
        dataset: 'vader-tweets',
        file: '/x/dev.jsonl',
        metrics: { rows: 2100, pearson_r: 0.87712 },
        references: [{ metric: 'pearson_r', value: 0.881, source: 'Hutto & Gilbert 2014' }],
      },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^dataset\s+metric\s+ours\s+published\s+source$/);
    expect(lines[2]).toMatch(/^vader-tweets\s+rows\s+2100$/);
    expect(lines[3]).toMatch(/^vader-tweets\s+pearson_r\s+0\.8771\s+0\.8810\s+Hutto & Gilbert 2014$/);
    expect(text).toContain('vader-tweets: /x/dev.jsonl');
  });
});

describe(registerEvalCommand.name, () => {
  it('prints one JSON object on a single line with --json', async () => {
    const program = new Command().exitOverride();
    registerEvalCommand(program);
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    await program.parseAsync(['node', 'threads-agent', 'eval', 'vader-tweets', '--file', tweets, '--json']);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.endsWith('\n')).toBe(true);
    expect(writes[0]!.trimEnd().includes('\n')).toBe(false);
    const parsed = JSON.parse(writes[0]!) as { dataset: string; metrics: Record<string, number> };
    expect(parsed.dataset).toBe('vader-tweets');
    expect(parsed.metrics['rows']).toBe(3);
  });

  it('evaluates the engagement model on an export of posts, with its learned effects', async () => {
    const program = new Command().exitOverride();
    registerEvalCommand(program);
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    await program.parseAsync(['node', 'threads-agent', 'eval', 'engagement', '--file', posts, '--json']);
    const parsed = JSON.parse(writes[0]!) as {
      metrics: Record<string, number>;
      details: { model_version: string; accounts: { account: string; effects: { text: string }[] }[] };
    };
    expect(parsed.metrics['train_posts']).toBe(28);
    expect(parsed.metrics['me.pairwise_accuracy']).toBeGreaterThan(0.5);
    expect(parsed.details.model_version).toMatch(/^engagement-v1\+/);
    expect(parsed.details.accounts[0]!.effects[0]!.text).toMatch(/ for you$/);

    writes.length = 0;
    await program.parseAsync(['node', 'threads-agent', 'eval', 'engagement', '--file', posts]);
    expect(writes[0]).toMatch(/^engagement\s+pairwise_accuracy\s+\d/m);
    expect(writes[0]).toContain('strongest learned effects (95 % interval)');
  });
});
