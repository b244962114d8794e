import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { RedisCache } from '../../src/infra/cache/redis-cache.js';
import { WebhookAlertSink } from '../../src/metrics/alerts.js';
import { createTestApp, raiseReachDrop, type TestApp } from '../helpers/app.js';
import { startRedisServer, type RedisServer } from '../helpers/redis.js';

const HOUR = 3_600_000;

/** An embedded app whose high-severity alerts go to a local receiver answering with `handle`. */
async function appWithAlertReceiver(
  handle: RequestListener,
  timeoutMs?: number,
): Promise<{ t: TestApp; server: Server }> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const t = await createTestApp('embedded', {
    overrides: { alerts: new WebhookAlertSink(`http://127.0.0.1:${port}/hook`, timeoutMs) },
  });
  t.clock.now += 6 * HOUR;
  return { t, server };
}

/** Raise a reach drop on one of the simulator's posts: the high-severity anomaly it stores. */
async function raiseHighSeverityAnomaly(t: TestApp) {
  const account = t.simulator.listPublished({ limit: 1 })[0]!.account_id;
  const postId = await raiseReachDrop(t, account, (id) =>
    t.app.inject({ url: `/viral-metrics/${id}?timeframe=24h&use_cache=false` }),
  );
  return t.deps.store.db
    .selectFrom('viral_metrics_anomalies')
    .selectAll()
    .where('post_id', '=', postId)
    .where('severity', '=', 'high')
    .executeTakeFirstOrThrow();
}

describe('metrics engine when Redis goes away mid-run', () => {
  let redis: RedisServer;
  let cache: RedisCache;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    cache = new RedisCache({ url: redis.url, logger: pino({ level: 'silent' }) });
    await cache.waitReady(2000);
    t = await createTestApp('embedded', { overrides: { cache } });
    t.clock.now += 4 * HOUR;
  });
  afterAll(async () => {
    await t.close();
    await cache.close();
    await redis.kill();
  });

  it('keeps answering from the store uncached, and caches again once Redis is back', async () => {
    const post = t.simulator.listPublished({ limit: 1 })[0]!;
    const url = `/viral-metrics/${post.id}?timeframe=6h`;
    const get = async () => {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      return res.json<{ cached: boolean; stale: boolean; viral_coefficient: number }>();
    };
    expect((await get()).cached).toBe(false);
    expect((await get()).cached).toBe(true);

    await redis.kill();
    const started = Date.now();
    const during = await get();
    expect(during).toMatchObject({ cached: false, stale: false });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await get()).cached).toBe(false);
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json<{ checks: Record<string, { ok: boolean }> }>().checks.cache!.ok).toBe(false);

    await redis.start();
    const deadline = Date.now() + 10_000;
    let cachedAgain = false;
    while (!cachedAgain && Date.now() < deadline) {
      await get();
      cachedAgain = (await get()).cached;
      if (!cachedAgain) await new Promise((r) => setTimeout(r, 200));
    }
    expect(cachedAgain).toBe(true);
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});

describe('high-severity alert delivery', () => {
  let server: Server;
  const received: { status: number; body: { anomaly: { id: number } } }[] = [];
  let t: TestApp;

  beforeAll(async () => {
    // The receiver fails the first two deliveries, then accepts.
    ({ t, server } = await appWithAlertReceiver((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const status = received.length < 2 ? 500 : 200;
        received.push({ status, body: JSON.parse(raw) as { anomaly: { id: number } } });
        res.writeHead(status).end();
      });
    }));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => server.close(r));
  });

  it('retries a failing webhook and records exactly one delivery', async () => {
    const anomaly = await raiseHighSeverityAnomaly(t);
    const deadline = Date.now() + 20_000;
    let row = anomaly;
    while (!row.alert_sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = await t.deps.store.db
        .selectFrom('viral_metrics_anomalies')
        .selectAll()
        .where('id', '=', anomaly.id)
        .executeTakeFirstOrThrow();
    }
    expect(row.alert_sent).toBe(true);
    expect(row.alert_sent_at).toBeInstanceOf(Date);
    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(received.every((r) => r.body.anomaly.id === anomaly.id)).toBe(true);
    const job = await t.deps.queue.getJob(`alert-${anomaly.id}`);
    expect(job).toMatchObject({ state: 'completed', attemptsMade: 3 });

    // Raising the same job again (a retried collection) delivers nothing more.
    await t.deps.queue.add('send_alert', { anomalyId: anomaly.id }, { jobId: `alert-${anomaly.id}-again` });
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(3);
  });
});

describe('an alert receiver slower than the client timeout', () => {
  let server: Server;
  const keys: string[] = [];
  const posted = new Set<string>();
  let t: TestApp;

  beforeAll(async () => {
    // Posts every alert it receives once per idempotency key; answers the first request after
    // the client has given up (delivery unknown), later ones at once.
    ({ t, server } = await appWithAlertReceiver((req, res) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        keys.push(key);
        posted.add(key);
        setTimeout(() => res.writeHead(200).end(), keys.length === 1 ? 1_500 : 0);
      });
    }, 500));
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('retries a timed-out delivery with the same idempotency key and records it delivered', async () => {
    const anomaly = await raiseHighSeverityAnomaly(t);
    const deadline = Date.now() + 20_000;
    let sent = false;
    while (!sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      sent = (
        await t.deps.store.db
          .selectFrom('viral_metrics_anomalies')
          .select('alert_sent')
          .where('id', '=', anomaly.id)
          .executeTakeFirstOrThrow()
      ).alert_sent;
    }
    expect(sent).toBe(true);
    expect(keys).toEqual([`anomaly-${anomaly.id}`, `anomaly-${anomaly.id}`]);
    expect([...posted]).toEqual([`anomaly-${anomaly.id}`]);
    const job = await t.deps.queue.getJob(`alert-${anomaly.id}`);
    expect(job).toMatchObject({ state: 'completed', attemptsMade: 2 });
  });
});

describe('an alert receiver that refuses the alert (a revoked webhook)', () => {
  let server: Server;
  let refusing = true;
  const answered: number[] = [];
  let t: TestApp;

  beforeAll(async () => {
    ({ t, server } = await appWithAlertReceiver((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = refusing ? 404 : 200;
        answered.push(status);
        res.writeHead(status).end();
      });
    }));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => server.close(r));
  });

  it('fails the job at the first refusal (no retries), and the sweep delivers it once the URL works again', async () => {
    const anomaly = await raiseHighSeverityAnomaly(t);
    const job = async () => t.deps.queue.getJob(`alert-${anomaly.id}`);
    const deadline = Date.now() + 20_000;
    while ((await job())?.state !== 'failed' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await job()).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect((await job())?.failedReason).toMatch(/refused the alert \(404\)/);
    expect(answered).toEqual([404]);

    refusing = false;
    expect(await t.deps.metrics.requeueLostAlerts()).toBe(1);
    while ((await job())?.state !== 'completed' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(answered).toEqual([404, 200]);
    const row = await t.deps.store.db
      .selectFrom('viral_metrics_anomalies')
      .select('alert_sent')
      .where('id', '=', anomaly.id)
      .executeTakeFirstOrThrow();
    expect(row.alert_sent).toBe(true);
    expect(await t.deps.metrics.requeueLostAlerts()).toBe(0);
  });
});
