/**
 * Compatibility suite written from the seeds' own documents (../shared/seeds/000–002): every
 * example request they show, sent as the seeds' clients send it, with the status and the
 * response fields the seed documents. Each case names the seed and section it comes from.
 *
 * Where SPEC.md deviates on purpose, the case says so and asserts SPEC's answer:
 * - seed 000 returned zero metrics for a post it could not read; SPEC §3.3 answers 404 for a post
 *   nobody knows (and, in a batch, an entry with `error: "not_found"`);
 * - seed 001's example structure says `length_category: "medium"`, `word_count: 16` and
 *   `reading_time_seconds: 60` for a 13-word post; SPEC §2.2 counts words and reads at 200 wpm;
 * - seed 001's 422 example is Pydantic v1 (`value_error.number.not_le`); SPEC §2.1 is FastAPI
 *   ≥ 0.100 / Pydantic v2 (`less_than_equal`).
 * Requests whose body the seed elides (`{"content": "TEST CONTENT", ...}`, `"comments": [...]`)
 * are sent with the elided part filled from the nearest complete example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;

/** What Python's `datetime.now().isoformat()` sends: naive, microseconds, no offset. */
function pythonNow(at: Date): string {
  return at
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, '.$1456');
}

let t: TestApp;
let demoIds: string[];

beforeAll(async () => {
  t = await createTestApp('embedded');
  t.clock.now += 6 * HOUR;
  demoIds = t.simulator.listPublished({ limit: 3 }).map((p) => p.id);
});
afterAll(() => t.close());

const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });

// seed 001, "Request/Response Examples — Single Pattern Extraction" (the curl -d body, verbatim)
const SEED_POST = {
  content: 'Just discovered this incredible Python library that automates 90% of my data analysis!',
  account_id: 'test_user',
  post_url: 'https://threads.net/test/post1',
  timestamp: '2025-08-03T20:11:51.000Z',
  likes: 1500,
  comments: 300,
  shares: 150,
  engagement_rate: 0.85,
  performance_percentile: 95.0,
};

describe('seed 001 — Viral Pattern Extraction Engine', () => {
  it('§Request/Response Examples, Single Pattern Extraction: 200 with the documented fields', async () => {
    const res = await send('POST', '/extract-patterns', SEED_POST);
    expect(res.statusCode).toBe(200);
    const body = res.json<
      Record<string, unknown> & { hook_patterns: { type: string; template: string }[] }
    >();
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        'hook_patterns',
        'emotion_patterns',
        'structure_patterns',
        'engagement_score',
        'pattern_strength',
      ]),
    );
    expect(body.hook_patterns.slice(0, 2)).toMatchObject([
      { type: 'discovery', template: 'Just discovered this incredible {tool} that {benefit}!' },
      { type: 'statistical', template: 'This {tool} increased my {metric} by {percentage}%!' },
    ]);
    // the seed's emotion for its own example, first
    expect((body.emotion_patterns as { type: string }[])[0]).toMatchObject({ type: 'excitement' });
    expect(body.structure_patterns).toMatchObject([
      { has_thread_indicator: false, sentence_count: 1, word_count: 13 },
    ]);
    expect(body.engagement_score).toBe(0.85);
    expect(body.pattern_strength).toEqual(expect.any(Number));
  });

  it('§3 Data Models (ViralPost.timestamp: datetime): a Python client’s naive datetime.now().isoformat() is accepted', async () => {
    const res = await send('POST', '/extract-patterns', { ...SEED_POST, timestamp: pythonNow(new Date()) });
    expect(res.statusCode).toBe(200);
  });

  it('§3 Data Models (likes: int, engagement_rate: float): values Pydantic converts are accepted', async () => {
    const res = await send('POST', '/extract-patterns', {
      ...SEED_POST,
      likes: '1500',
      comments: 300.0,
      engagement_rate: '0.85',
      timestamp: '2025-08-03 20:11:51',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ engagement_score: number }>().engagement_score).toBe(0.85);
  });

  it('§Batch Analysis: 200, results in order and the summary fields', async () => {
    const res = await send('POST', '/analyze-batch', {
      posts: [
        {
          content: 'Just discovered this incredible Python library...',
          account_id: 'user1',
          post_url: 'https://threads.net/post1',
          timestamp: '2025-08-03T20:11:51.000Z',
          likes: 1500,
          comments: 300,
          shares: 150,
          engagement_rate: 0.85,
          performance_percentile: 95.0,
        },
        {
          content: 'BREAKING: New AI breakthrough changes everything!',
          account_id: 'user2',
          post_url: 'https://threads.net/post2',
          timestamp: '2025-08-03T21:15:30.000Z',
          likes: 2200,
          comments: 450,
          shares: 320,
          engagement_rate: 0.92,
          performance_percentile: 98.5,
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      results: { engagement_score: number; pattern_strength: number; hook_patterns: { type: string }[] }[];
      summary: Record<string, number>;
    }>();
    expect(body.results.map((r) => r.engagement_score)).toEqual([0.85, 0.92]);
    expect(body.results[1]!.hook_patterns.map((h) => h.type)).toContain('urgency');
    expect(body.summary.total_posts).toBe(2);
    const mean = (body.results[0]!.pattern_strength + body.results[1]!.pattern_strength) / 2;
    expect(body.summary.average_pattern_strength).toBeCloseTo(mean, 3);
    expect(body.summary.total_hook_patterns).toBe(
      body.results.reduce((n, r) => n + r.hook_patterns.length, 0),
    );
    expect(body.summary.total_emotion_patterns).toEqual(expect.any(Number));
  });

  it('§GET /pattern-types ("Pattern type discovery for client integration"): lists of names', async () => {
    const res = await send('GET', '/pattern-types');
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, string[]>>();
    for (const name of ['discovery', 'statistical', 'transformation_story', 'curiosity_gap', 'urgency'])
      expect(body.hook_patterns).toContain(name);
    expect(body.emotion_patterns).toContain('excitement');
    expect(body.structure_patterns!.every((s) => typeof s === 'string')).toBe(true);
  });

  it('§Error Handling, Validation Errors (422): engagement_rate above 1 names the field (Pydantic v2 type)', async () => {
    const res = await send('POST', '/extract-patterns', { ...SEED_POST, engagement_rate: 1.5 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        {
          type: 'less_than_equal',
          loc: ['body', 'engagement_rate'],
          msg: 'Input should be less than or equal to 1',
          input: 1.5,
          ctx: { le: 1 },
        },
      ],
    });
  });

  it('§Troubleshooting 1 (curl … -d \'{"content": "TEST CONTENT", ...}\'): 200', async () => {
    const res = await send('POST', '/extract-patterns', { ...SEED_POST, content: 'TEST CONTENT' });
    expect(res.statusCode).toBe(200);
  });

  it('§Troubleshooting 3 (batch payload size): an empty batch answers the empty summary', async () => {
    const res = await send('POST', '/analyze-batch', { posts: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      results: [],
      summary: { total_posts: 0, average_pattern_strength: 0 },
    });
  });

  it('§GET /health: {"status":"healthy"} (the pattern service’s own answer at /patterns/health on the combined app)', async () => {
    expect((await send('GET', '/health')).json()).toMatchObject({ status: 'healthy' });
    expect((await send('GET', '/patterns/health')).json()).toEqual({
      status: 'healthy',
      service: 'viral_pattern_engine',
    });
  });
});

describe('seed 000 — Viral Metrics Collection System', () => {
  it('§GET /viral-metrics/{post_id} cURL example: the documented fields (a known post)', async () => {
    const res = await send('GET', `/viral-metrics/${demoIds[0]!}?timeframe=3h&use_cache=true`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ post_id: demoIds[0] });
    for (const k of [
      'viral_coefficient',
      'scroll_stop_rate',
      'share_velocity',
      'reply_depth',
      'engagement_trajectory',
      'pattern_fatigue',
    ])
      expect(body[k], k).toEqual(expect.any(Number));
    expect(Date.parse(body.collected_at as string)).not.toBeNaN();
  });

  it('§GET /viral-metrics/{post_id} with the seed’s placeholder id post_12345: 404 (SPEC §3.3, never invented zeros)', async () => {
    const res = await send('GET', '/viral-metrics/post_12345?timeframe=3h&use_cache=true');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: expect.stringContaining('post_12345') });
  });

  it('§POST /viral-metrics/batch cURL example, verbatim: an array in request order, unknown ids as not_found entries', async () => {
    const res = await send('POST', '/viral-metrics/batch', {
      post_ids: ['post_001', 'post_002'],
      timeframe: '1h',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post_id: string; error: string }[]>().map((e) => [e.post_id, e.error])).toEqual([
      ['post_001', 'not_found'],
      ['post_002', 'not_found'],
    ]);
  });

  it('§POST /viral-metrics/batch Request Body (three ids), with known posts: MetricsResponse objects', async () => {
    const res = await send('POST', '/viral-metrics/batch', {
      post_ids: [...demoIds].reverse(),
      timeframe: '1h',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ post_id: string; viral_coefficient: number; error: null }[]>();
    expect(body.map((e) => e.post_id)).toEqual([...demoIds].reverse());
    for (const e of body) expect(e).toMatchObject({ viral_coefficient: expect.any(Number), error: null });
  });

  it('§POST /process-active-posts without parameters: processing_started with the default batch_size 50', async () => {
    const res = await send('POST', '/process-active-posts');
    expect(res.statusCode).toBe(202);
    const body = res.json<{ status: string; batch_size: number; timestamp: string }>();
    expect(body).toMatchObject({ status: 'processing_started', batch_size: 50 });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
  });

  it('§GET /anomalies and Troubleshooting 4 (curl …/anomalies?hours=24): an array of anomalies', async () => {
    const res = await send('GET', '/anomalies?hours=24');
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>[]>();
    expect(Array.isArray(body)).toBe(true);
    for (const a of body)
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'post_id',
          'anomaly_type',
          'severity',
          'message',
          'current_value',
          'baseline_value',
        ]),
      );
    expect((await send('GET', '/anomalies?hours=24&severity=high')).statusCode).toBe(200);
  });

  it('§Deployment Guide 3 (curl /health, curl /ready): 200 both', async () => {
    expect((await send('GET', '/health')).statusCode).toBe(200);
    expect((await send('GET', '/ready')).statusCode).toBe(200);
  });
});

describe('seed 002 — Comment Intent Analysis & DM Trigger System', () => {
  const seedComments = {
    post_id: 'post_12345',
    comments: [
      {
        id: 'comment_001',
        text: 'Love this product! Where can I buy it?',
        author: 'user123',
        timestamp: '2024-01-25T10:30:00Z',
      },
    ],
  };

  it('§API Specifications 1, POST /comments/process: the documented response fields', async () => {
    const res = await send('POST', '/comments/process', seedComments);
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      status: 'success',
      processed_count: 1,
      stored_count: 1,
      duplicates_filtered: 0,
      queued_count: 1,
    });
    expect(body.processing_time_ms).toEqual(expect.any(Number));
    // the same request again: a duplicate, filtered
    const again = await send('POST', '/comments/process', seedComments);
    expect(again.json()).toMatchObject({ processed_count: 1, stored_count: 0, duplicates_filtered: 1 });
  });

  it('§API Specifications 1, with a Python client’s naive datetime.now().isoformat() timestamp', async () => {
    const res = await send('POST', '/comments/process', {
      post_id: 'post_12345',
      comments: [{ ...seedComments.comments[0]!, id: 'comment_002', timestamp: pythonNow(new Date()) }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stored_count: 1 });
  });

  it('§Load Testing Procedures (post_id "load_test_$i", "comments": [...]): accepted', async () => {
    const res = await send('POST', '/comments/process', {
      post_id: 'load_test_1',
      comments: [{ ...seedComments.comments[0]!, id: 'load_test_1_c1' }],
    });
    expect(res.statusCode).toBe(200);
  });

  it('§API Specifications 2, GET /comments/monitor/{task_id}: the documented fields', async () => {
    const created = await send('POST', '/comments/monitor', { post_id: demoIds[0], interval_seconds: 60 });
    expect(created.statusCode).toBe(200);
    const { task_id } = created.json<{ task_id: string }>();
    const res = await send('GET', `/comments/monitor/${task_id}`);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json())).toEqual(
      expect.arrayContaining([
        'task_id',
        'status',
        'post_id',
        'comments_processed',
        'last_processed',
        'error_count',
      ]),
    );
    expect(res.json()).toMatchObject({ task_id, status: 'active', post_id: demoIds[0] });
    expect((await send('DELETE', `/comments/monitor/${task_id}`)).statusCode).toBeLessThan(300);
  });

  it('§API Specifications 3 and Troubleshooting (curl /metrics | grep comment_processing_…): the names are there', async () => {
    const res = await send('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    for (const name of [
      'comment_processing_duration_seconds',
      'comment_processing_attempts_total',
      'comment_processing_errors_total',
      'comment_processing_queue_length',
    ])
      expect(res.body).toContain(name);
  });
});
