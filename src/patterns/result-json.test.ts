import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticPosts } from '../../test/factories/posts.js';
import { extractContentPatterns, type ContentPatterns } from './extract.js';
import { DEFAULT_NLP } from './nlp.js';
import { jsonNumber, patternsJson, resultJson } from './result-json.js';

const joined = (p: ContentPatterns): string => {
  const { head, tail } = patternsJson(p);
  return head + tail;
};

describe(jsonNumber.name, () => {
  it('writes numbers of up to three decimals as JSON.stringify does', () => {
    const cases = [
      0, -0, 1, -1, 0.5, 0.05, 0.005, 0.907, 0.1, 0.2, 0.3, 0.7, 0.999, 1.001, -0.25, 12.345, 123456.789,
    ];
    for (const x of cases) expect(jsonNumber(x)).toBe(JSON.stringify(x));
    expect(jsonNumber(0.907)).toBe('0.907');
    expect(jsonNumber(0.1 + 0.2)).toBe('0.30000000000000004'); // not a three-decimal double
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (k) => {
        expect(jsonNumber(k / 1000)).toBe(JSON.stringify(k / 1000));
        expect(jsonNumber(Math.round((k / 7919) * 1000) / 1000)).toBe(
          JSON.stringify(Math.round((k / 7919) * 1000) / 1000),
        );
      }),
    );
  });

  it('falls back to JSON.stringify for every other double', () => {
    for (const x of [NaN, Infinity, -Infinity, 1e21, 1e9, 1e-7, 0.0005, -0.0005, 2 ** 53, Number.MIN_VALUE])
      expect(jsonNumber(x)).toBe(JSON.stringify(x));
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(jsonNumber(x)).toBe(JSON.stringify(x));
      }),
    );
  });
});

describe(patternsJson.name, () => {
  const texts = [
    ...syntheticPosts(200).map((p) => p.content),
    '',
    '.',
    'Why does "quote\\slash" work?\n\n\t,"pattern_strength": 1 🚀 \ud800 x \u0001',
    'Comment "GUIDE" and I will send it ⚠️ @maker #launch https://example.com 🧵 1/',
    '3 lessons nobody tells you about \u2028 growth:\n1. ship\n2. listen\n3. repeat',
  ];

  it('is JSON.stringify of the patterns, byte for byte, once its two pieces are joined', () => {
    for (const text of texts) {
      const p = extractContentPatterns(text, DEFAULT_NLP);
      expect(joined(p)).toBe(JSON.stringify(p));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const p = extractContentPatterns(text, DEFAULT_NLP);
        expect(joined(p)).toBe(JSON.stringify(p));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a hook whose type and template differ from the cached pair afresh', () => {
    const p = extractContentPatterns(texts[0]!, DEFAULT_NLP);
    const hook = p.hook_patterns[0]!;
    joined(p);
    const swapped: ContentPatterns = {
      ...p,
      hook_patterns: [{ ...hook, type: hook.type === 'question' ? 'listicle' : 'question' }],
    };
    expect(joined(swapped)).toBe(JSON.stringify(swapped));
  });
});

describe(resultJson.name, () => {
  it('puts engagement_score before pattern_strength, the rest as JSON.stringify writes it', () => {
    for (const [i, post] of syntheticPosts(50).entries()) {
      const p = extractContentPatterns(post.content, DEFAULT_NLP);
      const rate = [0, 0.05, 1, 0.0523, 1e-7][i % 5]!;
      const { hook_patterns, emotion_patterns, structure_patterns, ...rest } = p;
      const ordered = {
        hook_patterns,
        emotion_patterns,
        structure_patterns,
        engagement_score: rate,
        ...rest,
      };
      expect(resultJson(patternsJson(p), rate)).toBe(JSON.stringify(ordered));
    }
  });

  it('puts the engagement score before the top-level pattern_strength only', () => {
    const p = extractContentPatterns('Why does nobody talk about this?', DEFAULT_NLP);
    expect(p.hook_patterns.length).toBeGreaterThan(0);
    const lookalike: ContentPatterns = {
      ...p,
      hook_patterns: [{ ...p.hook_patterns[0]!, triggers: [',"pattern_strength":'] }],
    };
    const parsed = JSON.parse(resultJson(patternsJson(lookalike), 0.25)) as Record<string, unknown>;
    expect(parsed).toStrictEqual({ ...lookalike, engagement_score: 0.25 });
    expect(Object.keys(parsed).indexOf('engagement_score')).toBe(
      Object.keys(parsed).indexOf('pattern_strength') - 1,
    );
    expect(Object.keys(parsed)[3]).toBe('engagement_score');
  });
});
