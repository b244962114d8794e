import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Publisher } from '../../src/content/publisher.js';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;
const PERSONA = {
  id: 'fitness_coach',
  account_id: 'acct_maya',
  name: 'Maya',
  topics: ['deadlifts', 'mobility'],
  posts_per_day: 3,
};
const STRONG =
  'Here is how I added 40 kg to my deadlift in 12 weeks:\n\n1. Sleep 8 hours\n2. Eat protein at every meal\n3. Train 3x a week\n\nWhich one do you skip?';
const FLAT = 'gym today';

interface Experiment {
  id: string;
  state: string;
  posts: number;
  rewards: number;
  winner_variant_id: string | null;
  ended_at: string | null;
  variants: { id: string; value: string; posts: { post_id: string }[]; rewards: number }[];
}
interface Draft {
  id: number;
  text: string;
  status: string;
  hook_family: string | null;
  scheduled_at: string | null;
  published_post_id: string | null;
  published_at: string | null;
}

/**
 * A whole experiment through the content engine on both stores: the bandit picks the variant of
 * each slot, the runner writes and schedules its draft at the persona's best free slot, the
 * publishing queue publishes it to the simulator when its time comes, the post is attached and
 * its reward read at 24 h — all on the simulator's clock, advanced by the test.
 */
describe.each<Stack>(['embedded', 'production'])('experiments through the content engine (%s)', (stack) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(stack, { demo: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/personas', payload: PERSONA });
    expect(res.statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async <T>(url: string) => (await t.app.inject({ url })).json<T>();
  const experimentDrafts = (id: string) =>
    t.deps.store.db
      .selectFrom('experiment_drafts')
      .selectAll()
      .where('experiment_id', '=', id)
      .orderBy('draft_id')
      .execute();

  it('schedules a draft per slot, publishes it, rewards it once and declares the winner', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: {
        persona_id: PERSONA.id,
        brief: 'deadlift progress',
        variants: [{ text: FLAT }, { text: STRONG }],
        max_posts: 30,
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<Experiment>().id;
    const published = new Set<string>();

    for (let round = 0; round < 120; round++) {
      const job = await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
      expect(job.state).toBe('completed');
      const drafts = await experimentDrafts(id);
      // never more than one slot's draft in flight
      const inFlight = [];
      for (const row of drafts) {
        const d = await get<Draft>(`/api/drafts/${row.draft_id}`);
        if (d.status !== 'published') inFlight.push(d);
      }
      expect(inFlight.length).toBeLessThanOrEqual(1);
      for (const d of inFlight) {
        expect(d.status).toBe('scheduled');
        expect(d.scheduled_at).not.toBeNull();
      }
      const now = await get<Experiment>(`/api/experiments/${id}`);
      if (now.state !== 'running') break;

      t.clock.now += 4 * HOUR;
      if ((await t.deps.content.publisher.queueDue()) > 0) {
        for (const d of inFlight) {
          await waitForJob(t.app, Publisher.jobId({ id: d.id, scheduled_at: new Date(d.scheduled_at!) }));
          const after = await get<Draft>(`/api/drafts/${d.id}`);
          if (after.published_post_id) published.add(after.published_post_id);
        }
      }
      // the collector's readings of the published posts, as its schedule would take them
      if (published.size > 0) await t.deps.metrics.collector.getMany([...published], '24h', false);
    }

    const done = await get<Experiment>(`/api/experiments/${id}`);
    expect(done.state).toBe('winner');
    const strong = done.variants.find((v) => v.value === STRONG)!;
    expect(done.winner_variant_id).toBe(strong.id);
    // every post of the experiment came from one of its drafts, published once, rewarded once; a
    // draft of the losing variant still scheduled when the winner was declared is rejected, one of
    // the winner may still go out (outside the experiment, as an ordinary post)
    const drafts = await experimentDrafts(id);
    const postIds = done.variants.flatMap((v) => v.posts.map((p) => p.post_id));
    expect(new Set(postIds).size).toBe(postIds.length);
    for (const row of drafts) {
      const d = await get<Draft>(`/api/drafts/${row.draft_id}`);
      const variant = done.variants.find((v) => v.id === row.variant_id)!;
      expect(d.text).toBe(variant.value);
      if (variant.id !== done.winner_variant_id) {
        expect(['published', 'rejected']).toContain(d.status);
      }
      if (d.published_post_id === null) continue;
      if (variant.posts.some((p) => p.post_id === d.published_post_id)) continue;
      expect(variant.id).toBe(done.winner_variant_id);
      expect(Date.parse(d.published_at!)).toBeGreaterThanOrEqual(Date.parse(done.ended_at!));
    }
    const rewards = await t.deps.store.db
      .selectFrom('experiment_rewards')
      .select('post_id')
      .where('experiment_id', '=', id)
      .execute();
    expect(rewards).toHaveLength(done.rewards);
    expect(done.rewards).toBeGreaterThanOrEqual(6);

    // a decided experiment schedules nothing more
    const before = drafts.length;
    await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
    expect(await experimentDrafts(id)).toHaveLength(before);
  }, 120_000);

  it('takes a stopped experiment’s scheduled draft out of the publishing queue', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: {
        persona_id: PERSONA.id,
        brief: 'squats',
        variants: [{ text: 'squat depth matters' }, { text: 'squat daily' }],
        max_posts: 10,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<Experiment>().id;
    await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
    const [row] = await experimentDrafts(id);
    const scheduled = await get<Draft>(`/api/drafts/${row!.draft_id}`);
    expect(scheduled.status).toBe('scheduled');

    const stopped = await t.app.inject({ method: 'POST', url: `/api/experiments/${id}/stop` });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect((await get<Draft>(`/api/drafts/${scheduled.id}`)).status).toBe('rejected');
    // its slot comes and goes: nothing is published, and the job schedules nothing more
    t.clock.now = Date.parse(scheduled.scheduled_at!) + HOUR;
    await t.deps.content.publisher.queueDue();
    await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
    const after = await get<Draft>(`/api/drafts/${scheduled.id}`);
    expect([after.status, after.published_post_id]).toEqual(['rejected', null]);
    expect(await experimentDrafts(id)).toHaveLength(1);
  });

  it('writes hook-family variants with the persona generator in that family', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: {
        persona_id: PERSONA.id,
        brief: 'mobility',
        variants: [{ hook_family: 'question' }, { hook_family: 'how_to' }],
        max_posts: 10,
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<Experiment>().id;
    await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
    const [row] = await experimentDrafts(id);
    const experiment = await get<Experiment>(`/api/experiments/${id}`);
    const variant = experiment.variants.find((v) => v.id === row!.variant_id)!;
    const draft = await get<Draft>(`/api/drafts/${row!.draft_id}`);
    // the warm-up gives the first slot to the first variant
    expect(variant.value).toBe('question');
    expect(draft.hook_family).toBe('question');
    expect(draft.status).toBe('scheduled');
    // a rejected draft frees the slot: the next pass writes another
    expect((await t.app.inject({ method: 'POST', url: `/api/drafts/${draft.id}/reject` })).statusCode).toBe(
      200,
    );
    await waitForJob(t.app, await t.deps.queue.add('run_experiments', {}));
    expect(await experimentDrafts(id)).toHaveLength(2);
  });

  it('opens the persona’s next drafts with a hook family an experiment confirmed', async () => {
    const generate = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/drafts/generate',
          payload: { persona_id: PERSONA.id, count: 3, seed: 5 },
        })
      ).json<Draft[]>();
    const before = (await generate()).map((d) => d.hook_family);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: {
        persona_id: PERSONA.id,
        brief: 'deadlifts',
        variants: [{ hook_family: 'contrarian' }, { hook_family: 'statistical' }],
        max_posts: 10,
      },
    });
    const experiment = res.json<Experiment>();
    const contrarian = experiment.variants.find((v) => v.value === 'contrarian')!;
    // the experiment's decision as the rewards job records it: contrarian won with a 30 % lift
    await t.deps.store.db
      .insertInto('variant_performance')
      .values({
        experiment_id: experiment.id,
        variant_id: contrarian.id,
        persona_id: PERSONA.id,
        variant_kind: 'hook_family',
        variant_value: 'contrarian',
        posts: 12,
        rewards: 12,
        mean_engagement_rate: 0.05,
        posterior_mean_rate: 0.05,
        probability_best: 0.97,
        lift: 0.3,
        is_winner: true,
        updated_at: new Date(t.clock.now),
      })
      .execute();
    const after = (await generate()).map((d) => d.hook_family);
    expect(after[0]).toBe('contrarian');
    expect(before[0]).not.toBe('contrarian');
  });

  it('writes the persona’s next untargeted batch from a template an experiment confirmed', async () => {
    const template = async (name: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        payload: { name, body: 'Write a step-by-step post about {topic}.', hook_family: 'how_to' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: number; version: number }>();
    };
    const winner = await template('steps that won');
    const loser = await template('steps that lost');
    const generate = async (payload: object = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/drafts/generate',
        payload: { persona_id: PERSONA.id, count: 2, seed: 7, ...payload },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<(Draft & { template_id: number | null; template_version: number | null })[]>();
    };
    expect((await generate()).map((d) => d.template_id)).toEqual([null, null]);

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: {
        persona_id: PERSONA.id,
        brief: 'deadlifts',
        variants: [{ template_id: winner.id }, { template_id: loser.id }],
        max_posts: 10,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const experiment = res.json<Experiment>();
    const row = (value: number, lift: number, isWinner: boolean) => ({
      experiment_id: experiment.id,
      variant_id: experiment.variants.find((v) => v.value === String(value))!.id,
      persona_id: PERSONA.id,
      variant_kind: 'template' as const,
      variant_value: String(value),
      posts: 12,
      rewards: 12,
      mean_engagement_rate: 0.05,
      posterior_mean_rate: 0.05,
      probability_best: isWinner ? 0.96 : 0.04,
      lift,
      is_winner: isWinner,
      updated_at: new Date(t.clock.now),
    });
    // the experiment's decision as the rewards job records it: the first template won by 25 %
    await t.deps.store.db
      .insertInto('variant_performance')
      .values([row(winner.id, 0.25, true), row(loser.id, -0.2, false)])
      .execute();

    const learned = await generate();
    expect(learned.map((d) => [d.template_id, d.template_version, d.hook_family])).toEqual([
      [winner.id, winner.version, 'how_to'],
      [winner.id, winner.version, 'how_to'],
    ]);
    // an explicit target still wins over what was learned
    expect((await generate({ hook_family: 'question' })).map((d) => d.template_id)).toEqual([null, null]);
    expect((await generate({ template_id: loser.id })).map((d) => d.template_id)).toEqual([
      loser.id,
      loser.id,
    ]);
    // a winning template deleted since is skipped: the batch is written as before
    expect((await t.app.inject({ method: 'DELETE', url: `/api/templates/${winner.id}` })).statusCode).toBe(
      204,
    );
    expect((await generate()).map((d) => d.template_id)).toEqual([null, null]);
  });
});
