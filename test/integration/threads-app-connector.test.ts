/**
 * The app in its default embedded mode (SOURCE=simulator, as `npm start` builds it) reads the
 * simulator only through the Threads connector: posts, counters, replies and mentions arrive by
 * the `poll_threads_account` job over the simulator's Graph API on 127.0.0.1 (its per-account
 * call counter moves), the demo accounts are connected with tokens sealed in `accounts`, each
 * job resumes the account's poller from the state stored by the last one, and a reply delivered by webhook after the
 * poll stored it is not stored twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { signThreadsWebhook } from '../../src/threads/index.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';

const MIN = 60_000;
const APP_SECRET = 'connector-test-app-secret';

function config() {
  return loadConfig({
    DATA_DIR: 'memory://',
    SOURCE: 'simulator',
    LOG_LEVEL: 'silent',
    PORT: '0',
    // Simulated time moves with the test's clock jumps (and a millisecond per real second).
    SIMULATOR_SPEEDUP: '0.001',
    THREADS_APP_SECRET: APP_SECRET,
  });
}

describe.each(testStoreEngines)('the embedded app on the Threads connector ($engine)', ({ create }) => {
  let db: TestStore;
  let deps: Deps;
  let app: App;
  let account: { id: string; username: string };
  let graphUrl: string;

  const graphCalls = async (accountId: string) =>
    ((await (await fetch(`${graphUrl}/_control/graph/usage/${accountId}`)).json()) as { calls: number })
      .calls;
  const sim = (path: string, body: unknown) =>
    fetch(`${graphUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      expect(r.status).toBeLessThan(300);
      return (await r.json()) as Record<string, unknown>;
    });
  const advance = (ms: number) => sim('/_control/clock', { advance_ms: ms });

  /** Queue one poll of the account through the job system and wait for it. */
  async function pollJob(d: Deps): Promise<Record<string, unknown>> {
    const id = await d.queue.add(
      'poll_threads_account',
      { accountId: account.id },
      { jobId: `t-${Date.now()}-${Math.random()}` },
    );
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const job = await d.queue.getJob(id);
      if (job?.state === 'completed') return job.result as Record<string, unknown>;
      if (job?.state === 'failed') throw new Error(`poll failed: ${job.failedReason}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('poll job did not finish');
  }

  beforeAll(async () => {
    db = await create();
    deps = await createDeps(config(), { store: db.store });
    app = await buildApp(deps);
    await deps.start({ schedule: false });
    graphUrl = deps.threads!.graphUrl;
    const first = deps.source.simulator!.accounts()[0]!;
    account = { id: first.id, username: first.username };
  });
  afterAll(async () => {
    await app?.close();
    await deps?.close();
    await db?.cleanup();
  });

  it('connects the demo accounts with sealed tokens and reads through the simulator’s Graph API', async () => {
    expect(graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const listed = (await app.inject({ url: '/api/accounts' })).json<
      { account_id: string; connected: boolean; username: string; token_status: string }[]
    >();
    expect(listed.find((a) => a.account_id === account.id)).toMatchObject({
      connected: true,
      username: account.username,
      token_status: 'valid',
    });
    const row = await deps.store.db
      .selectFrom('accounts')
      .select('access_token')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.access_token).not.toMatch(/^TH/);
  });

  it('stores posts, snapshots and KPIs from a poll job, each read a Graph API call', async () => {
    const before = await graphCalls(account.id);
    const result = await pollJob(deps);
    const after = await graphCalls(account.id);
    expect(result.polled).toBeGreaterThan(0);
    expect(after - before).toBe(result.calls);
    const simPosts = deps.source.simulator!.listPublished({
      account_id: account.id,
      since: new Date(deps.clock().getTime() - 24 * 60 * MIN),
    });
    const stored = await deps.store.db
      .selectFrom('posts')
      .select('id')
      .where('account_id', '=', account.id)
      .execute();
    expect(new Set(stored.map((p) => p.id))).toEqual(new Set(simPosts.map((p) => p.id)));
    const snaps = await deps.store.db
      .selectFrom('post_snapshots')
      .select(['post_id', 'views'])
      .where(
        'post_id',
        'in',
        simPosts.map((p) => p.id),
      )
      .execute();
    expect(new Set(snaps.map((s) => s.post_id))).toEqual(new Set(simPosts.map((p) => p.id)));
    const truth = deps.source.simulator!.analytics(simPosts[0]!.id);
    // The reading the poll stored is the simulator's counter (a few simulated ms ago at most).
    const views = snaps.find((s) => s.post_id === simPosts[0]!.id)!.views;
    expect(views).toBeGreaterThan(0);
    expect(truth.views - views).toBeGreaterThanOrEqual(0);
    expect(truth.views - views).toBeLessThanOrEqual(Math.ceil(truth.views * 0.001));
    const metrics = (await app.inject({ url: `/viral-metrics/${simPosts[0]!.id}?timeframe=24h` })).json<{
      stale: boolean;
      cached: boolean;
    }>();
    expect(metrics).toMatchObject({ stale: false, cached: true });
  });

  it('a reply and a mention made in the simulator reach the comment pipeline by the next poll, once', async () => {
    const post = deps.source.simulator!.listPublished({ account_id: account.id, limit: 1 })[0]!;
    const reply = await sim(`/posts/${post.id}/comments`, {
      text: 'how much is the course?',
      author: 'lena.k',
    });
    const mention = await sim('/_control/graph/mentions', {
      account_id: account.id,
      username: 'omar.r',
      text: `@${account.username} you should try this`,
    });
    await advance(61 * MIN);
    // Every poll job builds the account's poller from the state the last one stored (as after a restart).
    const result = await pollJob(deps);
    expect(result.comments).toBeGreaterThan(0);
    const stored = await deps.store.db
      .selectFrom('comments')
      .select(['comment_id', 'post_id', 'author'])
      .where('comment_id', 'in', [String(reply.id), String(mention.id)])
      .orderBy('author')
      .execute();
    expect(stored).toEqual([
      { comment_id: reply.id, post_id: post.id, author: 'lena.k' },
      { comment_id: mention.id, post_id: mention.id, author: 'omar.r' },
    ]);

    // The same reply by webhook after the poll stored it: accepted, stored 0 times more.
    const body = JSON.stringify({
      app_id: 'sim-threads-app',
      topic: 'moderate',
      target_id: post.id,
      time: Math.floor(deps.clock().getTime() / 1000),
      subscription_id: 'sub',
      values: {
        field: 'replies',
        value: {
          id: reply.id,
          username: 'lena.k',
          text: 'how much is the course?',
          timestamp: '2025-03-01T10:00:00+0000',
          replied_to: { id: post.id },
          root_post: { id: post.id, owner_id: account.id, username: account.username },
        },
      },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/threads',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signThreadsWebhook(APP_SECRET, body),
      },
      payload: body,
    });
    expect(res.json()).toEqual({ received: true, stored: 0 });
    const count = await deps.store.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('comment_id', '=', String(reply.id))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('keeps the poller’s state between runs in the store', async () => {
    const row = await deps.store.db
      .selectFrom('threads_poll_state')
      .select('state')
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    const ids = new Set(row.state.posts.map((p) => p.id));
    const stored = await deps.store.db
      .selectFrom('posts')
      .select('id')
      .where('account_id', '=', account.id)
      .execute();
    expect(ids).toEqual(new Set(stored.map((p) => p.id)));
    expect(row.state.posts.every((p) => p.last_polled !== null)).toBe(true);
    const listed = (await app.inject({ url: '/api/accounts' })).json<
      { account_id: string; last_polled_at: string | null; usage: { calls_24h: number } }[]
    >();
    const mine = listed.find((a) => a.account_id === account.id)!;
    expect(mine.last_polled_at).not.toBeNull();
    expect(mine.usage.calls_24h).toBeGreaterThan(0);
  });
});
