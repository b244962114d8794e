import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../source/simulator/random.js';
import { posterior, type NormalGamma } from './posterior.js';
import { chooseArm, sampleGamma, thompsonChoice } from './thompson.js';

describe(sampleGamma.name, () => {
  it('has mean k and variance k for shape k (rate 1)', () => {
    for (const shape of [0.5, 2, 7.5]) {
      const rng = new Rng(11);
      const n = 50_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleGamma(rng, shape);
        sum += x;
        sq += x * x;
      }
      const mean = sum / n;
      // standard error of the mean √(k/n): ≤ 0.0122 for k = 7.5; 5 SE
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
      expect(sq / n - mean * mean).toBeCloseTo(shape, 0);
    }
  });
});

describe(thompsonChoice.name, () => {
  it('is deterministic for a seed', () => {
    const arms: NormalGamma[] = [
      { mu: 0, kappa: 1, alpha: 2, beta: 1 },
      { mu: 0.1, kappa: 1, alpha: 2, beta: 1 },
    ];
    const picks = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 20 }, () => thompsonChoice(rng, arms));
    };
    expect(picks(3)).toEqual(picks(3));
  });

  it('gives a variant with a strictly higher true reward more slots in expectation', () => {
    const prior: NormalGamma = { mu: 0, kappa: 1, alpha: 2, beta: 1 };
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (gap, low, seed) => {
          const rng = new Rng(seed);
          const trueMeans = [low, low + gap];
          let slotsHigh = 0;
          let slotsLow = 0;
          // 30 replications × 60 slots, rewards Normal(true mean, 1) observed immediately
          for (let rep = 0; rep < 30; rep++) {
            const rewards: number[][] = [[], []];
            for (let slot = 0; slot < 60; slot++) {
              const arm = thompsonChoice(rng, [posterior(prior, rewards[0]!), posterior(prior, rewards[1]!)]);
              rewards[arm]!.push(trueMeans[arm]! + rng.normal());
            }
            slotsLow += rewards[0]!.length;
            slotsHigh += rewards[1]!.length;
          }
          expect(slotsHigh).toBeGreaterThan(slotsLow);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe(chooseArm.name, () => {
  const arms: NormalGamma[] = [
    { mu: 5, kappa: 50, alpha: 26, beta: 1 },
    { mu: 0, kappa: 1, alpha: 2, beta: 1 },
    { mu: 0, kappa: 1, alpha: 2, beta: 1 },
  ];

  it('warms up the arm with the fewest posts first, whatever the posteriors say', () => {
    const rng = new Rng(1);
    expect(chooseArm(rng, arms, [3, 2, 1])).toBe(2);
    expect(chooseArm(rng, arms, [0, 0, 0])).toBe(0);
  });

  it('after the warm-up gives the runner-ups far more slots than plain Thompson sampling', () => {
    // arm 0 leads clearly but not surely (P(best) ≈ 0.9): plain Thompson sampling plays it
    // about 90 % of the time, top-two about LEADER_SHARE + ½ · P(leader is the challenger) ≈ 55 %
    const close: NormalGamma[] = [
      { mu: 0.5, kappa: 10, alpha: 6, beta: 3 },
      { mu: 0, kappa: 10, alpha: 6, beta: 3 },
      { mu: 0, kappa: 10, alpha: 6, beta: 3 },
    ];
    const share = (pick: (rng: Rng) => number, arm: number) => {
      const rng = new Rng(2);
      const picks = Array.from({ length: 4000 }, () => pick(rng));
      return picks.filter((a) => a === arm).length / picks.length;
    };
    const plain = share((rng) => thompsonChoice(rng, close), 0);
    const topTwo = share((rng) => chooseArm(rng, close, [3, 3, 3]), 0);
    expect(plain).toBeGreaterThan(0.8);
    expect(topTwo).toBeGreaterThan(0.45);
    expect(topTwo).toBeLessThan(0.65);
    // the two equal challengers split the rest
    const one = share((rng) => chooseArm(rng, close, [3, 3, 3]), 1);
    const two = share((rng) => chooseArm(rng, close, [3, 3, 3]), 2);
    expect(Math.abs(one - two)).toBeLessThan(0.05);
  });
});
