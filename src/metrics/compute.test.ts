import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, makeSnapshotSeries, T0 } from '../../test/factories/snapshots.js';
import { InvalidInputError } from '../errors.js';
import { computeViralMetrics as sut, type ComputeInput } from './compute.js';
import type { PatternUsage, ReplyNode } from './kpis/types.js';

const NOW = at(3);
const leaf = (id: string): ReplyNode => ({ id, children: [] });
const fiveUsesNow: PatternUsage[] = Array.from({ length: 5 }, () => ({
  persona_id: 'p1',
  pattern_id: 'curiosity_gap',
  used_at: NOW,
}));

// Three hours of a post, one snapshot per hour from publication at T0:
//   hour 1: views 1000, impressions 2000, engaged 500, likes 80, replies 10, reposts 5, quotes 2, shares 3 (interactions 100)
//   hour 2: views 1000, impressions 2000, engaged 400, likes 60, replies 6,  reposts 4, quotes 1, shares 2 (interactions 73)
//   hour 3: views 1000, impressions 2000, engaged 300, likes 40, replies 4,  reposts 1, quotes 0, shares 1 (interactions 46)
// totals: views 3000, impressions 6000, engaged 1200, likes 180, replies 20, reposts 10, quotes 3, shares 6
const HOURS = [
  {
    views: 1000,
    impressions: 2000,
    engaged_views: 500,
    likes: 80,
    replies: 10,
    reposts: 5,
    quotes: 2,
    shares: 3,
  },
  {
    views: 1000,
    impressions: 2000,
    engaged_views: 400,
    likes: 60,
    replies: 6,
    reposts: 4,
    quotes: 1,
    shares: 2,
  },
  {
    views: 1000,
    impressions: 2000,
    engaged_views: 300,
    likes: 40,
    replies: 4,
    reposts: 1,
    quotes: 0,
    shares: 1,
  },
];

const base = (overrides: Partial<ComputeInput> = {}): ComputeInput => ({
  snapshots: makeSnapshotSeries({ increments: HOURS }),
  publishedAt: T0,
  replyTree: [{ id: 'a', children: [leaf('a1')] }, leaf('b')],
  usage: fiveUsesNow,
  personaId: 'p1',
  patterns: ['curiosity_gap', 'urgency'],
  timeframe: '3h',
  now: NOW,
  ...overrides,
});

describe(sut.name, () => {
  it('computes the six KPIs of a post from its snapshots', () => {
    const result = sut(base());
    // (shares 6 + reposts 10 + quotes 3 + replies 20) / 3000 × 100 = 39 / 30 = 1.3
    expect(result.viral_coefficient).toBeCloseTo(1.3, 10);
    // engaged 1200 / impressions 6000 × 100 = 20
    expect(result.scroll_stop_rate).toBeCloseTo(20, 10);
    // peak hour of shares + reposts: max(3 + 5, 2 + 4, 1 + 1) = 8
    expect(result.share_velocity).toBe(8);
    // threads a → a1 (2) and b (1): (2 + 1) / 2 = 1.5
    expect(result.reply_depth).toBe(1.5);
    // hourly rates 0.100, 0.073, 0.046 (equal views): slope (0.046 − 0.1) / 2 = −0.027/h, × span 2 = −0.054,
    // mean 0.073 → −0.054 / 0.073 × 100 = −73.972602…
    expect(result.engagement_trajectory).toBeCloseTo(-73.972603, 5);
    // curiosity_gap used 5 times now: (5 − 3) × 0.2 = 0.4; urgency never → 0
    expect(result.pattern_fatigue).toBeCloseTo(0.4, 10);
    expect(result.pattern_fatigue_by_pattern).toEqual({ curiosity_gap: expect.closeTo(0.4, 10), urgency: 0 });
    // (180 + 20 + 10 + 3 + 6) / 3000 = 219 / 3000 = 0.073
    expect(result.engagement_rate).toBeCloseTo(0.073, 10);
    expect(result.totals).toEqual({
      views: 3000,
      impressions: 6000,
      engaged_views: 1200,
      likes: 180,
      replies: 20,
      reposts: 10,
      quotes: 3,
      shares: 6,
    });
    expect(result.timeframe).toBe('3h');
    expect(result.window).toEqual({ start: T0, end: NOW });
    expect(result.series_source).toBe('snapshots');
    expect(result.last_snapshot_at).toEqual(NOW);
    expect(result.flags).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('returns the hourly points behind the trajectory and velocity', () => {
    const { hourly } = sut(base());
    expect(hourly.map((p) => [p.start, p.views, p.interactions, p.shares])).toEqual([
      [at(0), 1000, 100, 8],
      [at(1), 1000, 73, 6],
      [at(2), 1000, 46, 2],
    ]);
    expect(hourly.map((p) => p.engagement_rate)).toEqual([0.1, 0.073, 0.046]);
  });

  it('estimates the scroll-stop rate from views and flags it when the source has no impressions', () => {
    const result = sut(
      base({ snapshots: makeSnapshotSeries({ initial: { impressions: null }, increments: HOURS }) }),
    );
    // interactions 219 / views 3000 × 100 = 7.3
    expect(result.scroll_stop_rate).toBeCloseTo(7.3, 10);
    expect(result.flags).toEqual(['scroll_stop_rate_estimated']);
    expect(result.totals.impressions).toBeNull();
  });

  it('returns zeros, not NaN, for a post with no views yet', () => {
    const result = sut(base({ snapshots: makeSnapshotSeries({ increments: [{}, {}, {}] }) }));
    expect(result).toMatchObject({
      viral_coefficient: 0,
      scroll_stop_rate: 0,
      share_velocity: 0,
      engagement_trajectory: 0,
      engagement_rate: 0,
    });
    expect(result.flags).toEqual(['no_views', 'trajectory_insufficient_data']);
  });

  it('flags a post without any snapshot', () => {
    const result = sut(base({ snapshots: [], replyTree: [], usage: [] }));
    expect(result).toMatchObject({
      viral_coefficient: 0,
      scroll_stop_rate: 0,
      share_velocity: 0,
      reply_depth: 0,
      engagement_trajectory: 0,
      pattern_fatigue: 0,
      series_source: 'none',
      last_snapshot_at: null,
    });
    expect(result.flags).toEqual([
      'no_snapshots',
      'no_views',
      'scroll_stop_rate_estimated',
      'trajectory_insufficient_data',
    ]);
  });

  it('flags a window without data when the last snapshot is older than the timeframe', () => {
    const result = sut(base({ timeframe: '1h', now: at(10) }));
    expect(result.series_source).toBe('none');
    expect(result.flags).toContain('no_data_in_window');
    // lifetime ratios still describe the post
    expect(result.viral_coefficient).toBeCloseTo(1.3, 10);
  });

  it('never reports negative engagement when a counter goes backwards', () => {
    // shares 0 → 3 → 1 → 4: high-water 0, 3, 3, 4 → hourly shares 3, 0, 1; velocity with reposts 5, 4, 1 → max(8, 4, 2) = 8
    const snapshots = makeSnapshotSeries({
      increments: [
        { ...HOURS[0], shares: 3 },
        { ...HOURS[1], shares: -2 },
        { ...HOURS[2], shares: 3 },
      ],
    });
    const result = sut(base({ snapshots }));
    expect(result.hourly.map((p) => p.shares)).toEqual([8, 4, 2]);
    expect(result.share_velocity).toBe(8);
    expect(result.totals.shares).toBe(4);
    expect(result.flags).toEqual(['counter_decreased']);
    expect(result.warnings).toEqual([expect.objectContaining({ field: 'shares', previous: 3, value: 1 })]);
  });

  it('gives a 0 trajectory and says why with fewer than 3 hours', () => {
    const result = sut(base({ timeframe: '1h' }));
    expect(result.engagement_trajectory).toBe(0);
    expect(result.flags).toEqual(['trajectory_insufficient_data']);
    // the single hour in the window is hour 3: shares 1 + reposts 1 = 2
    expect(result.share_velocity).toBe(2);
  });

  it('uses the source hourly breakdown when it covers the window', () => {
    const result = sut(
      base({
        hourlyBreakdown: [
          { hour_start: at(0), views: 100, likes: 10, shares: 20, reposts: 1 },
          { hour_start: at(1), views: 100, likes: 10, shares: 2 },
          { hour_start: at(2), views: 100, likes: 10 },
        ],
      }),
    );
    expect(result.series_source).toBe('hourly_breakdown');
    expect(result.flags).toEqual(['hourly_breakdown_used']);
    // peak hour: 20 + 1 = 21
    expect(result.share_velocity).toBe(21);
    // rates (10 + 21) / 100 = 0.31, (10 + 2) / 100 = 0.12, 10 / 100 = 0.1: slope (0.1 − 0.31) / 2 = −0.105, × 2 = −0.21,
    // mean 0.53 / 3 = 0.17666… → −118.9 → −100
    expect(result.engagement_trajectory).toBe(-100);
    // lifetime ratios still come from the snapshots
    expect(result.viral_coefficient).toBeCloseTo(1.3, 10);
  });

  it('rejects a timeframe outside the allowed list', () => {
    expect(() => sut(base({ timeframe: '90m' }))).toThrow(InvalidInputError);
  });

  it('keeps every KPI in range and finite for arbitrary non-negative inputs', () => {
    const count = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e12, noNaN: true }));
    const snapshot = fc.record({
      hours: fc.double({ min: -48, max: 4, noNaN: true }),
      views: count,
      impressions: count,
      engaged_views: count,
      likes: count,
      replies: count,
      reposts: count,
      quotes: count,
      shares: count,
    });
    const tree: fc.Memo<ReplyNode> = fc.memo((n) =>
      n <= 1
        ? fc.constant(leaf('x'))
        : fc.array(tree(n - 1), { maxLength: 3 }).map((children) => ({ id: 'x', children })),
    );
    fc.assert(
      fc.property(
        fc.array(snapshot, { maxLength: 25 }),
        fc.array(tree(4), { maxLength: 4 }),
        fc.array(fc.double({ min: -1, max: 10, noNaN: true }), { maxLength: 40 }),
        fc.constantFrom('1h', '3h', '6h', '12h', '24h', '7d'),
        (rows, replyTree, usageDays, timeframe) => {
          const snapshots = rows.map(({ hours, ...counters }) => ({ taken_at: at(hours), ...counters }));
          const usage = usageDays.map((days) => ({
            persona_id: 'p1',
            pattern_id: 'curiosity_gap',
            used_at: new Date(NOW.getTime() - days * 86_400_000),
          }));
          const r = sut(base({ snapshots, replyTree, usage, timeframe, publishedAt: null }));
          const inRange = (value: number, min: number, max: number) => {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(min);
            expect(value).toBeLessThanOrEqual(max);
          };
          inRange(r.viral_coefficient, 0, 50);
          inRange(r.scroll_stop_rate, 0, 100);
          inRange(r.share_velocity, 0, Number.MAX_VALUE);
          inRange(r.reply_depth, 0, Number.MAX_VALUE);
          inRange(r.engagement_trajectory, -100, 100);
          inRange(r.pattern_fatigue, 0, 1);
          inRange(r.engagement_rate, 0, 1);
        },
      ),
    );
  });
});
