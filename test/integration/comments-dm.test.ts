import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import { SourceError, type SourcePost, type ThreadsSource } from '../../src/source/threads-source.js';
import type { DmOutboxItem, DmRuleResponse } from '../../src/comments/schemas.js';
import { PostsRepository } from '../../src/posts/index.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';
import {
  createCommentsHarness,
  makeComment,
  RecordingDelivery,
  waitForIdle,
  type CommentsHarness,
  type HarnessOptions,
} from '../factories/comments.js';

const LINK_RULE = {
  name: 'send the link',
  keywords: ['LINK'],
  template: 'Hi {author}! Here is the link: {shop}',
  variables: { shop: 'https://shop.example/x' },
};

async function outbox(
  store: Store,
): Promise<{ status: string; author: string; last_error: string | null }[]> {
  const { rows } = await sql<{ status: string; author: string; last_error: string | null }>`
    select status, author, last_error from dm_outbox order by id`.execute(store.db);
  return rows;
}

async function count(store: Store, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    store.db,
  );
  return Number(rows[0]?.n);
}

/** A source that knows one post and can fail `getPost` a number of times (transiently). */
function fakeSource(opts: { getPostFailures?: number } = {}) {
  let failures = opts.getPostFailures ?? 0;
  const post: SourcePost = {
    id: 'p1',
    account_id: 'acct_1',
    persona_id: 'persona_1',
    username: 'creator',
    content: 'Comment LINK for the guide',
    post_url: 'https://www.threads.net/@creator/post/p1',
    published_at: '2026-11-20T09:00:00Z',
  };
  const source: Pick<ThreadsSource, 'getComments' | 'getPost' | 'sendDm'> = {
    getComments: () => Promise.resolve([]),
    getPost: (id: string) => {
      if (failures > 0) {
        failures--;
        return Promise.reject(new SourceError('source timed out (test)', 'timeout', true));
      }
      if (id !== post.id)
        return Promise.reject(new SourceError(`post ${id} not found`, 'not_found', false, 404));
      return Promise.resolve(post);
    },
    sendDm: () => Promise.reject(new Error('not used')),
  };
  return source;
}

describe.each(testStoreEngines)('DM rules and outbox ($engine)', ({ create }) => {
  let store: Store;
  let sut: CommentsHarness;
  let delivery: RecordingDelivery;
  const extra: CommentsHarness[] = [];

  useTestStore(create, (s) => (store = s));
  beforeEach(async () => {
    delivery = new RecordingDelivery();
    sut = await createCommentsHarness(store, { delivery, source: fakeSource() });
  });
  afterEach(async () => {
    await sut.close();
    for (const h of extra.splice(0)) await h.close();
  });

  async function harness(opts: HarnessOptions): Promise<CommentsHarness> {
    const h = await createCommentsHarness(store, opts);
    extra.push(h);
    return h;
  }

  const createRule = async (h: CommentsHarness, body: object) => {
    const res = await h.app.inject({ method: 'POST', url: '/dm-rules', payload: body });
    expect(res.statusCode).toBe(201);
    return res.json<DmRuleResponse>();
  };

  const ingest = (h: CommentsHarness, comments: object[], postId = 'p1') =>
    h.app.inject({ method: 'POST', url: '/comments/process', payload: { post_id: postId, comments } });

  describe('rules API', () => {
    it('creates, reads, lists, patches and deletes a rule', async () => {
      const created = await createRule(sut, { ...LINK_RULE, account_id: 'acct_1' });
      expect(created).toMatchObject({
        name: 'send the link',
        account_id: 'acct_1',
        intent: null,
        threshold: null,
        keywords: ['LINK'],
        match: 'any',
        enabled: true,
        variables: { shop: 'https://shop.example/x' },
      });
      const got = await sut.app.inject({ method: 'GET', url: `/dm-rules/${created.id}` });
      expect(got.json()).toEqual(created);
      const patched = await sut.app.inject({
        method: 'PATCH',
        url: `/dm-rules/${created.id}`,
        payload: { intent: 'purchase_intent', threshold: 0.8, match: 'all' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        intent: 'purchase_intent',
        threshold: 0.8,
        match: 'all',
        keywords: ['LINK'],
      });
      const list = await sut.app.inject({ method: 'GET', url: '/dm-rules' });
      expect(list.json<DmRuleResponse[]>().map((r) => r.id)).toEqual([created.id]);
      expect((await sut.app.inject({ method: 'DELETE', url: `/dm-rules/${created.id}` })).statusCode).toBe(
        204,
      );
      expect((await sut.app.inject({ method: 'GET', url: `/dm-rules/${created.id}` })).statusCode).toBe(404);
      expect((await sut.app.inject({ method: 'DELETE', url: `/dm-rules/${created.id}` })).statusCode).toBe(
        404,
      );
    });

    it('rejects an unknown placeholder with 422 at creation', async () => {
      const res = await sut.app.inject({
        method: 'POST',
        url: '/dm-rules',
        payload: { ...LINK_RULE, template: 'Hi {autor}, {shop}' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toEqual({
        detail: [
          {
            type: 'value_error',
            loc: ['body', 'template'],
            msg: 'unknown placeholder {autor}; known: {author}, {post_url}, {shop}',
            input: 'Hi {autor}, {shop}',
          },
        ],
      });
      expect(await count(store, 'dm_rules')).toBe(0);
    });

    it('rejects a patch that leaves the rule without a condition', async () => {
      const created = await createRule(sut, LINK_RULE);
      const res = await sut.app.inject({
        method: 'PATCH',
        url: `/dm-rules/${created.id}`,
        payload: { keywords: [] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: { loc: unknown[] }[] }>().detail[0]?.loc).toEqual(['body', 'intent']);
    });

    it('rejects a bad id, an intent outside the list and a threshold above 1', async () => {
      expect((await sut.app.inject({ method: 'GET', url: '/dm-rules/abc' })).statusCode).toBe(422);
      const res = await sut.app.inject({
        method: 'POST',
        url: '/dm-rules',
        payload: { ...LINK_RULE, intent: 'love', threshold: 2 },
      });
      expect(res.statusCode).toBe(422);
      const locs = res.json<{ detail: { loc: unknown[] }[] }>().detail.map((d) => d.loc.join('.'));
      expect(locs).toEqual(expect.arrayContaining(['body.intent', 'body.threshold']));
    });
  });

  it('sends one templated DM for a keyword comment, through the outbox', async () => {
    await createRule(sut, { ...LINK_RULE, template: 'Hi {author}! {shop} (from {post_url})' });
    await ingest(sut, [makeComment({ id: 'c1', author: 'ana', text: 'LINK please' })]);
    await waitForIdle(sut.queue);
    expect(delivery.calls).toHaveLength(1);
    expect(delivery.calls[0]).toMatchObject({
      recipient: 'ana',
      text: 'Hi ana! https://shop.example/x (from https://www.threads.net/@creator/post/p1)',
      post_id: 'p1',
      account_id: 'acct_1',
      comment_id: 'c1',
    });
    const res = await sut.app.inject({ method: 'GET', url: '/dm-outbox?status=sent' });
    const items = res.json<{ items: DmOutboxItem[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'sent', attempts: 1, author: 'ana', last_error: null });
    expect(items[0]?.idempotency_key).toBe(delivery.calls[0]?.idempotency_key);
  });

  it('never DMs a spam comment that contains the trigger keyword', async () => {
    await createRule(sut, LINK_RULE);
    await ingest(sut, [
      makeComment({ id: 's1', author: 'bot', text: 'follow me for LINK spam' }),
      makeComment({ id: 'h1', author: 'human', text: 'LINK' }),
    ]);
    await waitForIdle(sut.queue);
    const { rows } = await sql<{ comment_id: string; intent: string }>`
      select comment_id, intent from comment_analysis order by comment_id`.execute(store.db);
    expect(rows).toEqual([
      { comment_id: 'h1', intent: 'other' },
      { comment_id: 's1', intent: 'spam' },
    ]);
    expect(await outbox(store)).toEqual([{ status: 'sent', author: 'human', last_error: null }]);
    expect(delivery.calls.map((c) => c.recipient)).toEqual(['human']);
  });

  it("never DMs the creator's own reply and files it as other, not as a lead", async () => {
    await createRule(sut, LINK_RULE);
    // p1 is not in `posts`: its author ("creator") comes from the source
    await ingest(sut, [
      makeComment({ id: 'a1', author: 'ana', text: 'LINK please, where can I buy it?' }),
      makeComment({ id: 'c1', author: '@Creator', text: 'Comment LINK and I will send it to you 👇' }),
      makeComment({ id: 'c2', author: 'creator', text: 'check your DMs 📩' }),
    ]);
    await waitForIdle(sut.queue);
    const { rows } = await sql<{ comment_id: string; intent: string; lead_score: number }>`
      select comment_id, intent, lead_score from comment_analysis order by comment_id`.execute(store.db);
    expect(rows.map((r) => [r.comment_id, r.intent, Number(r.lead_score)])).toEqual([
      ['a1', 'purchase_intent', expect.any(Number)],
      ['c1', 'other', 0],
      ['c2', 'other', 0],
    ]);
    expect(Number(rows[0]!.lead_score)).toBeGreaterThan(0.5);
    expect(await outbox(store)).toEqual([{ status: 'sent', author: 'ana', last_error: null }]);
  });

  it('knows the creator from `posts` when the source does not know the post', async () => {
    const post: SourcePost = {
      id: 'p2',
      account_id: 'acct_1',
      persona_id: 'persona_1',
      username: 'maya',
      content: 'Comment LINK',
      post_url: 'https://www.threads.net/@maya/post/p2',
      published_at: '2026-11-20T09:00:00Z',
    };
    const repo = new PostsRepository(store.db);
    await repo.upsertSourcePosts([post]);
    // a later listing without the handle keeps the one stored
    await repo.upsertSourcePosts([{ ...post, username: '' }]);
    const stored = await store.db.selectFrom('posts').select('author_username').executeTakeFirstOrThrow();
    expect(stored.author_username).toBe('maya');
    await createRule(sut, LINK_RULE);
    await ingest(
      sut,
      [
        makeComment({ id: 'm1', author: 'maya', text: 'LINK below, comment it 👇' }),
        makeComment({ id: 'b1', author: 'ben', text: 'LINK' }),
      ],
      'p2',
    );
    await waitForIdle(sut.queue);
    const { rows } = await sql<{ comment_id: string; intent: string }>`
      select comment_id, intent from comment_analysis order by comment_id`.execute(store.db);
    expect(rows).toEqual([
      { comment_id: 'b1', intent: expect.any(String) },
      { comment_id: 'm1', intent: 'other' },
    ]);
    expect((await outbox(store)).map((o) => o.author)).toEqual(['ben']);
  });

  it('fires intent rules at the threshold and keeps one DM per post, author and rule', async () => {
    await createRule(sut, {
      name: 'buyers',
      intent: 'purchase_intent',
      threshold: 0.9,
      template: 'Hi {author}',
    });
    await ingest(sut, [
      makeComment({ id: 'b1', author: 'ana', text: 'I want to buy this' }),
      makeComment({ id: 'b2', author: 'ana', text: 'what is the price' }),
      makeComment({ id: 'q1', author: 'bo', text: 'how does it work?' }),
    ]);
    await waitForIdle(sut.queue);
    expect(await outbox(store)).toEqual([{ status: 'sent', author: 'ana', last_error: null }]);
    // Another post by the same author is another DM.
    await ingest(sut, [makeComment({ id: 'b3', author: 'ana', text: 'buy' })], 'p2');
    await waitForIdle(sut.queue);
    expect((await outbox(store)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('applies account rules only to that account and skips DMs needing an unknown post URL', async () => {
    await createRule(sut, { ...LINK_RULE, name: 'other account', account_id: 'acct_2' });
    await createRule(sut, { ...LINK_RULE, name: 'with url', template: 'see {post_url}' });
    await ingest(sut, [makeComment({ id: 'u1', author: 'ana', text: 'LINK' })]);
    await ingest(sut, [makeComment({ id: 'u2', author: 'bo', text: 'LINK' })], 'unknown_post');
    await waitForIdle(sut.queue);
    expect(await outbox(store)).toEqual([
      { status: 'sent', author: 'ana', last_error: null },
      {
        status: 'skipped',
        author: 'bo',
        last_error: 'the URL of post unknown_post is unknown and the template uses {post_url}',
      },
    ]);
  });

  it('uses the account and URL stored in posts before asking the source', async () => {
    await sql`insert into posts (id, account_id, persona_id, content, post_url, published_at, source)
              values ('p9', 'acct_2', 'persona', 'x', 'https://t/p9', now(), 'api')`.execute(store.db);
    await createRule(sut, { ...LINK_RULE, account_id: 'acct_2', template: '{post_url}' });
    await ingest(sut, [makeComment({ id: 'v1', author: 'ana', text: 'LINK' })], 'p9');
    await waitForIdle(sut.queue);
    expect(delivery.calls.map((c) => [c.text, c.account_id])).toEqual([['https://t/p9', 'acct_2']]);
  });

  it('holds DM_DAILY_LIMIT per account and day, also with two workers at once', async () => {
    const a = await harness({
      delivery,
      source: fakeSource(),
      config: { DM_DAILY_LIMIT: '3' },
      startQueue: false,
    });
    const b = await harness({
      delivery,
      source: fakeSource(),
      config: { DM_DAILY_LIMIT: '3' },
      startQueue: false,
    });
    await createRule(a, LINK_RULE);
    const comments = Array.from({ length: 10 }, (_, i) =>
      makeComment({ id: `d${i}`, author: `fan${i}`, text: 'LINK' }),
    );
    await ingest(a, comments);
    // Both workers analyse overlapping halves at the same moment.
    const ids = comments.map((c) => c.id);
    await Promise.all([
      a.module.comments.analyzeBatch(ids.slice(0, 6)),
      b.module.comments.analyzeBatch(ids.slice(4)),
    ]);
    const rows = await outbox(store);
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(3);
    const skipped = rows.filter((r) => r.status === 'skipped');
    expect(skipped).toHaveLength(7);
    expect(skipped[0]?.last_error).toMatch(
      /^daily DM limit of 3 reached for account acct_1 on \d{4}-\d{2}-\d{2} \(UTC\)$/,
    );
    const { rows: counters } = await sql<{ count: number }>`select count from dm_daily_counts`.execute(
      store.db,
    );
    expect(counters).toEqual([{ count: 3 }]);
  });

  it('sends one DM when two workers analyse the same comment at once', async () => {
    const a = await harness({ delivery, source: fakeSource() });
    const b = await harness({ delivery, source: fakeSource() });
    await createRule(a, LINK_RULE);
    await ingest(a, [makeComment({ id: 'r1', author: 'ana', text: 'LINK' })]);
    await waitForIdle(a.queue);
    delivery.calls.length = 0;
    delivery.delivered.clear();
    await sql`delete from dm_outbox`.execute(store.db);
    await sql`delete from dm_daily_counts`.execute(store.db);

    await Promise.all([a.module.comments.analyzeBatch(['r1']), b.module.comments.analyzeBatch(['r1'])]);
    await Promise.all([waitForIdle(a.queue), waitForIdle(b.queue)]);
    expect(await outbox(store)).toEqual([{ status: 'sent', author: 'ana', last_error: null }]);
    expect(delivery.delivered.size).toBe(1);
    expect(await count(store, 'comment_analysis')).toBe(1);
  });

  it('retries an analysis job that fails once without duplicating analysis rows or DMs', async () => {
    // the first failure is absorbed by the post-author lookup (analysis goes on without it), the
    // second fails the job's DM step
    const flaky = await harness({ delivery, source: fakeSource({ getPostFailures: 2 }) });
    await createRule(flaky, LINK_RULE);
    await ingest(flaky, [
      makeComment({ id: 'f1', author: 'ana', text: 'LINK' }),
      makeComment({ id: 'f2', author: 'bo', text: 'nice' }),
    ]);
    await waitForIdle(flaky.queue);
    expect(await count(store, 'comment_analysis')).toBe(2);
    expect(await outbox(store)).toEqual([{ status: 'sent', author: 'ana', last_error: null }]);
    expect(delivery.delivered.size).toBe(1);
    const analysed = await flaky.telemetry.registry.getSingleMetric('comment_analysis_total')?.get();
    // Each comment was classified twice (first attempt and retry) but stored once.
    expect(analysed?.values.reduce((s, v) => s + v.value, 0)).toBe(4);
  });

  it('retries a delivery whose answer was lost without sending twice', async () => {
    await createRule(sut, LINK_RULE);
    delivery.loseAckNext = 1;
    delivery.failNext = 1;
    await ingest(sut, [makeComment({ id: 'l1', author: 'ana', text: 'LINK' })]);
    await waitForIdle(sut.queue);
    // Attempt 1: receiver down. Attempt 2: accepted, answer lost. Attempt 3: duplicate → sent.
    expect(delivery.calls).toHaveLength(3);
    expect(new Set(delivery.calls.map((c) => c.idempotency_key)).size).toBe(1);
    expect(delivery.delivered.size).toBe(1);
    const res = await sut.app.inject({ method: 'GET', url: '/dm-outbox' });
    expect(res.json<{ items: DmOutboxItem[] }>().items).toMatchObject([
      { status: 'sent', attempts: 3, last_error: null },
    ]);
    // A late duplicate job for a sent row does nothing.
    const id = res.json<{ items: DmOutboxItem[] }>().items[0]!.id;
    expect(await sut.module.dms.send(id, 1)).toEqual({ status: 'sent' });
    expect(delivery.calls).toHaveLength(3);
  });

  it('keeps a DM pending when its retries run out, and the sweep delivers it once the receiver is back', async () => {
    await createRule(sut, LINK_RULE);
    delivery.failNext = 3;
    await ingest(sut, [makeComment({ id: 'x1', author: 'ana', text: 'LINK' })]);
    await waitForIdle(sut.queue);
    const pending = (await sut.app.inject({ url: '/dm-outbox' })).json<{ items: DmOutboxItem[] }>().items;
    expect(pending).toMatchObject([
      { status: 'pending', attempts: 3, last_error: 'receiver unavailable (test)' },
    ]);
    expect((await sut.queue.getJob(`dm-${pending[0]!.id}`))?.state).toBe('failed');

    // the receiver is back: the sweep runs the failed job again, with the same idempotency key
    expect(await sut.module.dms.requeueStalePending(new Date(Date.now() - 600_000))).toBe(1);
    await waitForIdle(sut.queue);
    const items = (await sut.app.inject({ url: '/dm-outbox' })).json<{ items: DmOutboxItem[] }>().items;
    expect(items).toMatchObject([{ status: 'sent', attempts: 4, last_error: null }]);
    expect(delivery.delivered.size).toBe(1);
    expect(new Set(delivery.calls.map((c) => c.idempotency_key)).size).toBe(1);
    expect(await sut.module.dms.requeueStalePending(new Date())).toBe(0);
  });

  it('fails a DM still undelivered a day after it was recorded', async () => {
    await createRule(sut, LINK_RULE);
    delivery.failNext = 100;
    await ingest(sut, [makeComment({ id: 'x2', author: 'bo', text: 'LINK' })]);
    await waitForIdle(sut.queue);
    await sql`update dm_outbox set created_at = now() - interval '25 hours'`.execute(store.db);
    expect(await sut.module.dms.requeueStalePending(new Date())).toBe(0);
    const res = await sut.app.inject({ method: 'GET', url: '/dm-outbox?status=failed' });
    expect(res.json<{ items: DmOutboxItem[] }>().items).toMatchObject([
      { status: 'failed', last_error: 'not delivered within a day: receiver unavailable (test)' },
    ]);
  });

  it('skips the unsent DMs of a deleted rule', async () => {
    const held = await harness({ delivery, source: fakeSource(), startQueue: false });
    const rule = await createRule(held, LINK_RULE);
    await ingest(held, [makeComment({ id: 'z1', author: 'ana', text: 'LINK' })]);
    await held.module.comments.analyzeBatch(['z1']);
    expect((await outbox(store)).map((r) => r.status)).toEqual(['pending']);
    await held.app.inject({ method: 'DELETE', url: `/dm-rules/${rule.id}` });
    expect(await outbox(store)).toEqual([{ status: 'skipped', author: 'ana', last_error: 'rule deleted' }]);
    await held.queue.start();
    await waitForIdle(held.queue);
    expect(delivery.calls).toHaveLength(0);
  });
});
