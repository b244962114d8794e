import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDatasetsDir } from './run.js';
import { describe, expect, it } from 'vitest';
import { evaluateVaderTweets, parseVaderTweetRow } from './vader-tweets.js';

const DEV = join(defaultDatasetsDir(), 'vader-tweets/dev.jsonl');
const excerpt = readFileSync(DEV, 'utf8')
  .split('\n')
  .slice(0, 500)
  .map((line) => parseVaderTweetRow(JSON.parse(line)));

describe(parseVaderTweetRow.name, () => {
  it('accepts numeric ids and rejects ratings outside −4…4', () => {
    const sut = parseVaderTweetRow;
    expect(sut({ id: 7, sentiment: -1.5, text: 'meh' })).toEqual({ id: '7', sentiment: -1.5, text: 'meh' });
    expect(() => sut({ id: '1', sentiment: 5, text: 'x' })).toThrow(/field "sentiment": expected −4…4/);
    expect(() => sut({ id: '1', sentiment: 1 })).toThrow(/field "text": expected a string, got missing/);
  });
});

describe(evaluateVaderTweets.name, () => {
  it('reaches Pearson r ≥ 0.80 against the human mean on a 500-tweet dev excerpt', () => {
    const sut = evaluateVaderTweets;
    const m = sut(excerpt);
    expect(m['rows']).toBe(500);
    expect(m['pearson_r']).toBeGreaterThanOrEqual(0.8);
  });

  it('weights the per-polarity F1 by support (human sign vs compound ±0.05)', () => {
    const sut = evaluateVaderTweets;
    // human: +, −, +, +   ours: +, −, neutral (unrated), − (the last "hate" wins after "no")
    // positive: support 3, tp 1, fp 0 → F1 2·1·⅓/(1+⅓) = 0.5; negative: support 1, tp 1, fp 1 →
    // F1 ⅔; neutral: support 0 → weight 0. Weighted: (3·0.5 + 1·⅔) / 4
    const m = sut([
      { id: '1', sentiment: 3, text: 'I love it' },
      { id: '2', sentiment: -3, text: 'I hate it' },
      { id: '3', sentiment: 0.2, text: 'The bus is at noon' },
      { id: '4', sentiment: 1, text: 'I hate that I love it so much? no, I hate it' },
    ]);
    expect(m['polarity_f1']).toBeCloseTo((3 * 0.5 + 2 / 3) / 4, 9);
  });
});
