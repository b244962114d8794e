/**
 * Opt-in auto-hide of spam replies (issue 19, with issue 23's constraint): the app's comment
 * pipeline with the real intent classifier and the connector against the simulator's Graph API
 * over HTTP. Off by default; once an account opts in, a reply labelled spam at or above the
 * threshold is hidden through `manage_reply` exactly once, a customer's complaint (with a link
 * and an @mention) is not, and an unhide goes through the API and sticks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultAnalyzer } from '../../src/comments/default-analyzer.js';
import type { HiddenReply } from '../../src/comments/schemas.js';
import type { Store } from '../../src/infra/db/client.js';
import { createCommentsHarness, waitForIdle, type CommentsHarness } from '../factories/comments.js';
import { createTestPgliteStore } from '../helpers/pglite.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const ACCOUNT = 'acct_maya';
const SPAM = 'Free giveaway!!! follow me and check my page for free followers';
const COMPLAINT =
  'U SUCK ! I WANT MY 16.90 BACK @maya.moves my order never arrived http://example.com/order/123';
let sim: ThreadsSim;
let store: Store;
let h: CommentsHarness;
const manageCalls: string[] = [];
/** manage_reply calls still to refuse with a transient Graph error (503) */
let failManage = 0;
/** how far the comment pipeline's clock is ahead of the wall clock */
let skewMs = 0;

beforeAll(async () => {
  sim = await startThreadsSim({ demo: false });
  store = await createTestPgliteStore();
  const maya = sim.simulator.accounts().find((a) => a.id === ACCOUNT)!;
  const accounts = [{ id: maya.id, persona_id: maya.persona_id }];
  const recording: typeof fetch = (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/manage_reply')) {
      manageCalls.push(`${path} ${String(init?.body ?? '')}`);
      if (failManage > 0) {
        failManage--;
        const error = {
          message: 'Service temporarily unavailable',
          type: 'OAuthException',
          code: 2,
          is_transient: true,
        };
        return Promise.resolve(Response.json({ error }, { status: 503 }));
      }
    }
    return fetch(input, init);
  };
  h = await createCommentsHarness(store, {
    analyzer: defaultAnalyzer,
    source: sim.connector({ accounts }),
    moderator: sim.connector({ accounts, fetch: recording }),
    now: () => new Date(Date.now() + skewMs),
  });
});

afterAll(async () => {
  await h?.close();
  await store?.close();
  await sim?.close();
});

let n = 0;
async function replyAndIngest(text: string): Promise<string> {
  const post = sim.simulator.publish({ account_id: ACCOUNT, content: `A post about my morning run ${++n}` });
  const c = sim.simulator.addComment(post.id, { text, author: `someone_${n}` });
  const res = await h.app.inject({
    method: 'POST',
    url: '/comments/process',
    payload: { post_id: post.id, comments: [{ id: c.id, text, author: c.author, timestamp: c.timestamp }] },
  });
  expect(res.statusCode).toBe(200);
  await waitForIdle(h.queue);
  return c.id;
}

const hiddenList = async () =>
  (await h.app.inject({ method: 'GET', url: `/api/hidden-replies?account_id=${ACCOUNT}` })).json<{
    items: HiddenReply[];
  }>().items;

it('hides nothing while the account has not opted in', async () => {
  expect((await h.app.inject({ method: 'GET', url: `/api/auto-hide/${ACCOUNT}` })).json()).toEqual({
    account_id: ACCOUNT,
    enabled: false,
    threshold: 0.9,
  });
  const spam = await replyAndIngest(SPAM);
  expect(sim.graph.isHidden(spam)).toBe(false);
  expect(manageCalls).toEqual([]);
  expect(await hiddenList()).toEqual([]);
});

it('refuses a threshold below 0.5 (422) and changes nothing', async () => {
  const res = await h.app.inject({
    method: 'PUT',
    url: `/api/auto-hide/${ACCOUNT}`,
    payload: { enabled: true, threshold: 0.3 },
  });
  expect(res.statusCode).toBe(422);
  expect(res.json<{ detail: { loc: string[] }[] }>().detail[0]?.loc).toEqual(['body', 'threshold']);
  const now = await h.app.inject({ method: 'GET', url: `/api/auto-hide/${ACCOUNT}` });
  expect(now.json<{ enabled: boolean }>().enabled).toBe(false);
});

it('once opted in, hides a spam reply exactly once and leaves a customer’s complaint visible', async () => {
  const on = await h.app.inject({
    method: 'PUT',
    url: `/api/auto-hide/${ACCOUNT}`,
    payload: { enabled: true, threshold: 0.95 },
  });
  expect(on.json()).toEqual({ account_id: ACCOUNT, enabled: true, threshold: 0.95 });

  const spam = await replyAndIngest(SPAM);
  const complaint = await replyAndIngest(COMPLAINT);
  expect(sim.graph.isHidden(spam)).toBe(true);
  expect(sim.graph.isHidden(complaint)).toBe(false);
  expect(manageCalls).toEqual([`/v1.0/${spam}/manage_reply hide=true&access_token=${sim.tokenOf[ACCOUNT]}`]);

  // analysed again (a retried job, a re-analysis): nothing is hidden twice
  await h.module.comments.analyzeBatch([spam, complaint]);
  expect(manageCalls).toHaveLength(1);

  const [item, ...rest] = await hiddenList();
  expect(rest).toEqual([]);
  expect(item).toMatchObject({ comment_id: spam, text: SPAM, status: 'hidden', threshold: 0.95 });
  expect(item!.spam_score).toBeGreaterThanOrEqual(0.95);
});

it('unhides through the API; an unhidden reply is never hidden again', async () => {
  const [item] = await hiddenList();
  const res = await h.app.inject({ method: 'POST', url: `/api/hidden-replies/${item!.comment_id}/unhide` });
  expect(res.statusCode).toBe(200);
  expect(res.json<HiddenReply>().status).toBe('unhidden');
  expect(sim.graph.isHidden(item!.comment_id)).toBe(false);
  expect(manageCalls.at(-1)).toMatch(/manage_reply hide=false&/);
  await h.module.comments.analyzeBatch([item!.comment_id]);
  expect(sim.graph.isHidden(item!.comment_id)).toBe(false);
  expect(manageCalls).toHaveLength(2);
  const unknown = await h.app.inject({ method: 'POST', url: '/api/hidden-replies/nope/unhide' });
  expect(unknown.statusCode).toBe(404);
});

it('a hide that failed transiently is retried by the comment sweep, once it is stale, exactly once', async () => {
  failManage = 1_000;
  const spam = await replyAndIngest(`${SPAM} again`);
  failManage = 0;
  expect(sim.graph.isHidden(spam)).toBe(false);
  const failedCalls = manageCalls.length;
  const claim = (await hiddenList()).find((r) => r.comment_id === spam);
  expect(claim).toMatchObject({ status: 'hiding', hidden_at: null });
  expect(claim!.last_error).toMatch(/Service temporarily unavailable/);
  expect(claim!.last_error).not.toContain(sim.tokenOf[ACCOUNT]!);

  // not yet stale: another worker may be calling right now
  expect((await h.module.comments.sweep()).hidden_replies).toBe(0);
  expect(manageCalls).toHaveLength(failedCalls);

  skewMs = 6 * 60_000;
  try {
    expect((await h.module.comments.sweep()).hidden_replies).toBe(1);
    expect(sim.graph.isHidden(spam)).toBe(true);
    expect(manageCalls).toHaveLength(failedCalls + 1);
    expect((await hiddenList()).find((r) => r.comment_id === spam)).toMatchObject({
      status: 'hidden',
      last_error: null,
    });
    // the next sweeps find nothing left to hide
    expect((await h.module.comments.sweep()).hidden_replies).toBe(0);
    expect(manageCalls).toHaveLength(failedCalls + 1);
  } finally {
    skewMs = 0;
  }
});

it('a stale claim of an account that switched auto-hide off is closed, not hidden', async () => {
  failManage = 1_000;
  const spam = await replyAndIngest(`${SPAM} once more`);
  failManage = 0;
  const off = await h.app.inject({
    method: 'PUT',
    url: `/api/auto-hide/${ACCOUNT}`,
    payload: { enabled: false },
  });
  expect(off.statusCode).toBe(200);
  const calls = manageCalls.length;
  skewMs = 6 * 60_000;
  try {
    expect((await h.module.comments.sweep()).hidden_replies).toBe(0);
  } finally {
    skewMs = 0;
  }
  expect(manageCalls).toHaveLength(calls);
  expect(sim.graph.isHidden(spam)).toBe(false);
  expect((await hiddenList()).find((r) => r.comment_id === spam)).toMatchObject({
    status: 'failed',
    last_error: 'auto-hide was switched off before the reply could be hidden',
  });
  const on = await h.app.inject({
    method: 'PUT',
    url: `/api/auto-hide/${ACCOUNT}`,
    payload: { enabled: true },
  });
  expect(on.statusCode).toBe(200);
});
