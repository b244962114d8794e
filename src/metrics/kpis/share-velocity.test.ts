import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareVelocity as sut } from './share-velocity.js';

describe(sut.name, () => {
  it('returns the peak hour of shares plus reposts', () => {
    // hour sums: 3+1 = 4, 10+5 = 15, 2+0 = 2 → peak 15
    expect(
      sut([
        { shares: 3, reposts: 1 },
        { shares: 10, reposts: 5 },
        { shares: 2, reposts: 0 },
      ]),
    ).toBe(15);
  });

  it('ignores quotes and replies', () => {
    expect(sut([{ shares: 1, reposts: 1, quotes: 50, replies: 70 }])).toBe(2);
  });

  it('counts hours without data as 0', () => {
    // null hour → 0; the known hour has 2.5 + 0 = 2.5
    expect(sut([{ shares: null, reposts: null }, { shares: 2.5 }])).toBe(2.5);
  });

  it('returns 0 without buckets', () => {
    expect(sut([])).toBe(0);
  });

  it('is never negative and never below any single hour', () => {
    const count = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e9, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.record({ shares: count, reposts: count })), (buckets) => {
        const value = sut(buckets);
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        for (const b of buckets) expect(value).toBeGreaterThanOrEqual((b.shares ?? 0) + (b.reposts ?? 0));
      }),
    );
  });
});
