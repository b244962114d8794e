import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoEmotionsRow } from './goemotions-row.js';
import { defaultDatasetsDir, readJsonlRows, runEvaluation } from './run.js';
import { parseVaderTweetRow, vaderTweetsEvaluator } from './vader-tweets.js';

const dir = mkdtempSync(join(tmpdir(), 'eval-run-'));
function fixture(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe(readJsonlRows.name, () => {
  it('parses every non-blank line in order', async () => {
    const sut = readJsonlRows;
    const file = fixture('ok.jsonl', [
      '{"id": "1", "sentiment": 2.5, "text": "love it"}',
      '',
      '{"id": 2, "sentiment": -1, "text": "meh"}',
    ]);
    expect(await sut(file, parseVaderTweetRow)).toEqual([
      { id: '1', sentiment: 2.5, text: 'love it' },
      { id: '2', sentiment: -1, text: 'meh' },
    ]);
  });

  it('names the file, line and field of a row that does not fit', async () => {
    const sut = readJsonlRows;
    const file = fixture('bad-field.jsonl', [
      '{"id": "1", "sentiment": 1, "text": "a"}',
      '{"id": "2", "sentiment": "high", "text": "b"}',
    ]);
    await expect(sut(file, parseVaderTweetRow)).rejects.toThrow(
      `${file}:2: field "sentiment": expected a finite number, got a string`,
    );
  });

  it('names an unknown label and its position', async () => {
    const sut = readJsonlRows;
    const file = fixture('bad-label.jsonl', ['{"id": "a", "text": "x", "labels": ["joy", "glee"]}']);
    await expect(sut(file, parseGoEmotionsRow)).rejects.toThrow(
      `${file}:1: field "labels[1]": unknown label "glee"`,
    );
  });

  it('reports invalid JSON with its line', async () => {
    const sut = readJsonlRows;
    const file = fixture('bad-json.jsonl', ['{"id": "1", "sentiment": 1, "text": "a"}', '{oops']);
    await expect(sut(file, parseVaderTweetRow)).rejects.toThrow(new RegExp(`${file}:2: invalid JSON`));
  });

  it('says when the file is missing', async () => {
    const sut = readJsonlRows;
    await expect(sut(join(dir, 'nope.jsonl'), parseVaderTweetRow)).rejects.toThrow(
      /cannot read the dataset file/,
    );
  });
});

describe(runEvaluation.name, () => {
  it('evaluates a small file with the evaluator and carries its references', async () => {
    const sut = runEvaluation;
    const file = fixture('tiny.jsonl', [
      '{"id": "1", "sentiment": 3, "text": "I love this so much!"}',
      '{"id": "2", "sentiment": -3, "text": "This is awful and I hate it"}',
      '{"id": "3", "sentiment": 0.1, "text": "The bus comes at noon"}',
    ]);
    const result = await sut(vaderTweetsEvaluator, file);
    expect(result.dataset).toBe('vader-tweets');
    expect(result.metrics['rows']).toBe(3);
    expect(result.metrics['pearson_r']).toBeGreaterThan(0.9);
    expect(result.references[0]).toMatchObject({ metric: 'pearson_r', value: 0.881 });
  });
});

describe(defaultDatasetsDir.name, () => {
  it('is ../shared/datasets beside the checkout, else that of an ancestor, unless DATASETS_DIR says otherwise', () => {
    const root = mkdtempSync(join(tmpdir(), 'datasets-'));
    try {
      mkdirSync(join(root, 'shared/datasets'), { recursive: true });
      mkdirSync(join(root, 'repo'));
      mkdirSync(join(root, 'ci/clones/repo'), { recursive: true });
      const sut = defaultDatasetsDir;
      expect(sut(join(root, 'repo'), {})).toBe(join(root, 'shared/datasets'));
      expect(sut(join(root, 'ci/clones/repo'), {})).toBe(join(root, 'shared/datasets'));
      expect(sut(join(root, 'repo'), { DATASETS_DIR: '/data/sets' })).toBe('/data/sets');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('registry', () => {
  it('has an evaluator for every dataset name the CLI accepts', async () => {
    const { DATASET_NAMES, findEvaluator } = await import('./registry.js');
    for (const name of DATASET_NAMES) expect(findEvaluator(name)?.name).toBe(name);
  });
});
