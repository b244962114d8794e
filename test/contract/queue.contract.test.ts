import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BullMqQueue } from '../../src/infra/queue/bullmq-queue.js';
import { JOB_NAMES, type JobName } from '../../src/infra/queue/jobs.js';
import { MemoryQueue } from '../../src/infra/queue/memory-queue.js';
import { MissingHandlersError, PermanentJobError, type Queue } from '../../src/infra/queue/queue.js';
import { deleteKeys, randomPrefix, TEST_REDIS_URL } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

/** A promise to await inside a handler, opened by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

interface Implementation {
  kind: Queue['kind'];
  /** `random` fixes the backoff jitter so delays can be asserted. */
  create(random?: () => number): Promise<{ queue: Queue; cleanup(): Promise<void> }>;
}

const implementations: Implementation[] = [
  {
    kind: 'memory',
    create: async (random) => {
      const queue = new MemoryQueue(random ? { random } : {});
      return { queue, cleanup: () => queue.close() };
    },
  },
  {
    kind: 'bullmq',
    create: async (random) => {
      const prefix = randomPrefix('ta-queue-test').slice(0, -1);
      const queue = new BullMqQueue({ url: TEST_REDIS_URL, prefix, ...(random ? { random } : {}) });
      expect(await queue.waitReady(2000)).toBe(true);
      return {
        queue,
        cleanup: async () => {
          await queue.close();
          await deleteKeys(`${prefix}:`);
        },
      };
    },
  },
];

describe.each(implementations)('Queue contract ($kind)', ({ kind, create }) => {
  let sut: Queue;
  let cleanups: (() => Promise<void>)[] = [];
  const make = async (random?: () => number) => {
    const { queue, cleanup } = await create(random);
    cleanups.push(cleanup);
    return queue;
  };
  const finished = (id: string) =>
    waitFor(
      () => sut.getJob(id),
      (j) => j?.state === 'completed' || j?.state === 'failed',
    );

  beforeEach(async () => {
    sut = await make();
  });
  afterEach(async () => {
    await Promise.all(cleanups.map((c) => c()));
    cleanups = [];
  });

  it('reports its kind and answers ping', async () => {
    expect(sut.kind).toBe(kind);
    await expect(sut.ping()).resolves.toBeUndefined();
  });

  it('runs a job and keeps its result, progress, payload and attempt count', async () => {
    const calls: unknown[] = [];
    sut.register('collect_post_metrics', async (payload, ctx) => {
      calls.push({ payload, attempt: ctx.attempt, name: ctx.name });
      await ctx.updateProgress({ step: 2, of: 2 });
      return { processed: 3, postId: payload.postId };
    });
    await sut.start();
    const id = await sut.add('collect_post_metrics', { postId: 'p1', timeframe: '1h' });

    const info = await finished(id);
    expect(info).toMatchObject({
      id,
      name: 'collect_post_metrics',
      state: 'completed',
      progress: { step: 2, of: 2 },
      result: { processed: 3, postId: 'p1' },
      attemptsMade: 1,
      data: { postId: 'p1', timeframe: '1h' },
    });
    expect(info?.finishedAt).toBeInstanceOf(Date);
    expect(info?.failedReason).toBeUndefined();
    expect(calls).toEqual([
      { payload: { postId: 'p1', timeframe: '1h' }, attempt: 1, name: 'collect_post_metrics' },
    ]);
  });

  it('adds many jobs of one name in one call, each run once with its own payload', async () => {
    const seen: string[] = [];
    sut.register('collect_post_metrics', async ({ postId }) => {
      seen.push(postId);
      return postId;
    });
    await sut.start();
    const ids = await sut.addMany(
      'collect_post_metrics',
      [{ postId: 'a' }, { postId: 'b' }, { postId: 'c' }],
      {
        priority: 5,
      },
    );
    expect(new Set(ids).size).toBe(3);
    const infos = await Promise.all(ids.map((id) => finished(id)));
    expect(infos.map((i) => i?.result)).toEqual(['a', 'b', 'c']);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    expect(await sut.addMany('collect_post_metrics', [])).toEqual([]);
  });

  it('retries a failing job and succeeds at the third attempt', async () => {
    const attempts: number[] = [];
    sut.register('send_alert', async (_payload, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Error(`webhook 503 (try ${ctx.attempt})`);
      return 'sent';
    });
    await sut.start();
    const id = await sut.add('send_alert', { anomalyId: 7 }, { backoffMs: 20 });

    const info = await finished(id);
    expect(attempts).toEqual([1, 2, 3]);
    expect(info).toMatchObject({ state: 'completed', attemptsMade: 3, result: 'sent' });
  });

  it('keeps a job as failed with its reason once its attempts are used up', async () => {
    let runs = 0;
    sut.register('send_dm', async () => {
      runs++;
      throw new Error('delivery refused');
    });
    await sut.start();
    const id = await sut.add('send_dm', { outboxId: 1 }, { attempts: 2, backoffMs: 10 });

    const info = await finished(id);
    expect(runs).toBe(2);
    expect(info).toMatchObject({ state: 'failed', attemptsMade: 2, failedReason: 'delivery refused' });
    expect(info?.result).toBeUndefined();
    expect((await sut.counts()).failed).toBe(1);
  });

  it('runs a failed job again with a fresh budget of attempts on retryFailed, and nothing else', async () => {
    let runs = 0;
    let healthy = false;
    sut.register('send_dm', async () => {
      runs++;
      if (!healthy) throw new Error('receiver down');
      return 'delivered';
    });
    await sut.start();
    const id = await sut.add('send_dm', { outboxId: 9 }, { attempts: 2, backoffMs: 10 });
    expect(await finished(id)).toMatchObject({ state: 'failed', attemptsMade: 2 });
    expect(await sut.retryFailed('no-such-job')).toBe(false);

    healthy = true;
    expect(await sut.retryFailed(id)).toBe(true);
    const info = await finished(id);
    expect(info).toMatchObject({ state: 'completed', result: 'delivered', data: { outboxId: 9 } });
    expect(runs).toBe(3);
    // a completed job is not run again
    expect(await sut.retryFailed(id)).toBe(false);
    expect((await sut.counts()).failed).toBe(0);
  });

  it('fails a job at once on PermanentJobError', async () => {
    let runs = 0;
    sut.register('send_alert', async () => {
      runs++;
      throw new PermanentJobError('anomaly 9 does not exist');
    });
    await sut.start();
    const id = await sut.add('send_alert', { anomalyId: 9 }, { attempts: 5, backoffMs: 10 });

    expect(await finished(id)).toMatchObject({
      state: 'failed',
      attemptsMade: 1,
      failedReason: 'anomaly 9 does not exist',
    });
    expect(runs).toBe(1);
  });

  it('waits longer before each retry (exponential backoff)', async () => {
    // random = 0 → the lowest jitter: base/2 · 2^(n−1) = 50, 100, 200 ms for a 100 ms base.
    sut = await make(() => 0);
    const startedAt: number[] = [];
    sut.register('poll_comment_monitor', async () => {
      startedAt.push(performance.now());
      throw new Error('source down');
    });
    await sut.start();
    const id = await sut.add('poll_comment_monitor', { taskId: 't1' }, { attempts: 4, backoffMs: 100 });

    await finished(id);
    const gaps = startedAt.slice(1).map((t, i) => t - startedAt[i]!);
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeLessThan(600);
    expect(gaps[2]! - gaps[0]!).toBeGreaterThan(100);
  });

  it('runs lower priority numbers first, unprioritised jobs before all, ties in order', async () => {
    const order: string[] = [];
    sut.register('collect_post_metrics', async ({ postId }) => {
      order.push(postId);
    });
    const ids = [
      await sut.add('collect_post_metrics', { postId: 'p5' }, { priority: 5 }),
      await sut.add('collect_post_metrics', { postId: 'none-a' }),
      await sut.add('collect_post_metrics', { postId: 'p1' }, { priority: 1 }),
      await sut.add('collect_post_metrics', { postId: 'p3-a' }, { priority: 3 }),
      await sut.add('collect_post_metrics', { postId: 'p3-b' }, { priority: 3 }),
      await sut.add('collect_post_metrics', { postId: 'none-b' }),
    ];
    expect((await sut.counts()).waiting).toBe(6);
    await sut.start();
    for (const id of ids) await finished(id);
    expect(order).toEqual(['none-a', 'none-b', 'p1', 'p3-a', 'p3-b', 'p5']);
  });

  it('adds a job once when the same jobId is added twice, even after it finished', async () => {
    let runs = 0;
    sut.register('analyze_comment_batch', async ({ commentIds }) => {
      runs++;
      return commentIds.length;
    });
    const first = await sut.add(
      'analyze_comment_batch',
      { commentIds: ['c1', 'c2'] },
      { jobId: 'batch-p1-0001' },
    );
    const second = await sut.add(
      'analyze_comment_batch',
      { commentIds: ['other'] },
      { jobId: 'batch-p1-0001' },
    );
    expect([first, second]).toEqual(['batch-p1-0001', 'batch-p1-0001']);
    await sut.start();
    expect(await finished(first)).toMatchObject({ result: 2, data: { commentIds: ['c1', 'c2'] } });
    await sut.add('analyze_comment_batch', { commentIds: ['again'] }, { jobId: 'batch-p1-0001' });
    await sleep(100);
    expect(runs).toBe(1);
    expect(await sut.counts()).toEqual({ waiting: 0, active: 0, completed: 1, failed: 0, delayed: 0 });
  });

  it('fires a repeatable job right away and then every interval, until removed', async () => {
    const fired: number[] = [];
    sut.register('comment_retention', async () => {
      fired.push(performance.now());
    });
    await sut.start();
    const t0 = performance.now();
    await sut.addRepeatable('comment_retention', {}, { everyMs: 150, key: 'retention' });
    await waitFor(
      async () => fired.length,
      (n) => n >= 3,
    );
    expect(fired[0]! - t0).toBeLessThan(150);
    await sut.removeRepeatable('retention');
    await sleep(50);
    const afterRemove = fired.length;
    await sleep(400);
    expect(fired.length).toBe(afterRemove);
  });

  it('replaces a schedule when the same key is added again', async () => {
    const seen: (number | undefined)[] = [];
    sut.register('process_active_posts', async ({ batchSize }) => {
      seen.push(batchSize);
    });
    await sut.start();
    await sut.addRepeatable('process_active_posts', { batchSize: 1 }, { everyMs: 60_000, key: 'collector' });
    await waitFor(
      async () => seen.length,
      (n) => n >= 1,
    );
    await sut.addRepeatable('process_active_posts', { batchSize: 2 }, { everyMs: 100, key: 'collector' });
    await waitFor(
      async () => seen.filter((b) => b === 2).length,
      (n) => n >= 2,
    );
    await sut.removeRepeatable('collector');
    expect(seen.filter((b) => b === 1)).toHaveLength(1);
  });

  it('reports waiting, delayed and active states, and undefined for unknown ids', async () => {
    const { opened, open } = gate();
    sut.register('collect_post_metrics', async (_p, ctx) => {
      await ctx.updateProgress(10);
      await opened;
    });
    const waiting = await sut.add('collect_post_metrics', { postId: 'w' });
    const delayed = await sut.add('collect_post_metrics', { postId: 'd' }, { delayMs: 60_000 });
    expect((await sut.getJob(waiting))?.state).toBe('waiting');
    expect((await sut.getJob(delayed))?.state).toBe('delayed');
    expect(await sut.getJob('no-such-job')).toBeUndefined();
    expect(await sut.counts()).toEqual({ waiting: 1, active: 0, completed: 0, failed: 0, delayed: 1 });

    await sut.start();
    const active = await waitFor(
      () => sut.getJob(waiting),
      (j) => j?.state === 'active' && j.progress === 10,
    );
    expect(active?.attemptsMade).toBe(0);
    expect((await sut.counts()).active).toBe(1);
    open();
    expect(await finished(waiting)).toMatchObject({ state: 'completed', progress: 10 });
  });

  it('runs at most `concurrency` jobs of a name at once', async () => {
    let running = 0;
    let peak = 0;
    sut.register(
      'analyze_comment_batch',
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(60);
        running--;
      },
      { concurrency: 2 },
    );
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sut.add('analyze_comment_batch', { commentIds: [`c${i}`] })),
    );
    await sut.start();
    for (const id of ids) await finished(id);
    expect(peak).toBe(2);
  });

  it('lets running jobs finish on close', async () => {
    let done = false;
    sut.register('process_active_posts', async () => {
      await sleep(200);
      done = true;
      return 'finished';
    });
    await sut.start();
    const id = await sut.add('process_active_posts', { batchSize: 5 });
    await waitFor(
      () => sut.getJob(id),
      (j) => j?.state === 'active',
    );
    await sut.close();
    expect(done).toBe(true);
    await expect(sut.add('process_active_posts', {})).rejects.toThrow();
  });

  it('refuses a second handler for the same job name', () => {
    sut.register('send_dm', async () => 'first');
    expect(() => sut.register('send_dm', async () => 'second')).toThrow('send_dm already has a handler');
  });

  it('refuses to start without a handler for every job when asked to', async () => {
    sut.register('send_dm', async () => undefined);
    const error = await sut.start({ requireAll: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingHandlersError);
    expect((error as MissingHandlersError).names).toEqual(JOB_NAMES.filter((n: JobName) => n !== 'send_dm'));
  });

  it('rejects job ids that BullMQ cannot store and out-of-range options', async () => {
    await expect(sut.add('send_dm', { outboxId: 1 }, { jobId: '12345' })).rejects.toThrow(TypeError);
    await expect(sut.add('send_dm', { outboxId: 1 }, { jobId: 'a:b' })).rejects.toThrow(TypeError);
    await expect(sut.add('send_dm', { outboxId: 1 }, { priority: 1.5 })).rejects.toThrow(RangeError);
    await expect(sut.add('send_dm', { outboxId: 1 }, { attempts: 0 })).rejects.toThrow(RangeError);
    expect(await sut.counts()).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
  });
});
