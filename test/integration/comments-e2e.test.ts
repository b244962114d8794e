import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { macroF1 } from '../../src/eval/metrics.js';
import { INTENTS, type Intent, type MonitorResponse } from '../../src/comments/schemas.js';
import { createTestApp, type Stack, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The whole pipeline on the real app and the simulator's labelled replies: a monitor pulls the
 * replies of a post with a "comment LINK" call to action, the real classifier analyses them,
 * a rule sends DMs through the simulator's DM endpoint. Embedded (PGlite, in-process queue) and
 * production (PostgreSQL, Redis cache, BullMQ) stacks.
 */
describe.each<Stack>(['embedded', 'production'])('comment pipeline end to end (%s)', (stack) => {
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('flows labelled replies through ingestion, analysis and one DM per lead', async () => {
    t = await createTestApp(stack, { demo: false });
    const { app, simulator, deps } = t;
    const db = deps.store.db;
    const post = simulator.publish({
      content: 'I wrote a 30-day plan for this. Comment LINK and I will send it to you 👇',
      published_at: new Date(t.clock.now - 3 * HOUR),
      virality: 0.9,
    });
    const rule = await app.inject({
      method: 'POST',
      url: '/dm-rules',
      payload: {
        name: 'guide to leads',
        keywords: ['LINK'],
        intent: 'purchase_intent',
        threshold: 0.7,
        match: 'any',
        template: 'Hi {author}! Here is the plan: {guide} (from {post_url})',
        variables: { guide: 'https://example.com/plan' },
      },
    });
    expect(rule.statusCode).toBe(201);

    const started = await app.inject({
      method: 'POST',
      url: '/comments/monitor',
      payload: { post_id: post.id, interval_seconds: 600 },
    });
    expect(started.statusCode).toBe(200);
    const { task_id } = started.json<MonitorResponse>();

    const truth = simulator.comments(post.id, { limit: 100_000, includeLabels: true });
    expect(truth.length).toBeGreaterThan(200);
    const count = async (query: string) =>
      Number((await sql<{ n: number }>`${sql.raw(query)}`.execute(db)).rows[0]?.n);
    await waitUntil('every reply analysed and every DM settled', async () => {
      const analysed = await count('select count(*)::int as n from comment_analysis');
      const pending = await count(`select count(*)::int as n from dm_outbox where status = 'pending'`);
      return analysed === truth.length && pending === 0;
    });

    const monitor = (
      await app.inject({ method: 'GET', url: `/comments/monitor/${task_id}` })
    ).json<MonitorResponse>();
    expect(monitor).toMatchObject({ status: 'active', comments_processed: truth.length, error_count: 0 });

    const { rows: analysed } = await sql<{ comment_id: string; intent: Intent; author: string }>`
      select a.comment_id, a.intent, c.author from comment_analysis a join comments c using (comment_id)`.execute(
      db,
    );
    const byId = new Map(analysed.map((a) => [a.comment_id, a]));
    // The creator's own answers ("check your DMs 📩") are nobody's intent: other, and no DM.
    const own = analysed.filter((a) => a.author === post.username);
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((a) => a.intent))).toEqual(new Set(['other']));
    const label = new Map(truth.map((c) => [c.id, c.true_label!]));

    // Outbox and the receiver agree: every sent row arrived once, nothing else arrived.
    const { rows: outbox } = await sql<{
      comment_id: string;
      author: string;
      status: string;
      message: string;
    }>`
      select comment_id, author, status, message from dm_outbox order by id`.execute(db);
    const dms = simulator.dms();
    const sent = outbox.filter((o) => o.status === 'sent');
    expect(sent.length).toBeGreaterThan(10);
    expect(dms.length).toBe(sent.length);
    expect(new Set(dms.map((d) => d.idempotency_key)).size).toBe(dms.length);
    // One DM per author on this post, spam never.
    expect(new Set(outbox.map((o) => o.author)).size).toBe(outbox.length);
    for (const o of outbox) {
      expect(byId.get(o.comment_id)?.intent).not.toBe('spam');
      expect(o.author).not.toBe(post.username);
      expect(o.message).toBe(
        `Hi ${o.author}! Here is the plan: https://example.com/plan (from ${post.post_url})`,
      );
    }
    expect(dms.map((d) => d.recipient).sort()).toEqual(sent.map((s) => s.author).sort());

    // How well the DMs hit real leads, and the classifier on these replies (printed for the docs).
    const dmOnPurchase = outbox.filter((o) => label.get(o.comment_id) === 'purchase_intent').length;
    const dmOnSpam = outbox.filter((o) => label.get(o.comment_id) === 'spam').length;
    const truthLabels = analysed.map((a) => label.get(a.comment_id) as Intent);
    const predicted = analysed.map((a) => a.intent);
    const report = macroF1(truthLabels, predicted, INTENTS);
    console.log(
      `[${stack}] ${truth.length} replies, ${outbox.length} DMs (${dmOnPurchase} to true purchase intent, ` +
        `${dmOnSpam} to true spam); macro-F1 ${report.macroF1.toFixed(3)}; ` +
        INTENTS.map(
          (c) =>
            `${c} P ${report.perClass[c].precision.toFixed(2)} R ${report.perClass[c].recall.toFixed(2)}`,
        ).join(', '),
    );
    expect(dmOnPurchase / outbox.length).toBeGreaterThan(0.6);
  });
});
