import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, makeSnapshot, makeSnapshotSeries, T0 } from '../../test/factories/snapshots.js';
import { COUNTER_FIELDS, HOUR_MS, type CounterSnapshot } from './kpis/types.js';
import { buildHourlySeries as sut, sumDeltas, type HourlySeries } from './series.js';
import { parseTimeframe } from './timeframe.js';

const THREE_HOURS = parseTimeframe('3h');
const views = (series: HourlySeries) => series.buckets.map((b) => b.deltas.views);

describe(sut.name, () => {
  it('turns hourly cumulative snapshots into per-hour deltas', () => {
    // views 0 → 100 → 300 → 350 and shares 0 → 1 → 5 → 7 at hours 0..3; window [T0, T0 + 3h)
    const snapshots = makeSnapshotSeries({
      increments: [
        { views: 100, shares: 1 },
        { views: 200, shares: 4 },
        { views: 50, shares: 2 },
      ],
    });
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(series.source).toBe('snapshots');
    expect(series.window).toEqual({ start: T0, end: at(3) });
    expect(series.buckets.map((b) => [b.start, b.end])).toEqual([
      [at(0), at(1)],
      [at(1), at(2)],
      [at(2), at(3)],
    ]);
    expect(views(series)).toEqual([100, 200, 50]);
    expect(series.buckets.map((b) => b.deltas.shares)).toEqual([1, 4, 2]);
    expect(series.totals.views).toBe(350);
    expect(series.last_snapshot_at).toEqual(at(3));
    expect(series.warnings).toEqual([]);
  });

  it('gives the same result for unsorted and duplicated snapshots', () => {
    const snapshots = makeSnapshotSeries({ increments: [{ views: 100 }, { views: 200 }, { views: 50 }] });
    const messy = [snapshots[2]!, snapshots[0]!, snapshots[3]!, snapshots[1]!, snapshots[2]!];
    expect(sut({ snapshots: messy, timeframe: THREE_HOURS, now: at(3) })).toEqual(
      sut({ snapshots, timeframe: THREE_HOURS, now: at(3) }),
    );
  });

  it('keeps the larger of two readings taken at the same instant', () => {
    // at hour 1 one reading says 100 views, another 140: 140 wins → deltas 140, 60 (200 − 140)
    const snapshots = [
      makeSnapshot({ taken_at: at(0), views: 0 }),
      makeSnapshot({ taken_at: at(1), views: 100 }),
      makeSnapshot({ taken_at: at(1), views: 140 }),
      makeSnapshot({ taken_at: at(2), views: 200 }),
    ];
    expect(views(sut({ snapshots, timeframe: parseTimeframe('3h'), now: at(2) }))).toEqual([null, 140, 60]);
  });

  it('spreads growth between snapshots that do not sit on bucket edges', () => {
    // 0 views at 0.5 h, 200 at 2.5 h: 100 per hour; bucket 0 covers 0.5–1 h → 50, bucket 1 → 100, bucket 2 covers 2–2.5 h → 50
    const snapshots = [
      makeSnapshot({ taken_at: at(0.5), views: 0 }),
      makeSnapshot({ taken_at: at(2.5), views: 200 }),
    ];
    expect(views(sut({ snapshots, timeframe: THREE_HOURS, now: at(3) }))).toEqual([50, 100, 50]);
  });

  it('clamps a counter that went backwards to no growth and reports it', () => {
    // likes 0, 50, 30, 70: high-water 0, 50, 50, 70 → deltas 50, 0, 20 (not 50, −20, 40)
    const snapshots = makeSnapshotSeries({ increments: [{ likes: 50 }, { likes: -20 }, { likes: 40 }] });
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(series.buckets.map((b) => b.deltas.likes)).toEqual([50, 0, 20]);
    expect(series.totals.likes).toBe(70);
    expect(series.warnings).toEqual([
      expect.objectContaining({
        code: 'counter_decreased',
        field: 'likes',
        at: at(2),
        previous: 50,
        value: 30,
        readings: 1,
      }),
    ]);
    expect(series.warnings[0]!.message).toContain('likes fell from 50 to 30');
  });

  it('does not count growth again after a reset until the old peak is passed', () => {
    // views 0, 1000, 10, 20 (the source reset): high-water 0, 1000, 1000, 1000 → 1000, 0, 0; one episode of 2 readings
    const snapshots = makeSnapshotSeries({ increments: [{ views: 1000 }, { views: -990 }, { views: 10 }] });
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(views(series)).toEqual([1000, 0, 0]);
    expect(series.warnings).toEqual([
      expect.objectContaining({ field: 'views', at: at(2), previous: 1000, value: 10, readings: 2 }),
    ]);
  });

  it('reports null for a counter the source never sends', () => {
    const snapshots = makeSnapshotSeries({
      initial: { impressions: null },
      increments: [{ views: 10 }, { views: 10 }],
    });
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(series.buckets.map((b) => b.deltas.impressions)).toEqual([null, null, null]);
    expect(series.totals.impressions).toBeNull();
    expect(series.totals.views).toBe(20);
  });

  it('interpolates across a snapshot that lacks one field', () => {
    // views 0 at 0 h, missing at 1 h, 300 at 3 h: 100 per hour
    const snapshots = [
      makeSnapshot({ taken_at: at(0), views: 0 }),
      makeSnapshot({ taken_at: at(1), views: undefined, likes: 5 }),
      makeSnapshot({ taken_at: at(3), views: 300 }),
    ];
    expect(views(sut({ snapshots, timeframe: THREE_HOURS, now: at(3) }))).toEqual([100, 100, 100]);
  });

  it('anchors growth before the first snapshot at 0 when the publication time is known', () => {
    // published at 1 h, first snapshot at 2 h with 100 views: 100 views in [1 h, 2 h); nothing known before 1 h or after 2 h
    const snapshots = [makeSnapshot({ taken_at: at(2), views: 100 })];
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3), publishedAt: at(1) });
    expect(views(series)).toEqual([null, 100, null]);
    // without the publication time a single snapshot has no interval at all
    expect(views(sut({ snapshots, timeframe: THREE_HOURS, now: at(3) }))).toEqual([null, null, null]);
  });

  it('ignores snapshots taken after now', () => {
    const snapshots = [
      makeSnapshot({ taken_at: at(0), views: 0 }),
      makeSnapshot({ taken_at: at(3), views: 90 }),
      makeSnapshot({ taken_at: at(5), views: 1_000_000 }),
    ];
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(views(series)).toEqual([30, 30, 30]);
    expect(series.totals.views).toBe(90);
  });

  it('ignores invalid readings and timestamps with a warning', () => {
    const snapshots: CounterSnapshot[] = [
      makeSnapshot({ taken_at: at(0), views: 0 }),
      makeSnapshot({ taken_at: at(1), views: -5 }),
      makeSnapshot({ taken_at: at(2), views: Number.NaN }),
      makeSnapshot({ taken_at: new Date('not a date'), views: 9999 }),
      makeSnapshot({ taken_at: at(3), views: 30 }),
    ];
    const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
    expect(views(series)).toEqual([10, 10, 10]);
    expect(series.warnings.map((w) => [w.code, w.field])).toEqual([
      ['invalid_value', 'views'],
      ['invalid_value', 'views'],
      ['invalid_timestamp', null],
    ]);
  });

  it('makes one bucket per hour of the timeframe', () => {
    const snapshots = makeSnapshotSeries({ increments: [{ views: 1 }] });
    expect(sut({ snapshots, timeframe: parseTimeframe('1h'), now: at(1) }).buckets).toHaveLength(1);
    expect(sut({ snapshots, timeframe: parseTimeframe('7d'), now: at(1) }).buckets).toHaveLength(168);
  });

  it('reports source none when nothing covers the window', () => {
    const series = sut({ snapshots: [], timeframe: THREE_HOURS, now: at(3) });
    expect(series.source).toBe('none');
    expect(series.last_snapshot_at).toBeNull();
    expect(Object.values(series.totals).every((v) => v === null)).toBe(true);
  });

  describe('with an hourly breakdown from the source', () => {
    it('uses the breakdown hours that overlap the window instead of snapshot differences', () => {
      // now 10:30 → window [07:30, 10:30); hours 07:00..10:00 overlap it, 06:00 does not
      const now = new Date(T0.getTime() + 30 * 60_000);
      const hour = (h: number) => ({ hour_start: new Date(T0.getTime() + h * HOUR_MS) });
      const series = sut({
        snapshots: makeSnapshotSeries({ start: at(-3), increments: [{ shares: 1000 }] }),
        timeframe: THREE_HOURS,
        now,
        hourlyBreakdown: [
          { ...hour(-4), shares: 50 },
          { ...hour(-3), shares: 3 },
          { ...hour(-1), shares: 9, reposts: 1 },
          { ...hour(-2), shares: -4 },
          { ...hour(0), shares: 1 },
        ],
      });
      expect(series.source).toBe('hourly_breakdown');
      expect(series.buckets.map((b) => [b.start.getTime(), b.deltas.shares])).toEqual([
        [at(-3).getTime(), 3],
        [at(-2).getTime(), 0],
        [at(-1).getTime(), 9],
        [T0.getTime(), 1],
      ]);
      // the current hour ends at now
      expect(series.buckets.at(-1)!.end).toEqual(now);
      expect(series.warnings).toEqual([
        expect.objectContaining({ code: 'counter_decreased', field: 'shares', value: -4 }),
      ]);
      // lifetime totals still come from the snapshots
      expect(series.totals.shares).toBe(1000);
    });

    it('takes lifetime totals from the whole breakdown when there are no snapshots', () => {
      // 50 + 3 + 9 = 62 shares over every hour up to now, not only the window
      const series = sut({
        snapshots: [],
        timeframe: parseTimeframe('1h'),
        now: at(1),
        hourlyBreakdown: [
          { hour_start: at(-10), shares: 50 },
          { hour_start: at(-1), shares: 3 },
          { hour_start: at(0), shares: 9 },
        ],
      });
      expect(series.totals.shares).toBe(62);
      expect(series.buckets.map((b) => b.deltas.shares)).toEqual([9]);
    });

    it('falls back to snapshots when no breakdown hour overlaps the window', () => {
      const snapshots = makeSnapshotSeries({ increments: [{ views: 60 }, { views: 60 }, { views: 60 }] });
      const series = sut({
        snapshots,
        timeframe: THREE_HOURS,
        now: at(3),
        hourlyBreakdown: [{ hour_start: at(-10), views: 5 }],
      });
      expect(series.source).toBe('snapshots');
      expect(views(series)).toEqual([60, 60, 60]);
    });
  });

  it('never produces negative, NaN or order-dependent deltas, and never more than the lifetime total', () => {
    const value = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e9, noNaN: true }));
    const snapshot = fc.record({
      offsetMs: fc.integer({ min: -2 * HOUR_MS, max: 4 * HOUR_MS }),
      views: value,
      likes: value,
      shares: value,
    });
    fc.assert(
      fc.property(fc.array(snapshot, { maxLength: 30 }), (rows) => {
        const snapshots = rows.map(({ offsetMs, ...counters }) => ({
          taken_at: new Date(T0.getTime() + offsetMs),
          ...counters,
        }));
        const series = sut({ snapshots, timeframe: THREE_HOURS, now: at(3) });
        const reversed = sut({ snapshots: [...snapshots].reverse(), timeframe: THREE_HOURS, now: at(3) });
        expect(reversed.buckets).toEqual(series.buckets);
        expect(reversed.totals).toEqual(series.totals);
        for (const field of COUNTER_FIELDS) {
          for (const bucket of series.buckets) {
            const delta = bucket.deltas[field];
            if (delta !== null) {
              expect(Number.isFinite(delta)).toBe(true);
              expect(delta).toBeGreaterThanOrEqual(0);
            }
          }
          const sum = sumDeltas(series.buckets, field);
          if (sum !== null) expect(sum).toBeLessThanOrEqual((series.totals[field] ?? 0) * (1 + 1e-9) + 1e-6);
        }
      }),
    );
  });
});
