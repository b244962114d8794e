import { describe, expect, it } from 'vitest';
import { mean, median, pearson, sampleVariance } from './stats.js';

describe(mean.name, () => {
  it('is the arithmetic mean, and the given value (NaN by default) for no values', () => {
    const sut = mean;
    expect(sut([1, 2, 3, 10])).toBe(4);
    expect(sut([])).toBeNaN();
    expect(sut([], 0)).toBe(0);
  });
});

describe(median.name, () => {
  it('takes the middle value, or the mean of the middle two, without sorting its input', () => {
    const sut = median;
    const xs = [9, 1, 5];
    expect(sut(xs)).toBe(5);
    expect(xs).toEqual([9, 1, 5]);
    expect(sut([4, 1, 3, 2])).toBe(2.5);
    expect(sut([10, 2])).toBe(6);
    expect(sut([])).toBeNaN();
    expect(sut([], 0)).toBe(0);
  });
});

describe(sampleVariance.name, () => {
  it('divides by n − 1 and is 0 below two values', () => {
    const sut = sampleVariance;
    // mean 5, squares 9 + 1 + 1 + 9 = 20, / 3
    expect(sut([2, 4, 6, 8])).toBeCloseTo(20 / 3, 12);
    expect(sut([2, 4, 6, 8], 4)).toBeCloseTo(24 / 3, 12);
    expect(sut([7])).toBe(0);
  });
});

describe(pearson.name, () => {
  it('matches a hand computation', () => {
    const sut = pearson;
    // sxy 11, sxx 5, syy 26 → 11/√130
    expect(sut([1, 2, 3, 4], [2, 4, 5, 9])).toBeCloseTo(11 / Math.sqrt(130), 12);
  });

  it('is -1 for a perfectly decreasing relation and NaN for a constant side', () => {
    const sut = pearson;
    expect(sut([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 12);
    expect(sut([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});

describe(`${pearson.name} input`, () => {
  it('refuses arrays of different lengths', () => {
    expect(() => pearson([1, 2], [1])).toThrow(/pearson: arrays differ in length \(2 vs 1\)/);
  });
});
