/**
 * DM delivery as a public Threads reply to the lead's comment, against the simulator's Graph
 * API over HTTP: addressed to the lead, exactly once per idempotency key (also when the answer
 * is lost), the 1,000-replies quota respected, a text over the limits refused for good.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DmDeliveryError, type DmDeliveryMessage } from '../../src/comments/dm-delivery.js';
import { InMemoryPublishLedger } from '../../src/threads/publish-ledger.js';
import { ThreadsReplyDmDelivery } from '../../src/threads/reply-dm-delivery.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

const ACCOUNT = 'acct_maya';
let sim: ThreadsSim;

beforeAll(async () => {
  sim = await startThreadsSim({ demo: false, graph: { replyQuota: 3 } });
});
afterAll(async () => {
  await sim.close();
});

function lead(n: number): DmDeliveryMessage & { postId: string } {
  const post = sim.simulator.publish({
    account_id: ACCOUNT,
    content: `comment PLAN for the plan, round ${n}`,
  });
  const comment = sim.simulator.addComment(post.id, { text: 'PLAN', author: `lead_${n}` });
  return {
    postId: post.id,
    idempotency_key: `dm-${n}`,
    recipient: `lead_${n}`,
    text: 'here is the plan: https://example.com/plan',
    post_id: post.id,
    account_id: ACCOUNT,
    comment_id: comment.id,
    rule_id: 1,
  };
}

const mine = (postId: string) =>
  sim.simulator.comments(postId, { limit: 1000 }).filter((c) => c.author === 'maya.moves');

it('replies to the lead’s comment, addressed to them, once per idempotency key', async () => {
  const delivery = new ThreadsReplyDmDelivery(sim.connector({ ledger: new InMemoryPublishLedger() }));
  const msg = lead(1);
  const first = await delivery.send(msg);
  expect(first.duplicate).toBe(false);
  const again = await delivery.send(msg);
  expect(again).toEqual({ id: first.id, duplicate: true });
  expect(mine(msg.postId).map((c) => [c.id, c.text, c.parent_id])).toEqual([
    [first.id, '@lead_1 here is the plan: https://example.com/plan', msg.comment_id],
  ]);
});

it('a lost answer is reconciled: the retried job sends nothing new', async () => {
  const ledger = new InMemoryPublishLedger();
  const msg = lead(2);
  sim.graph.dropResponses({ path: '/threads_publish' });
  const result = await new ThreadsReplyDmDelivery(sim.connector({ ledger })).send(msg);
  expect(result.duplicate).toBe(true);
  const retried = await new ThreadsReplyDmDelivery(sim.connector({ ledger })).send(msg);
  expect(retried).toEqual({ id: result.id, duplicate: true });
  expect(mine(msg.postId)).toHaveLength(1);
});

it('respects the reply quota: a transient failure, nothing sent', async () => {
  const delivery = new ThreadsReplyDmDelivery(sim.connector());
  await delivery.send(lead(3)); // the third reply of the window: the quota (3) is used up
  const msg = lead(4);
  const err: unknown = await delivery.send(msg).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DmDeliveryError);
  expect((err as DmDeliveryError).transient).toBe(true);
  expect((err as Error).message).toMatch(/reply quota used: 3 of 3/);
  expect(mine(msg.postId)).toEqual([]);
});

it('refuses a text over 500 characters for good, before any call', async () => {
  const c = sim.connector();
  const err: unknown = await new ThreadsReplyDmDelivery(c)
    .send({ ...lead(5), text: 'x'.repeat(500) })
    .catch((e: unknown) => e);
  expect((err as DmDeliveryError).transient).toBe(false);
  expect(c.usage(ACCOUNT).calls).toBe(0);
});
