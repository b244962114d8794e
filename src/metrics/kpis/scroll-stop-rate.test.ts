import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrollStopRate as sut } from './scroll-stop-rate.js';

describe(sut.name, () => {
  it('divides engaged views by impressions in percent', () => {
    // 400 / 2500 × 100 = 16
    expect(sut({ impressions: 2500, engaged_views: 400, views: 1000 })).toEqual({
      value: 16,
      flagged: false,
    });
  });

  it('clamps to 100 when the source reports more engaged views than impressions', () => {
    // 300 / 200 × 100 = 150 → 100
    expect(sut({ impressions: 200, engaged_views: 300 })).toEqual({ value: 100, flagged: false });
  });

  it('falls back to interactions over views and flags it when impressions are missing', () => {
    // interactions = likes 30 + replies 5 + reposts 3 + quotes 1 + shares 1 = 40; 40 / 500 × 100 = 8
    expect(
      sut({
        impressions: null,
        engaged_views: 90,
        views: 500,
        likes: 30,
        replies: 5,
        reposts: 3,
        quotes: 1,
        shares: 1,
      }),
    ).toEqual({ value: 8, flagged: true });
  });

  it('falls back when engaged views are missing even though impressions exist', () => {
    // likes 10 / views 100 × 100 = 10
    expect(sut({ impressions: 1000, views: 100, likes: 10 })).toEqual({ value: 10, flagged: true });
  });

  it('treats impressions = 0 next to views > 0 as a source without impressions', () => {
    // every view is an impression, so 0 impressions is "unsupported": likes 20 / views 400 × 100 = 5
    expect(sut({ impressions: 0, engaged_views: 0, views: 400, likes: 20 })).toEqual({
      value: 5,
      flagged: true,
    });
  });

  it('returns an unflagged 0 for a post nobody has seen yet', () => {
    expect(sut({ impressions: 0, engaged_views: 0, views: 0 })).toEqual({ value: 0, flagged: false });
  });

  it('returns a flagged 0 when neither impressions nor views are known', () => {
    expect(sut({})).toEqual({ value: 0, flagged: true });
  });

  it('clamps the fallback at 100 when interactions exceed views', () => {
    // (50 + 50) / 20 × 100 = 500 → 100
    expect(sut({ views: 20, likes: 50, replies: 50 })).toEqual({ value: 100, flagged: true });
  });

  it('stays within 0..100 for arbitrary non-negative counters', () => {
    const count = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e12, noNaN: true }));
    fc.assert(
      fc.property(
        fc.record({ impressions: count, engaged_views: count, views: count, likes: count, shares: count }),
        (counters) => {
          const { value } = sut(counters);
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(100);
        },
      ),
    );
  });
});
