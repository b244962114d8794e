import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternIdsOf } from '../../src/posts/index.js';
import { createTestApp, raiseReachDrop, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;

async function count(
  t: TestApp,
  table: 'viral_metrics_history' | 'post_snapshots' | 'viral_metrics_anomalies',
  postId?: string,
) {
  let q = t.deps.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (postId) q = q.where('post_id', '=', postId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe.each<Stack>(['embedded', 'production'])('metrics engine on the %s stack', (stack) => {
  let t: TestApp;
  let demo: { id: string; persona_id: string; account_id: string }[];

  beforeAll(async () => {
    t = await createTestApp(stack, { env: { SOURCE_TIMEOUT_MS: '300' } });
    // Six simulated hours of engagement before the first reading.
    t.clock.now += 6 * HOUR;
    demo = t.simulator.listPublished({ limit: 5 });
  });
  afterAll(() => t.close());

  it('collects every active post in the background and reports the summary on /jobs/{id}', async () => {
    const published = t.simulator.listPublished({ limit: 1000 });
    const active = published.filter((p) => Date.parse(p.published_at) >= t.clock.now - 24 * HOUR);
    expect(active.length).toBeGreaterThan(3);

    const res = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=4' });
    expect(res.statusCode).toBe(202);
    const started = res.json<{ status: string; batch_size: number; job_id: string }>();
    expect(started).toMatchObject({ status: 'processing_started', batch_size: 4 });

    const job = await waitForJob(t.app, started.job_id);
    expect(job.state).toBe('completed');
    const summary = job.result as Record<string, number>;
    expect(summary.active_posts).toBe(active.length);
    expect(summary.processed).toBe(active.length);
    expect(summary.failed).toBe(0);
    expect(summary.batches).toBe(Math.ceil(active.length / 4));
    // One snapshot and six history rows per post, written by one collection.
    expect(await count(t, 'post_snapshots')).toBe(active.length);
    expect(await count(t, 'viral_metrics_history')).toBe(6 * active.length);
    // without a batch_size, the seed's default of 50
    const seedDefault = await t.app.inject({ method: 'POST', url: '/process-active-posts' });
    expect(seedDefault.json()).toMatchObject({ status: 'processing_started', batch_size: 50 });
    await waitForJob(t.app, seedDefault.json<{ job_id: string }>().job_id);
  });

  it('stores the pattern engine result and pattern usage of every new post', async () => {
    const posts = await t.deps.store.db
      .selectFrom('posts')
      .select(['id', 'patterns', 'account_id'])
      .execute();
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.filter((p) => p.patterns === null).map((p) => p.id)).toEqual([]);
    const expectedUsage = posts.reduce((n, p) => n + patternIdsOf(p.patterns).length, 0);
    const usage = await t.deps.store.db.selectFrom('pattern_usage_history').selectAll().execute();
    expect(usage).toHaveLength(expectedUsage);

    const account = posts[0]!.account_id;
    const res = await t.app.inject({ url: `/api/patterns/performance?account_id=${account}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      measured_posts: number;
      items: { pattern_type: string; usage_count: number; fatigue: number }[];
    }>();
    const own = posts.filter((p) => p.account_id === account);
    expect(body.measured_posts).toBe(own.length);
    for (const item of body.items) {
      // usage = how many of the account's posts carry the pattern
      expect(item.usage_count).toBe(
        own.filter((p) => patternIdsOf(p.patterns).includes(item.pattern_type)).length,
      );
      expect(item.fatigue).toBeGreaterThanOrEqual(0);
      expect(item.fatigue).toBeLessThanOrEqual(1);
    }
    expect((await t.app.inject({ url: '/api/patterns/performance?account_id=nobody' })).statusCode).toBe(404);
  });

  it("answers a post's stored pattern result on /api/posts/{id}, and null for a row in another shape", async () => {
    const [analysed, foreign] = await t.deps.store.db
      .selectFrom('posts')
      .select(['id', 'patterns'])
      .orderBy('id')
      .limit(2)
      .execute();
    const detail = async (id: string) => {
      const res = await t.app.inject({ url: `/api/posts/${id}` });
      expect(res.statusCode).toBe(200);
      return res.json<{ patterns: unknown; pattern_ids: string[] }>();
    };
    const answered = await detail(analysed!.id);
    expect(answered.patterns).toEqual(analysed!.patterns);
    expect(answered.pattern_ids).toEqual(patternIdsOf(analysed!.patterns));

    // the seed's list format, as a row written by another tool would hold it
    await t.deps.store.db
      .updateTable('posts')
      .set({ patterns: JSON.stringify([{ id: 'question_hook', score: 0.5 }]) })
      .where('id', '=', foreign!.id)
      .execute();
    try {
      expect(await detail(foreign!.id)).toMatchObject({ patterns: null, pattern_ids: [] });
    } finally {
      await t.deps.store.db
        .updateTable('posts')
        .set({ patterns: JSON.stringify(foreign!.patterns) })
        .where('id', '=', foreign!.id)
        .execute();
    }
  });

  it('computes pattern fatigue from the persona usage history', async () => {
    const post = demo[3]!;
    const row = await t.deps.store.db
      .selectFrom('posts')
      .select(['patterns', 'published_at'])
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    const pattern = patternIdsOf(row.patterns)[0]!;
    // Four more uses of the pattern by the persona, in other posts, exactly one day ago.
    const dayAgo = new Date(Math.floor((t.clock.now - 24 * HOUR) / HOUR) * HOUR);
    await t.deps.store.db
      .insertInto('pattern_usage_history')
      .values(
        [1, 2, 3, 4].map((i) => ({
          pattern_id: pattern,
          persona_id: post.persona_id,
          post_id: `other-${i}`,
          created_at: dayAgo,
          last_used_at: dayAgo,
        })),
      )
      .execute();
    const res = await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=24h&use_cache=false` });
    // decayed uses = 4 × 0.95^1 (a day ago) + 0.95^(age of the post's own use in days);
    // fatigue = min(1, (decayed − 3) × 0.2) for the most worn pattern of the post
    const ownAgeDays = (t.clock.now - Math.floor(row.published_at.getTime() / HOUR) * HOUR) / (24 * HOUR);
    const decayed = 4 * 0.95 + 0.95 ** ownAgeDays;
    expect(res.json<{ pattern_fatigue: number }>().pattern_fatigue).toBeCloseTo(
      Math.min(1, (decayed - 3) * 0.2),
      3,
    );
    await t.deps.store.db.deleteFrom('pattern_usage_history').where('post_id', 'like', 'other-%').execute();
  });

  it('answers GET /viral-metrics with KPIs computed from the source counters', async () => {
    const post = demo[0]!;
    const res = await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=24h&use_cache=false` });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    const c = t.simulator.analytics(post.id);
    // viral coefficient = (shares + reposts + quotes + replies) / views × 100, capped at 50
    const expected = Math.min(50, ((c.shares + c.reposts + c.quotes + c.replies) / c.views) * 100);
    expect(body.viral_coefficient).toBeCloseTo(expected, 9);
    expect(body.scroll_stop_rate).toBeCloseTo((c.engaged_views / c.impressions) * 100, 9);
    expect(body).toMatchObject({
      post_id: post.id,
      persona_id: post.persona_id,
      timeframe: '24h',
      stale: false,
      cached: false,
    });
  });

  it('serves the second read from the cache until use_cache=false', async () => {
    const post = demo[1]!;
    const first = (await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=3h` })).json<{
      cached: boolean;
      collected_at: string;
    }>();
    const second = (await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=3h` })).json<{
      cached: boolean;
      collected_at: string;
    }>();
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, collected_at: first.collected_at });
    const bypass = (
      await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=3h&use_cache=false` })
    ).json<{ cached: boolean }>();
    expect(bypass.cached).toBe(false);
  });

  it('answers a batch of posts in request order', async () => {
    const ids = demo.map((p) => p.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/viral-metrics/batch',
      payload: { post_ids: [...ids].reverse(), timeframe: '6h' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post_id: string }[]>().map((m) => m.post_id)).toEqual([...ids].reverse());
  });

  it('answers an unknown post as an entry of its own with error "not_found", not a failed batch', async () => {
    const [a, b] = [demo[0]!.id, demo[1]!.id];
    const res = await t.app.inject({
      method: 'POST',
      url: '/viral-metrics/batch',
      payload: { post_ids: [a, 'no_such_post', b], timeframe: '1h' },
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json<Record<string, unknown>[]>();
    expect(entries.map((e) => [e.post_id, e.error])).toEqual([
      [a, null],
      ['no_such_post', 'not_found'],
      [b, null],
    ]);
    expect(entries[0]!.viral_coefficient).toEqual(expect.any(Number));
    expect(entries[1]).toEqual({
      post_id: 'no_such_post',
      persona_id: null,
      timeframe: '1h',
      viral_coefficient: null,
      scroll_stop_rate: null,
      share_velocity: null,
      reply_depth: null,
      engagement_trajectory: null,
      pattern_fatigue: null,
      engagement_rate: null,
      collected_at: null,
      stale: false,
      stale_reason: null,
      flags: [],
      cached: false,
      error: 'not_found',
    });
    // the single read still answers 404 for it
    expect((await t.app.inject({ url: '/viral-metrics/no_such_post' })).statusCode).toBe(404);
  });

  it('takes the default timeframe for a batch without one, and no single id where a list belongs', async () => {
    const id = demo[0]!.id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/viral-metrics/batch',
      payload: { post_ids: [id] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post_id: string; timeframe: string }[]>()).toMatchObject([
      { post_id: id, timeframe: '1h' },
    ]);
    const single = await t.app.inject({
      method: 'POST',
      url: '/viral-metrics/batch',
      payload: { post_ids: id },
    });
    expect(single.statusCode).toBe(422);
    expect(single.json<{ detail: { loc: unknown[]; type: string }[] }>().detail).toMatchObject([
      { loc: ['body', 'post_ids'], type: 'list_type' },
    ]);
  });

  it.each(['90x', '-1h', 'abc', '90m'])(
    'rejects timeframe %s with 422 naming the allowed values',
    async (tf) => {
      const post = demo[0]!;
      const res = await t.app.inject({
        url: `/viral-metrics/${post.id}?timeframe=${encodeURIComponent(tf)}`,
      });
      expect(res.statusCode).toBe(422);
      const detail = res.json<{ detail: { loc: unknown[]; msg: string }[] }>().detail[0]!;
      expect(detail.loc).toEqual(['query', 'timeframe']);
      expect(detail.msg).toContain('1h, 3h, 6h, 12h, 24h, 7d');
    },
  );

  it('learns a post first seen through GET from the source and runs the pattern engine on it', async () => {
    const fresh = await t.deps.source.source.publish({
      content: 'Unpopular opinion: 3 habits matter more than any app. Which one do you skip?',
    });
    const res = await t.app.inject({ url: `/viral-metrics/${fresh.id}` });
    expect(res.statusCode).toBe(200);
    const row = await t.deps.store.db
      .selectFrom('posts')
      .select(['patterns'])
      .where('id', '=', fresh.id)
      .executeTakeFirstOrThrow();
    expect(patternIdsOf(row.patterns)).toContain('hook:contrarian');
  });

  it('returns 404 for a post neither the store nor the source knows', async () => {
    const res = await t.app.inject({ url: '/viral-metrics/does-not-exist' });
    expect(res.statusCode).toBe(404);
  });

  it('serves stale metrics with the reason when the source fails, and writes no history', async () => {
    const post = demo[0]!;
    const before = await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=24h&use_cache=false` });
    const historyBefore = await count(t, 'viral_metrics_history', post.id);
    const snapshotsBefore = await count(t, 'post_snapshots', post.id);
    await t.deps.source.control.setFault({ errorRate: 1 });
    try {
      t.clock.now += HOUR;
      const res = await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=24h&use_cache=false` });
      expect(res.statusCode).toBe(200);
      const body = res.json<Record<string, unknown>>();
      expect(body.stale).toBe(true);
      expect(String(body.stale_reason)).toMatch(/source/);
      expect(body.viral_coefficient).toBe(before.json<{ viral_coefficient: number }>().viral_coefficient);
      expect(await count(t, 'viral_metrics_history', post.id)).toBe(historyBefore);
      expect(await count(t, 'post_snapshots', post.id)).toBe(snapshotsBefore);
      // No zero reading anywhere in history because a call failed.
      const zeros = await t.deps.store.db
        .selectFrom('viral_metrics_history')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('post_id', '=', post.id)
        .where('metric_name', '=', 'scroll_stop_rate')
        .where('metric_value', '=', 0)
        .executeTakeFirstOrThrow();
      expect(Number(zeros.n)).toBe(0);
    } finally {
      await t.deps.source.control.setFault({ reset: true });
    }
  });

  it('serves stale metrics when the source times out', async () => {
    const post = demo[2]!;
    await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=12h&use_cache=false` });
    const historyBefore = await count(t, 'viral_metrics_history', post.id);
    await t.deps.source.control.setFault({ timeout: true });
    try {
      const started = Date.now();
      const res = await t.app.inject({ url: `/viral-metrics/${post.id}?timeframe=12h&use_cache=false` });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.json<{ stale: boolean; stale_reason: string }>()).toMatchObject({
        stale: true,
        stale_reason: expect.stringMatching(/timeout/),
      });
      expect(await count(t, 'viral_metrics_history', post.id)).toBe(historyBefore);
    } finally {
      await t.deps.source.control.setFault({ reset: true });
    }
  });

  it('answers 503 when the source fails for a post it has never measured', async () => {
    const fresh = await t.deps.source.source.publish({ content: 'A brand new post nobody has measured yet' });
    await t.deps.source.control.setFault({ errorRate: 1 });
    try {
      const res = await t.app.inject({ url: `/viral-metrics/${fresh.id}?use_cache=false` });
      expect(res.statusCode).toBe(503);
      expect(res.json<{ detail: string }>().detail).toMatch(/source cannot be reached: source http 500/);
    } finally {
      await t.deps.source.control.setFault({ reset: true });
    }
  });

  it('raises a reach drop once for an episode, and lists it', async () => {
    const read = (id: string) => t.app.inject({ url: `/viral-metrics/${id}?timeframe=24h&use_cache=false` });
    const postId = await raiseReachDrop(t, demo[0]!.account_id, read);
    const anomaliesOf = () =>
      t.deps.store.db
        .selectFrom('viral_metrics_anomalies')
        .selectAll()
        .where('post_id', '=', postId)
        .where('anomaly_type', '=', 'reach_drop')
        .execute();
    expect(await anomaliesOf()).toMatchObject([{ severity: 'high', status: 'open' }]);
    // still throttled an hour and seven hours later: the same episode, not a new anomaly
    t.clock.now += HOUR;
    await read(postId);
    t.clock.now += 6 * HOUR;
    await read(postId);
    expect(await anomaliesOf()).toHaveLength(1);

    const listed = await t.app.inject({ url: '/anomalies?hours=168&severity=high' });
    expect(listed.statusCode).toBe(200);
    const rows = listed.json<{ post_id: string; severity: string; status: string; message: string }[]>();
    expect(rows.filter((r) => r.post_id === postId)).toMatchObject([
      {
        severity: 'high',
        status: 'open',
        message: expect.stringMatching(/^Reach is \d+ % below what your posts usually have at/),
      },
    ]);
  });
});
