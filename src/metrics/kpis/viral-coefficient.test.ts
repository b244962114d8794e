import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { viralCoefficient as sut } from './viral-coefficient.js';

describe(sut.name, () => {
  it('divides secondary engagement by views in percent', () => {
    // (shares 5 + reposts 6 + quotes 2 + replies 12) / 1000 views × 100 = 25 / 1000 × 100 = 2.5
    expect(sut({ views: 1000, shares: 5, reposts: 6, quotes: 2, replies: 12, likes: 500 })).toBeCloseTo(
      2.5,
      10,
    );
  });

  it('caps at 50 when secondary engagement outnumbers half the views', () => {
    // (30 + 20 + 10 + 40) / 120 × 100 = 100 / 120 × 100 = 83.3… → capped at 50
    expect(sut({ views: 120, shares: 30, reposts: 20, quotes: 10, replies: 40 })).toBe(50);
  });

  it('is exactly 50 at the cap boundary', () => {
    // (25 + 25) / 100 × 100 = 50
    expect(sut({ views: 100, shares: 25, replies: 25 })).toBe(50);
  });

  it('returns 0 when there are no views', () => {
    expect(sut({ views: 0, shares: 4, replies: 3 })).toBe(0);
  });

  it('returns 0 when views are unknown', () => {
    expect(sut({ views: null, shares: 4 })).toBe(0);
    expect(sut({ shares: 4 })).toBe(0);
  });

  it('counts missing secondary fields as 0', () => {
    // only replies known: 7 / 200 × 100 = 3.5
    expect(sut({ views: 200, replies: 7, shares: null })).toBeCloseTo(3.5, 10);
  });

  it('ignores negative counters rather than subtracting them', () => {
    // shares −10 counts as 0: (0 + 10 replies) / 100 × 100 = 10
    expect(sut({ views: 100, shares: -10, replies: 10 })).toBeCloseTo(10, 10);
  });

  it('stays within 0..50 for arbitrary non-negative counters', () => {
    const count = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e12, noNaN: true }));
    fc.assert(
      fc.property(count, count, count, count, count, (views, shares, reposts, quotes, replies) => {
        const value = sut({ views, shares, reposts, quotes, replies });
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(50);
      }),
    );
  });
});
