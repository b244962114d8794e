import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import { MemoryCache } from '../../src/infra/cache/memory-cache.js';
import type { ProcessCommentsResponse } from '../../src/comments/schemas.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';
import {
  createCommentsHarness,
  makeComment,
  makeComments,
  waitForIdle,
  type CommentsHarness,
} from '../factories/comments.js';

async function countRows(store: Store, table: 'comments' | 'comment_analysis'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    store.db,
  );
  return Number(rows[0]?.n);
}

/** How many comment ids a queued payload carries. */
const idsIn = (payload: object): number =>
  'commentIds' in payload && Array.isArray(payload.commentIds) ? payload.commentIds.length : 0;

async function metricValue(h: CommentsHarness, name: string): Promise<number> {
  const metric = await h.telemetry.registry.getSingleMetric(name)?.get();
  return metric?.values.reduce((s, v) => s + v.value, 0) ?? 0;
}

describe.each(testStoreEngines)('POST /comments/process ($engine)', ({ create }) => {
  let store: Store;
  let sut: CommentsHarness;

  useTestStore(create, (s) => (store = s));
  beforeEach(async () => {
    sut = await createCommentsHarness(store, { startQueue: false });
  });
  afterEach(async () => {
    await sut.close();
  });

  const post = (body: unknown) =>
    sut.app.inject({ method: 'POST', url: '/comments/process', payload: body as object });

  it('stores each id once when a request repeats ids', async () => {
    const comments = [
      makeComment({ id: 'a' }),
      makeComment({ id: 'b' }),
      makeComment({ id: 'a', text: 'second copy' }),
      makeComment({ id: 'c' }),
      makeComment({ id: 'b' }),
    ];
    const res = await post({ post_id: 'p1', comments });
    expect(res.statusCode).toBe(200);
    const body = res.json<ProcessCommentsResponse>();
    expect(body).toMatchObject({
      status: 'success',
      processed_count: 5,
      stored_count: 3,
      duplicates_filtered: 2,
      queued_count: 3,
    });
    expect(body.processing_time_ms).toBeGreaterThanOrEqual(0);
    const { rows } = await sql<{ comment_id: string; text: string; post_id: string }>`
      select comment_id, text, post_id from comments order by comment_id`.execute(store.db);
    // The first occurrence wins.
    expect(rows).toEqual([
      { comment_id: 'a', text: makeComment().text, post_id: 'p1' },
      { comment_id: 'b', text: makeComment().text, post_id: 'p1' },
      { comment_id: 'c', text: makeComment().text, post_id: 'p1' },
    ]);
  });

  it('filters ids stored by an earlier request through the cache', async () => {
    await post({ post_id: 'p1', comments: makeComments(3, { prefix: 'x' }) });
    const res = await post({ post_id: 'p1', comments: makeComments(3, { prefix: 'x', from: 1 }) });
    expect(res.json()).toMatchObject({ processed_count: 3, stored_count: 1, duplicates_filtered: 2 });
    expect(await countRows(store, 'comments')).toBe(4);
    expect(await metricValue(sut, 'comment_cache_hits_total')).toBe(2);
    expect(await metricValue(sut, 'comment_duplicates_detected_total')).toBe(2);
  });

  it('filters ids the cache does not know through the unique constraint', async () => {
    await post({ post_id: 'p1', comments: makeComments(3, { prefix: 'y' }) });
    // Another replica: same database, empty cache.
    const other = await createCommentsHarness(store, { startQueue: false, cache: new MemoryCache() });
    try {
      const res = await other.app.inject({
        method: 'POST',
        url: '/comments/process',
        payload: { post_id: 'p1', comments: makeComments(4, { prefix: 'y' }) },
      });
      expect(res.json()).toMatchObject({
        processed_count: 4,
        stored_count: 1,
        duplicates_filtered: 3,
        queued_count: 1,
      });
      expect(await metricValue(other, 'comment_cache_hits_total')).toBe(0);
    } finally {
      await other.close();
    }
    expect(await countRows(store, 'comments')).toBe(4);
  });

  it('stores every comment exactly once under concurrent overlapping requests', async () => {
    // Four requests over ids 0…1499, each overlapping its neighbours by 250, two app instances
    // with their own caches (two replicas), all at once.
    const replica = await createCommentsHarness(store, { startQueue: false, cache: new MemoryCache() });
    try {
      // Every other request lists its ids backwards: writers must not deadlock on key order.
      const ranges = [0, 250, 500, 750, 1000].map((from, i) => {
        const comments = makeComments(500, { prefix: 'k', from });
        return i % 2 === 1 ? comments.reverse() : comments;
      });
      const responses = await Promise.all(
        ranges.map((comments, i) =>
          (i % 2 === 0 ? sut : replica).app.inject({
            method: 'POST',
            url: '/comments/process',
            payload: { post_id: 'p1', comments },
          }),
        ),
      );
      const bodies = responses.map((r) => r.json<ProcessCommentsResponse>());
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(bodies.reduce((s, b) => s + b.stored_count, 0)).toBe(1500);
      expect(bodies.reduce((s, b) => s + b.duplicates_filtered, 0)).toBe(2500 - 1500);
      expect(await countRows(store, 'comments')).toBe(1500);
      const { rows } = await sql<{
        n: number;
      }>`select count(distinct comment_id)::int as n from comments`.execute(store.db);
      expect(rows[0]?.n).toBe(1500);
    } finally {
      await replica.close();
    }
  });

  it('queues the stored comments in jobs of COMMENT_BATCH_SIZE and analyses each once', async () => {
    const add = vi.spyOn(sut.queue, 'add');
    const addMany = vi.spyOn(sut.queue, 'addMany');
    const res = await post({ post_id: 'p1', comments: makeComments(23, { prefix: 'q' }) });
    expect(res.json()).toMatchObject({ stored_count: 23, queued_count: 23 });
    // More than one batch (default 10): one job on the request path, split by a worker.
    expect((await sut.queue.counts()).waiting).toBe(1);
    expect(add.mock.calls.map(([name, payload]) => [name, idsIn(payload)])).toEqual([
      ['queue_comment_batches', 23],
    ]);
    await sut.queue.start();
    await waitForIdle(sut.queue);
    expect(addMany.mock.calls.map(([name, payloads]) => [name, payloads.map(idsIn)])).toEqual([
      ['analyze_comment_batch', [10, 10, 3]],
    ]);
    expect(await countRows(store, 'comment_analysis')).toBe(23);
    expect(await metricValue(sut, 'comment_processing_success_total')).toBe(23);
  });

  it('queues a request that fits one batch as one analysis job', async () => {
    const add = vi.spyOn(sut.queue, 'add');
    const res = await post({ post_id: 'p1', comments: makeComments(10, { prefix: 'one' }) });
    expect(res.json()).toMatchObject({ stored_count: 10, queued_count: 10 });
    expect(add.mock.calls.map(([name, payload]) => [name, idsIn(payload)])).toEqual([
      ['analyze_comment_batch', 10],
    ]);
    await sut.queue.start();
    await waitForIdle(sut.queue);
    expect(await countRows(store, 'comment_analysis')).toBe(10);
  });

  it('accepts an empty batch and a null parent_id', async () => {
    expect((await post({ post_id: 'p1', comments: [] })).json()).toMatchObject({
      processed_count: 0,
      stored_count: 0,
    });
    const res = await post({ post_id: 'p1', comments: [makeComment({ id: 'n1', parent_id: null })] });
    expect(res.json()).toMatchObject({ stored_count: 1 });
  });

  describe('rejects bad payloads with 422 and stores nothing', () => {
    const cases: [string, unknown, unknown][] = [
      [
        'a comment without id',
        {
          post_id: 'p1',
          comments: [
            makeComment({ id: 'ok' }),
            { text: 't', author: 'a', timestamp: '2026-11-20T10:00:00Z' },
          ],
        },
        { loc: ['body', 'comments', 1, 'id'], type: 'missing' },
      ],
      [
        '1,001 comments',
        { post_id: 'p1', comments: makeComments(1001) },
        { loc: ['body', 'comments'], type: 'too_long' },
      ],
      [
        'a text of 10,001 characters',
        {
          post_id: 'p1',
          comments: [makeComment({ id: 'ok' }), makeComment({ id: 'long', text: 'é'.repeat(10_001) })],
        },
        { loc: ['body', 'comments', 1, 'text'], type: 'string_too_long' },
      ],
      [
        'an author that is a number',
        { post_id: 'p1', comments: [{ ...makeComment(), author: 42 }] },
        { loc: ['body', 'comments', 0, 'author'], type: 'string_type' },
      ],
      [
        'comments that is not a list',
        { post_id: 'p1', comments: { id: 'x' } },
        { loc: ['body', 'comments'], type: 'list_type' },
      ],
      [
        'a timestamp that is not ISO 8601',
        { post_id: 'p1', comments: [makeComment({ timestamp: 'yesterday' })] },
        { loc: ['body', 'comments', 0, 'timestamp'], type: 'datetime_parsing' },
      ],
      [
        'a timestamp of a day that does not exist',
        {
          post_id: 'p1',
          comments: [makeComment(), makeComment({ id: 'b', timestamp: '2026-13-45T99:99:99Z' })],
        },
        { loc: ['body', 'comments', 1, 'timestamp'], type: 'datetime_parsing' },
      ],
      [
        'the 30th of February',
        { post_id: 'p1', comments: [makeComment({ timestamp: '2026-02-30' })] },
        { loc: ['body', 'comments', 0, 'timestamp'], type: 'datetime_parsing' },
      ],
      [
        'a NUL byte in a comment id',
        { post_id: 'p1', comments: [makeComment({ id: 'c\u00001' })] },
        { loc: ['body', 'comments', 0, 'id'], type: 'string_unicode' },
      ],
      [
        'a NUL byte in the text (never silently stripped)',
        { post_id: 'p1', comments: [makeComment({ text: 'hello\u0000world' })] },
        { loc: ['body', 'comments', 0, 'text'], type: 'string_unicode' },
      ],
      [
        'a NUL byte in the post id',
        { post_id: 'p\u00001', comments: [makeComment()] },
        { loc: ['body', 'post_id'], type: 'string_unicode' },
      ],
      [
        'a lone surrogate in an author (it would become U+FFFD and collide)',
        { post_id: 'p1', comments: [makeComment({ author: 'ana\ud800' })] },
        { loc: ['body', 'comments', 0, 'author'], type: 'string_unicode' },
      ],
      ['a missing post_id', { comments: [makeComment()] }, { loc: ['body', 'post_id'], type: 'missing' }],
    ];

    it.each(cases)('%s', async (_name, body, detail) => {
      const res = await post(body);
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: unknown[] }>().detail).toContainEqual(
        expect.objectContaining(detail as object),
      );
      expect(await countRows(store, 'comments')).toBe(0);
    });

    it('accepts exactly 1,000 comments and 10,000 characters', async () => {
      const comments = makeComments(1000);
      comments[0] = makeComment({ id: 'c_0', text: '😀'.repeat(10_000) });
      const res = await post({ post_id: 'p1', comments });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ stored_count: 1000 });
    });

    it('accepts the ISO 8601 forms clients send: naive, with a space, a date, a leap day', async () => {
      const stamps = [
        '2026-11-23T10:00:00',
        '2026-11-23 10:00:00.123456',
        '2026-11-23',
        '2024-02-29T23:59:59+05:30',
      ];
      const res = await post({
        post_id: 'p1',
        comments: stamps.map((timestamp, i) => makeComment({ id: `t${i}`, timestamp })),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ stored_count: 4 });
    });

    it('keeps two ids apart that differ only in a character a lossy decoder would replace', async () => {
      const res = await post({ post_id: 'p1', comments: [makeComment({ id: 'x\ufffd' })] });
      expect(res.statusCode).toBe(200);
      const lone = await post({ post_id: 'p1', comments: [makeComment({ id: 'x\udc00' })] });
      expect(lone.statusCode).toBe(422);
      expect(await countRows(store, 'comments')).toBe(1);
    });
  });
});

describe('POST /comments/process rate limit', () => {
  let handle: TestStore;
  let sut: CommentsHarness;

  beforeAll(async () => {
    handle = await testStoreEngines[0]!.create();
    sut = await createCommentsHarness(handle.store, {
      startQueue: false,
      config: { COMMENT_RATE_LIMIT_PER_MINUTE: '2' },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await handle?.cleanup();
  });

  it('answers 429 with Retry-After over COMMENT_RATE_LIMIT_PER_MINUTE, per client', async () => {
    const send = (id: string, headers: Record<string, string> = {}) =>
      sut.app.inject({
        method: 'POST',
        url: '/comments/process',
        headers,
        payload: { post_id: 'p1', comments: [makeComment({ id })] },
      });
    expect((await send('r1')).statusCode).toBe(200);
    expect((await send('r2')).statusCode).toBe(200);
    const limited = await send('r3');
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json<{ detail: string }>().detail).toMatch(
      /^Rate limit of 2 comment requests per minute exceeded/,
    );
    // A made-up bearer token is not a client of its own (API_KEYS is unset): same address, same budget.
    expect((await send('r4', { authorization: 'Bearer made-up-1' })).statusCode).toBe(429);
    expect((await send('r5', { authorization: 'Bearer made-up-2' })).statusCode).toBe(429);
    // Another address has its own budget; the limited requests stored nothing.
    const other = await sut.app.inject({
      method: 'POST',
      url: '/comments/process',
      remoteAddress: '10.0.0.9',
      payload: { post_id: 'p1', comments: [makeComment({ id: 'r6' })] },
    });
    expect(other.statusCode).toBe(200);
    const { rows } = await sql<{ id: string }>`select comment_id as id from comments order by 1`.execute(
      handle.store.db,
    );
    expect(rows.map((r) => r.id)).toEqual(['r1', 'r2', 'r6']);
  });

  it('gives each configured API key its own budget, and nothing to unknown tokens', async () => {
    const keyed = await createCommentsHarness(handle.store, {
      startQueue: false,
      config: { COMMENT_RATE_LIMIT_PER_MINUTE: '1', API_KEYS: 'key-a,key-b' },
    });
    try {
      const send = (id: string, authorization: string) =>
        keyed.app.inject({
          method: 'POST',
          url: '/comments/process',
          headers: { authorization },
          payload: { post_id: 'p2', comments: [makeComment({ id })] },
        });
      expect((await send('k1', 'Bearer key-a')).statusCode).toBe(200);
      expect((await send('k2', 'Bearer key-a')).statusCode).toBe(429);
      expect((await send('k3', 'Bearer key-b')).statusCode).toBe(200);
      expect((await send('k4', 'Bearer not-a-key')).statusCode).toBe(401);
    } finally {
      await keyed.close();
    }
  });

  it('does not limit the other comment routes', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await sut.app.inject({ method: 'GET', url: '/api/comments' })).statusCode).toBe(200);
    }
  });
});

describe('POST /comments/process rate limit with REDIS_URL', () => {
  let handle: TestStore;
  const replicas: CommentsHarness[] = [];

  beforeAll(async () => {
    handle = await testStoreEngines[0]!.create();
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await createCommentsHarness(handle.store, {
          startQueue: false,
          config: { COMMENT_RATE_LIMIT_PER_MINUTE: '2', REDIS_URL: TEST_REDIS_URL },
        }),
      );
    }
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await handle?.cleanup();
  });

  it('shares one budget per client between replicas', async () => {
    // The limiter fails open until its Redis connection is up.
    for (const r of replicas) {
      const redis = r.module.redis!;
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    }
    // A client address of its own: the limiter's Redis keys outlive this test for a minute.
    const remoteAddress = `2001:db8::${randomBytes(4)
      .toString('hex')
      .replace(/(.{4})/, '$1:')}`;
    const send = (r: CommentsHarness, id: string) =>
      r.app.inject({
        method: 'POST',
        url: '/comments/process',
        remoteAddress,
        payload: { post_id: 'p1', comments: [makeComment({ id })] },
      });
    expect((await send(replicas[0]!, 's1')).statusCode).toBe(200);
    expect((await send(replicas[1]!, 's2')).statusCode).toBe(200);
    const limited = await send(replicas[0]!, 's3');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
