import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractContentPatterns } from '../patterns/extract.js';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import { engagementFeatures, FEATURE_COUNT, FEATURE_KEYS, FEATURES } from './features.js';
import { adversarial } from '../../test/helpers/linear-time.js';

function features(content: string, at = '2026-01-07T17:30:00Z'): Record<string, number> {
  const x = engagementFeatures({
    content,
    patterns: extractContentPatterns(content, DEFAULT_NLP),
    publishedAt: Date.parse(at),
  });
  return Object.fromEntries(FEATURE_KEYS.map((k, j) => [k, x[j]!]));
}

describe(engagementFeatures.name, () => {
  it('has one value per catalogued feature, keys unique', () => {
    expect(new Set(FEATURE_KEYS).size).toBe(FEATURE_COUNT);
    expect(FEATURES.filter((f) => f.group === 'hook')).toHaveLength(14);
    expect(FEATURES.filter((f) => f.group === 'emotion')).toHaveLength(8);
  });

  it('reads format from the engine’s structure: link, hashtags, question, length', () => {
    const sut = features('Why do we still do this? Read more at https://example.com #growth');
    expect(sut['format:link']).toBe(1);
    expect(sut['format:hashtags']).toBe(1);
    expect(sut['format:mentions']).toBe(0);
    expect(sut['format:length']).toBeGreaterThan(3);
  });

  it('does not take the digits of a link or a hashtag for figures, nor a hashtag for capitals', () => {
    const sut = features('read this https://t.co/AB12CD #SOTU2015');
    expect(sut['format:digits']).toBe(0);
    expect(sut['format:capitals']).toBe(0);
    const prose = features('We added 12 NEW spots!');
    expect(prose['format:digits']).toBe(1);
    expect(prose['format:capitals']).toBe(1);
    expect(prose['format:exclamation']).toBe(1);
  });

  it('carries the hooks’ confidence and the emotion vector', () => {
    const sut = features('Unpopular opinion: posting every day is killing your reach.');
    expect(sut['hook:contrarian']).toBeGreaterThan(0);
    expect(sut['emotion:intensity']).toBeGreaterThanOrEqual(0);
    expect(sut['emotion:intensity']).toBeLessThanOrEqual(1);
  });

  it('bins the publishing hour by 4 hours of the UTC day and marks weekends', () => {
    const weekday = features('hello there', '2026-01-07T17:30:00Z'); // a Wednesday
    expect(weekday['timing:hour_16_20']).toBe(1);
    expect(weekday['timing:hour_12_16']).toBe(0);
    expect(weekday['timing:weekend']).toBe(0);
    const sunday = features('hello there', '2026-01-11T01:00:00Z');
    expect(sunday['timing:hour_00_04']).toBe(1);
    expect(sunday['timing:weekend']).toBe(1);
  });

  it('gives finite values for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const x = engagementFeatures({
          content: text,
          patterns: extractContentPatterns(text, DEFAULT_NLP),
          publishedAt: 0,
        });
        expect(x).toHaveLength(FEATURE_COUNT);
        expect([...x].every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a megabyte of adversarial text (linear: a quadratic pass would time out)', () => {
    const text = adversarial('#a1 @b2 ', 500_000) + adversarial('A', 500_000);
    const patterns = extractContentPatterns('x', DEFAULT_NLP);
    const features = engagementFeatures({ content: text, patterns, publishedAt: 0 });
    expect(features.length).toBeGreaterThan(0);
    for (const value of features) expect(Number.isFinite(value)).toBe(true);
  });
});
