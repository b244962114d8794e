import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSentimentLexicon } from '../../scripts/train-sentiment.js';
import {
  loadSentimentLexicon,
  normalizeScore,
  sentiment,
  SENTIMENT_LEXICON,
  SENTIMENT_MODEL_VERSION,
} from './sentiment.js';
import { tokenize } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

/** VADER's normalisation, written out for hand-computed expectations */
const norm = (x: number): number => x / Math.sqrt(x * x + 15);
const valence = (w: string): number => SENTIMENT_LEXICON.valences.get(w)!;

describe(sentiment.name, () => {
  it('scores a rated word with VADER normalisation (happy = 2.7)', () => {
    const sut = sentiment;
    expect(valence('happy')).toBe(2.7);
    const r = sut('I am happy');
    expect(r.compound).toBeCloseTo(norm(2.7), 6);
    // items "am" (neutral) and "happy": pos = 3.7 / (3.7 + 1)
    expect(r.positive).toBeCloseTo(3.7 / 4.7, 6);
    expect(r.neutral).toBeCloseTo(1 / 4.7, 6);
    expect(r.negative).toBe(0);
  });

  it("replaces a word's valence with its idiom's (VADER's special cases)", () => {
    // "bomb" alone is −2.2; "the bomb" is +3
    expect(valence('bomb')).toBe(-2.2);
    expect(sentiment('we are at the bomb').compound).toBeCloseTo(norm(3), 6);
    expect(sentiment('we are at the big bomb').compound).toBeCloseTo(norm(-2.2), 6);
    // both rated words of "kiss of death" (kiss 1.8, death −2.9) take the idiom's −1.5
    expect(sentiment('we are at the kiss of death').compound).toBeCloseTo(norm(-3), 6);
  });

  it('flips and dampens a negated word (× −0.74)', () => {
    const sut = sentiment;
    expect(sut('I am not happy').compound).toBeCloseTo(norm(2.7 * -0.74), 6);
    expect(sut("I'm not happy").compound).toBeLessThan(0);
    expect(sut('I don’t love it').compound).toBeLessThan(0);
    expect(sut('never good').compound).toBeLessThan(0);
  });

  it('raises intensity for boosters, elongated boosters, exclamations and ALL CAPS', () => {
    const sut = sentiment;
    const plain = sut('I am happy').compound;
    expect(sut('I am so happy').compound).toBeCloseTo(norm(2.7 + 0.293), 6);
    expect(sut('I am sooo happy').compound).toBeCloseTo(norm(2.7 + 0.293), 6);
    expect(sut('I am so happy!!!').compound).toBeCloseTo(norm(2.7 + 0.293 + 3 * 0.292), 6);
    expect(sut('I am HAPPY today').compound).toBeCloseTo(norm(2.7 + 0.733), 6);
    expect(sut('goooood').compound).toBeCloseTo(norm(valence('good') + 0.293), 6);
    expect(sut('I am kinda happy').compound).toBeLessThan(plain);
  });

  it('weights the clause after "but" more (×0.5 before, ×1.5 after)', () => {
    const sut = sentiment;
    expect(sut('good but awful').compound).toBeCloseTo(
      norm(0.5 * valence('good') + 1.5 * valence('awful')),
      6,
    );
    expect(sut('awful but good').compound).toBeGreaterThan(0);
  });

  it('does not carry a negation across a sentence end', () => {
    const sut = sentiment;
    // "suck" keeps its own valence (the "!" adds its 0.292 emphasis on the negative side)
    expect(sut('Nothing happened! You suck').compound).toBeCloseTo(norm(valence('suck') - 0.292), 6);
    expect(sut('Nothing happened, you suck').compound).toBeGreaterThan(0);
  });

  it('scores emoji and emoticons, with or without skin tone or variation selector', () => {
    const sut = sentiment;
    expect(sut('😍').compound).toBeCloseTo(norm(valence('😍')), 6);
    expect(valence('😍')).toBeGreaterThan(2);
    expect(sut('today 😡').compound).toBeLessThan(-0.4);
    expect(sut('❤️').compound).toBeCloseTo(sut('❤').compound, 9);
    expect(sut('👍🏽').compound).toBeCloseTo(sut('👍').compound, 9);
    expect(sut('ok :)').compound).toBeGreaterThan(sut('ok').compound);
    expect(sut('great:(').compound).toBeLessThan(sut('great').compound);
  });

  it('scores a hashtag by its word', () => {
    const sut = sentiment;
    expect(sut('#blessed').compound).toBeCloseTo(norm(valence('blessed')), 6);
  });

  it('gives the same result for text and for its tokens', () => {
    const sut = sentiment;
    const text = "Honestly?? This is NOT bad at all, it's sooo good 😍 but the ending sucks";
    expect(sut(tokenize(text))).toEqual(sut(text));
  });

  it('returns zeros for empty or unrated text', () => {
    const sut = sentiment;
    expect(sut('')).toEqual({ compound: 0, positive: 0, negative: 0, neutral: 0 });
    expect(sut('the table').compound).toBe(0);
  });

  it('stays in range with shares summing to 1 on any input (property)', () => {
    const sut = sentiment;
    const words = fc.constantFrom(
      'good',
      'bad',
      'not',
      'so',
      'but',
      'LOVE',
      '!!!',
      '??',
      ':)',
      '😡',
      'kind',
      'of',
      'least',
      'never',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(words, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 30 }),
        (parts) => {
          const r = sut(parts.join(' '));
          expect(r.compound).toBeGreaterThanOrEqual(-1);
          expect(r.compound).toBeLessThanOrEqual(1);
          const total = r.positive + r.negative + r.neutral;
          if (total !== 0) expect(total).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a megabyte of rated words (linear: a quadratic pass would time out)', () => {
    const r = sentiment(adversarial('not so good but '));
    // every "good" is negated by "not so" and softened by "but": the whole reads negative
    expect(r.compound).toBeLessThan(0);
    expect(r.compound).toBeGreaterThanOrEqual(-1);
  });
});

describe(normalizeScore.name, () => {
  it('maps a sum onto (−1, 1) as x/√(x²+15)', () => {
    const sut = normalizeScore;
    expect(sut(1)).toBeCloseTo(0.25, 12);
    expect(sut(-1)).toBeCloseTo(-0.25, 12);
    expect(sut(0)).toBe(0);
  });
});

describe(loadSentimentLexicon.name, () => {
  it('loads the committed lexicon with its version and VADER + emoji entries', () => {
    expect(SENTIMENT_MODEL_VERSION).toBe('sentiment.v1');
    expect(SENTIMENT_LEXICON.valences.size).toBeGreaterThan(7_000);
    expect(valence(':)')).toBe(2);
  });

  it('resolves words against another lexicon as against the default: elongation and contractions', () => {
    const lexicon = loadSentimentLexicon({ version: 'test', lexicon: [['good', 2]], emoji: [] });
    const good = sentiment('it is good', lexicon).compound;
    expect(good).toBeGreaterThan(0);
    // "gooood" squashes to a listed word and counts as boosted
    expect(sentiment('it is gooood', lexicon).compound).toBeGreaterThan(good);
    // an unlisted "n't" contraction negates
    expect(sentiment("it mightn't be good", lexicon).compound).toBeLessThan(0);
    expect(sentiment('it is nice', lexicon).compound).toBe(0);
  });

  it('rejects a malformed entry naming it', () => {
    const sut = loadSentimentLexicon;
    expect(() => sut({ version: 'x', lexicon: [['good', 'high']], emoji: [] })).toThrow(/lexicon\[0\]/);
  });
});

describe(buildSentimentLexicon.name, () => {
  it('rebuilds the committed model file byte for byte', () => {
    const sut = buildSentimentLexicon;
    const committed = readFileSync(new URL('./models/sentiment.v1.json', import.meta.url), 'utf8');
    expect(sut()).toBe(committed);
  });
});
