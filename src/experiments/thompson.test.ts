import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../source/simulator/random.js';
import { posterior, type NormalGamma } from './posterior.js';
import { sampleGamma, thompsonChoice } from './thompson.js';

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
