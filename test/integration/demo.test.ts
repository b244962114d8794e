import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createTestPgliteStore } from '../helpers/pglite.js';

/**
 * `npm start` on a fresh clone: the embedded default with the demo simulator, as the CLI builds
 * it: the simulator's Graph API on 127.0.0.1 read through the Threads connector.
 */
describe('the embedded demo (npm start)', () => {
  let deps: Deps;
  let app: App;

  beforeAll(async () => {
    const store = await createTestPgliteStore();
    deps = await createDeps(
      loadConfig({ DATA_DIR: 'memory://', SOURCE: 'simulator', LOG_LEVEL: 'silent', PORT: '0' }),
      {
        store,
      },
    );
    app = await buildApp(deps);
    await deps.start();
  });
  afterAll(async () => {
    await app.close();
    await deps.close();
    await deps.store.close();
  });

  async function eventually<T>(
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('collects the demo posts, reads their replies, classifies them and queues DMs within seconds', async () => {
    const posts = await eventually(
      async () =>
        (await app.inject({ url: '/api/posts' })).json<{ items: { id: string; kpis: unknown }[] }>().items,
      (items) => items.length > 0 && items.every((p) => p.kpis !== null),
      // the months of history are stored beside the live posts: on a busy machine (the whole
      // suite in parallel) their KPIs can take longer than half a minute
      90_000,
    );
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.kpis !== null)).toBe(true);

    // Read through the Threads connector from the simulator's Graph API, by the polling jobs:
    // no comment monitors, and every demo account's calls counted by the connector.
    expect(deps.threads?.graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await deps.store.db.selectFrom('comment_monitors').select('post_id').execute()).toEqual([]);
    const polled = await eventually(
      () =>
        Promise.resolve(
          deps.source.simulator!.accounts().map((a) => deps.threads!.connector.usage(a.id).calls),
        ),
      (calls) => calls.every((n) => n > 0),
    );
    expect(polled.every((calls) => calls > 0)).toBe(true);

    const comments = await eventually(
      async () =>
        (await app.inject({ url: '/api/comments?limit=5' })).json<{
          total: number;
          items: { analysis: unknown }[];
        }>(),
      (c) => c.total > 0 && c.items.every((i) => i.analysis !== null),
    );
    expect(comments.total).toBeGreaterThan(0);
    expect(comments.items.every((i) => i.analysis !== null)).toBe(true);

    const rules = (await app.inject({ url: '/dm-rules' })).json<{ name: string }[]>();
    expect(rules.map((r) => r.name)).toEqual(['Demo: send the link to buyers']);
    const outbox = await eventually(
      async () => (await app.inject({ url: '/dm-outbox' })).json<{ items: { rule_id: number }[] }>().items,
      (items) => items.length > 0,
    );
    expect(outbox.length).toBeGreaterThan(0);
  }, 200_000);

  it('stores the months of history after start-up, with readings at fixed ages and KPIs', async () => {
    const old = new Date(deps.clock().getTime() - 60 * 24 * 3_600_000);
    const count = (q: Promise<{ n: string }>) => q.then((r) => Number(r.n));
    const history = await eventually(
      () =>
        count(
          deps.store.db
            .selectFrom('posts')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('published_at', '<', old)
            .executeTakeFirstOrThrow(),
        ),
      (n) => n > 100,
      110_000,
    );
    expect(history).toBeGreaterThan(100);
    const sample = await deps.store.db
      .selectFrom('posts')
      .select('id')
      .where('published_at', '<', old)
      .orderBy('published_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    await eventually(
      () =>
        count(
          deps.store.db
            .selectFrom('viral_metrics')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('post_id', '=', sample.id)
            .executeTakeFirstOrThrow(),
        ),
      (n) => n > 0,
      110_000,
    );
    const readings = await deps.store.db
      .selectFrom('post_snapshots')
      .select('taken_at')
      .where('post_id', '=', sample.id)
      .execute();
    expect(readings).toHaveLength(12);
  }, 240_000);
});
