import { describe, expect, it } from 'vitest';
import { engagementRateAtAge, outcomeToRate, rateToOutcome, type CounterReading } from './outcome.js';

const H = 3_600_000;
const reading = (hours: number, views: number, likes: number): CounterReading => ({
  taken_at: hours * H,
  views,
  likes,
  replies: 0,
  reposts: 0,
  quotes: 0,
  shares: 0,
});

describe(engagementRateAtAge.name, () => {
  it('interpolates interactions and views at the fixed age between the readings around it', () => {
    // at 24 h, halfway between 20 h and 28 h: views 1500, likes 60 → 4 %
    const sut = engagementRateAtAge(0, [reading(20, 1000, 40), reading(28, 2000, 80)], 24 * H);
    expect(sut).toBeCloseTo(0.04, 12);
  });

  it('takes a reading exactly at the age as it is', () => {
    expect(engagementRateAtAge(0, [reading(10, 10, 1), reading(24, 200, 10)], 24 * H)).toBe(0.05);
  });

  it('is not known before the post reaches the age', () => {
    expect(engagementRateAtAge(0, [reading(1, 100, 5), reading(23, 900, 40)], 24 * H)).toBeNull();
  });

  it('uses a first reading up to one age late, not later', () => {
    expect(engagementRateAtAge(0, [reading(40, 1000, 30)], 24 * H)).toBe(0.03);
    expect(engagementRateAtAge(0, [reading(49, 1000, 30)], 24 * H)).toBeNull();
  });

  it('is not known without views', () => {
    expect(engagementRateAtAge(0, [reading(24, 0, 3)], 24 * H)).toBeNull();
  });
});

describe(rateToOutcome.name, () => {
  it('is ln(rate + 0.001), undone by outcomeToRate', () => {
    expect(rateToOutcome(0.049)).toBeCloseTo(Math.log(0.05), 12);
    expect(outcomeToRate(rateToOutcome(0.049))).toBeCloseTo(0.049, 12);
    expect(outcomeToRate(Math.log(0.0005))).toBe(0);
  });
});
