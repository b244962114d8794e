import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLinearModel } from '../../src/nlp/linear.js';
import { trainIntent } from '../../scripts/train-intent.js';

const ROWS: [string, string[]][] = [
  ['Why would he do that?', ['curiosity']],
  ['Wait, what does this mean?', ['confusion']],
  ['Thank you so much for this!', ['gratitude']],
  ['This is an amazing answer', ['admiration']],
  ['This is so annoying', ['annoyance']],
  ['What a letdown, really disappointed', ['disappointment']],
  ['I really wish I had one of these', ['desire']],
  ['The game starts at noon', ['neutral']],
  ['I had pasta for dinner', ['neutral']],
];

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'train-intent-'));
  mkdirSync(join(dir, 'goemotions'));
  const lines = (suffix: string) =>
    ROWS.map(([text, labels], i) =>
      JSON.stringify({ id: `${suffix}${i}`, text: `${text} ${suffix}`, labels }),
    ).join('\n');
  writeFileSync(join(dir, 'goemotions/train.jsonl'), `${lines('a')}\n${lines('b')}\n`);
  writeFileSync(join(dir, 'goemotions/dev.jsonl'), `${lines('c')}\n`);
  return dir;
}

describe(trainIntent.name, () => {
  it('writes the same bytes on every run, one output per intent group', () => {
    const dir = fixtureDir();
    const sut = trainIntent(dir);
    expect(trainIntent(dir)).toBe(sut);
    const model = loadLinearModel(JSON.parse(sut));
    expect(model.outputs).toEqual(['question', 'praise', 'complaint', 'interest']);
    expect(model.version).toBe('intent.v3');
  });
});
