import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { registerErrorHandler } from '../../src/http/kit/error-handler.js';
import type { PatternResult } from '../../src/patterns/extract.js';
import { HOOK_TYPE_INFO } from '../../src/patterns/pattern-types.js';
import { patternRoutes } from '../../src/patterns/routes.js';
import { PatternService, type BatchResult, type PatternTypesCatalog } from '../../src/patterns/service.js';
import { fixedNlp, makePost } from '../factories/posts.js';

interface Detail {
  detail: { loc: (string | number)[]; msg: string; type: string }[];
}

let deps: Deps;
let app: App;

beforeAll(async () => {
  deps = await createDeps(testConfig());
  app = await buildApp(deps);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await deps.close();
});

const post = (body: unknown, url = '/extract-patterns') =>
  app.inject({ method: 'POST', url, payload: body as Record<string, unknown> });

describe('POST /extract-patterns', () => {
  it('answers the seed curl example with both hooks and every documented field', async () => {
    const res = await post(makePost());
    expect(res.statusCode).toBe(200);
    const body = res.json<PatternResult>();
    expect(body.hook_patterns.map((h) => h.type)).toEqual(
      expect.arrayContaining(['discovery', 'statistical']),
    );
    const discovery = body.hook_patterns.find((h) => h.type === 'discovery')!;
    expect(discovery.template).toBe('Just discovered this incredible {tool} that {benefit}!');
    expect(discovery.confidence).toBeGreaterThan(0.7);
    expect(discovery.spans[0]).toEqual({ start: 0, end: 15, text: 'Just discovered' });
    expect(body.structure_patterns).toHaveLength(1);
    expect(body.structure_patterns[0]).toMatchObject({
      length_category: 'short',
      has_thread_indicator: false,
      sentence_count: 1,
      word_count: 13,
      reading_time_seconds: 4,
    });
    expect(body.engagement_score).toBe(0.85);
    expect(body.pattern_strength).toBeGreaterThan(0);
    expect(body.pattern_strength).toBeLessThanOrEqual(1);
    expect(Object.keys(body.emotion_vector).sort()).toEqual([
      'anger',
      'disgust',
      'excitement',
      'fear',
      'joy',
      'neutral',
      'sadness',
      'surprise',
    ]);
    const { compound, positive, negative, neutral } = body.sentiment;
    expect(Math.abs(compound)).toBeLessThanOrEqual(1);
    expect(positive + negative + neutral).toBeCloseTo(1, 6);
    for (const e of body.emotion_patterns) expect(e.intensity).toBeCloseTo(body.emotion_vector[e.type], 3);
  });

  it('returns the cached content result for the same content, with each post’s own engagement score', async () => {
    const content = 'Unpopular opinion: cache invalidation is overrated. What do you think?';
    const before = deps.patterns.cacheSize;
    const first = await post(makePost({ content, engagement_rate: 0.1 }));
    // admitted on its second sighting, not its first
    expect(deps.patterns.cacheSize).toBe(before);
    const second = await post(makePost({ content, engagement_rate: 0.1 })); // cached from here
    const size = deps.patterns.cacheSize;
    expect(size).toBe(before + 1);
    const third = await post(makePost({ content, engagement_rate: 0.7 }));
    expect(second.body).toBe(first.body);
    expect(deps.patterns.cacheSize).toBe(size);
    const a = first.json<PatternResult>();
    const c = third.json<PatternResult>();
    expect(c.engagement_score).toBe(0.7);
    expect({ ...c, engagement_score: 0.1 }).toEqual(a);
  });

  it('answers 422 with loc ["body","content"] and type "missing" when content is absent', async () => {
    const { content: _omit, ...rest } = makePost();
    const res = await post(rest);
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail).toEqual([
      { type: 'missing', loc: ['body', 'content'], msg: 'Field required', input: rest },
    ]);
  });

  it('answers 422 naming engagement_rate when it is 1.5', async () => {
    const res = await post(makePost({ engagement_rate: 1.5 }));
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail).toEqual([
      {
        type: 'less_than_equal',
        loc: ['body', 'engagement_rate'],
        msg: 'Input should be less than or equal to 1',
        input: 1.5,
        ctx: { le: 1 },
      },
    ]);
  });

  it('answers 422 for empty or over-long content, negative counts and a bad timestamp', async () => {
    const res = await post({
      ...makePost({ content: '' }),
      likes: -1,
      timestamp: 'yesterday',
    });
    expect(res.statusCode).toBe(422);
    const locs = res.json<Detail>().detail.map((d) => d.loc.join('.'));
    expect(locs).toEqual(expect.arrayContaining(['body.content', 'body.likes', 'body.timestamp']));
    const long = await post(makePost({ content: 'a'.repeat(10_001) }));
    expect(long.json<Detail>().detail[0]).toMatchObject({
      loc: ['body', 'content'],
      type: 'string_too_long',
    });
  });

  it('answers 422 for a value of a type Pydantic does not convert, and converts what it does', async () => {
    const res = await post({
      ...makePost(),
      content: ['Just discovered this'],
      account_id: null,
      post_url: 123,
      likes: '15x',
      engagement_rate: [0.5],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail.map(({ loc, type }) => ({ loc, type }))).toEqual([
      { loc: ['body', 'content'], type: 'string_type' },
      { loc: ['body', 'account_id'], type: 'string_type' },
      { loc: ['body', 'post_url'], type: 'string_type' },
      { loc: ['body', 'likes'], type: 'int_parsing' },
      { loc: ['body', 'engagement_rate'], type: 'float_type' },
    ]);
    const lax = await post({ ...makePost(), likes: '1500', comments: 300.0, engagement_rate: '0.85' });
    expect(lax.statusCode).toBe(200);
    const numeric = await post({ ...makePost(), content: 123 });
    expect(numeric.json<Detail>().detail).toEqual([
      { type: 'string_type', loc: ['body', 'content'], msg: 'Input should be a valid string', input: 123 },
    ]);
  });

  it('answers malformed JSON as FastAPI does: 422 json_invalid at the character offset', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/extract-patterns',
      headers: { 'content-type': 'application/json' },
      payload: '{"content": "x",}',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 16],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: expect.stringContaining('position 16') },
        },
      ],
    });
    const empty = await app.inject({
      method: 'POST',
      url: '/extract-patterns',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
    });
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post(makePost({ content: 'a'.repeat(deps.config.BODY_LIMIT_BYTES + 10) }));
    expect(res.statusCode).toBe(413);
  });
});

describe('POST /analyze-batch', () => {
  const seedBatch = {
    posts: [
      makePost({ content: 'Just discovered this incredible Python library...', account_id: 'user1' }),
      makePost({
        content: 'BREAKING: New AI breakthrough changes everything!',
        account_id: 'user2',
        post_url: 'https://threads.net/post2',
        timestamp: '2025-08-03T21:15:30.000Z',
        likes: 2200,
        comments: 450,
        shares: 320,
        engagement_rate: 0.92,
        performance_percentile: 98.5,
      }),
    ],
  };

  it('answers the seed batch example with results and a summary', async () => {
    const res = await post(seedBatch, '/analyze-batch');
    expect(res.statusCode).toBe(200);
    const body = res.json<BatchResult>();
    expect(body.results).toHaveLength(2);
    expect(body.results[0]!.hook_patterns.map((h) => h.type)).toContain('discovery');
    expect(body.results[1]!.hook_patterns[0]!.type).toBe('urgency');
    const s = body.summary;
    expect(s.total_posts).toBe(2);
    expect(s.total_hook_patterns).toBe(
      body.results[0]!.hook_patterns.length + body.results[1]!.hook_patterns.length,
    );
    expect(s.total_emotion_patterns).toBe(
      body.results[0]!.emotion_patterns.length + body.results[1]!.emotion_patterns.length,
    );
    const strengths = body.results.map((r) => r.pattern_strength);
    expect(s.average_pattern_strength).toBe(Math.round(((strengths[0]! + strengths[1]!) / 2) * 1000) / 1000);
    expect(s.hook_type_counts['urgency']).toBe(1);
    expect(s.average_engagement_score).toBeCloseTo((0.85 + 0.92) / 2, 3);
    expect(s.length_category_counts).toEqual({ short: 2, medium: 0, long: 0 });
  });

  it('rejects a bad post at index 3 with loc ["body","posts",3,"engagement_rate"]', async () => {
    const posts = [makePost(), makePost(), makePost(), makePost({ engagement_rate: 2 })];
    const res = await post({ posts }, '/analyze-batch');
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail).toEqual([
      {
        type: 'less_than_equal',
        loc: ['body', 'posts', 3, 'engagement_rate'],
        msg: 'Input should be less than or equal to 1',
        input: 2,
        ctx: { le: 1 },
      },
    ]);
  });

  it('rejects more than MAX_BATCH_SIZE posts, and answers an empty batch as the seed does', async () => {
    const over = Array.from({ length: deps.config.MAX_BATCH_SIZE + 1 }, (_, i) =>
      makePost({ content: `post ${i}` }),
    );
    const res = await post({ posts: over }, '/analyze-batch');
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail).toEqual([
      {
        type: 'too_long',
        loc: ['body', 'posts'],
        msg: `List should have at most ${deps.config.MAX_BATCH_SIZE} items after validation, not ${over.length}`,
        input: over,
        ctx: { field_type: 'List', max_length: deps.config.MAX_BATCH_SIZE, actual_length: over.length },
      },
    ]);
    const empty = await post({ posts: [] }, '/analyze-batch');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({
      results: [],
      summary: {
        total_posts: 0,
        average_pattern_strength: 0,
        total_hook_patterns: 0,
        total_emotion_patterns: 0,
      },
    });
  });
});

describe('GET /pattern-types and health', () => {
  it('answers the seed shape, plain names, so that "discovery" in hook_patterns holds', async () => {
    const res = await app.inject({ method: 'GET', url: '/pattern-types' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, string[]>>();
    expect(Object.keys(body)).toEqual(['hook_patterns', 'emotion_patterns', 'structure_patterns']);
    expect(body.hook_patterns).toContain('discovery');
    expect(body.hook_patterns!.slice(0, 5)).toEqual([
      'discovery',
      'statistical',
      'transformation_story',
      'curiosity_gap',
      'urgency',
    ]);
    expect(body.emotion_patterns).toContain('excitement');
    expect(body.structure_patterns).toContain('thread_indicator');
    expect((await app.inject({ method: 'GET', url: '/pattern-types?detail=false' })).json()).toEqual(body);
  });

  it('lists every hook, emotion and structure type with template and description at ?detail=true', async () => {
    const res = await app.inject({ method: 'GET', url: '/pattern-types?detail=true' });
    expect(res.statusCode).toBe(200);
    const body = res.json<PatternTypesCatalog>();
    expect(body.hook_patterns).toHaveLength(14);
    expect(body.hook_patterns.find((h) => h.type === 'urgency')).toEqual({
      type: 'urgency',
      template: '🚨 BREAKING: {news_content}',
      description: HOOK_TYPE_INFO.urgency.description,
    });
    expect(body.emotion_patterns.map((e) => e.type)).toEqual([
      'anger',
      'disgust',
      'fear',
      'joy',
      'sadness',
      'surprise',
      'excitement',
    ]);
    expect(body.structure_patterns.map((s) => s.type)).toContain('thread_indicator');
    for (const t of [...body.hook_patterns, ...body.emotion_patterns, ...body.structure_patterns]) {
      expect(t.template.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(10);
    }
  });

  it('answers the pattern service health at /patterns/health', async () => {
    const res = await app.inject({ method: 'GET', url: '/patterns/health' });
    expect(res.json()).toEqual({ status: 'healthy', service: 'viral_pattern_engine' });
  });

  it('documents the pattern routes in OpenAPI', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/extract-patterns', '/analyze-batch', '/pattern-types']));
  });
});

describe('pattern routes mounted alone', () => {
  async function standalone(nlp = fixedNlp()) {
    const sut = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    registerErrorHandler(sut);
    await sut.register(patternRoutes, {
      service: new PatternService({ nlp, cacheTtlSeconds: 60 }),
      maxBatchSize: 3,
      healthPath: '/health',
    });
    return sut;
  }

  it('answers a failure with the seed 500 shape and no internals', async () => {
    const broken = fixedNlp();
    broken.analyze = () => {
      throw new Error('lexicon exploded at /srv/secret/path');
    };
    const sut = await standalone(broken);
    const res = await sut.inject({ method: 'POST', url: '/extract-patterns', payload: makePost() });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ detail: 'Pattern extraction failed: unable to process content' });
    await sut.close();
  });

  it('keeps the FastAPI 422 shape, the batch bound and /health on its own', async () => {
    const sut = await standalone();
    const res = await sut.inject({
      method: 'POST',
      url: '/analyze-batch',
      payload: { posts: [makePost(), makePost(), makePost(), makePost()] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail[0]!.loc).toEqual(['body', 'posts']);
    const health = await sut.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toEqual({ status: 'healthy', service: 'viral_pattern_engine' });
    await sut.close();
  });
});
