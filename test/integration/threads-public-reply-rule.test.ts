/**
 * A DM rule that delivers as a public Threads reply (issue 19, "The DM trigger, Threads-native"):
 * the app's comment pipeline with the connector against the simulator's Graph API over HTTP. A
 * qualifying reply gets exactly one public reply (`reply_to_id`: the reply's parent is the
 * lead's comment), also when the send job runs again after its result was lost.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DmOutboxItem, DmRuleResponse } from '../../src/comments/schemas.js';
import type { Store } from '../../src/infra/db/client.js';
import { DbPublishLedger, ThreadsReplyDmDelivery } from '../../src/threads/index.js';
import { createCommentsHarness, type CommentsHarness } from '../factories/comments.js';
import { createTestPgliteStore } from '../helpers/pglite.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const ACCOUNT = 'acct_maya';
let sim: ThreadsSim;
let store: Store;
let h: CommentsHarness;
const graphCalls: string[] = [];

beforeAll(async () => {
  sim = await startThreadsSim({ demo: false });
  store = await createTestPgliteStore();
  const maya = sim.simulator.accounts().find((a) => a.id === ACCOUNT)!;
  const accounts = [{ id: maya.id, persona_id: maya.persona_id }];
  const recording: typeof fetch = (input, init) => {
    graphCalls.push(
      `${init?.method ?? 'GET'} ${new URL(String(input)).pathname} ${String(init?.body ?? '')}`,
    );
    return fetch(input, init);
  };
  const connector = sim.connector({ accounts, ledger: new DbPublishLedger(store.db), fetch: recording });
  h = await createCommentsHarness(store, {
    source: sim.connector({ accounts }),
    publicReply: new ThreadsReplyDmDelivery(connector),
  });
});

afterAll(async () => {
  await h?.close();
  await store?.close();
  await sim?.close();
});

const replies = (postId: string) =>
  sim.simulator.comments(postId, { limit: 1000 }).filter((c) => c.author === 'maya.moves');

it('refuses a rule with an unknown delivery (422), and lists the chosen delivery', async () => {
  const bad = await h.app.inject({
    method: 'POST',
    url: '/dm-rules',
    payload: { name: 'x', keywords: ['PLAN'], template: 'hi', delivery: 'carrier_pigeon' },
  });
  expect(bad.statusCode).toBe(422);
  expect(bad.json<{ detail: { loc: string[] }[] }>().detail[0]?.loc).toEqual(['body', 'delivery']);
  expect((await h.app.inject({ method: 'GET', url: '/dm-rules' })).json()).toEqual([]);
});

it('refuses a public-reply rule whose message can never fit a Threads reply, on create and on edit (422)', async () => {
  // "@" + a 30-character name + " " = 32 characters before the message; {author} can be 30 more
  const create = (template: string, delivery = 'public_reply') =>
    h.app.inject({
      method: 'POST',
      url: '/dm-rules',
      payload: { name: 'long', keywords: ['PLAN'], template, delivery },
    });
  const tooLong = await create(`Hi {author}! ${'x'.repeat(440)}`);
  expect(tooLong.statusCode).toBe(422);
  const detail = tooLong.json<{ detail: { loc: string[]; msg: string }[] }>().detail[0]!;
  expect(detail.loc).toEqual(['body', 'template']);
  expect(detail.msg).toBe(
    'the message would be refused by threads_reply for an author with a 30-character name: ' +
      'the text has 507 characters; Threads accepts at most 500',
  );
  const links = await create(Array.from({ length: 6 }, (_, i) => `https://example.com/${i}`).join(' '));
  expect(links.statusCode).toBe(422);
  expect(links.json<{ detail: { msg: string }[] }>().detail[0]!.msg).toMatch(
    /6 links; Threads accepts at most 5$/,
  );
  expect((await h.app.inject({ method: 'GET', url: '/dm-rules' })).json()).toEqual([]);

  // the same long message is fine as a DM (the webhook has no such limit), and exactly at the limit as a reply
  const asDm = await create(`Hi {author}! ${'x'.repeat(440)}`, 'dm');
  expect(asDm.statusCode).toBe(201);
  const fits = await create(`Hi {author}! ${'x'.repeat(433)}`);
  expect(fits.statusCode).toBe(201);
  const id = fits.json<DmRuleResponse>().id;
  const edit = await h.app.inject({
    method: 'PATCH',
    url: `/dm-rules/${id}`,
    payload: { template: `Hi {author}! ${'x'.repeat(434)}` },
  });
  expect(edit.statusCode).toBe(422);
  expect(
    (await h.app.inject({ method: 'GET', url: `/dm-rules/${id}` })).json<DmRuleResponse>().template,
  ).toBe(`Hi {author}! ${'x'.repeat(433)}`);
  for (const rule of [asDm, fits]) {
    const del = await h.app.inject({ method: 'DELETE', url: `/dm-rules/${rule.json<DmRuleResponse>().id}` });
    expect(del.statusCode).toBe(204);
  }
});

it('answers a qualifying reply with exactly one public reply through the Graph API, also when re-run', async () => {
  const rule = await h.app.inject({
    method: 'POST',
    url: '/dm-rules',
    payload: {
      name: 'plan as a public reply',
      keywords: ['PLAN'],
      template: 'here is the plan: https://example.com/plan',
      delivery: 'public_reply',
    },
  });
  expect(rule.statusCode).toBe(201);
  expect(rule.json<DmRuleResponse>().delivery).toBe('public_reply');

  const post = sim.simulator.publish({ account_id: ACCOUNT, content: 'Comment PLAN for my training plan' });
  const lead = sim.simulator.addComment(post.id, { text: 'PLAN please', author: 'lead_1' });
  const ingest = () =>
    h.app.inject({
      method: 'POST',
      url: '/comments/process',
      payload: {
        post_id: post.id,
        comments: [{ id: lead.id, text: lead.text, author: 'lead_1', timestamp: lead.timestamp }],
      },
    });
  expect((await ingest()).statusCode).toBe(200);
  await waitForSent();

  expect(replies(post.id).map((c) => [c.text, c.parent_id])).toEqual([
    ['@lead_1 here is the plan: https://example.com/plan', lead.id],
  ]);
  const containers = graphCalls.filter((c) => c.startsWith('POST /v1.0/me/threads '));
  expect(containers).toHaveLength(1);
  expect(new URLSearchParams(containers[0]!.split(' ')[2]).get('reply_to_id')).toBe(lead.id);
  const [item] = await outbox();
  expect(item).toMatchObject({ status: 'sent', delivery: 'public_reply', author: 'lead_1' });

  // the same reply again (a webhook and a poll both deliver it): nothing new
  await ingest();
  // the send job runs again as if its result had been lost before it was recorded
  await sql`update dm_outbox set status = 'pending', sent_at = null`.execute(store.db);
  await h.module.dms.send(item!.id, 2);
  expect(replies(post.id)).toHaveLength(1);
  expect(graphCalls.filter((c) => c.startsWith('POST /v1.0/me/threads_publish'))).toHaveLength(1);
  expect((await outbox()).map((o) => o.status)).toEqual(['sent']);
});

async function outbox(): Promise<DmOutboxItem[]> {
  const res = await h.app.inject({ method: 'GET', url: '/dm-outbox' });
  return res.json<{ items: DmOutboxItem[] }>().items;
}

async function waitForSent(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const items = await outbox();
    if (items.length > 0 && items.every((i) => i.status !== 'pending')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the DM was not sent in time');
}
