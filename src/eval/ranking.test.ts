import { describe, expect, it } from 'vitest';
import { averageRanks, comparablePairs, coverage, pairwiseAccuracy, spearman } from './ranking.js';

const DAY = 86_400_000;

describe(comparablePairs.name, () => {
  it('pairs posts at most 14 days apart whose engagement differs at least 2×', () => {
    const sut = comparablePairs([
      { time: 0, engagement: 100 },
      { time: 1 * DAY, engagement: 150 }, // 1.5× the first: not a pair
      { time: 2 * DAY, engagement: 300 }, // 3× the first, 2× the second
      { time: 16 * DAY, engagement: 10 }, // 15 days after the second: only with the third (14 days)
    ]);
    expect(sut).toEqual([
      [0, 2],
      [1, 2],
      [2, 3],
    ]);
  });

  it('never pairs two posts with the same engagement, even 0', () => {
    expect(
      comparablePairs([
        { time: 0, engagement: 0 },
        { time: 1, engagement: 0 },
        { time: 2, engagement: 1 },
      ]),
    ).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe(pairwiseAccuracy.name, () => {
  it('counts a right order as 1, a wrong one as 0 and a tied score as half', () => {
    const engagement = [10, 100, 1000];
    const pairs: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    // right, right, tie → 2.5 / 3
    expect(pairwiseAccuracy(pairs, engagement, [0, 5, 5])).toBeCloseTo(2.5 / 3, 12);
    expect(pairwiseAccuracy(pairs, engagement, [3, 2, 1])).toBe(0);
    expect(pairwiseAccuracy([], engagement, [1, 2, 3])).toBeNaN();
  });
});

describe(spearman.name, () => {
  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 10, 100, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches the hand value with ties: ranks x = 1, 2.5, 2.5, 4 against y = 1, 2, 3, 4', () => {
    // rx − 2.5 = −1.5, 0, 0, 1.5; ry − 2.5 = −1.5, −0.5, 0.5, 1.5 → 4.5 / √(4.5 · 5)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(averageRanks([5, 1, 5])).toEqual([2.5, 1, 2.5]);
  });

  it('is NaN without spread', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe(coverage.name, () => {
  it('counts values inside their interval, ends included', () => {
    expect(
      coverage(
        [1, 2, 3, 4],
        [
          { low: 0, high: 1 },
          { low: 2.5, high: 3 },
          { low: 3, high: 3 },
          { low: 0, high: 9 },
        ],
      ),
    ).toBe(0.75);
  });
});
