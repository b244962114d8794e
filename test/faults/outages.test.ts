import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { WebhookAlertSink } from '../../src/metrics/alerts.js';
import { createTestApp, raiseReachDrop, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis.js';

/**
 * The fault tests of issue 16: what was acknowledged is processed after an outage, exactly once.
 * Real processes (two workers), a real Redis that is killed and restarted, real PostgreSQL.
 */

const SWEEP_SECONDS = 5;

describe('Redis stopped for 10 s during a 20,000-comment ingestion, two worker processes', () => {
  let redis: RedisServer;
  let db: TestDatabase;
  let api: { deps: Deps; app: App };
  const workers: { child: ChildProcess; metricsPort: number; port: number; out: string }[] = [];

  beforeAll(async () => {
    redis = await startRedisServer({ persist: true });
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      SOURCE: 'none',
      COMMENT_MONITOR_NEW_POSTS: 'false',
      COMMENT_SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
      COMMENT_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    // the API migrates the database before the workers start
    const deps = await createDeps(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { role: 'api' });
    api = { deps, app: await buildApp(deps) };
    await api.app.ready();
    for (let i = 0; i < 2; i++) {
      const metricsPort = await freePort();
      const port = await freePort();
      // node itself (not npx): SIGTERM must reach the worker, not a wrapper that leaves it running
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--role', 'worker'], {
        env: {
          ...process.env,
          ...env,
          LOG_LEVEL: 'info',
          // a worker answers /health and /ready on PORT once it has started
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const worker = { child, metricsPort, port, out: '' };
      child.stdout!.on('data', (c: Buffer) => (worker.out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (worker.out += c.toString()));
      workers.push(worker);
    }
    const deadline = Date.now() + 60_000;
    const healthy = async (port: number) =>
      fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
    while (!(await Promise.all(workers.map((w) => healthy(w.port)))).every(Boolean)) {
      if (Date.now() > deadline)
        throw new Error(`workers did not start:\n${workers.map((w) => w.out).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await api?.app.close();
    await api?.deps.close();
    await redis?.kill();
    await db?.drop();
  }, 60_000);

  it('analyses every acknowledged comment, once, within one sweep interval of Redis returning', async () => {
    const requests = Array.from({ length: 40 }, (_, r) => ({
      post_id: `outage-post-${r % 5}`,
      comments: Array.from({ length: 500 }, (_, i) => ({
        id: `o-${r}-${i}`,
        text: i % 7 === 0 ? 'how much is it? I want one' : `great post number ${i}, thanks`,
        author: `fan${(r * 500 + i) % 3000}`,
        timestamp: '2026-11-23T10:00:00Z',
      })),
    }));
    const acknowledged = new Set<string>();
    const refused: number[] = [];
    const statuses: string[] = [];
    let sent = 0;
    let redisBackAt = 0;
    let outage: Promise<void> | undefined;

    const send = async (r: number) => {
      const res = await api.app.inject({ method: 'POST', url: '/comments/process', payload: requests[r]! });
      if (res.statusCode === 200) {
        statuses.push(res.json<{ status: string }>().status);
        for (const c of requests[r]!.comments) acknowledged.add(c.id);
      } else refused.push(r);
    };
    const lanes = Array.from({ length: 4 }, async () => {
      while (sent < requests.length) {
        const r = sent++;
        if (r === 12) {
          await redis.kill();
          outage = (async () => {
            await new Promise((res) => setTimeout(res, 10_000));
            await redis.start();
            redisBackAt = Date.now();
          })();
        }
        await send(r);
      }
    });
    await Promise.all(lanes);
    await outage;
    // what was refused (5xx) was never acknowledged: the client sends it again
    for (const r of refused.splice(0)) await send(r);
    expect(refused).toEqual([]);
    expect(acknowledged.size).toBe(20_000);
    expect(statuses).toContain('partial');

    // every acknowledged comment has its analysis queued within one sweep interval (plus the
    // sweep's own run time) of Redis returning
    const queuedDeadline = redisBackAt + (SWEEP_SECONDS + 10) * 1000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from comments c
        where c.analysis_queued_at is null
          and not exists (select 1 from comment_analysis a where a.comment_id = c.comment_id)`.execute(
        api.deps.store.db,
      );
      if (rows[0]!.n === 0) break;
      expect(Date.now(), `${rows[0]!.n} comments still unqueued`).toBeLessThan(queuedDeadline);
      await new Promise((r) => setTimeout(r, 250));
    }

    const analysedDeadline = Date.now() + 240_000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from comment_analysis`.execute(
        api.deps.store.db,
      );
      if (rows[0]!.n >= acknowledged.size) break;
      expect(Date.now(), `${rows[0]!.n} of ${acknowledged.size} analysed`).toBeLessThan(analysedDeadline);
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows } = await sql<{ n: number; distinct_ids: number; missing: number }>`
      select count(*)::int as n, count(distinct a.comment_id)::int as distinct_ids,
             (select count(*)::int from comments c where not exists
               (select 1 from comment_analysis x where x.comment_id = c.comment_id)) as missing
      from comment_analysis a`.execute(api.deps.store.db);
    expect(rows[0]).toEqual({ n: 20_000, distinct_ids: 20_000, missing: 0 });

    // both workers took part (the sweep and the queue spread the work)
    const analysedBy = await Promise.all(
      workers.map(async ({ metricsPort }) => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return [...text.matchAll(/^comment_analysis_total\{[^}]*\} (\d+)/gm)].reduce(
          (s, m) => s + Number(m[1]),
          0,
        );
      }),
    );
    expect(analysedBy.every((n) => n > 0)).toBe(true);
    expect(analysedBy[0]! + analysedBy[1]!).toBeGreaterThanOrEqual(20_000);
  }, 400_000);
});

describe('an alert receiver down for 2 minutes, then back', () => {
  let t: TestApp;
  let port = 0;
  let receiver: Server | undefined;
  const received = new Map<number, number>();

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp('production', {
      overrides: { alerts: new WebhookAlertSink(`http://127.0.0.1:${port}/hook`, 2_000) },
    });
  });
  afterAll(async () => {
    await t.close();
    receiver?.closeAllConnections();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  });

  it('delivers every high-severity anomaly exactly once, counted at the receiver', async () => {
    // three posts of three accounts whose reach collapses: three high-severity anomalies
    const accounts = [...new Set(t.simulator.listPublished({ limit: 200 }).map((p) => p.account_id))].slice(
      0,
      3,
    );
    for (const account of accounts) {
      await raiseReachDrop(t, account, async (id) => {
        const res = await t.app.inject({ url: `/viral-metrics/${id}?timeframe=24h&use_cache=false` });
        expect(res.statusCode).toBe(200);
      });
    }
    const high = async () =>
      t.deps.store.db
        .selectFrom('viral_metrics_anomalies')
        .select(['id', 'alert_sent'])
        .where('severity', '=', 'high')
        .execute();
    expect((await high()).length).toBeGreaterThan(0);

    // the collection schedule runs every 10 s (each run re-drives undelivered alerts)
    const collect = async () => {
      const res = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=10' });
      expect(res.statusCode).toBe(202);
    };
    const downUntil = Date.now() + Number(process.env.ALERT_OUTAGE_MS ?? 120_000);
    while (Date.now() < downUntil) {
      await collect();
      await new Promise((r) => setTimeout(r, 10_000));
    }
    expect((await high()).every((a) => !a.alert_sent)).toBe(true);

    receiver = createHttpServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const id = (JSON.parse(raw) as { anomaly: { id: number } }).anomaly.id;
        received.set(id, (received.get(id) ?? 0) + 1);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(port, '127.0.0.1', r));

    const deadline = Date.now() + 90_000;
    while ((await high()).some((a) => !a.alert_sent)) {
      if (Date.now() > deadline) {
        const left = (await high()).filter((a) => !a.alert_sent);
        const jobs = await Promise.all(left.map((a) => t.deps.queue.getJob(`alert-${a.id}`)));
        expect.fail(
          `undelivered: ${JSON.stringify(left.map((a, i) => [a.id, jobs[i]?.state, jobs[i]?.attemptsMade]))}`,
        );
      }
      await collect();
      await new Promise((r) => setTimeout(r, 2_000));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = (await high()).map((a) => a.id).sort((a, b) => a - b);
    expect([...received.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);
});
