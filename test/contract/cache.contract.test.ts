import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/infra/cache/cache.js';
import { MemoryCache } from '../../src/infra/cache/memory-cache.js';
import { RedisCache } from '../../src/infra/cache/redis-cache.js';
import { deleteKeys, randomPrefix, TEST_REDIS_URL } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Implementation {
  kind: Cache['kind'];
  create(): Promise<{ cache: Cache; cleanup(): Promise<void> }>;
}

const implementations: Implementation[] = [
  {
    kind: 'memory',
    create: () => {
      const cache = new MemoryCache();
      return Promise.resolve({ cache, cleanup: () => cache.close() });
    },
  },
  {
    kind: 'redis',
    create: async () => {
      const prefix = randomPrefix();
      const cache = new RedisCache({ url: TEST_REDIS_URL, prefix });
      expect(await cache.waitReady(2000)).toBe(true);
      return {
        cache,
        cleanup: async () => {
          await cache.close();
          await deleteKeys(prefix);
        },
      };
    },
  },
];

describe.each(implementations)('Cache contract ($kind)', ({ kind, create }) => {
  let sut: Cache;
  let cleanup: () => Promise<void>;
  let n = 0;
  // A fresh key per use so the cases never see each other's entries.
  const key = (name: string) => `${name}:${++n}`;

  beforeAll(async () => {
    ({ cache: sut, cleanup } = await create());
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('reports its kind and answers ping', async () => {
    expect(sut.kind).toBe(kind);
    await expect(sut.ping()).resolves.toBeUndefined();
  });

  it('returns a JSON copy of what was set and undefined on a miss', async () => {
    const k = key('viral_metrics:p1:1h');
    const value = {
      post_id: 'p1',
      viral_coefficient: 12.5,
      at: new Date('2026-11-20T10:00:00Z'),
      tags: ['a'],
      none: null,
    };
    expect(await sut.set(k, value, 60)).toBe(true);
    value.tags.push('mutated');
    expect(await sut.get(k)).toEqual({
      post_id: 'p1',
      viral_coefficient: 12.5,
      at: '2026-11-20T10:00:00.000Z',
      tags: ['a'],
      none: null,
    });
    expect(await sut.get(key('never-set'))).toBeUndefined();
    const zero = key('zero');
    await sut.set(zero, 0, 60);
    expect(await sut.get(zero)).toBe(0);
  });

  it('forgets a value after its TTL and renews the TTL on set', async () => {
    const k = key('ttl');
    await sut.set(k, 'v1', 0.3);
    await sleep(200);
    await sut.set(k, 'v2', 0.3);
    await sleep(200);
    expect(await sut.get(k)).toBe('v2');
    await sleep(200);
    expect(await sut.get(k)).toBeUndefined();
  });

  it('deletes several keys at once and ignores missing ones', async () => {
    const [a, b, c] = [key('del'), key('del'), key('del')];
    await sut.set(a, 1, 60);
    await sut.set(b, 2, 60);
    await sut.set(c, 3, 60);
    await sut.del(a, b, key('missing'));
    expect([await sut.get(a), await sut.get(b), await sut.get(c)]).toEqual([undefined, undefined, 3]);
  });

  it('reads many keys in order with getMany, misses and expired keys as undefined', async () => {
    const [a, b, c] = [key('many:a'), key('many:b'), key('many:c')];
    await sut.set(a, { n: 1 }, 60);
    await sut.set(c, 'short', 0.2);
    expect(await sut.getMany([a, b, c, a])).toEqual([{ n: 1 }, undefined, 'short', { n: 1 }]);
    await sleep(300);
    expect(await sut.getMany([c, a])).toEqual([undefined, { n: 1 }]);
    expect(await sut.getMany([])).toEqual([]);
  });

  it('sets only an absent key with setIfAbsent, and again once it expired', async () => {
    const k = key('comment:c1');
    expect(await sut.setIfAbsent(k, { first: true }, 0.2)).toBe(true);
    expect(await sut.setIfAbsent(k, { first: false }, 0.2)).toBe(false);
    expect(await sut.get(k)).toEqual({ first: true });
    await sleep(300);
    expect(await sut.setIfAbsent(k, { first: false }, 60)).toBe(true);
    expect(await sut.get(k)).toEqual({ first: false });
  });

  it('dedups a batch with setManyIfAbsent, repeated keys included', async () => {
    const [a, b, c] = [key('comment'), key('comment'), key('comment')];
    expect(await sut.setManyIfAbsent([a, b, a], 60)).toEqual([true, true, false]);
    expect(await sut.setManyIfAbsent([b, c], 60)).toEqual([false, true]);
    expect(await sut.get(c)).toBe(1);
    expect(await sut.setManyIfAbsent([], 60)).toEqual([]);
  });

  it('dedups 1,000 comment ids of which every third was seen, in one call', async () => {
    const base = key('bulk');
    const ids = Array.from({ length: 1000 }, (_, i) => `${base}:${i}`);
    await sut.setManyIfAbsent(
      ids.filter((_, i) => i % 3 === 0),
      60,
    );
    const started = performance.now();
    const fresh = await sut.setManyIfAbsent(ids, 60);
    const ms = performance.now() - started;
    expect(fresh.filter(Boolean)).toHaveLength(666);
    expect(fresh.slice(0, 6)).toEqual([false, true, true, false, true, true]);
    expect(ms).toBeLessThan(250);
  });

  it('counts within a fixed window with incr and starts over after it', async () => {
    const k = key('rate:client-1');
    expect(await sut.incr(k, 0.4)).toBe(1);
    expect(await sut.incr(k, 0.4)).toBe(2);
    await sleep(250);
    // Later increments must not push the window's end back.
    expect(await sut.incr(k, 0.4)).toBe(3);
    await sleep(250);
    expect(await sut.incr(k, 0.4)).toBe(1);
    expect(await sut.get(k)).toBe(1);
  });

  it('throws on a TTL that is not positive and on incr of a non-counter', async () => {
    await expect(sut.set(key('bad'), 1, 0)).rejects.toThrow(RangeError);
    await expect(sut.setIfAbsent(key('bad'), 1, -1)).rejects.toThrow(RangeError);
    const text = key('text');
    await sut.set(text, 'not a number', 60);
    await expect(sut.incr(text, 60)).rejects.toThrow();
  });

  it('counts no errors while the backend is up', () => {
    expect(sut.errorCount()).toBe(0);
  });
});
