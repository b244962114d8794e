import { describe, expect, it } from 'vitest';
import { HOUR_MS, PostEngagement, engagementParams } from './engagement.js';
import { SimulatorEngine } from './engine.js';

const PUB = Date.UTC(2026, 0, 5, 9, 0, 0);

function post(seedState = 7): PostEngagement {
  return new PostEngagement(
    engagementParams({ publishedAt: PUB, followers: 30_000, virality: 0.4, luck: 1, hasCallToAction: false }),
    seedState,
  );
}

const viewsIn = (p: PostEngagement, from: number, to: number) =>
  p.countersAt(to).views - p.countersAt(from).views;

describe('injected anomalies (engagement)', () => {
  it('leaves everything before the injection exactly as the natural post', () => {
    const natural = post();
    const injected = post();
    injected.inject({ kind: 'suppression', at: PUB + 5 * HOUR_MS, factor: 0.2 });
    for (let t = PUB; t < PUB + 5 * HOUR_MS; t += 7 * 60_000) {
      expect(injected.countersAt(t)).toEqual(natural.countersAt(t));
    }
  });

  it('suppression cuts reach by its factor from its start on', () => {
    const natural = post();
    const injected = post();
    injected.inject({ kind: 'suppression', at: PUB + 4 * HOUR_MS, factor: 0.2 });
    const from = PUB + 4 * HOUR_MS;
    const to = PUB + 10 * HOUR_MS;
    const ratio = viewsIn(injected, from, to) / viewsIn(natural, from, to);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(0.35);
  });

  it('a spike brings extra views at once; a reply storm brings replies for its duration only', () => {
    const natural = post();
    const spiked = post();
    spiked.inject({ kind: 'spike', at: PUB + 6 * HOUR_MS, impressions: 20_000, tauMs: HOUR_MS });
    const at = PUB + 6 * HOUR_MS;
    expect(viewsIn(spiked, at, at + HOUR_MS)).toBeGreaterThan(3 * viewsIn(natural, at, at + HOUR_MS));

    const stormy = post();
    stormy.inject({ kind: 'reply_storm', at, until: at + 2 * HOUR_MS, perHour: 40 });
    const replies = (p: PostEngagement, a: number, b: number) =>
      p.countersAt(b).replies - p.countersAt(a).replies;
    expect(replies(stormy, at, at + 2 * HOUR_MS) - replies(natural, at, at + 2 * HOUR_MS)).toBeGreaterThan(
      50,
    );
    // each storm reply is a view and an engaged view as well: the counters stay consistent
    const c = stormy.countersAt(at + 3 * HOUR_MS);
    expect(c.engaged_views).toBeGreaterThanOrEqual(c.replies);
    expect(c.views).toBeGreaterThanOrEqual(c.engaged_views);
  });

  it('acts no earlier than what was already simulated, and replays the same way', () => {
    const sut = post();
    sut.countersAt(PUB + 3 * HOUR_MS + 60_000);
    const effective = sut.inject({ kind: 'suppression', at: PUB + HOUR_MS, factor: 0.5 });
    expect(effective.at).toBeGreaterThan(PUB + 3 * HOUR_MS);
    const later = sut.countersAt(PUB + 9 * HOUR_MS);
    // a read in the past replays from the start, with the injection: the same numbers
    sut.countersAt(PUB + 2 * HOUR_MS);
    expect(sut.countersAt(PUB + 9 * HOUR_MS)).toEqual(later);
  });
});

describe('injected anomalies (simulator)', () => {
  const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

  it('records each injection as labelled ground truth with its effective start', () => {
    const clock = { now: T0 };
    const sim = new SimulatorEngine({
      seed: 3,
      speedup: 1,
      demo: false,
      startAt: T0,
      clock: () => clock.now,
    });
    const p = sim.publish({ content: 'Here is how I train in 25 minutes a day' });
    const truth = sim.injectAnomaly(p.id, { type: 'suppression', at: T0 + 5 * HOUR_MS, factor: 0.25 });
    expect(truth).toMatchObject({
      type: 'suppression',
      post_ids: [p.id],
      start: new Date(T0 + 5 * HOUR_MS).toISOString(),
      end: null,
      details: { factor: 0.25 },
    });
    expect(sim.injectedAnomalies()).toEqual([truth]);
  });

  it('a plan injects into some demo posts after its start and leaves the others as without a plan', () => {
    const clock = { now: T0 };
    const from = T0 + 24 * HOUR_MS;
    const plain = new SimulatorEngine({ seed: 5, speedup: 1, startAt: T0, clock: () => clock.now });
    const planned = new SimulatorEngine({
      seed: 5,
      speedup: 1,
      startAt: T0,
      clock: () => clock.now,
      anomalies: { from, share: 0.5 },
    });
    clock.now = T0 + 4 * 24 * HOUR_MS;
    const truth = planned.injectedAnomalies();
    expect(truth.length).toBeGreaterThan(3);
    expect(new Set(truth.map((a) => a.type))).toEqual(new Set(['suppression', 'spike', 'reply_storm']));
    const touched = new Set(truth.flatMap((a) => a.post_ids));
    for (const a of truth) expect(Date.parse(a.start!)).toBeGreaterThanOrEqual(from);
    const posts = plain.listPublished({ limit: 1000 });
    expect(planned.listPublished({ limit: 1000 }).map((p) => p.id)).toEqual(posts.map((p) => p.id));
    for (const p of posts.filter((x) => !touched.has(x.id))) {
      expect(planned.analytics(p.id)).toEqual(plain.analytics(p.id));
    }
  });

  it('a fatigue stretch reuses one hook, posts more often and reaches fewer people with each reuse', () => {
    const clock = { now: T0 };
    const sim = new SimulatorEngine({ seed: 9, speedup: 1, startAt: T0, clock: () => clock.now });
    const stretch = sim.injectFatigueStretch({
      account_id: 'acct_devon',
      from: T0 + HOUR_MS,
      posts: 6,
      hook: 2,
    });
    expect(stretch.start).toBeNull();
    clock.now = T0 + 2 * 24 * HOUR_MS;
    const [truth] = sim.injectedAnomalies();
    expect(truth!.post_ids).toHaveLength(6);
    const posts = truth!.post_ids.map((id) => sim.getPost(id));
    for (const p of posts)
      expect(p.content.startsWith('Stop building features nobody asked for.')).toBe(true);
    // starts with the fourth use, ends with the last post
    expect(truth!.start).toBe(posts[3]!.published_at);
    expect(truth!.end).toBe(posts[5]!.published_at);
    const gaps = posts
      .slice(1)
      .map((p, i) => Date.parse(p.published_at) - Date.parse(posts[i]!.published_at));
    for (const g of gaps) expect(g).toBeLessThanOrEqual(3 * HOUR_MS);
  });
});
