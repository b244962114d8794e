/**
 * The Graph API connector against the simulator's Graph API over real HTTP: response shapes
 * field by field as in threads-api.md, OAuth and token lifetime, every error code the connector
 * maps, paging, publishing limits, hide/delete, and idempotent publish and reply under retries.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/source/simulator/engagement.js';
import { SourceError } from '../../src/source/threads-source.js';
import {
  ThreadsDuplicatePostError,
  ThreadsInvalidParameterError,
  ThreadsLimitError,
  ThreadsPolicyBlockError,
  ThreadsQuotaError,
  ThreadsRateLimitError,
  ThreadsTemporaryError,
  ThreadsTokenError,
  ThreadsUnknownObjectError,
} from '../../src/threads/errors.js';
import { InMemoryPublishLedger } from '../../src/threads/publish-ledger.js';
import { ReconnectNeededError } from '../../src/threads/token-provider.js';
import { captureLogs } from '../helpers/log-capture.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const ACCOUNT = 'acct_maya';
const DAY = 24 * HOUR_MS;
let sim: ThreadsSim;

beforeAll(async () => {
  sim = await startThreadsSim({ graph: { postQuota: 40 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.graph.clearErrors();
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

async function raw(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${sim.baseUrl}${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  return {
    status: res.status,
    body: text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: res.headers,
  };
}

const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;

describe('simulator Graph API shapes (threads-api.md)', () => {
  it('lists threads with exactly the documented fields and cursors', async () => {
    const token = sim.tokenOf[ACCOUNT] ?? '';
    const fields =
      'id,media_product_type,media_type,permalink,username,text,timestamp,shortcode,is_quote_post,has_replies';
    const r = await raw(`/v1.0/me/threads?fields=${fields}&limit=2&access_token=${token}`);
    expect(r.status).toBe(200);
    const data = r.body.data as Record<string, unknown>[];
    expect(data).toHaveLength(2);
    const item = data[0] ?? {};
    expect(Object.keys(item).sort()).toEqual(fields.split(',').sort());
    expect(item.media_product_type).toBe('THREADS');
    expect(item.media_type).toBe('TEXT_POST');
    expect(item.username).toBe('maya.moves');
    expect(item.timestamp).toMatch(GRAPH_TIME);
    expect(item.is_quote_post).toBe(false);
    expect(typeof item.has_replies).toBe('boolean');
    expect(item.permalink).toBe(`https://www.threads.net/@maya.moves/post/${String(item.shortcode)}`);
    const paging = r.body.paging as { cursors: { before: string; after: string }; next?: string };
    expect(typeof paging.cursors.before).toBe('string');
    expect(typeof paging.cursors.after).toBe('string');
    expect(paging.next).toContain('after=');
    expect(JSON.parse(r.headers.get('x-app-usage') ?? '{}')).toMatchObject({
      call_count: expect.any(Number),
    });
  });

  it('answers insights, the publishing limit, the profile and errors as documented', async () => {
    const token = sim.tokenOf[ACCOUNT] ?? '';
    const [post] = sim.simulator.listPublished({ account_id: ACCOUNT, limit: 1 });
    const ins = await raw(
      `/v1.0/${post?.id}/insights?metric=views,likes,replies,reposts,quotes,shares&access_token=${token}`,
    );
    const metrics = ins.body.data as Record<string, unknown>[];
    expect(metrics.map((m) => m.name)).toEqual(['views', 'likes', 'replies', 'reposts', 'quotes', 'shares']);
    expect(Object.keys(metrics[1] ?? {}).sort()).toEqual([
      'description',
      'id',
      'name',
      'period',
      'title',
      'values',
    ]);
    expect(metrics[1]).toMatchObject({
      period: 'lifetime',
      values: [{ value: sim.simulator.analytics(post?.id ?? '').likes }],
    });

    const lim = await raw(
      `/v1.0/me/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config&access_token=${token}`,
    );
    expect(lim.body).toEqual({
      data: [
        {
          quota_usage: expect.any(Number),
          config: { quota_total: 40, quota_duration: 86400 },
          reply_quota_usage: expect.any(Number),
          reply_config: { quota_total: 1000, quota_duration: 86400 },
        },
      ],
    });

    const me = await raw(
      `/v1.0/me?fields=id,username,name,threads_profile_picture_url,threads_biography,is_verified&access_token=${token}`,
    );
    expect(me.body).toMatchObject({
      id: ACCOUNT,
      username: 'maya.moves',
      name: 'Maya Okafor',
      is_verified: false,
    });

    const missing = await raw(`/v1.0/17999999999999999?fields=id&access_token=${token}`);
    expect(missing.status).toBe(400);
    const error = missing.body.error as Record<string, unknown>;
    expect(error).toMatchObject({ type: 'THApiException', code: 100, error_subcode: 33 });
    expect(typeof error.message).toBe('string');
    expect(typeof error.fbtrace_id).toBe('string');
  });

  it('runs OAuth: authorize redirect, code → short-lived, → long-lived, refresh only after 24 h, expiry after 60 days', async () => {
    const redirect = 'https://agent.example.com/auth/threads/callback';
    const auth = await raw(
      `/oauth/authorize?client_id=${sim.graph.appId}&redirect_uri=${encodeURIComponent(redirect)}&scope=threads_basic,threads_read_replies&response_type=code&state=s123&account_id=acct_devon`,
    );
    expect(auth.status).toBe(302);
    const location = new URL(auth.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('s123');
    const code = location.searchParams.get('code') ?? '';
    const form = new URLSearchParams({
      client_id: sim.graph.appId,
      client_secret: sim.graph.appSecret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: redirect,
    });
    const short = await raw('/oauth/access_token', { method: 'POST', body: form });
    expect(short.body).toEqual({ access_token: expect.stringMatching(/^TH/), user_id: 'acct_devon' });
    const reuse = await raw('/oauth/access_token', { method: 'POST', body: form });
    expect((reuse.body.error as { code: number }).code).toBe(100);

    const long = await raw(
      `/access_token?grant_type=th_exchange_token&client_secret=${sim.graph.appSecret}&access_token=${String(short.body.access_token)}`,
    );
    expect(long.body).toEqual({
      access_token: expect.stringMatching(/^TH/),
      token_type: 'bearer',
      expires_in: 5184000,
    });
    const longToken = String(long.body.access_token);

    const early = await raw(`/refresh_access_token?grant_type=th_refresh_token&access_token=${longToken}`);
    expect((early.body.error as { code: number }).code).toBe(100);
    sim.simulator.advance(25 * HOUR_MS);
    const refreshed = await raw(
      `/refresh_access_token?grant_type=th_refresh_token&access_token=${longToken}`,
    );
    expect(refreshed.body).toMatchObject({ token_type: 'bearer', expires_in: 5184000 });

    sim.simulator.advance(60 * DAY);
    const expired = await raw(`/v1.0/me?access_token=${longToken}`);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ type: 'OAuthException', code: 190, error_subcode: 463 });
    // The demo accounts' tokens were issued at the start: renew them for the tests that follow.
    for (const a of sim.simulator.accounts())
      sim.tokens.set(a.id, sim.graph.issueLongLived(a.id).access_token);
  });
});

describe('connector', () => {
  it('reads the profile and pages posts beyond 100 with cursors', async () => {
    const now = sim.simulator.now();
    for (let i = 0; i < 120; i++)
      sim.simulator.publish({
        account_id: 'acct_rosa',
        content: `old recipe ${i}`,
        published_at: new Date(now - (i + 1) * 60_000),
      });
    const c = sim.connector();
    expect(await c.profile('acct_rosa')).toMatchObject({ id: 'acct_rosa', username: 'rosa.cooks' });
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await c.postsPage('acct_rosa', { limit: 100, ...(after === undefined ? {} : { after }) });
      if (page.next !== undefined) expect(page.posts).toHaveLength(100);
      ids.push(...page.posts.map((p) => p.id));
      after = page.next;
      pages++;
    } while (after !== undefined);
    const truth = sim.simulator.listPublished({ account_id: 'acct_rosa', limit: 10_000 }).map((p) => p.id);
    expect(truth.length).toBeGreaterThan(120);
    expect(ids).toEqual(truth);
    expect(pages).toBe(Math.ceil(truth.length / 100));
  });

  it('resumes comments from its cursor: the second read costs one call', async () => {
    const c = sim.connector();
    const [post] = sim.simulator
      .listPublished({ account_id: ACCOUNT, limit: 500 })
      .filter((p) => sim.simulator.comments(p.id, { limit: 1000 }).length >= 20);
    if (post === undefined) throw new Error('no post with 20 replies');
    const firstPage = await c.getComments(post.id, { limit: 10 });
    const calls = c.usage(post.account_id).calls;
    const second = await c.getComments(post.id, { limit: 10, after: firstPage.at(-1)?.id ?? '' });
    expect(c.usage(post.account_id).calls - calls).toBe(1);
    expect(second.map((x) => x.id)).toEqual(
      sim.simulator
        .comments(post.id, { limit: 1000 })
        .slice(10, 20)
        .map((x) => x.id),
    );
  });

  it('190: marks the account for reconnecting, does not retry, and fails fast afterwards', async () => {
    const c = sim.connector();
    sim.graph.queueError({ code: 190, subcode: 460 });
    const before = sim.graph.callsInWindow('acct_devon');
    const err = await rejection(c.profile('acct_devon'));
    expect(err).toBeInstanceOf(ThreadsTokenError);
    expect((err as SourceError).transient).toBe(false);
    expect(sim.tokens.reconnectReason('acct_devon')).toContain('190');
    const next = await rejection(c.profile('acct_devon'));
    expect(next).toBeInstanceOf(ReconnectNeededError);
    // 190 answers are not counted as calls by the simulator; the fast failure made none either
    expect(sim.graph.callsInWindow('acct_devon')).toBe(before);
    sim.tokens.set('acct_devon', sim.graph.issueLongLived('acct_devon').access_token);
  });

  it('a revoked token: 190 from the API and the account needs reconnecting', async () => {
    const c = sim.connector();
    sim.graph.revokeAccount('acct_devon');
    const err = await rejection(c.listPublished({ account_id: 'acct_devon' }));
    expect(err).toBeInstanceOf(ThreadsTokenError);
    expect((err as ThreadsTokenError).subcode).toBe(458);
    expect(sim.tokens.reconnectReason('acct_devon')).toMatch(/not authorized/);
    sim.tokens.set('acct_devon', sim.graph.issueLongLived('acct_devon').access_token);
  });

  it.each([4, 17])('%i: the account backs off; calls fail fast until the backoff ends', async (code) => {
    let clock = 1_000_000;
    const c = sim.connector({ now: () => clock, rateLimitBackoffMs: 60_000 });
    sim.graph.queueError({ code });
    const err = await rejection(c.profile(ACCOUNT));
    expect(err).toBeInstanceOf(ThreadsRateLimitError);
    expect((err as ThreadsRateLimitError).retryAfterMs).toBe(60_000);
    expect((err as SourceError).transient).toBe(true);
    const calls = c.usage(ACCOUNT).calls;
    expect(c.usage(ACCOUNT).backoffUntil).toBe(clock + 60_000);
    await expect(c.profile(ACCOUNT)).rejects.toBeInstanceOf(ThreadsRateLimitError);
    expect(c.usage(ACCOUNT).calls).toBe(calls);
    // another account is not held back
    await expect(c.profile('acct_rosa')).resolves.toMatchObject({ id: 'acct_rosa' });
    clock += 60_001;
    // a second rate limit in a row doubles the backoff; a success resets it
    sim.graph.queueError({ code });
    await rejection(c.profile(ACCOUNT));
    expect(c.usage(ACCOUNT).backoffUntil).toBe(clock + 120_000);
    clock += 120_001;
    await expect(c.profile(ACCOUNT)).resolves.toMatchObject({ id: ACCOUNT });
    sim.graph.queueError({ code });
    await rejection(c.profile(ACCOUNT));
    expect(c.usage(ACCOUNT).backoffUntil).toBe(clock + 60_000);
  });

  it.each([1, 2])('%i: retried with backoff until it works', async (code) => {
    const c = sim.connector();
    sim.graph.queueError({ code, count: 2 });
    await expect(c.profile(ACCOUNT)).resolves.toMatchObject({ id: ACCOUNT });
    expect(c.usage(ACCOUNT).calls).toBe(3);
    sim.graph.queueError({ code, count: 10 });
    const err = await rejection(c.profile(ACCOUNT));
    expect(err).toBeInstanceOf(ThreadsTemporaryError);
    expect(c.usage(ACCOUNT).calls).toBe(3 + 4);
  });

  it.each([
    [100, undefined, ThreadsInvalidParameterError],
    [100, 33, ThreadsUnknownObjectError],
    [506, undefined, ThreadsDuplicatePostError],
    [368, undefined, ThreadsPolicyBlockError],
  ] as const)('%i/%s: a clear error, not retried', async (code, subcode, cls) => {
    const c = sim.connector();
    sim.graph.queueError({ code, ...(subcode === undefined ? {} : { subcode }) });
    const err = await rejection(c.profile(ACCOUNT));
    expect(err).toBeInstanceOf(cls);
    expect((err as SourceError).transient).toBe(false);
    expect((err as SourceError).message).toContain(`Threads error ${code}`);
    expect(c.usage(ACCOUNT).calls).toBe(1);
  });

  it('a real 506: publishing the same text twice', async () => {
    const c = sim.connector();
    const text = `same text twice ${Date.now()}`;
    await c.publish({ content: text, account_id: ACCOUNT });
    await expect(c.publish({ content: text, account_id: ACCOUNT })).rejects.toBeInstanceOf(
      ThreadsDuplicatePostError,
    );
  });

  it('a post published for a persona reports that persona, others their account’s', async () => {
    const c = sim.connector();
    const mine = await c.publish({
      content: `for a persona ${Date.now()}`,
      account_id: ACCOUNT,
      persona_id: 'evenings',
    });
    const plain = await c.publish({ content: `for the account ${Date.now()}`, account_id: ACCOUNT });
    expect(mine.persona_id).toBe('evenings');
    expect((await c.getPost(mine.id)).persona_id).toBe('evenings');
    expect(plain.persona_id).not.toBe('evenings');
    expect((await c.getPost(plain.id)).persona_id).toBe(plain.persona_id);
  });

  it('never puts the token in an error message or a log line', async () => {
    const { logger, lines } = captureLogs('debug');
    const c = sim.connector({ logger });
    const token = await sim.tokens.accessToken(ACCOUNT);
    sim.graph.queueError({ code: 2, count: 10 });
    const e1 = await rejection(c.profile(ACCOUNT));
    sim.graph.queueError({ code: 17 });
    const e2 = await rejection(c.listPublished({ account_id: 'acct_rosa' }));
    const dead = sim.connector({ baseUrl: 'http://127.0.0.1:1', logger, retries: 0 });
    const e3 = await rejection(dead.profile(ACCOUNT));
    expect(e3).toBeInstanceOf(SourceError);
    expect(lines.length).toBeGreaterThan(0);
    const everything =
      [e1, e2, e3].map((e) => `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`).join('\n') +
      JSON.stringify(lines);
    expect(token.length).toBeGreaterThan(20);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('access_token=');
  });

  it('checks 500 characters, 5 links and the quota before any call', async () => {
    const c = sim.connector();
    await expect(c.publish({ content: 'x'.repeat(501) })).rejects.toBeInstanceOf(ThreadsLimitError);
    const links = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(' ');
    await expect(c.publish({ content: links })).rejects.toBeInstanceOf(ThreadsLimitError);
    expect(c.usage(ACCOUNT).calls).toBe(0);
    const used = (await c.publishingLimit('acct_rosa')).quota_usage;
    for (let i = used; i < 40; i++)
      await c.publish({ content: `quota filler ${i}`, account_id: 'acct_rosa' });
    const calls = c.usage('acct_rosa').calls;
    const err = await rejection(c.publish({ content: 'one too many', account_id: 'acct_rosa' }));
    expect(err).toBeInstanceOf(ThreadsQuotaError);
    expect((err as SourceError).transient).toBe(true);
    expect((err as Error).message).toMatch(/quota used: 40 of 40/);
    // only the publishing-limit read happened: no container was created
    expect(c.usage('acct_rosa').calls - calls).toBe(1);
  });

  it('hides and unhides a top-level reply, and deletes a post', async () => {
    const c = sim.connector();
    const post = await c.publish({ content: `to moderate ${Date.now()}`, account_id: ACCOUNT });
    const spam = sim.simulator.addComment(post.id, { text: 'free followers at @spam', author: 'spam_bot' });
    await c.hideReply(spam.id, true, ACCOUNT);
    expect(sim.graph.isHidden(spam.id)).toBe(true);
    const token = await sim.tokens.accessToken(ACCOUNT);
    const conv = await raw(`/v1.0/${post.id}/conversation?fields=id,hide_status&access_token=${token}`);
    expect(conv.body.data).toEqual([{ id: spam.id, hide_status: 'HIDDEN' }]);
    await c.hideReply(spam.id, false, ACCOUNT);
    expect(sim.graph.isHidden(spam.id)).toBe(false);

    await c.deleteMedia(post.id, ACCOUNT);
    await expect(c.getPost(post.id)).rejects.toBeInstanceOf(ThreadsUnknownObjectError);
    expect((await c.listPublished({ account_id: ACCOUNT, limit: 5 })).map((p) => p.id)).not.toContain(
      post.id,
    );
  });
});

describe('idempotent publish and reply under a retried job', () => {
  it('a publish whose answer was lost is adopted, not repeated', async () => {
    const ledger = new InMemoryPublishLedger();
    const c = sim.connector({ ledger });
    const text = `lost answer post ${Date.now()}`;
    sim.graph.dropResponses({ path: '/threads_publish' });
    const first = await c.publishOnce({ accountId: ACCOUNT, text, key: 'job-1' });
    expect(first.adopted).toBe(true);
    const again = await c.publishOnce({ accountId: ACCOUNT, text, key: 'job-1' });
    expect(again).toEqual({ id: first.id, adopted: true });
    const same = sim.simulator
      .listPublished({ account_id: ACCOUNT, limit: 1000 })
      .filter((p) => p.content === text);
    expect(same.map((p) => p.id)).toEqual([first.id]);
  });

  it('a reply whose outcome stayed unknown is found by the retried job (same text, same reply_to_id)', async () => {
    const ledger = new InMemoryPublishLedger();
    const post = await sim.connector().publish({ content: `lead magnet ${Date.now()}`, account_id: ACCOUNT });
    const lead = sim.simulator.addComment(post.id, { text: 'PLAN please', author: 'jo.lifts' });
    const text = '@jo.lifts sent you the plan link, enjoy!';
    sim.graph.dropResponses({ path: '/threads_publish' });
    // the reconciliation's conversation read fails too: the job gives up with a transient error
    sim.graph.queueError({ code: 2, count: 4, path: '/conversation' });
    const job = () =>
      sim.connector({ ledger }).publishOnce({ accountId: ACCOUNT, text, replyToId: lead.id, key: 'dm-7' });
    const err = await rejection(job());
    expect((err as SourceError).transient).toBe(true);
    // the queue retries the job (a new connector: nothing kept in memory but the ledger)
    const retried = await job();
    expect(retried.adopted).toBe(true);
    const mine = sim.simulator.comments(post.id, { limit: 1000 }).filter((x) => x.text === text);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: retried.id, parent_id: lead.id, author: 'maya.moves' });
    // and a third run changes nothing
    expect(await job()).toEqual({ id: retried.id, adopted: true });
    expect(sim.simulator.comments(post.id, { limit: 1000 }).filter((x) => x.text === text)).toHaveLength(1);
  });

  it('a container recorded but never published is published by the retry, once', async () => {
    const ledger = new InMemoryPublishLedger();
    const text = `publish failed hard ${Date.now()}`;
    // error 1 on publish: the outcome is unknown; reconciliation finds nothing, the job fails
    sim.graph.queueError({ code: 1, count: 1, path: '/threads_publish' });
    const job = () => sim.connector({ ledger }).publishOnce({ accountId: 'acct_devon', text, key: 'post-9' });
    await expect(job()).rejects.toBeInstanceOf(ThreadsTemporaryError);
    const container = (await ledger.get('post-9'))?.container_id;
    expect(container).toBeDefined();
    const ok = await job();
    expect((await ledger.get('post-9'))?.container_id).toBe(container);
    expect(ok.adopted).toBe(false);
    expect(
      sim.simulator
        .listPublished({ account_id: 'acct_devon', limit: 1000 })
        .filter((p) => p.content === text),
    ).toHaveLength(1);
  });
});
