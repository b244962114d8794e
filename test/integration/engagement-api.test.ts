import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/lib/random.js';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

const HOUR = 3_600_000;

interface Forecast {
  mean: number;
  low: number;
  high: number;
  basis: string;
  model_version: string;
  fixed_age_hours: number;
  reasons: { feature: string; text: string }[];
}

/**
 * Two accounts of one persona whose posts with a link reach half the engagement rate of those
 * without (with noise), measured once at exactly 24 hours; and three posts of the first account
 * too young to have an outcome.
 */
async function seed(t: TestApp): Promise<void> {
  const now = t.deps.clock().getTime();
  const rnd = mulberry32(11);
  const posts: { id: string; account_id: string; content: string; published_at: Date; link: boolean }[] = [];
  for (const [account, count] of [
    ['acct_a', 160],
    ['acct_b', 120],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const link = rnd() < 0.5;
      // length varies on its own, so that it does not stand in for the link
      const extra = ' and then some more'.repeat(Math.floor(rnd() * 4));
      posts.push({
        id: `${account}_${i}`,
        account_id: account,
        content: `Post ${i}: what I learned about pricing this week${extra}.${link ? ' https://example.com/p' : ''}`,
        published_at: new Date(now - (3 + count - i) * 6 * HOUR),
        link,
      });
    }
  }
  const young = [0, 1, 2].map((i) => ({
    id: `acct_a_new_${i}`,
    account_id: 'acct_a',
    content: `A fresh post number ${i}`,
    published_at: new Date(now - (i + 1) * HOUR),
    link: false,
  }));
  const db = t.deps.store.db;
  await db
    .insertInto('posts')
    .values(
      [...posts, ...young].map((p) => ({
        id: p.id,
        account_id: p.account_id,
        persona_id: 'pricing_coach',
        content: p.content,
        published_at: p.published_at,
        source: 'test',
        patterns: JSON.stringify(t.deps.patterns.extract({ content: p.content, engagement_rate: 0 })),
      })),
    )
    .execute();
  await db
    .insertInto('post_snapshots')
    .values(
      posts.map((p) => {
        const rate = 0.04 * (p.link ? 0.5 : 1) * Math.exp((rnd() - 0.5) * 0.4);
        return {
          post_id: p.id,
          taken_at: new Date(p.published_at.getTime() + 24 * HOUR),
          views: 10_000,
          likes: Math.round(rate * 10_000),
        };
      }),
    )
    .execute();
}

describe.each<Stack>(['embedded', 'production'])('engagement model on the %s stack', (stack) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(stack, { demo: false });
    await seed(t);
  });
  afterAll(() => t.close());

  const predict = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/engagement/predict', payload: body });
    expect(res.statusCode).toBe(200);
    return res.json<Forecast>();
  };

  it('predicts from the default prior before any model is trained', async () => {
    const sut = await predict({ account_id: 'acct_a', content: 'Hello there' });
    expect(sut.basis).toBe('global');
    expect(sut.model_version).toMatch(/^engagement-v1\+[0-9a-f]{12}$/);
    expect(sut.fixed_age_hours).toBe(24);
    // the product's default: 3 % engagement
    expect(sut.mean).toBeCloseTo(0.03, 6);
    // a draft unlike anything (long, numbered, a link): the untrained prior knows nothing of it,
    // and its interval spans the possible rates — from none to one interaction per view, not beyond
    const long = await predict({
      account_id: 'acct_a',
      content: Array.from(
        { length: 12 },
        (_, i) => `${i + 1}. A point about pricing, with a link https://example.com/${i}`,
      ).join('\n'),
    });
    expect(long.mean).toBeGreaterThan(0);
    expect(long.low).toBeGreaterThanOrEqual(0);
    expect(long.low).toBeLessThan(long.mean);
    expect(long.high).toBeGreaterThan(long.mean);
    expect(long.high).toBeLessThanOrEqual(1);
  });

  it('retrains in a job, then stores a prediction with its version for each post without an outcome yet', async () => {
    const jobId = await t.deps.queue.add('train_engagement_model', {});
    const job = await waitForJob(t.app, jobId);
    expect(job.state).toBe('completed');
    const result = job.result as { version: string; accounts: number; posts: number; predicted: number };
    expect(result).toMatchObject({ accounts: 2, posts: 280, predicted: 3 });

    const stored = await t.deps.store.db.selectFrom('engagement_predictions').selectAll().execute();
    expect(stored.map((p) => p.post_id).sort()).toEqual(['acct_a_new_0', 'acct_a_new_1', 'acct_a_new_2']);
    expect(
      stored.every((p) => p.model_version === result.version && p.low <= p.mean && p.mean <= p.high),
    ).toBe(true);

    // the same outcomes train the same model: a second run stores nothing new
    const again = await waitForJob(t.app, await t.deps.queue.add('train_engagement_model', {}));
    expect(again.result).toMatchObject({ version: result.version, stored: false, predicted: 0 });
  });

  it('says what works for the account, in words', async () => {
    const res = await t.app.inject({ url: '/api/engagement/what-works?account_id=acct_a' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      basis: string;
      posts_learned_from: number;
      typical: { mean: number };
      effects: { feature: string; effect: number; text: string }[];
    }>();
    expect(body.basis).toBe('account');
    expect(body.posts_learned_from).toBe(160);
    expect(body.typical.mean).toBeGreaterThan(0.02);
    expect(body.typical.mean).toBeLessThan(0.045);
    const link = body.effects.find((e) => e.feature === 'format:link')!;
    expect(link.effect).toBeLessThan(-0.2);
    expect(link.text).toMatch(/^posts with a link do \d+ % worse for you$/);
    expect(body.effects[0]!.feature).toBe('format:link');
  });

  it('predicts a draft for the account, lower with a link, and says why', async () => {
    const plain = await predict({ account_id: 'acct_a', content: 'What I learned about pricing today.' });
    const linked = await predict({
      account_id: 'acct_a',
      content: 'What I learned about pricing today. https://example.com/x',
    });
    expect(plain.basis).toBe('account');
    expect(linked.mean).toBeLessThan(plain.mean * 0.8);
    expect(linked.low).toBeLessThan(linked.mean);
    expect(linked.high).toBeGreaterThan(linked.mean);
    const link = linked.reasons.find((r) => r.feature === 'format:link');
    expect(link?.text).toMatch(/^posts with a link do \d+ % worse for you \(this post: yes\)$/);
  });

  it("gives a new account of the persona the persona's prior", async () => {
    const sut = await predict({
      account_id: 'acct_new',
      persona_id: 'pricing_coach',
      content: 'See https://x.io',
    });
    expect(sut.basis).toBe('persona');
  });

  it('answers 404 for an account without posts and 422 for a bad draft', async () => {
    expect((await t.app.inject({ url: '/api/engagement/what-works?account_id=nobody' })).statusCode).toBe(
      404,
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/engagement/predict',
      payload: { account_id: 'acct_a', content: '' },
    });
    expect(bad.statusCode).toBe(422);
  });
});
