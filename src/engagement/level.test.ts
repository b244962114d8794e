import { describe, expect, it } from 'vitest';
import { DAY_MS, driftPerDay, effectiveCount, EMPTY_LEVEL, levelMean, observeLevel } from './level.js';

describe(observeLevel.name, () => {
  it('halves the weight of the past every half-life', () => {
    // r = 1 at day 0, r = 3 at day 14 (one half-life): (0.5·1 + 3)/(0.5 + 1) = 7/3
    const first = observeLevel(EMPTY_LEVEL, 1, 0, 14);
    const sut = observeLevel(first, 3, 14 * DAY_MS, 14);
    expect(levelMean(sut)).toBeCloseTo(7 / 3, 12);
    // n_eff = 1.5² / (0.25 + 1) = 1.8
    expect(effectiveCount(sut)).toBeCloseTo(1.8, 12);
  });

  it('counts two outcomes at the same moment fully', () => {
    const sut = observeLevel(observeLevel(EMPTY_LEVEL, 1, 5, 14), 3, 5, 14);
    expect(levelMean(sut)).toBe(2);
    expect(effectiveCount(sut)).toBe(2);
  });

  it('is 0 with nothing observed', () => {
    expect(levelMean(EMPTY_LEVEL)).toBe(0);
    expect(effectiveCount(EMPTY_LEVEL)).toBe(0);
  });
});

describe(driftPerDay.name, () => {
  const days = Array.from({ length: 400 }, (_, i) => i * DAY_MS);

  it('is 0 for a level that never moves', () => {
    expect(
      driftPerDay(
        days,
        days.map(() => 2),
      ),
    ).toBe(0);
  });

  it('fits msd(ℓ) = D·ℓ through the origin: a level rising c per day gives c²·Σℓ³/Σℓ²', () => {
    const c = 0.01;
    const lags = [7, 14, 30, 60, 90, 180];
    const expected = (c * c * lags.reduce((s, l) => s + l ** 3, 0)) / lags.reduce((s, l) => s + l ** 2, 0);
    expect(
      driftPerDay(
        days,
        days.map((t) => (c * t) / DAY_MS),
      ),
    ).toBeCloseTo(expected, 12);
  });

  it('cannot say from a history shorter than its shortest lag', () => {
    expect(driftPerDay([0, DAY_MS, 2 * DAY_MS], [0, 1, 2])).toBeNull();
  });
});
