import { CommentsRepository } from '../../src/comments/repository.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/infra/cache/cache.js';
import { MemoryCache } from '../../src/infra/cache/memory-cache.js';
import { RedisCache } from '../../src/infra/cache/redis-cache.js';
import { MemoryQueue } from '../../src/infra/queue/memory-queue.js';
import type { Queue } from '../../src/infra/queue/queue.js';
import type { ProcessCommentsResponse } from '../../src/comments/schemas.js';
import { createTestPgStore } from '../helpers/pg.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';
import { createCommentsHarness, makeComments, waitForIdle } from '../factories/comments.js';

const post = (
  h: { app: { inject: (o: object) => Promise<{ statusCode: number; json: <T>() => T }> } },
  body: object,
) => h.app.inject({ method: 'POST', url: '/comments/process', payload: body });

/** `target` with some methods replaced; the others are bound to it (classes with #private fields). */
function delegate<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(t, key) {
      if (key in replaced) return (replaced as Record<PropertyKey, unknown>)[key];
      const value = Reflect.get(t, key, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

async function countComments(store: TestStore['store']): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from comments`.execute(store.db);
  return Number(rows[0]?.n);
}

describe('comment ingestion under faults', () => {
  let handle: TestStore;

  beforeAll(async () => {
    handle = await testStoreEngines[0]!.create();
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  it('answers 503 when the database is gone and stores nothing', async () => {
    const pg = await createTestPgStore();
    const sut = await createCommentsHarness(pg.store, { startQueue: false });
    try {
      await pg.drop();
      const res = await post(sut, { post_id: 'p1', comments: makeComments(3) });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        detail: 'the comment store is unavailable; nothing was stored, retry later',
      });
      expect((await sut.queue.counts()).waiting).toBe(0);
      const errors = await sut.telemetry.registry.getSingleMetric('comment_processing_errors_total')?.get();
      expect(errors?.values).toContainEqual(
        expect.objectContaining({ labels: { error_type: 'database' }, value: 1 }),
      );
    } finally {
      await sut.close();
    }
  });

  it('bounds a request by COMMENT_PROCESSING_TIMEOUT; a retry after it is deduplicated', async () => {
    const inner = new MemoryCache();
    let slow = true;
    const slowCache = delegate<Cache>(inner, {
      getMany: async <T>(keys: readonly string[]) => {
        if (slow) await new Promise((r) => setTimeout(r, 1_500));
        return inner.getMany<T>(keys);
      },
    });
    const sut = await createCommentsHarness(handle.store, {
      startQueue: false,
      cache: slowCache,
      config: { COMMENT_PROCESSING_TIMEOUT: '1' },
    });
    try {
      const comments = makeComments(5, { prefix: 'slow' });
      const started = Date.now();
      const res = await post(sut, { post_id: 'p1', comments });
      expect(res.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(1_400);
      expect(res.json<{ detail: string }>().detail).toMatch(/did not finish within 1 s; retrying is safe/);
      slow = false;
      // The timed-out work still completes; the client's retry then finds every id stored.
      await new Promise((r) => setTimeout(r, 800));
      const retry = await post(sut, { post_id: 'p1', comments });
      expect(retry.json()).toMatchObject({ stored_count: 0, duplicates_filtered: 5 });
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from comments where comment_id like 'slow%'`.execute(handle.store.db);
      expect(rows[0]?.n).toBe(5);
    } finally {
      await sut.close();
    }
  });

  it('keeps deduplicating through the database when Redis is unreachable', async () => {
    const deadRedis = new RedisCache({ url: 'redis://127.0.0.1:1' });
    const sut = await createCommentsHarness(handle.store, { startQueue: false, cache: deadRedis });
    try {
      const comments = makeComments(4, { prefix: 'nored' });
      const first = await post(sut, { post_id: 'p1', comments });
      const second = await post(sut, { post_id: 'p1', comments });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ stored_count: 4 });
      expect(second.json()).toMatchObject({ stored_count: 0, duplicates_filtered: 4 });
    } finally {
      await sut.close();
      await deadRedis.close();
    }
  });

  it('retries the job that splits a request into analysis batches when queueing them fails', async () => {
    const working = new MemoryQueue();
    let failures = 1;
    const flakyQueue = delegate<Queue>(working, {
      addMany: (...args: Parameters<Queue['addMany']>) =>
        failures-- > 0 ? Promise.reject(new Error('queue unavailable (test)')) : working.addMany(...args),
    });
    const sut = await createCommentsHarness(handle.store, { queue: flakyQueue });
    try {
      const res = await post(sut, { post_id: 'p1', comments: makeComments(25, { prefix: 'split' }) });
      expect(res.json<ProcessCommentsResponse>()).toMatchObject({ status: 'success', queued_count: 25 });
      await waitForIdle(working);
      const { rows } = await sql<{ n: number; distinct_ids: number }>`
        select count(*)::int as n, count(distinct comment_id)::int as distinct_ids
        from comment_analysis where comment_id like 'split%'`.execute(handle.store.db);
      expect(rows[0]).toEqual({ n: 25, distinct_ids: 25 });
      expect(failures).toBe(-1);
    } finally {
      await sut.close();
    }
  });

  it('answers partial when analysis cannot be queued, and the next sweep queues it', async () => {
    const working = new MemoryQueue();
    let down = true;
    const flakyQueue = delegate<Queue>(working, {
      add: (...args: Parameters<Queue['add']>) =>
        down ? Promise.reject(new Error('queue unavailable (test)')) : working.add(...args),
      addMany: (...args: Parameters<Queue['addMany']>) =>
        down ? Promise.reject(new Error('queue unavailable (test)')) : working.addMany(...args),
    });
    const sut = await createCommentsHarness(handle.store, { queue: flakyQueue });
    try {
      const res = await post(sut, { post_id: 'p1', comments: makeComments(12, { prefix: 'noq' }) });
      expect(res.statusCode).toBe(200);
      expect(res.json<ProcessCommentsResponse>()).toMatchObject({
        status: 'partial',
        stored_count: 12,
        queued_count: 0,
      });
      expect(await countComments(handle.store)).toBeGreaterThanOrEqual(12);

      const { rows: marks } = await sql<{ n: number }>`
        select count(*)::int as n from comments where comment_id like 'noq%' and analysis_queued_at is null`.execute(
        handle.store.db,
      );
      expect(marks[0]?.n).toBe(12);
      // a sweep while the queue is still down queues nothing and leaves them marked
      expect(await sut.module.comments.sweep()).toEqual({
        requeued_comments: 0,
        requeued_dms: 0,
        hidden_replies: 0,
      });

      down = false;
      // no waiting for a requeue horizon: they were never queued
      const swept = await sut.module.comments.sweep();
      expect(swept.requeued_comments).toBe(12);
      expect((await sut.module.comments.sweep()).requeued_comments).toBe(0);
      await waitForIdle(working);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from comment_analysis where comment_id like 'noq%'`.execute(
        handle.store.db,
      );
      expect(rows[0]?.n).toBe(12);
    } finally {
      await sut.close();
    }
  });

  it('lets two sweeps running at once claim each unqueued comment once', async () => {
    const sut = await createCommentsHarness(handle.store, { startQueue: false });
    try {
      const res = await post(sut, { post_id: 'p1', comments: makeComments(60, { prefix: 'race' }) });
      expect(res.statusCode).toBe(200);
      await sql`update comments set analysis_queued_at = null where comment_id like 'race%'`.execute(
        handle.store.db,
      );
      const repo = new CommentsRepository(handle.store.db);
      const now = new Date();
      const [a, b] = await Promise.all([
        repo.claimUnqueued(new Date(now.getTime() - 600_000), now, 40),
        repo.claimUnqueued(new Date(now.getTime() - 600_000), now, 40),
      ]);
      const claimed = [...a, ...b].filter((id) => id.startsWith('race'));
      expect(claimed).toHaveLength(60);
      expect(new Set(claimed).size).toBe(60);
    } finally {
      await sut.close();
    }
  });

  it('sweeps at worker start: comments left unqueued by a crash are queued before any interval passes', async () => {
    const first = await createCommentsHarness(handle.store, { startQueue: false });
    await post(first, { post_id: 'p1', comments: makeComments(7, { prefix: 'boot' }) });
    await first.close();
    await sql`update comments set analysis_queued_at = null where comment_id like 'boot%'`.execute(
      handle.store.db,
    );
    const second = await createCommentsHarness(handle.store, {
      config: { COMMENT_SWEEP_INTERVAL_SECONDS: '3600' },
    });
    try {
      await second.module.start();
      await waitForIdle(second.queue);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from comment_analysis where comment_id like 'boot%'`.execute(
        handle.store.db,
      );
      expect(rows[0]?.n).toBe(7);
    } finally {
      await second.close();
    }
  });
});
