import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SPAM_MODEL_VERSION, SPAM_REAL_TEXT_FPR, SPAM_THRESHOLD, isSpam, spamScore } from './spam.js';
import { tokenize } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

const SPAM = [
  'Check out my page for free followers 🔥 link in bio',
  'Subscribe to my channel pls!!',
  'visit www.cheapfollowers.com for 10k followers',
  'Hey guys check out my new channel and our first vid, please subscribe!!! https://youtu.be/abc',
];
const HAM = [
  'This is so true, I needed this today',
  'How much is this? Where can I buy it?',
  'Disagree, this advice is terrible',
  'Love this song',
  'lol same',
];

describe(spamScore.name, () => {
  it.each(SPAM)('scores the spam comment %j above the threshold', (text) => {
    expect(spamScore(text)).toBeGreaterThan(SPAM_THRESHOLD);
  });

  it.each(HAM)('scores the ordinary reply %j below half the threshold', (text) => {
    expect(spamScore(text)).toBeLessThan(SPAM_THRESHOLD / 2);
  });

  // Real people's replies that spam.v1 (YouTube only) called spam: a link, an @mention or
  // capitals are not promotion.
  it.each([
    '@brand my order never arrived, this is the tracking page https://example.com/track/123',
    'RT @news: Baltimore mayor sacks police chief http://t.co/abc',
    '@jk_rowling Look what I drew! http://t.co/cqETEziRgf',
    'U SUCK ! I WANT MY 16.90 BACK',
    'Cool, I will check it out. Thanks',
  ])('scores the real non-spam reply %j below the threshold', (text) => {
    expect(spamScore(text)).toBeLessThan(SPAM_THRESHOLD);
  });

  it('gives the same score for text and for its tokens', () => {
    const text = 'EARN $500 A DAY FROM HOME, message me on whatsapp';
    expect(spamScore(tokenize(text))).toBe(spamScore(text));
  });

  it('reads only the first 2,000 chars', () => {
    const text = `Love this song ${'la '.repeat(700)}`;
    expect(spamScore(`${text} subscribe to my channel www.spam.com`)).toBe(spamScore(text));
  });

  it('never throws and stays in [0, 1] on random Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const sut = spamScore(text);
        expect(sut).toBeGreaterThanOrEqual(0);
        expect(sut).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('scores a megabyte of adversarial text (linear: a quadratic pass would time out)', () => {
    for (const text of [
      adversarial('!'),
      adversarial('check out '),
      adversarial('\ud83d'),
      adversarial('A'),
    ]) {
      const score = spamScore(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});

describe(isSpam.name, () => {
  it('applies the threshold chosen in training', () => {
    expect(SPAM_THRESHOLD).toBeGreaterThanOrEqual(0.2);
    expect(SPAM_THRESHOLD).toBeLessThanOrEqual(0.95);
    expect(isSpam(SPAM[1]!)).toBe(true);
    expect(isSpam(HAM[0]!)).toBe(false);
  });

  it('was measured below a 1 % false-positive rate on real non-spam text (the bar for dropping a reply)', () => {
    expect(SPAM_REAL_TEXT_FPR).toBeLessThan(0.01);
  });

  it('reports the committed model version', () => {
    expect(SPAM_MODEL_VERSION).toBe('spam.v2');
  });
});
