import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPOSE,
  docker,
  freePort,
  health,
  images,
  pushComments,
  run,
  sampleUsage,
  uniqueName,
  waitFor,
} from './docker.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * `docker compose --profile full up`: PostgreSQL and Redis (built here from Debian's packages),
 * the migrations, the API, a worker and the fake-threads simulator. Comments pushed to the API
 * travel API → Redis (BullMQ) → worker → PostgreSQL and come back analysed.
 */
describe('compose, full profile', () => {
  const { app, postgres, redis } = images();
  const project = uniqueName('tacompose');
  let base: string;
  let env: Record<string, string>;

  const compose = (args: readonly string[], timeoutMs = 120_000) =>
    run(COMPOSE, ['-p', project, '-f', `${ROOT}compose.yaml`, '--profile', 'full', ...args], {
      env,
      timeoutMs,
    });
  const containerOf = async (service: string) => (await compose(['ps', '-q', service])).trim();
  const psql = async (query: string) =>
    (
      await compose(['exec', '-T', 'postgres', 'psql', '-U', 'threads', '-d', 'threads', '-At', '-c', query])
    ).trim();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      THREADS_AGENT_IMAGE: app,
      POSTGRES_IMAGE: postgres,
      REDIS_IMAGE: redis,
      HOST_PORT: String(port),
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    };
    await compose(['up', '-d', '--no-build'], 300_000);
  }, 360_000);

  afterAll(async () => {
    if (process.env.KEEP_STACK) return;
    await compose(['down', '-v', '--remove-orphans', '-t', '20'], 180_000).catch((err: unknown) =>
      console.error(err),
    );
  }, 200_000);

  it('runs the migrations once, then the API and the worker become healthy', async () => {
    const migrate = await containerOf('migrate');
    const state = JSON.parse(await docker(['inspect', '-f', '{{json .State}}', migrate])) as {
      Status: string;
      ExitCode: number;
    };
    expect(state).toMatchObject({ Status: 'exited', ExitCode: 0 });
    for (const service of ['api', 'worker']) {
      const id = await containerOf(service);
      await waitFor(
        `${service} healthy`,
        async () => ((await health(id)) === 'healthy' ? true : undefined),
        240_000,
        2000,
      );
    }
    const ready = await (await fetch(`${base}/ready`)).json();
    expect(ready).toEqual({
      ready: true,
      checks: { store: { ok: true }, cache: { ok: true }, queue: { ok: true } },
    });
    expect(await psql('select count(*) from kysely_migration')).not.toBe('0');
  }, 500_000);

  it('carries comments from the API through Redis to the worker and into PostgreSQL, analysed', async () => {
    const comments = [
      'Love this product! Where can I buy it?',
      'How much does it cost? Do you ship to Canada?',
      'This is exactly what I needed, thank you!',
      'Mine arrived broken and nobody answers my emails',
      'check my profile for free followers 🔥🔥🔥',
    ].map((text, i) => ({
      id: `compose_c${i}`,
      text,
      author: `user_${i}`,
      timestamp: '2024-01-25T10:30:00Z',
    }));
    const res = await fetch(`${base}/comments/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ post_id: 'compose_post', comments }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'success', stored_count: 5, queued_count: 5 });

    // The API of a production stack queues and never analyses: the rows come from the worker.
    const analysed = await waitFor(
      'analysis rows',
      async () => {
        const rows = await psql(
          "select c.comment_id || '=' || a.intent from comments c join comment_analysis a using (comment_id) where c.post_id = 'compose_post' order by 1",
        );
        return rows.split('\n').filter(Boolean).length === 5 ? rows : undefined;
      },
      60_000,
    );
    expect(analysed).toContain('compose_c0=purchase_intent');
    expect(analysed).toContain('compose_c4=spam');

    const worker = await containerOf('worker');
    const metrics = await docker([
      'exec',
      worker,
      'node',
      '-e',
      "fetch('http://127.0.0.1:8080/metrics').then(r=>r.text()).then(t=>process.stdout.write(t))",
    ]);
    expect(
      Number(/^comment_analysis_total\{intent="purchase_intent"\} (\d+)/m.exec(metrics)?.[1]),
    ).toBeGreaterThan(0);
  }, 120_000);

  it('measures memory and CPU per role, idle and while 10,000 comments go through', async () => {
    await new Promise((r) => setTimeout(r, 5000)); // idle: nothing pushed for a few seconds
    const sampler = sampleUsage(project);
    await new Promise((r) => setTimeout(r, 3000));
    const started = Date.now();
    let rows: string[];
    try {
      await pushComments(base, 'load');
      const ingestMs = Date.now() - started;
      await waitFor(
        'the backlog drained',
        async () =>
          (await psql("select count(*) from comment_analysis where comment_id like 'load_%'")) === '10000'
            ? true
            : undefined,
        240_000,
        1000,
      );
      const drainMs = Date.now() - started;
      console.log(
        `full stack, 10,000 comments: acknowledged in ${(ingestMs / 1000).toFixed(1)} s, all analysed after ${(drainMs / 1000).toFixed(1)} s`,
      );
    } finally {
      rows = await sampler.stop();
    }
    console.log(`per role (docker stats):\n  ${rows.join('\n  ')}`);
    expect(rows.length).toBeGreaterThanOrEqual(5);
  }, 300_000);

  it('stops the worker gracefully (exit 0 within its grace period)', async () => {
    const worker = await containerOf('worker');
    await compose(['stop', '-t', '60', 'worker'], 90_000);
    const state = JSON.parse(await docker(['inspect', '-f', '{{json .State}}', worker])) as {
      ExitCode: number;
    };
    expect(state.ExitCode).toBe(0);
    const logs = await docker(['logs', '--tail', '5', worker]);
    expect(logs).toContain('shut down cleanly');
  }, 120_000);
});
