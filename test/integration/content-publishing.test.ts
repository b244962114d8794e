import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftRepository } from '../../src/content/draft-repository.js';
import { Publisher } from '../../src/content/publisher.js';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

interface Draft {
  id: number;
  text: string;
  status: string;
  scheduled_at: string | null;
  published_post_id: string | null;
  published_at: string | null;
  failure_reason: string | null;
  tokens_used: number | null;
}

const HOUR = 3_600_000;
const PERSONA = {
  id: 'fitness_coach',
  account_id: 'acct_maya',
  name: 'Maya',
  topics: ['deadlifts', 'mobility'],
  posts_per_day: 3,
};

describe.each<Stack>(['embedded', 'production'])('publishing queue (%s)', (stack) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(stack, { demo: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/personas', payload: PERSONA });
    expect(res.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function approvedDraft(seed: number, inHours = 1, personaId = PERSONA.id): Promise<Draft> {
    const [d] = (
      await t.app.inject({
        method: 'POST',
        url: '/api/drafts/generate',
        payload: { persona_id: personaId, count: 1, seed },
      })
    ).json<Draft[]>();
    const at = new Date(t.clock.now + inHours * HOUR).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/drafts/${d!.id}/approve`,
      payload: { scheduled_at: at },
    });
    expect(res.json<Draft>()).toMatchObject({ status: 'scheduled', scheduled_at: at });
    return res.json<Draft>();
  }

  const getDraft = async (id: number) => (await t.app.inject({ url: `/api/drafts/${id}` })).json<Draft>();
  const postsWithText = async (text: string) =>
    (await t.deps.source.source.listPublished({ account_id: PERSONA.account_id, limit: 100 })).filter(
      (p) => p.content === text,
    );

  it('publishes a scheduled draft once when its slot comes, and the post enters the metrics engine', async () => {
    const draft = await approvedDraft(1);
    expect(await t.deps.content.publisher.queueDue()).toBe(0);
    t.clock.now += 2 * HOUR;
    expect(await t.deps.content.publisher.queueDue()).toBe(1);
    const job = await waitForJob(
      t.app,
      Publisher.jobId({ id: draft.id, scheduled_at: new Date(draft.scheduled_at!) }),
    );
    expect(job).toMatchObject({ state: 'completed', result: { outcome: 'published' } });

    const published = await getDraft(draft.id);
    expect(published.status).toBe('published');
    expect(published.published_post_id).toMatch(/^\d+$/);
    expect(await postsWithText(draft.text)).toHaveLength(1);

    const row = await t.deps.store.db
      .selectFrom('posts')
      .select(['id', 'persona_id', 'patterns', 'hook', 'body', 'tokens_used'])
      .where('id', '=', published.published_post_id!)
      .executeTakeFirstOrThrow();
    // analysed like any collected post, with seed 003's columns of a generated post
    expect((row.patterns as { hook_patterns: unknown[] }).hook_patterns.length).toBeGreaterThan(0);
    expect(row.hook).toBe(draft.text.split('\n')[0]);
    expect(row.body).toBe(draft.text.split(/\n+/).slice(1).join('\n'));
    expect(row.tokens_used).toBeNull();
    const snapshots = await t.deps.store.db
      .selectFrom('post_snapshots')
      .selectAll()
      .where('post_id', '=', row.id)
      .execute();
    expect(snapshots.length).toBeGreaterThan(0);
    const usage = await t.deps.store.db
      .selectFrom('pattern_usage_history')
      .select('pattern_id')
      .where('post_id', '=', row.id)
      .execute();
    expect(usage.length).toBeGreaterThan(0);

    // a second sweep or a re-run of the job publishes nothing more
    expect(await t.deps.content.publisher.queueDue()).toBe(0);
    expect(await t.deps.content.publisher.publish(draft.id, false)).toBe('already_published');
    expect(await postsWithText(draft.text)).toHaveLength(1);

    // posts.engagement follows the latest reading
    t.clock.now += 3 * HOUR;
    await t.deps.metrics.collector.get(row.id, '24h', false);
    await t.deps.content.publisher.queueDue();
    const measured = await t.deps.store.db
      .selectFrom('posts')
      .select('engagement')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(measured.engagement).not.toBeNull();
  });

  it('a retried job that finds its post already published adopts it instead of posting twice', async () => {
    const draft = await approvedDraft(2);
    t.clock.now += 2 * HOUR;
    // the first try reached the source, then the worker died before recording it
    await t.deps.store.db
      .updateTable('drafts')
      .set({ status: 'publishing', publishing_at: new Date(t.clock.now) })
      .where('id', '=', draft.id)
      .execute();
    const first = await t.deps.source.source.publish({ content: draft.text, account_id: PERSONA.account_id });
    expect(await t.deps.content.publisher.publish(draft.id, false)).toBe('published');
    expect((await getDraft(draft.id)).published_post_id).toBe(first.id);
    expect(await postsWithText(draft.text)).toHaveLength(1);
  });

  it('the post carries the persona of its draft, also when the account has another persona', async () => {
    const evenings = { ...PERSONA, id: 'maya_evenings', name: 'Maya (evenings)', topics: ['stretching'] };
    expect((await t.app.inject({ method: 'POST', url: '/api/personas', payload: evenings })).statusCode).toBe(
      201,
    );
    const draft = await approvedDraft(4, 1, evenings.id);
    t.clock.now += 2 * HOUR;
    await t.deps.content.publisher.queueDue();
    await waitForJob(t.app, Publisher.jobId({ id: draft.id, scheduled_at: new Date(draft.scheduled_at!) }));
    const postId = (await getDraft(draft.id)).published_post_id!;
    expect((await t.deps.source.source.getPost(postId)).persona_id).toBe('maya_evenings');
    const row = await t.deps.store.db
      .selectFrom('posts')
      .select('persona_id')
      .where('id', '=', postId)
      .executeTakeFirstOrThrow();
    expect(row.persona_id).toBe('maya_evenings');
    // pattern learning counts it for that persona from the first reading on
    const usage = await t.deps.store.db
      .selectFrom('pattern_usage_history')
      .select('persona_id')
      .distinct()
      .where('post_id', '=', postId)
      .execute();
    expect(usage).toEqual([{ persona_id: 'maya_evenings' }]);

    // a retried job adopting a post the source reports under the account's persona sets the draft's
    const retried = await approvedDraft(5, 1, evenings.id);
    t.clock.now += 2 * HOUR;
    await t.deps.store.db
      .updateTable('drafts')
      .set({ status: 'publishing', publishing_at: new Date(t.clock.now) })
      .where('id', '=', retried.id)
      .execute();
    const first = await t.deps.source.source.publish({
      content: retried.text,
      account_id: PERSONA.account_id,
    });
    expect(first.persona_id).toBe('fitness_coach');
    expect(await t.deps.content.publisher.publish(retried.id, false)).toBe('published');
    const adopted = await t.deps.store.db
      .selectFrom('posts')
      .select('persona_id')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(adopted.persona_id).toBe('maya_evenings');
  });

  it('shows on the draft why publishing failed once the retries run out', async () => {
    const draft = await approvedDraft(3);
    t.clock.now += 2 * HOUR;
    const control = t.deps.source.control as unknown as {
      setFault(f: { errorRate: number }): Promise<unknown>;
    };
    await control.setFault({ errorRate: 1 });
    try {
      await t.deps.content.publisher.queueDue();
      const job = await waitForJob(
        t.app,
        Publisher.jobId({ id: draft.id, scheduled_at: new Date(draft.scheduled_at!) }),
      );
      expect(job.state).toBe('completed');
      expect(job.attempts_made).toBe(3);
    } finally {
      await control.setFault({ errorRate: 0 });
    }
    const failed = await getDraft(draft.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('injected fault');
    expect(await postsWithText(draft.text)).toHaveLength(0);
    // approved again, it goes out on its new slot
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/drafts/${draft.id}/approve`,
      payload: { scheduled_at: new Date(t.clock.now).toISOString() },
    });
    expect(again.json<Draft>().status).toBe('scheduled');
    await t.deps.content.publisher.queueDue();
    await waitForJob(
      t.app,
      Publisher.jobId({ id: draft.id, scheduled_at: new Date(again.json<Draft>().scheduled_at!) }),
    );
    expect((await getDraft(draft.id)).status).toBe('published');
  }, 30_000);

  it('holds a draft back while the account is at its publishing quota', async () => {
    const draft = await approvedDraft(4);
    t.clock.now += 2 * HOUR;
    const publisher = new Publisher({
      repo: new DraftRepository(t.deps.store.db),
      queue: t.deps.queue,
      source: t.deps.source.source,
      ingest: () => Promise.resolve(),
      clock: t.deps.clock,
      logger: t.deps.logger,
      quota: 2,
    });
    // two posts already went out in the last 24 h
    await t.deps.store.db
      .insertInto('drafts')
      .values(
        [1, 2].map((i) => ({
          persona_id: PERSONA.id,
          account_id: PERSONA.account_id,
          text: `published earlier ${i}`,
          generator: 'composer',
          patterns: '{}',
          predicted: JSON.stringify({
            mean: 0.03,
            low: 0.01,
            high: 0.05,
            basis: 'global',
            model_version: 'x',
          }),
          limits_ok: true,
          limit_reasons: '[]',
          status: 'published' as const,
          published_at: new Date(t.clock.now - i * HOUR),
        })),
      )
      .execute();
    expect(await publisher.publish(draft.id, false)).toBe('deferred');
    const held = await getDraft(draft.id);
    expect(held.status).toBe('scheduled');
    expect(held.failure_reason).toContain('quota');
    // when the older of the two leaves the 24 h window
    expect(new Date(held.scheduled_at!).getTime()).toBe(t.clock.now - 2 * HOUR + 24 * HOUR);
    expect(await postsWithText(draft.text)).toHaveLength(0);
  });
});
