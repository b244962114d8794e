import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../../src/infra/cache/redis-cache.js';
import { captureLogs } from '../helpers/log-capture.js';
import { startRedisServer, type RedisServer } from '../helpers/redis.js';

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`${RedisCache.name} when Redis goes away`, () => {
  let server: RedisServer;
  let sut: RedisCache;
  const { logger, lines } = captureLogs('info');

  beforeAll(async () => {
    server = await startRedisServer();
    sut = new RedisCache({ url: server.url, prefix: 'fault:', logger });
    expect(await sut.waitReady(2000)).toBe(true);
  });
  afterAll(async () => {
    await sut?.close();
    await server?.kill();
  });

  it('serves misses quickly without throwing while Redis is down, and resumes when it returns', async () => {
    expect(await sut.set('k', { v: 1 }, 60)).toBe(true);
    expect(await sut.get('k')).toEqual({ v: 1 });

    await server.kill();

    // Each call answers "nothing known" within a second, never throws.
    const calls = [
      await timed(() => sut.get('k')),
      await timed(() => sut.set('k2', 2, 60)),
      await timed(() => sut.setIfAbsent('dedup', 1, 60)),
      await timed(() => sut.setManyIfAbsent(['a', 'b'], 60)),
      await timed(() => sut.incr('rate', 60)),
      await timed(() => sut.del('k')),
      await timed(() => sut.getMany(['k', 'k2'])),
    ];
    expect(calls.map((c) => c.value)).toEqual([
      undefined,
      false,
      true,
      [true, true],
      0,
      undefined,
      [undefined, undefined],
    ]);
    for (const call of calls) expect(call.ms).toBeLessThan(1000);
    await expect(sut.ping()).rejects.toThrow();
    expect(sut.errorCount()).toBe(7);
    const outageLines = lines.filter((l) => l.msg.startsWith('redis cache unavailable'));
    expect(outageLines).toHaveLength(1);

    await server.start();
    await eventually(async () => (await sut.set('k3', 'back', 60)) === true, 5000);
    expect(await sut.get('k3')).toBe('back');
    await expect(sut.ping()).resolves.toBeUndefined();
    expect(lines.filter((l) => l.msg === 'redis cache available again')).toHaveLength(1);
    // The restarted server is empty: the old entry is gone, dedup starts over.
    expect(await sut.get('k')).toBeUndefined();
    expect(await sut.setIfAbsent('dedup', 1, 60)).toBe(true);
    expect(await sut.setIfAbsent('dedup', 1, 60)).toBe(false);
  });

  it('answers commands in flight when Redis dies under them', async () => {
    await sut.setManyIfAbsent(['load:0', 'load:1'], 60);
    const before = sut.errorCount();
    // Stopped first, so the commands are surely sent and unanswered when the process dies.
    server.pause();
    const started = performance.now();
    const inFlight = Array.from({ length: 200 }, (_, i) => sut.get(`load:${i}`));
    await new Promise((r) => setTimeout(r, 100));
    await server.kill();
    const results = await Promise.all(inFlight);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.every((r) => r === undefined)).toBe(true);
    expect(sut.errorCount()).toBe(before + 200);
    await server.start();
    await eventually(async () => (await sut.set('after', 1, 60)) === true, 5000);
  });

  it('times out within a second when Redis stops answering without closing connections', async () => {
    await sut.set('paused', 'v', 60);
    server.pause();
    try {
      const call = await timed(() => sut.get('paused'));
      expect(call.value).toBeUndefined();
      expect(call.ms).toBeLessThan(1000);
      expect(call.ms).toBeGreaterThanOrEqual(400);
    } finally {
      server.resume();
    }
    await eventually(async () => (await sut.get('paused')) === 'v', 5000);
  });
});
