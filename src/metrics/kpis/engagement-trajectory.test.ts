import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engagementTrajectory as sut, type TrajectoryPoint } from './engagement-trajectory.js';

/** Hours 0, 1, 2 … with `views` each and the given interactions. */
const hourly = (views: number, interactions: number[]): TrajectoryPoint[] =>
  interactions.map((gained, hour) => ({ hour, views, interactions: gained }));

describe(sut.name, () => {
  it('is positive for a rising engagement rate', () => {
    // rates 0.10, 0.11, 0.12: slope 0.01/h × span 2 h = 0.02; mean 0.11 → 0.02 / 0.11 × 100 = 18.1818…
    expect(sut(hourly(100, [10, 11, 12]))).toBeCloseTo(18.181818, 5);
  });

  it('is negative for a falling engagement rate', () => {
    // rates 0.12, 0.11, 0.10: slope −0.01/h × 2 h = −0.02; / 0.11 × 100 = −18.1818…
    expect(sut(hourly(100, [12, 11, 10]))).toBeCloseTo(-18.181818, 5);
  });

  it('clamps at −100 when the rate collapses', () => {
    // rates 0.10, 0.05, 0: slope −0.05 × 2 = −0.1; mean 0.05 → −200 → −100
    expect(sut(hourly(100, [10, 5, 0]))).toBe(-100);
  });

  it('clamps at 100 when the rate takes off', () => {
    // rates 0.05, 0.10, 0.15: slope 0.05 × 2 = 0.1; mean 0.10 → 100
    expect(sut(hourly(100, [5, 10, 15]))).toBeCloseTo(100, 10);
    // rates 0, 0.05, 0.10: 0.1 / 0.05 × 100 = 200 → 100
    expect(sut(hourly(100, [0, 5, 10]))).toBe(100);
  });

  it('is 0 for a constant rate', () => {
    expect(sut(hourly(250, [25, 25, 25, 25]))).toBe(0);
  });

  it('returns 0 with fewer than 3 points', () => {
    expect(sut([])).toBe(0);
    expect(sut(hourly(100, [10, 30]))).toBe(0);
  });

  it('does not count hours without views as points', () => {
    // the third hour has no views, so only two usable points remain → 0
    const points = [...hourly(100, [10, 30]), { hour: 2, views: 0, interactions: 0 }];
    expect(sut(points)).toBe(0);
    expect(sut([...hourly(100, [10, 30]), { hour: 2, views: null, interactions: 5 }])).toBe(0);
  });

  it('weights each hour by its views', () => {
    // views 100, 100, 200 with 10 interactions each → rates 0.1, 0.1, 0.05
    // W = 400; x̄ = (0 + 100 + 400) / 400 = 1.25; ȳ = (10 + 10 + 10) / 400 = 0.075
    // Sxx = 100·1.5625 + 100·0.0625 + 200·0.5625 = 275; Sxy = 100·(−1.25)(0.025) + 100·(−0.25)(0.025) + 200·0.75·(−0.025) = −7.5
    // slope = −7.5 / 275; × span 2 = −0.054545…; / 0.075 × 100 = −72.7272…
    const points = [
      { hour: 0, views: 100, interactions: 10 },
      { hour: 1, views: 100, interactions: 10 },
      { hour: 2, views: 200, interactions: 10 },
    ];
    expect(sut(points)).toBeCloseTo(-72.727272, 5);
  });

  it('keeps the true spacing of hours with gaps', () => {
    // rates 0.10, 0.11, 0.15 at hours 0, 1, 5 (equal views): x̄ = 2, ȳ = 0.12
    // Sxx = 4 + 1 + 9 = 14; Sxy = (−2)(−0.02) + (−1)(−0.01) + 3(0.03) = 0.14 → slope 0.01
    // × span 5 = 0.05; / 0.12 × 100 = 41.666…
    const points = [
      { hour: 0, views: 100, interactions: 10 },
      { hour: 1, views: 100, interactions: 11 },
      { hour: 5, views: 100, interactions: 15 },
    ];
    expect(sut(points)).toBeCloseTo(41.666667, 5);
  });

  it('reads the same for the same relative change over a short or a long window', () => {
    // 0.10 → 0.05 linearly over 3 hours or over 24 hours: change −0.05 on mean 0.075 → −66.67 both times
    const short = hourly(1000, [100, 75, 50]);
    const long = Array.from({ length: 25 }, (_, hour) => ({
      hour,
      views: 1000,
      interactions: 100 - (50 * hour) / 24,
    }));
    expect(sut(short)).toBeCloseTo(-66.666667, 5);
    expect(sut(long)).toBeCloseTo(-66.666667, 5);
  });

  it('is positive for any strictly rising series and negative for any strictly falling one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 30 }),
        fc.integer({ min: 1, max: 10_000 }),
        (steps, views) => {
          let total = 0;
          const rising = steps.map((step) => (total += step));
          expect(sut(hourly(views, rising))).toBeGreaterThan(0);
          expect(sut(hourly(views, [...rising].reverse()))).toBeLessThan(0);
        },
      ),
    );
  });

  it('stays within −100..100 and is never NaN for arbitrary non-negative inputs', () => {
    const count = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e12, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ hour: fc.integer({ min: 0, max: 168 }), views: count, interactions: count })),
        (points) => {
          const value = sut(points);
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(-100);
          expect(value).toBeLessThanOrEqual(100);
        },
      ),
    );
  });
});
