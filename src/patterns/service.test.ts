import Fastify from 'fastify';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { fixedNlp, makePost, syntheticPosts } from '../../test/factories/posts.js';
import type { PatternResult } from './extract.js';
import { DEFAULT_NLP } from './nlp.js';
import { BatchResponseSchema, PatternResultSchema } from './schemas.js';
import { PatternExtractionError, PatternService, summarize } from './service.js';

/** The fixed test analysis, counting how often it runs (each run is one extraction). */
function countingNlp() {
  let count = 0;
  const nlp = fixedNlp();
  const analyze = nlp.analyze;
  nlp.analyze = (text) => {
    count++;
    return analyze(text);
  };
  return { nlp, calls: () => count };
}

describe(PatternService.name, () => {
  it('caches content on its second sighting and keeps each post’s engagement score', () => {
    const { nlp, calls } = countingNlp();
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60 });
    const a = sut.extract({ content: 'How to cook rice', engagement_rate: 0.1 });
    expect([calls(), sut.cacheSize]).toEqual([1, 0]);
    sut.extract({ content: 'How to cook rice', engagement_rate: 0.5 });
    expect([calls(), sut.cacheSize]).toEqual([2, 1]);
    const c = sut.extract({ content: 'How to cook rice', engagement_rate: 0.9 });
    expect([calls(), sut.cacheSize]).toEqual([2, 1]);
    expect(a.engagement_score).toBe(0.1);
    expect(c).toStrictEqual({ ...a, engagement_score: 0.9 });
  });

  it('keeps a repeated content cached while a stream of one-off contents passes', () => {
    const { nlp, calls } = countingNlp();
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60, cacheMaxEntries: 2 });
    const hot = { content: 'Save this for later', engagement_rate: 0 };
    sut.extract(hot);
    sut.extract(hot);
    for (let i = 0; i < 50; i++) sut.extract({ content: `one-off post ${i}`, engagement_rate: 0 });
    expect(sut.cacheSize).toBe(1);
    const before = calls();
    sut.extract(hot);
    expect(calls()).toBe(before);
  });

  it('extracts every time when the cache is disabled', () => {
    const { nlp, calls } = countingNlp();
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
    sut.extract({ content: 'x', engagement_rate: 0 });
    sut.extract({ content: 'x', engagement_rate: 0 });
    expect(calls()).toBe(2);
    expect(sut.cacheSize).toBe(0);
  });

  it('answers with the JSON Fastify’s schema serializer made of the result, on a miss and on a hit', async () => {
    const posts = [
      ...syntheticPosts(300).map((p, i) => ({ ...p, engagement_rate: (i % 7) / 7 })),
      // escapes in spans and triggers, a key look-alike in the content, astral and lone surrogates
      makePost({ content: 'Why does "quote\\slash" work?\n\n,"pattern_strength": 1 🚀 \ud800 x' }),
      makePost({ content: 'Comment "GUIDE" and I will send it ⚠️', engagement_rate: 0 }),
      makePost({ content: '.', engagement_rate: 1 }),
    ];
    // what the routes answered with before: the objects through the response schema's serializer
    const app = Fastify();
    app.post('/r', { schema: { response: { 200: PatternResultSchema } } }, async (req) => req.body);
    const reference = async (result: PatternResult) =>
      (await app.inject({ method: 'POST', url: '/r', payload: result })).body;

    const sut = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60 });
    const uncached = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
    for (const post of posts) {
      const expected = await reference(uncached.extract(post));
      const miss = sut.extractJson(post);
      expect(JSON.parse(miss)).toStrictEqual(JSON.parse(expected));
      const parsed = JSON.parse(miss) as PatternResult;
      // every field of the schema, in its order; the trajectory only for posts of more than one sentence
      expect(Object.keys(parsed)).toStrictEqual(
        Object.keys(PatternResultSchema.properties).filter(
          (k) => k !== 'emotion_trajectory' || parsed.structure_patterns[0].sentence_count > 1,
        ),
      );
      expect(sut.extractJson(post)).toBe(miss); // second sighting: extracted again, cached
      expect(sut.extractJson(post)).toBe(miss); // from the cache
      expect(sut.extract(post)).toStrictEqual(JSON.parse(miss));
    }
    expect(sut.cacheSize).toBe(posts.length);
    await app.close();
  });

  it('serialises a batch with its summary, results in input order', () => {
    const posts = syntheticPosts(20).map((p, i) => ({ ...p, engagement_rate: i / 20 }));
    const sut = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60 });
    sut.extract(posts[3]!);
    sut.extract(posts[3]!); // one result comes from the cache
    const body = JSON.parse(sut.analyzeBatchJson(posts).join('')) as { results: PatternResult[] };
    expect(Value.Check(BatchResponseSchema, body)).toBe(true);
    const results = posts.map((p) => sut.extract(p));
    expect(body).toStrictEqual({ results, summary: summarize(results) });
    expect(body.results.map((r) => r.engagement_score)).toStrictEqual(posts.map((p) => p.engagement_rate));
  });

  it('wraps an analysis failure in PatternExtractionError with a generic reason', () => {
    const nlp = fixedNlp();
    nlp.analyze = () => {
      throw new Error('secret internals');
    };
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60 });
    expect(() => sut.extract({ content: 'x', engagement_rate: 0 })).toThrowError(PatternExtractionError);
    expect(() => sut.extract({ content: 'x', engagement_rate: 0 })).toThrowError(
      'Pattern extraction failed: unable to process content',
    );
  });

  it('lists 14 hook, 7 emotion and 9 structure types', () => {
    const sut = new PatternService({ nlp: fixedNlp(), cacheTtlSeconds: 60 }).patternTypes();
    expect([sut.hook_patterns.length, sut.emotion_patterns.length, sut.structure_patterns.length]).toEqual([
      14, 7, 9,
    ]);
  });
});

describe(summarize.name, () => {
  const result = (
    strength: number,
    engagement: number,
    hooks: string[],
    emotions: string[],
    thread: boolean,
  ) =>
    ({
      hook_patterns: hooks.map((type) => ({ type })),
      emotion_patterns: emotions.map((type) => ({ type })),
      structure_patterns: [
        { length_category: hooks.length > 1 ? 'medium' : 'short', has_thread_indicator: thread },
      ],
      pattern_strength: strength,
      engagement_score: engagement,
    }) as unknown as PatternResult;

  it('totals, counts per type and averages to 3 decimals', () => {
    const sut = summarize([
      result(0.5, 0.2, ['urgency', 'question'], ['joy'], true),
      result(0.25, 0.3, ['urgency'], [], false),
      result(0.1, 0.4, [], ['joy', 'fear'], false),
    ]);
    expect(sut).toEqual({
      total_posts: 3,
      average_pattern_strength: 0.283,
      total_hook_patterns: 3,
      total_emotion_patterns: 3,
      hook_type_counts: { urgency: 2, question: 1 },
      emotion_type_counts: { joy: 2, fear: 1 },
      length_category_counts: { short: 2, medium: 1, long: 0 },
      thread_count: 1,
      average_engagement_score: 0.3,
    });
  });

  it('returns zeros for no results', () => {
    expect(summarize([]).average_pattern_strength).toBe(0);
  });
});
