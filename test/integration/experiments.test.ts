import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;
const ACCOUNT = 'acct_maya';
const PERSONA = 'fitness_coach';

interface Variant {
  id: string;
  kind: string;
  value: string;
  posts: { post_id: string; reward: { engagement_rate: number } | null }[];
  rewards: number;
  probability_best: number;
  posterior: { mu: number; kappa: number; alpha: number; beta: number };
}
interface Experiment {
  id: string;
  state: string;
  posts: number;
  rewards: number;
  winner_variant_id: string | null;
  prior: { mu: number; kappa: number; alpha: number; beta: number };
  variants: Variant[];
  probability_best_history: { rewards: number; probabilities: number[] }[];
}

/** Two hooks the simulator's audience (the pattern engine's strength of the post) tells apart. */
const STRONG =
  'Here is how I added 40 kg to my deadlift in 12 weeks:\n\n1. Sleep 8 hours\n2. Eat protein at every meal\n3. Train 3x a week\n\nWhich one do you skip?';
const FLAT = 'gym today';

describe.each<Stack>(['embedded', 'production'])('experiments on the %s stack', (stack) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(stack, { demo: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/personas',
      payload: { id: PERSONA, account_id: ACCOUNT, name: 'Maya', topics: ['deadlifts'] },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object, status = 200): Promise<T> => {
    const res = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };

  /** Read every post of the account now (as the collector's schedule would). */
  const collect = async (ids: string[]) => {
    if (ids.length > 0) await t.deps.metrics.collector.getMany(ids, '24h', false);
  };

  it('rejects bad experiments with a 422 naming the field, and stores nothing', async () => {
    const base = { persona_id: PERSONA, brief: 'deadlift tips', max_posts: 20 };
    const bad: [unknown, string][] = [
      [{ ...base, variants: [{ text: 'only one' }] }, 'variants'],
      [{ ...base, variants: [{ hook_family: 'not_a_family' }, { text: 'b' }] }, 'variants'],
      [{ ...base, variants: [{ text: 'a', hook_family: 'question' }, { text: 'b' }] }, 'variants'],
      [{ ...base, variants: [{ text: 'same' }, { text: 'same' }] }, 'variants'],
      [{ ...base, max_posts: 5, variants: [{ text: 'a' }, { text: 'b' }] }, 'max_posts'],
      [{ ...base, reward_age_hours: 0, variants: [{ text: 'a' }, { text: 'b' }] }, 'reward_age_hours'],
    ];
    for (const [payload, field] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/experiments', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      const detail = res.json<{ detail: { loc: (string | number)[] }[] }>().detail;
      expect(
        detail.some((d) => d.loc.includes(field)),
        JSON.stringify(detail),
      ).toBe(true);
    }
    // an unknown persona: refused in FastAPI's shape, naming the field and echoing the value
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/experiments',
      payload: { ...base, persona_id: 'nobody_here', variants: [{ text: 'a' }, { text: 'b' }] },
    });
    expect(unknown.statusCode, unknown.body).toBe(422);
    expect(unknown.json()).toEqual({
      detail: [
        {
          type: 'value_error',
          loc: ['body', 'persona_id'],
          msg: 'persona nobody_here does not exist (create it with POST /api/personas)',
          input: 'nobody_here',
        },
      ],
    });
    expect(await api<unknown[]>('GET', '/api/experiments')).toEqual([]);
    expect((await t.app.inject({ url: '/api/experiments/nope' })).statusCode).toBe(404);
  });

  it('runs a whole experiment on the simulator: posts per slot, rewards once at 24 h, a winner', async () => {
    const created = await api<Experiment>(
      'POST',
      '/api/experiments',
      {
        persona_id: PERSONA,
        brief: 'deadlift progress',
        variants: [{ text: FLAT }, { text: STRONG }],
        max_posts: 30,
      },
      201,
    );
    expect(created.state).toBe('running');
    expect(created.variants.map((v) => [v.kind, v.value])).toEqual([
      ['text', FLAT],
      ['text', STRONG],
    ]);
    const id = created.id;
    const published: string[] = [];
    let rewardsSeen = 0;
    let slots = 0;
    // A slot every 8 simulated hours; each reading of the posts, the rewards job, then the slot.
    for (let round = 0; round < 40; round++) {
      await collect(published);
      const job = await t.deps.queue.add('run_experiments', {});
      expect((await waitForJob(t.app, job)).state).toBe('completed');
      const now = await api<Experiment>('GET', `/api/experiments/${id}`);
      expect(now.rewards).toBeGreaterThanOrEqual(rewardsSeen);
      rewardsSeen = now.rewards;
      if (now.state !== 'running') break;
      if (now.posts < 30) {
        const variant = await api<Variant>('POST', `/api/experiments/${id}/next-variant`);
        // asked again before a post is attached: the same answer
        expect((await api<Variant>('POST', `/api/experiments/${id}/next-variant`)).id).toBe(variant.id);
        const post = t.simulator.publish({
          account_id: ACCOUNT,
          content: variant.value,
          published_at: new Date(t.clock.now),
        });
        await collect([post.id]);
        await api('POST', `/api/experiments/${id}/posts`, { variant_id: variant.id, post_id: post.id });
        // attaching it twice changes nothing
        const again = await api<Experiment>('POST', `/api/experiments/${id}/posts`, {
          variant_id: variant.id,
          post_id: post.id,
        });
        expect(again.posts).toBe(++slots);
        published.push(post.id);
      }
      t.clock.now += 8 * HOUR;
    }

    const done = await api<Experiment>('GET', `/api/experiments/${id}`);
    const [flat, strong] = done.variants;
    expect(done.state).toBe('winner');
    expect(done.winner_variant_id).toBe(strong!.id);
    expect(strong!.probability_best).toBeGreaterThanOrEqual(0.95);
    // every arm got its warm-up, and the difference was clear well before max_posts
    expect(flat!.posts.length).toBeGreaterThanOrEqual(3);
    expect(strong!.rewards).toBeGreaterThanOrEqual(3);
    expect(done.posts).toBeLessThan(30);
    // one reward per post, never twice; each reward is a stored post's rate at 24 h
    const rewarded = done.variants.flatMap((v) =>
      v.posts.filter((p) => p.reward !== null).map((p) => p.post_id),
    );
    expect(new Set(rewarded).size).toBe(rewarded.length);
    expect(done.rewards).toBe(rewarded.length);
    const rewardRows = await t.deps.store.db
      .selectFrom('experiment_rewards')
      .selectAll()
      .where('experiment_id', '=', id)
      .execute();
    expect(rewardRows).toHaveLength(done.rewards);
    // the posterior of a variant is its prior updated with exactly its rewards
    expect(strong!.posterior.kappa).toBe(done.prior.kappa + strong!.rewards);
    expect(done.probability_best_history.at(-1)!.rewards).toBe(done.rewards);
    expect(done.probability_best_history.at(-1)!.probabilities[1]).toBeCloseTo(strong!.probability_best, 10);

    // a re-run of the rewards job takes nothing twice and leaves the decision alone
    t.clock.now += 48 * HOUR;
    await collect(published);
    const rerun = await t.deps.experiments.service.collectRewards();
    expect(rerun.rewards).toBe(0);
    expect((await api<Experiment>('GET', `/api/experiments/${id}`)).rewards).toBe(done.rewards);

    // learning: variant_performance holds the winner with its lift over the other variant
    const lifts = await api<{ value: string; lift: number; experiment_id: string }[]>(
      'GET',
      `/api/experiments/lifts?persona_id=${PERSONA}`,
    );
    expect(lifts).toHaveLength(1);
    expect(lifts[0]!.experiment_id).toBe(id);
    expect(lifts[0]!.value).toBe(STRONG);
    expect(lifts[0]!.lift).toBeGreaterThan(0);

    // the A/B state of its posts (what the Drafts and post pages show); unknown ids are left out
    const memberships = await api<Record<string, unknown>[]>(
      'GET',
      `/api/experiments/memberships?post_ids=${strong!.posts[0]!.post_id},${flat!.posts[0]!.post_id},nope&draft_ids=999999`,
    );
    expect(memberships).toHaveLength(2);
    expect(memberships).toEqual(
      expect.arrayContaining([
        {
          draft_id: null,
          post_id: strong!.posts[0]!.post_id,
          experiment_id: id,
          brief: 'deadlift progress',
          state: 'winner',
          variant_id: strong!.id,
          variant_kind: 'text',
          variant_value: STRONG,
          probability_best: strong!.probability_best,
          is_winner: true,
        },
        {
          draft_id: null,
          post_id: flat!.posts[0]!.post_id,
          experiment_id: id,
          brief: 'deadlift progress',
          state: 'winner',
          variant_id: flat!.id,
          variant_kind: 'text',
          variant_value: FLAT,
          probability_best: flat!.probability_best,
          is_winner: false,
        },
      ]),
    );
    const badIds = await t.app.inject({ url: '/api/experiments/memberships?draft_ids=1,abc' });
    expect(badIds.statusCode).toBe(422);
    expect(badIds.json<{ detail: { loc: string[] }[] }>().detail[0]!.loc).toEqual(['query', 'draft_ids']);

    // a decided experiment takes no more posts and cannot be stopped
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/experiments/${id}/next-variant` })).statusCode,
    ).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `/api/experiments/${id}/stop` })).statusCode).toBe(409);
  });

  it('stops a running experiment once', async () => {
    const created = await api<Experiment>(
      'POST',
      '/api/experiments',
      {
        persona_id: PERSONA,
        brief: 'stop me',
        variants: [{ hook_family: 'question' }, { hook_family: 'listicle' }],
        max_posts: 10,
      },
      201,
    );
    // the prior comes from the persona's history (the posts of the previous test)
    expect(created.prior.kappa).toBe(1);
    expect(created.prior.mu).toBeLessThan(0);
    const stopped = await api<Experiment>('POST', `/api/experiments/${created.id}/stop`);
    expect(stopped.state).toBe('stopped');
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/experiments/${created.id}/stop` })).statusCode,
    ).toBe(409);
    const list = await api<{ id: string; state: string }[]>('GET', '/api/experiments');
    expect(list.map((e) => e.state).sort()).toEqual(['stopped', 'winner']);
  });
});
