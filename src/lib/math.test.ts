import { describe, expect, it } from 'vitest';
import { clamp01, noisyOr, round3, sigmoid } from './math.js';

describe('round3', () => {
  it('rounds to three decimals', () => {
    const sut = round3;
    expect(sut(0.12345)).toBe(0.123);
    expect(sut(0.1235)).toBe(0.124);
    expect(sut(-1.0004)).toBe(-1);
  });
});

describe('clamp01', () => {
  it('clamps to [0, 1] and maps NaN to 0', () => {
    const sut = clamp01;
    expect([sut(-2), sut(0.4), sut(3), sut(Number.NaN)]).toEqual([0, 0.4, 1, 0]);
  });
});

describe(noisyOr.name, () => {
  it('combines independent evidence as 1 − Π(1 − v), clamping each value', () => {
    const sut = noisyOr;
    expect(sut([0.5, 0.5])).toBeCloseTo(0.75, 12);
    expect(sut([0.2, 2, -1])).toBe(1);
    expect(sut([])).toBe(0);
    // a starting miss of 0.5: one more piece of evidence already in
    expect(sut([0.5], 0.5)).toBeCloseTo(0.75, 12);
  });
});

describe(sigmoid.name, () => {
  it('is the logistic function, finite for large |z|', () => {
    const sut = sigmoid;
    expect(sut(0)).toBe(0.5);
    expect(sut(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(sut(-2)).toBeCloseTo(1 - sut(2), 15);
    expect(sut(1000)).toBe(1);
    expect(sut(-1000)).toBe(0);
  });
});
