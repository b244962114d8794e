import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { BullMqQueue } from '../../src/infra/queue/bullmq-queue.js';
import { createTestApp, waitForJob, type TestApp } from '../helpers/app.js';
import { randomPrefix } from '../helpers/redis.js';
import { startRedisServer, type RedisServer } from '../helpers/redis.js';

/** Issue 16 item 4: while Redis is down, queue writes answer 503 with Retry-After in seconds, never hang or 500. */
describe('requests that queue work while Redis is down', () => {
  let redis: RedisServer;
  let queue: BullMqQueue;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    queue = new BullMqQueue({ url: redis.url, prefix: randomPrefix(), logger: pino({ level: 'silent' }) });
    await queue.waitReady(2000);
    t = await createTestApp('embedded', {
      overrides: { queue },
      env: { API_KEYS: 'ops-key', COMMENT_MONITOR_NEW_POSTS: 'false' },
    });
    await redis.kill();
  });
  afterAll(async () => {
    // the queue first: its workers finish their jobs while the store they write to is still open
    await queue.close();
    await t.close();
    await redis.kill();
  });

  const auth = { authorization: 'Bearer ops-key' };

  it.each([
    [
      'POST /comments/monitor',
      {
        method: 'POST' as const,
        url: '/comments/monitor',
        payload: { post_id: 'sim_post_1', interval_seconds: 60 },
      },
    ],
    ['POST /process-active-posts', { method: 'POST' as const, url: '/process-active-posts' }],
    ['GET /jobs/{id}', { method: 'GET' as const, url: '/jobs/process-1' }],
  ])('%s answers 503 with Retry-After within seconds', async (_name, request) => {
    const started = Date.now();
    const res = await t.app.inject({ ...request, headers: auth });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json<{ detail: string }>().detail).toMatch(/queue is unavailable/);
  });

  it('stores the monitor as failed rather than half-started', async () => {
    const rows = await t.deps.store.db.selectFrom('comment_monitors').select(['status', 'post_id']).execute();
    expect(rows).toEqual([{ status: 'failed', post_id: 'sim_post_1' }]);
  });

  it('keeps /ready’s error text from callers without a key, and shows it to an operator', async () => {
    const anonymous = await t.app.inject({ url: '/ready' });
    expect(anonymous.statusCode).toBe(503);
    expect(anonymous.json()).toEqual({
      ready: false,
      checks: { store: { ok: true }, cache: { ok: true }, queue: { ok: false, error: 'unreachable' } },
    });
    const operator = await t.app.inject({ url: '/ready', headers: auth });
    const error = operator.json<{ checks: { queue: { error: string } } }>().checks.queue.error;
    expect(error).not.toBe('unreachable');
    expect(error.length).toBeGreaterThan(0);
  });

  it('accepts work again once Redis is back', async () => {
    await redis.start();
    await queue.waitReady(5000);
    const res = await t.app.inject({ method: 'POST', url: '/process-active-posts', headers: auth });
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(t.app, res.json<{ job_id: string }>().job_id, 60_000, auth);
    expect(job.state).toBe('completed');
  });
});
