import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMqQueue } from '../../src/infra/queue/bullmq-queue.js';
import { captureLogs } from '../helpers/log-capture.js';
import { startRedisServer, type RedisServer } from '../helpers/redis.js';

async function eventually<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe(`${BullMqQueue.name} when Redis goes away`, () => {
  let server: RedisServer;
  let sut: BullMqQueue;
  const processed: string[] = [];
  const { logger, lines } = captureLogs('info');

  beforeAll(async () => {
    server = await startRedisServer();
    sut = new BullMqQueue({ url: server.url, prefix: 'fault', logger });
    expect(await sut.waitReady(2000)).toBe(true);
    sut.register('collect_post_metrics', async ({ postId }) => {
      processed.push(postId);
    });
    await sut.start();
  });
  afterAll(async () => {
    await server?.start().catch(() => undefined);
    await sut?.close();
    await server?.kill();
  });

  it('fails add and ping fast while Redis is down and processes jobs again once it is back', async () => {
    const before = await sut.add('collect_post_metrics', { postId: 'before' });
    await eventually(async () => expect((await sut.getJob(before))?.state).toBe('completed'), 5000);

    await server.kill();
    const started = performance.now();
    await expect(sut.add('collect_post_metrics', { postId: 'during' })).rejects.toThrow();
    await expect(sut.ping()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1000);

    await server.start();
    const after = await eventually(() => sut.add('collect_post_metrics', { postId: 'after' }), 10_000);
    await eventually(async () => expect((await sut.getJob(after))?.state).toBe('completed'), 10_000);
    expect(processed).toEqual(['before', 'after']);
    // Many connections failed many times; the log says so once, and once that it is over.
    expect(lines.filter((l) => l.msg === 'queue: Redis error')).toHaveLength(1);
    expect(lines.filter((l) => l.msg === 'queue: Redis reachable again')).toHaveLength(1);
  });
});
