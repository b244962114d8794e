import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp, buildPatternsApp, type App } from '../../src/http/app.js';
import { createTelemetry } from '../../src/infra/telemetry/metrics.js';
import { PatternService } from '../../src/patterns/service.js';
import { fixedNlp, makePost } from '../factories/posts.js';

/**
 * One golden file per error kind (test/golden/errors/<kind>.json): the request, and the status and
 * body FastAPI ≥ 0.100 / Pydantic v2 would answer, compared exactly. `UPDATE_GOLDEN=1` rewrites
 * the files from the app's answers (review the diff before committing).
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'errors');
const update = process.env.UPDATE_GOLDEN === '1';

interface Request {
  method: 'GET' | 'POST';
  url: string;
  /** a JSON value, or raw text when `raw` */
  payload?: unknown;
  raw?: string;
  app?: 'api' | 'broken-patterns';
}

const seedPost = makePost();
const comment = { id: 'c1', text: 'Love this!', author: 'user123', timestamp: '2024-01-25T10:30:00Z' };

const CASES: Record<string, Request> = {
  missing: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, content: undefined } },
  missing_body: { method: 'POST', url: '/extract-patterns', raw: '' },
  json_invalid: { method: 'POST', url: '/extract-patterns', raw: '{"content": "hi",}' },
  model_attributes_type: { method: 'POST', url: '/extract-patterns', payload: ['not', 'a', 'post'] },
  string_type: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, content: 123 } },
  string_too_short: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, content: '' } },
  string_too_long: {
    method: 'POST',
    url: '/comments/process',
    payload: { post_id: 'post_12345', comments: [{ ...comment, author: 'a'.repeat(101) }] },
  },
  int_parsing: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, likes: 'many' } },
  int_from_float: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, likes: 1500.5 } },
  int_type: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, likes: null } },
  int_parsing_path: { method: 'GET', url: '/dm-rules/abc' },
  float_parsing: {
    method: 'POST',
    url: '/extract-patterns',
    payload: { ...seedPost, engagement_rate: 'high' },
  },
  float_type: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, engagement_rate: [0.5] } },
  greater_than_equal: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, likes: -1 } },
  less_than_equal: {
    method: 'POST',
    url: '/extract-patterns',
    payload: { ...seedPost, engagement_rate: 1.5 },
  },
  datetime_from_date_parsing: {
    method: 'POST',
    url: '/extract-patterns',
    payload: { ...seedPost, timestamp: 'yesterday' },
  },
  datetime_parsing: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, timestamp: 1e20 } },
  datetime_type: { method: 'POST', url: '/extract-patterns', payload: { ...seedPost, timestamp: true } },
  list_type: { method: 'POST', url: '/comments/process', payload: { post_id: 'post_12345', comments: 'c1' } },
  too_short: { method: 'POST', url: '/viral-metrics/batch', payload: { post_ids: [], timeframe: '1h' } },
  too_long: {
    method: 'POST',
    url: '/analyze-batch',
    payload: { posts: Array.from({ length: 4 }, () => seedPost) },
  },
  bool_parsing: { method: 'GET', url: '/viral-metrics/post_12345?use_cache=maybe' },
  literal_error: { method: 'GET', url: '/anomalies?severity=critical' },
  extra_forbidden: {
    method: 'POST',
    url: '/analyze/emotion-trajectory',
    payload: { segments: ['Hi.'], mood: 'x' },
  },
  payload_too_large: {
    method: 'POST',
    url: '/extract-patterns',
    payload: { ...seedPost, content: 'a'.repeat(3000) },
  },
  pattern_extraction_failed: {
    method: 'POST',
    url: '/extract-patterns',
    payload: seedPost,
    app: 'broken-patterns',
  },
};

let deps: Deps;
let api: App;
let broken: App;

beforeAll(async () => {
  // a small body limit and batch bound, so the 413 and too_long files stay short
  deps = await createDeps(testConfig({ BODY_LIMIT_BYTES: '2048', MAX_BATCH_SIZE: '3' }));
  api = await buildApp(deps);
  const nlp = fixedNlp();
  nlp.analyze = () => {
    throw new Error('lexicon exploded at /srv/secret/path');
  };
  broken = await buildPatternsApp({
    config: deps.config,
    logger: pino({ level: 'silent' }),
    telemetry: createTelemetry(),
    patterns: new PatternService({ nlp, cacheTtlSeconds: 60 }),
  });
});

afterAll(async () => {
  await api.close();
  await broken.close();
  await deps.close();
});

describe('error bodies, one golden file per kind', () => {
  it.each(Object.entries(CASES))('%s', async (kind, req) => {
    const app = req.app === 'broken-patterns' ? broken : api;
    const res = await app.inject({
      method: req.method,
      url: req.url,
      headers: { 'content-type': 'application/json' },
      ...(req.raw !== undefined
        ? { payload: req.raw }
        : req.payload !== undefined
          ? { payload: JSON.stringify(req.payload) }
          : {}),
    });
    const actual = { request: req, status: res.statusCode, body: res.json<unknown>() };
    const file = join(GOLDEN_DIR, `${kind}.json`);
    if (update) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    }
    const golden = JSON.parse(readFileSync(file, 'utf8')) as typeof actual;
    expect(golden.request).toEqual(JSON.parse(JSON.stringify(req)));
    expect(res.statusCode).toBe(golden.status);
    expect(res.body).toBe(JSON.stringify(golden.body));
  });
});
