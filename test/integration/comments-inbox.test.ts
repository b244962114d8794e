import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import type { InboxResponse } from '../../src/comments/schemas.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';
import {
  createCommentsHarness,
  makeComment,
  RecordingDelivery,
  waitForIdle,
  type CommentsHarness,
} from '../factories/comments.js';

describe.each(testStoreEngines)('inbox and retention ($engine)', ({ create }) => {
  let store: Store;
  let sut: CommentsHarness;
  let delivery: RecordingDelivery;

  useTestStore(create, (s) => (store = s));
  beforeEach(async () => {
    delivery = new RecordingDelivery();
    sut = await createCommentsHarness(store, { delivery });
    // Sent one request per comment so ingestion order (newest first) is the order below.
    const seed = [
      makeComment({ id: 'i1', author: 'ana', text: 'I want to buy two' }), // purchase_intent, lead 0.85, +0.4
      makeComment({ id: 'i2', author: 'bo', text: 'how long does shipping take?' }), // question, 0.3, 0
      makeComment({ id: 'i3', author: 'cy', text: 'love it, 100% worth it' }), // praise, 0.1, +0.8
      makeComment({ id: 'i4', author: 'di', text: 'mine arrived broken' }), // complaint, 0.05, −0.7
      makeComment({ id: 'i5', author: 'ed', text: 'follow me spam' }), // spam, 0, 0
    ];
    for (const c of seed) {
      await sut.app.inject({
        method: 'POST',
        url: '/comments/process',
        payload: { post_id: 'p1', comments: [c] },
      });
    }
    await sut.app.inject({
      method: 'POST',
      url: '/comments/process',
      payload: { post_id: 'p2', comments: [makeComment({ id: 'j1', author: 'fi', text: 'price please' })] },
    });
    await waitForIdle(sut.queue);
  });
  afterEach(async () => {
    await sut.close();
  });

  const inbox = async (query: string) => {
    const res = await sut.app.inject({ method: 'GET', url: `/api/comments${query}` });
    expect(res.statusCode).toBe(200);
    return res.json<InboxResponse>();
  };
  const ids = (r: InboxResponse) => r.items.map((i) => i.comment_id);

  it('lists newest first with the analysis joined and the total', async () => {
    const all = await inbox('');
    expect(all.total).toBe(6);
    expect(ids(all)).toEqual(['j1', 'i5', 'i4', 'i3', 'i2', 'i1']);
    expect(all.items[5]).toMatchObject({
      comment_id: 'i1',
      post_id: 'p1',
      author: 'ana',
      text: 'I want to buy two',
      handled: false,
      parent_id: null,
      analysis: {
        intent: 'purchase_intent',
        lead_score: 0.85,
        sentiment: 0.4,
        model_version: 'stub-1',
        scores: {
          purchase_intent: 0.9,
          question: 0,
          praise: 0,
          complaint: 0,
          spam: 0,
          other: 0.09999999999999998,
        },
      },
    });
  });

  it('filters by post, intent, lead score, sentiment and text', async () => {
    expect(ids(await inbox('?post_id=p2'))).toEqual(['j1']);
    expect(ids(await inbox('?intent=purchase_intent'))).toEqual(['j1', 'i1']);
    expect(ids(await inbox('?min_lead_score=0.3'))).toEqual(['j1', 'i2', 'i1']);
    expect(ids(await inbox('?sentiment=positive'))).toEqual(['j1', 'i3', 'i1']);
    expect(ids(await inbox('?sentiment=negative'))).toEqual(['i4']);
    expect(ids(await inbox('?sentiment=neutral'))).toEqual(['i5', 'i2']);
    expect(ids(await inbox('?q=BUY'))).toEqual(['i1']);
    // % is a character here, not a wildcard.
    expect(ids(await inbox('?q=100%25'))).toEqual(['i3']);
    expect(ids(await inbox('?q=%25%25'))).toEqual([]);
    expect(ids(await inbox('?post_id=p1&intent=question&min_lead_score=0.2'))).toEqual(['i2']);
  });

  it('pages with limit and offset while total counts every match', async () => {
    const page = await inbox('?limit=2&offset=2');
    expect(page.total).toBe(6);
    expect(ids(page)).toEqual(['i4', 'i3']);
    expect(ids(await inbox('?limit=2&offset=6'))).toEqual([]);
    expect((await sut.app.inject({ method: 'GET', url: '/api/comments?limit=0' })).statusCode).toBe(422);
    expect((await sut.app.inject({ method: 'GET', url: '/api/comments?sentiment=happy' })).statusCode).toBe(
      422,
    );
  });

  it('marks comments handled and filters on it', async () => {
    const res = await sut.app.inject({ method: 'POST', url: '/api/comments/i2/handled' });
    expect(res.json()).toEqual({ comment_id: 'i2', handled: true });
    expect(ids(await inbox('?handled=true'))).toEqual(['i2']);
    expect((await inbox('?handled=false')).total).toBe(5);
    await sut.app.inject({ method: 'DELETE', url: '/api/comments/i2/handled' });
    expect((await inbox('?handled=true')).total).toBe(0);
    expect((await sut.app.inject({ method: 'POST', url: '/api/comments/nope/handled' })).statusCode).toBe(
      404,
    );
  });

  it('deletes comments past retention with their analysis, keeps the DM record, re-queues lost work', async () => {
    await sut.app.inject({
      method: 'POST',
      url: '/dm-rules',
      payload: { name: 'buyers', intent: 'purchase_intent', threshold: 0.5, template: 'hi {author}' },
    });
    await sut.module.comments.analyzeBatch(['i1']);
    await waitForIdle(sut.queue);
    expect(delivery.delivered.size).toBe(1);
    // i1 and i2 are 31 days old; i3 was stored 20 minutes ago and its analysis was lost.
    await sql`update comments set created_at = now() - interval '31 days' where comment_id in ('i1', 'i2')`.execute(
      store.db,
    );
    await sql`update comments set created_at = now() - interval '20 minutes', analysis_queued_at = now() - interval '20 minutes' where comment_id = 'i3'`.execute(
      store.db,
    );
    await sql`delete from comment_analysis where comment_id = 'i3'`.execute(store.db);

    expect(await sut.module.comments.runMaintenance()).toEqual({
      deleted: 2,
      requeued_comments: 1,
      requeued_dms: 0,
      hidden_replies: 0,
    });
    await waitForIdle(sut.queue);
    const { rows: left } = await sql<{
      id: string;
    }>`select comment_id as id from comments order by 1`.execute(store.db);
    expect(left.map((r) => r.id)).toEqual(['i3', 'i4', 'i5', 'j1']);
    const { rows: analysed } = await sql<{ id: string }>`
      select comment_id as id from comment_analysis order by 1`.execute(store.db);
    expect(analysed.map((r) => r.id)).toEqual(['i3', 'i4', 'i5', 'j1']);
    const { rows: dms } = await sql<{
      comment_id: string;
    }>`select comment_id from dm_outbox order by 1`.execute(store.db);
    expect(dms.map((r) => r.comment_id)).toEqual(['i1']);
  });

  it('shows the evidence of each label, takes an operator correction and keeps it as training data', async () => {
    const before = (await inbox('')).items.find((i) => i.comment_id === 'i4')!;
    expect(before.analysis).toMatchObject({
      intent: 'complaint',
      evidence: ['stub: complaint'],
      correction: null,
    });

    const res = await sut.app.inject({
      method: 'PUT',
      url: '/api/comments/i4/intent',
      payload: { intent: 'question' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      comment_id: 'i4',
      post_id: 'p1',
      text: 'mine arrived broken',
      intent: 'question',
      model_intent: 'complaint',
      model_version: 'stub-1',
    });
    // a second correction replaces the operator's label and keeps the model's
    await sut.app.inject({ method: 'PUT', url: '/api/comments/i4/intent', payload: { intent: 'spam' } });

    const after = (await inbox('?intent=spam')).items.map((i) => [i.comment_id, i.analysis?.lead_score]);
    expect(after).toEqual([
      ['i5', 0],
      ['i4', 0],
    ]);
    const i4 = (await inbox('')).items.find((i) => i.comment_id === 'i4')!;
    expect(i4.analysis?.evidence).toEqual(['corrected by an operator (the model said complaint)']);
    expect(i4.analysis?.correction).toMatchObject({ intent: 'spam', model_intent: 'complaint' });

    const list = await sut.app.inject({ method: 'GET', url: '/api/comments/corrections' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      total: 1,
      items: [{ comment_id: 'i4', intent: 'spam', model_intent: 'complaint' }],
    });

    // retention deletes the comment, not the training example
    await sql`delete from comments where comment_id = 'i4'`.execute(store.db);
    expect((await sut.app.inject({ method: 'GET', url: '/api/comments/corrections' })).json()).toMatchObject({
      total: 1,
    });
  });

  it('rejects a correction of an unknown comment or to an unknown intent', async () => {
    const missing = await sut.app.inject({
      method: 'PUT',
      url: '/api/comments/nope/intent',
      payload: { intent: 'praise' },
    });
    expect(missing.statusCode).toBe(404);
    const bad = await sut.app.inject({
      method: 'PUT',
      url: '/api/comments/i1/intent',
      payload: { intent: 'lead' },
    });
    expect(bad.statusCode).toBe(422);
  });
});
