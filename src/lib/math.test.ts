import { describe, expect, it } from 'vitest';
import { clamp, clamp01, clampFiniteOrZero, logit, noisyOr, round3, sigmoid } from './math.js';

describe('round3', () => {
  it('rounds to three decimals', () => {
    const sut = round3;
    expect(sut(0.12345)).toBe(0.123);
    expect(sut(0.1235)).toBe(0.124);
    expect(sut(-1.0004)).toBe(-1);
  });
});

describe(clamp.name, () => {
  it('clamps to [min, max] and maps NaN to min', () => {
    const sut = clamp;
    expect([
      sut(-200, -100, 100),
      sut(42.5, 0, 100),
      sut(Infinity, 0, 50),
      sut(Number.NaN, -100, 100),
    ]).toEqual([-100, 42.5, 50, -100]);
  });
});

describe('clamp01', () => {
  it('clamps to [0, 1] and maps NaN to 0', () => {
    const sut = clamp01;
    expect([sut(-2), sut(0.4), sut(3), sut(Number.NaN)]).toEqual([0, 0.4, 1, 0]);
  });
});

describe('clampFiniteOrZero', () => {
  it('clamps to [lo, hi] and maps NaN and ±∞ to 0, not to a bound', () => {
    const sut = clampFiniteOrZero;
    expect([sut(-2, -1, 1), sut(0.4, 0, 1), sut(3, 0, 1)]).toEqual([-1, 0.4, 1]);
    expect([sut(Number.NaN, 0.2, 1), sut(Infinity, -1, 1), sut(-Infinity, -1, 1)]).toEqual([0, 0, 0]);
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

describe(logit.name, () => {
  it('is the inverse of the logistic function, finite at 0 and 1', () => {
    const sut = logit;
    expect(sut(0.5)).toBe(0);
    expect(sigmoid(sut(0.8))).toBeCloseTo(0.8, 12);
    expect(sut(0)).toBeCloseTo(-20.723, 3);
    expect(sut(1)).toBeCloseTo(20.723, 3);
  });
});
