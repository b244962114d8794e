import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLICKBAIT_MODEL_VERSION, CLICKBAIT_THRESHOLD, clickbaitScore, isClickbait } from './clickbait.js';
import { tokenize } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

const HOOKS = [
  "You Won't Believe What This Dog Did Next",
  '17 Things Only Introverts Will Understand',
  'This is why your posts get zero reach',
  'Which Disney Princess Are You?',
  'Stop doing this if you want more followers',
  'I tried posting every day for 30 days. Here is what happened',
];
const PLAIN = [
  'Senate passes budget bill after lengthy debate',
  'Earthquake of magnitude 6.1 strikes off coast of Japan',
  'Central bank raises interest rates by 25 basis points',
  'Quarterly earnings report released on Tuesday',
];

describe(clickbaitScore.name, () => {
  it.each(HOOKS)('scores the hook %j above 0.9', (text) => {
    expect(clickbaitScore(text)).toBeGreaterThan(0.9);
  });

  it.each(PLAIN)('scores the news headline %j below 0.1', (text) => {
    expect(clickbaitScore(text)).toBeLessThan(0.1);
  });

  it('gives the same score for text and for its tokens', () => {
    const text = 'Here are 7 ways to grow your audience';
    expect(clickbaitScore(tokenize(text))).toBe(clickbaitScore(text));
  });

  it('scores only the opening 40 tokens', () => {
    const opening = 'Why nobody tells you the truth about hooks';
    const long = `${opening} ${'government report minister parliament '.repeat(50)}`;
    const first40 = tokenize(long).slice(0, 40);
    expect(long.length).toBeGreaterThan(1000);
    expect(clickbaitScore(long)).toBe(clickbaitScore(first40));
    expect(clickbaitScore(long)).not.toBe(clickbaitScore(tokenize(long).slice(0, 39)));
  });

  it('returns the model bias probability for empty input', () => {
    const sut = clickbaitScore('');
    expect(sut).toBeGreaterThan(0);
    expect(sut).toBeLessThan(1);
    expect(clickbaitScore([])).toBe(sut);
  });

  it('never throws and stays in [0, 1] on random Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const sut = clickbaitScore(text);
        expect(sut).toBeGreaterThanOrEqual(0);
        expect(sut).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('scores a megabyte of adversarial text (linear: a quadratic pass would time out)', () => {
    for (const text of [adversarial('?'), adversarial('7 ways '), adversarial('\ud83d'), adversarial('a')]) {
      const score = clickbaitScore(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});

describe(isClickbait.name, () => {
  it('applies the threshold chosen in training', () => {
    expect(CLICKBAIT_THRESHOLD).toBeGreaterThan(0.2);
    expect(CLICKBAIT_THRESHOLD).toBeLessThan(0.8);
    expect(isClickbait(HOOKS[0]!)).toBe(true);
    expect(isClickbait(PLAIN[0]!)).toBe(false);
  });

  it('reports the committed model version', () => {
    expect(CLICKBAIT_MODEL_VERSION).toBe('clickbait.v1');
  });
});
