/**
 * Threads webhooks end to end over real HTTP: the simulator signs and delivers replies to the
 * app's `POST /webhooks/threads`; the verification challenge; tampered, wrongly signed and
 * unsigned deliveries refused with nothing stored; a webhook and a poll storing a reply once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signThreadsWebhook } from '../../src/threads/webhook-routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const SECRET = 'app-secret-for-webhooks';
let t: TestApp;
let sim: ThreadsSim;
let appUrl: string;

beforeAll(async () => {
  t = await createTestApp('embedded', {
    demo: false,
    env: { THREADS_WEBHOOK_VERIFY_TOKEN: 'verify-me-please', THREADS_APP_SECRET: SECRET },
  });
  appUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  sim = await startThreadsSim({ graph: { appSecret: SECRET, webhookUrl: `${appUrl}/webhooks/threads` } });
});
afterAll(async () => {
  await sim.close();
  await t.close();
});

async function storedIds(postId: string): Promise<string[]> {
  const rows = await t.deps.store.db
    .selectFrom('comments')
    .select('comment_id')
    .where('post_id', '=', postId)
    .orderBy('comment_id')
    .execute();
  return rows.map((r) => r.comment_id);
}

async function deliver(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${appUrl}/webhooks/threads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** A reply on a fresh post, announced by the simulator; returns the post, the reply and the delivery. */
async function announcedReply(text: string) {
  const post = sim.simulator.publish({ account_id: 'acct_maya', content: `webhook post ${text}` });
  const reply = sim.simulator.addComment(post.id, { text, author: 'sam.reads' });
  sim.graph.announceReply(reply);
  await sim.graph.flush();
  const delivery = sim.graph.webhookDeliveries().at(-1);
  if (delivery === undefined) throw new Error('no delivery');
  return { post, reply, delivery };
}

describe('GET /webhooks/threads (verification)', () => {
  it('echoes the challenge for the configured token', async () => {
    const res = await fetch(
      `${appUrl}/webhooks/threads?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1158201444');
  });

  it.each([
    ['a wrong token', 'hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1'],
    ['no token', 'hub.mode=subscribe&hub.challenge=1'],
    ['another mode', 'hub.mode=unsubscribe&hub.verify_token=verify-me-please&hub.challenge=1'],
  ])('refuses %s with 403', async (_name, query) => {
    const res = await fetch(`${appUrl}/webhooks/threads?${query}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ detail: 'webhook verification refused' });
  });
});

describe('POST /webhooks/threads', () => {
  it('stores a reply the simulator signed and delivered, with its parent and author', async () => {
    const { post, reply, delivery } = await announcedReply('where can I buy the plan?');
    expect(delivery.status).toBe(200);
    expect(delivery.signature).toBe(signThreadsWebhook(SECRET, delivery.body));
    const payload = JSON.parse(delivery.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual([
      'app_id',
      'subscription_id',
      'target_id',
      'time',
      'topic',
      'values',
    ]);
    expect(payload).toMatchObject({
      topic: 'moderate',
      target_id: post.id,
      values: {
        field: 'replies',
        value: {
          id: reply.id,
          username: 'sam.reads',
          text: 'where can I buy the plan?',
          media_type: 'TEXT_POST',
          replied_to: { id: post.id },
          root_post: { id: post.id, owner_id: 'acct_maya', username: 'maya.moves' },
        },
      },
    });
    expect(await storedIds(post.id)).toEqual([reply.id]);
    const row = await t.deps.store.db
      .selectFrom('comments')
      .select(['author', 'text', 'parent_id'])
      .where('comment_id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ author: 'sam.reads', text: 'where can I buy the plan?', parent_id: null });
  });

  it('refuses a tampered body (signature of the original) with 401 and stores nothing', async () => {
    // delivered nowhere (a closed port): the test holds the signed body and sends it itself
    sim.graph.setWebhookUrl('http://127.0.0.1:1/webhooks/threads');
    const { post, delivery } = await announcedReply('original text');
    sim.graph.setWebhookUrl(`${appUrl}/webhooks/threads`);
    const tampered = delivery.body.replace('original text', 'ORIGINAL TEXT');
    const res = await deliver(tampered, { 'x-hub-signature-256': delivery.signature });
    expect(res).toEqual({ status: 401, body: { detail: 'missing or invalid X-Hub-Signature-256' } });
    expect(await storedIds(post.id)).toEqual([]);
    // the untouched delivery is accepted: the refusal was about the bytes
    expect((await deliver(delivery.body, { 'x-hub-signature-256': delivery.signature })).status).toBe(200);
    expect(await storedIds(post.id)).toHaveLength(1);
  });

  it('refuses a body signed with another secret, and one without the header', async () => {
    // delivered nowhere (a closed port): the test holds the signed body and sends it itself
    sim.graph.setWebhookUrl('http://127.0.0.1:1/webhooks/threads');
    const { post, delivery } = await announcedReply('signed elsewhere');
    sim.graph.setWebhookUrl(`${appUrl}/webhooks/threads`);
    const wrong = await deliver(delivery.body, {
      'x-hub-signature-256': signThreadsWebhook('not-the-app-secret', delivery.body),
    });
    expect(wrong.status).toBe(401);
    const missing = await deliver(delivery.body, {});
    expect(missing.status).toBe(401);
    const garbage = await deliver(delivery.body, { 'x-hub-signature-256': 'sha256=nothex' });
    expect(garbage.status).toBe(401);
    expect(await storedIds(post.id)).toEqual([]);
  });

  it('a webhook then a poll, and a poll then a webhook, store each reply once', async () => {
    const { post, reply } = await announcedReply('I want this');
    expect(await storedIds(post.id)).toEqual([reply.id]);
    const connector = sim.connector();
    const polled = await connector.getComments(post.id);
    expect(polled.map((c) => c.id)).toEqual([reply.id]);
    const again = await t.deps.comments.comments.ingest(post.id, polled);
    expect(again).toMatchObject({ stored_count: 0, duplicates_filtered: 1 });

    // the other order: a reply polled before its webhook arrives
    const second = sim.simulator.addComment(post.id, {
      text: 'me too',
      author: 'kai.fit',
      parent_id: reply.id,
    });
    const fresh = await connector.getComments(post.id, { after: reply.id });
    expect(fresh.map((c) => [c.id, c.parent_id])).toEqual([[second.id, reply.id]]);
    expect(await t.deps.comments.comments.ingest(post.id, fresh)).toMatchObject({ stored_count: 1 });
    sim.graph.announceReply(second);
    await sim.graph.flush();
    expect(sim.graph.webhookDeliveries().at(-1)?.status).toBe(200);
    expect(await storedIds(post.id)).toEqual([reply.id, second.id].sort());
    const row = await t.deps.store.db
      .selectFrom('comments')
      .select('parent_id')
      .where('comment_id', '=', second.id)
      .executeTakeFirstOrThrow();
    expect(row.parent_id).toBe(reply.id);
  });

  it('ingests a mention under the mentioning post', async () => {
    const m = sim.graph.addMention('acct_maya', 'lee.runs', 'loving @maya.moves plan so far');
    await sim.graph.flush();
    expect(sim.graph.webhookDeliveries().at(-1)?.status).toBe(200);
    expect(await storedIds(m.id)).toEqual([m.id]);
  });
});
