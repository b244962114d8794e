import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureVector, loadLinearModel, predictProba } from '../../src/nlp/linear.js';
import { clickbaitFeatures } from '../../src/nlp/clickbait-features.js';
import { tokenize } from '../../src/nlp/tokenize.js';
import { trainClickbait } from '../../scripts/train-clickbait.js';

const CLICKBAIT = [
  'Should I Get Bings',
  'Which TV Female Friend Group Do You Belong In',
  '17 Things Only Introverts Will Understand',
  'This Is Why You Should Never Skip Breakfast',
  '21 Pictures That Will Make You Feel Old',
  'You Will Not Believe What This Cat Did',
  'Can You Guess The Movie From One Picture',
  '13 Reasons Your Dog Is Secretly A Genius',
];
const NEWS = [
  'Bill Changing Credit Card Rules Is Sent to Obama With Gun Measure Included',
  'Large earthquake rattles Indonesia; Seventh in two days',
  "Coldplay's new album hits stores worldwide this week",
  'Former US President Gerald Ford hospitalized with pneumonia',
  'New law to help asbestos sufferers in Victoria, Australia',
  'France Approves Crackdown on Internet Piracy',
  'Tropical Storm Dolores now active',
  'Yankees Pitchers Trade Fielding Drills for Putting Practice',
];

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'train-clickbait-'));
  mkdirSync(join(dir, 'clickbait'));
  const lines = [
    ...CLICKBAIT.map((text) => JSON.stringify({ text, label: 'clickbait' })),
    ...NEWS.map((text) => JSON.stringify({ text, label: 'news' })),
  ];
  writeFileSync(join(dir, 'clickbait/dev.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe(trainClickbait.name, () => {
  it('writes the same bytes on every run and a model that separates its training data', () => {
    const dir = fixtureDir();
    const sut = trainClickbait(dir);
    expect(trainClickbait(dir)).toBe(sut);
    const model = loadLinearModel(JSON.parse(sut));
    expect(model.version).toBe('clickbait.v1');
    const score = (text: string) =>
      predictProba(model, clickbaitFeatures(tokenize(text), model.mask, new FeatureVector()));
    expect(score(CLICKBAIT[2]!)).toBeGreaterThan(score(NEWS[3]!));
  });

  it('names the missing dataset file', () => {
    expect(() => trainClickbait(join(tmpdir(), 'no-such-datasets'))).toThrow(
      /dataset not found: .*clickbait\/dev.jsonl/,
    );
  });
});
