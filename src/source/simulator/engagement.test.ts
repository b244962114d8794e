import { describe, expect, it } from 'vitest';
import { HOUR_MS, PostEngagement, engagementParams, replyTimestamp, type CountersAt } from './engagement.js';

const PUB = Date.UTC(2025, 2, 1, 10, 7, 30);

function post(virality: number, seedState = 99, followers = 20_000, hasCallToAction = false): PostEngagement {
  return new PostEngagement(
    engagementParams({ publishedAt: PUB, followers, virality, luck: 1, hasCallToAction }),
    seedState,
  );
}

const KEYS: (keyof CountersAt)[] = [
  'impressions',
  'views',
  'engaged_views',
  'likes',
  'replies',
  'reposts',
  'quotes',
  'shares',
];

describe(engagementParams.name, () => {
  it('derives the rates and the Hawkes kernel mass from virality 0', () => {
    const sut = engagementParams({
      publishedAt: 0,
      followers: 10_000,
      virality: 0,
      luck: 1,
      hasCallToAction: false,
    });
    expect(sut.reach).toBeCloseTo(1500, 9); // 10,000 × 0.15
    expect(sut.viewRate).toBeCloseTo(0.62, 12);
    expect(sut.engagedRate).toBeCloseTo(0.04, 12);
    expect(sut.replyRate).toBeCloseTo(0.012, 12);
    // branching 0.15 / (0.62 × 0.04 × (0.008 + 0.002 + 0.01)) = 302.419…
    expect(sut.kernelMass).toBeCloseTo(302.4194, 3);
  });

  it('lifts the reply rate by 0.03 for a post with a call to action and clamps virality to 0..1', () => {
    const base = { publishedAt: 0, followers: 10_000, luck: 1 };
    const withCta = engagementParams({ ...base, virality: 1, hasCallToAction: true });
    const without = engagementParams({ ...base, virality: 7, hasCallToAction: false });
    expect(withCta.replyRate - without.replyRate).toBeCloseTo(0.03, 12);
    expect(without.reach).toBeCloseTo(10_000 * 1.35, 9);
  });
});

describe(PostEngagement.name, () => {
  it('reports zeros and no hours before publication', () => {
    const sut = post(0.5);
    expect(sut.countersAt(PUB - 1)).toEqual(Object.fromEntries(KEYS.map((k) => [k, 0])));
    expect(sut.hourlyAt(PUB - 1)).toEqual([]);
    expect(sut.replyStepsAt(PUB - 1)).toEqual([]);
  });

  it('keeps every counter monotonic and impressions ≥ views ≥ engaged views ≥ each interaction', () => {
    const sut = post(0.7);
    let prev = sut.countersAt(PUB);
    for (let t = PUB; t <= PUB + 80 * HOUR_MS; t += 7 * 60_000 + 13_000) {
      const c = sut.countersAt(t);
      for (const k of KEYS) expect(c[k]).toBeGreaterThanOrEqual(prev[k]);
      expect(c.impressions).toBeGreaterThanOrEqual(c.views);
      expect(c.views).toBeGreaterThanOrEqual(c.engaged_views);
      for (const k of ['likes', 'replies', 'reposts', 'quotes', 'shares'] as const) {
        expect(c.engaged_views).toBeGreaterThanOrEqual(c[k]);
      }
      prev = c;
    }
    expect(prev.views).toBeGreaterThan(1000);
  });

  it('returns the same counters at a time whether or not later times were read first', () => {
    const t1 = PUB + 5 * HOUR_MS + 123_456;
    const t2 = PUB + 30 * HOUR_MS;
    const fresh = post(0.6).countersAt(t1);
    const sut = post(0.6);
    sut.countersAt(t2);
    expect(sut.countersAt(t1)).toEqual(fresh);
    expect(sut.hourlyAt(t1)).toEqual(post(0.6).hourlyAt(t1));
  });

  it('splits the totals into UTC hours that add up to the cumulative counters', () => {
    const sut = post(0.8);
    const t = PUB + 9 * HOUR_MS + 20 * 60_000; // 19:27:30, mid-step
    const hours = sut.hourlyAt(t);
    expect(hours).toHaveLength(10); // 10:00 … 19:00
    expect(hours[0]!.hour).toBe(Date.UTC(2025, 2, 1, 10));
    expect(hours.at(-1)!.hour).toBe(Date.UTC(2025, 2, 1, 19));
    const c = sut.countersAt(t);
    for (const k of ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'] as const) {
      expect(hours.reduce((a, h) => a + h[k], 0)).toBe(c[k]);
    }
  });

  it('places reply timestamps so that the replies existing at t are exactly the replies counter', () => {
    const sut = post(0.9, 5, 50_000, true);
    for (const t of [PUB + 20 * 60_000, PUB + 2 * HOUR_MS + 1, PUB + 7 * HOUR_MS + 59_999]) {
      const visible = sut
        .replyStepsAt(t)
        .reduce(
          (n, run) =>
            n +
            Array.from({ length: run.count }, (_, j) => replyTimestamp(run, j)).filter((ts) => ts <= t)
              .length,
          0,
        );
      expect(visible).toBe(sut.countersAt(t).replies);
    }
  });

  it('grows fast early and then stops: nothing changes between day 5 and day 7', () => {
    const sut = post(0.5);
    const h1 = sut.countersAt(PUB + HOUR_MS).views;
    const h24 = sut.countersAt(PUB + 24 * HOUR_MS).views;
    expect(h1).toBeGreaterThan(0);
    expect(h24).toBeGreaterThan(3 * h1);
    expect(sut.countersAt(PUB + 7 * 24 * HOUR_MS)).toEqual(sut.countersAt(PUB + 5 * 24 * HOUR_MS));
  });

  it('averages reach / (1 − branching) impressions over a lifetime, as a subcritical Hawkes process does', () => {
    // followers 10,000, virality 0.5: reach 7,500, branching 0.475 → 7,500 / 0.525 = 14,285.7
    let sum = 0;
    const n = 300;
    for (let seed = 1; seed <= n; seed++) {
      const sut = new PostEngagement(
        engagementParams({
          publishedAt: PUB,
          followers: 10_000,
          virality: 0.5,
          luck: 1,
          hasCallToAction: false,
        }),
        seed,
      );
      sum += sut.countersAt(PUB + 8 * 24 * HOUR_MS).impressions;
    }
    expect(Math.abs(sum / n - 14_285.7) / 14_285.7).toBeLessThan(0.05);
  });

  it('engages a high-virality post far more than a low-virality one with the same seed', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const t = PUB + 24 * HOUR_MS;
      const high = post(0.9, seed).countersAt(t);
      const low = post(0.1, seed).countersAt(t);
      expect(high.views).toBeGreaterThan(5 * low.views);
      expect(high.likes).toBeGreaterThan(10 * low.likes);
    }
  });
});
