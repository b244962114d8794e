import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLinearModel } from '../../src/nlp/linear.js';
import { trainComplaint } from '../../scripts/train-complaint.js';

const ROWS: [string, string[]][] = [
  ['This is so annoying', ['annoyance']],
  ['What a letdown, really disappointed', ['disappointment']],
  ['No, that is just wrong', ['disapproval']],
  ['I am furious about this', ['anger']],
  ['Thank you so much for this!', ['gratitude']],
  ['This is an amazing answer', ['admiration']],
  ['The game starts at noon', ['neutral']],
  ['I had pasta for dinner', ['neutral']],
];

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'train-complaint-'));
  mkdirSync(join(dir, 'goemotions'));
  const lines = ['a', 'b', 'c', 'd', 'e'].flatMap((suffix) =>
    ROWS.map(([text, labels], i) =>
      JSON.stringify({ id: `${suffix}${i}`, text: `${text} ${suffix}`, labels }),
    ),
  );
  writeFileSync(join(dir, 'goemotions/train.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe(trainComplaint.name, () => {
  it('writes the same bytes on every run: one complaint output and its blend weight, never reading dev', () => {
    const dir = fixtureDir();
    const sut = trainComplaint(dir);
    expect(trainComplaint(dir)).toBe(sut);
    const model = loadLinearModel(JSON.parse(sut));
    expect(model.outputs).toEqual(['complaint']);
    expect(model.version).toBe('complaint.v1');
    const w = model.thresholds['blend_intent_weight']!;
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThan(1);
  });
});
