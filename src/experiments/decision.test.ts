import { describe, expect, it } from 'vitest';
import { Rng } from '../source/simulator/random.js';
import { decide, probabilityOfBest } from './decision.js';
import type { NormalGamma } from './posterior.js';
import { studentTCdf } from './student-t.js';
import { sampleMean } from './thompson.js';

/** An arm whose mean marginal is t_{2α}(mu, scale): β = scale² · α · κ with κ = 1. */
const arm = (mu: number, scale: number, alpha = 2): NormalGamma => ({
  mu,
  kappa: 1,
  alpha,
  beta: scale * scale * alpha,
});

describe(studentTCdf.name, () => {
  it('matches the closed forms for one and two degrees of freedom', () => {
    // ν = 1 (Cauchy): F(1) = ½ + arctan(1)/π = 0.75
    expect(studentTCdf({ df: 1, location: 0, scale: 1 }, 1)).toBeCloseTo(0.75, 10);
    // ν = 2: F(t) = ½ + t / (2√(2 + t²)); F(1) = ½ + 1/(2√3) = 0.788675
    expect(studentTCdf({ df: 2, location: 0, scale: 1 }, 1)).toBeCloseTo(0.788675, 6);
    // location–scale: (3 − 1)/2 = 1 standard unit
    expect(studentTCdf({ df: 2, location: 1, scale: 2 }, 3)).toBeCloseTo(0.788675, 6);
    expect(studentTCdf({ df: 2, location: 0, scale: 1 }, -1)).toBeCloseTo(0.211325, 6);
  });
});

describe(probabilityOfBest.name, () => {
  it('splits evenly between identical arms', () => {
    expect(probabilityOfBest([arm(0, 1), arm(0, 1)]).map((p) => p.toFixed(6))).toEqual([
      '0.500000',
      '0.500000',
    ]);
    expect(probabilityOfBest([arm(-3, 0.2), arm(-3, 0.2), arm(-3, 0.2)]).map((p) => p.toFixed(6))).toEqual([
      '0.333333',
      '0.333333',
      '0.333333',
    ]);
  });

  it('is Φ(Δ / √(s₁² + s₂²)) when the t marginals are practically normal', () => {
    // ν = 20000: P(A > B) = Φ(0.2 / √(0.1² + 0.1²)) = Φ(1.414214) = 0.921350
    const [a, b] = probabilityOfBest([arm(0.2, 0.1, 10_000), arm(0, 0.1, 10_000)]);
    expect(a).toBeCloseTo(0.92135, 3);
    expect(b).toBeCloseTo(0.07865, 3);
  });

  it('resolves an arm far narrower than the other', () => {
    // B is almost a point at 0, A ~ t_4(0.1, 1): P(A > B) ≈ P(T_4 > −0.1) = F_4(0.1) = 0.537426
    const [a] = probabilityOfBest([arm(0.1, 1), arm(0, 1e-4)]);
    expect(a).toBeCloseTo(0.537426, 3);
  });

  it('agrees with seeded Monte Carlo on uneven arms', () => {
    const arms = [arm(-3, 0.3, 3), arm(-2.8, 0.2, 5), arm(-3.1, 0.5, 2.5), arm(-2.9, 0.1, 8)];
    const rng = new Rng(7);
    const wins = [0, 0, 0, 0];
    const draws = 100_000;
    for (let d = 0; d < draws; d++) {
      let best = 0;
      let top = Number.NEGATIVE_INFINITY;
      arms.forEach((a, i) => {
        const x = sampleMean(rng, a);
        if (x > top) {
          top = x;
          best = i;
        }
      });
      wins[best]!++;
    }
    const exact = probabilityOfBest(arms);
    // Monte Carlo standard error ≤ √(0.25 / 100 000) = 0.0016: 4 SE = 0.0064
    exact.forEach((p, i) => expect(Math.abs(p - wins[i]! / draws)).toBeLessThan(0.0064));
    expect(exact.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });
});

describe(decide.name, () => {
  const base = { rewards: [5, 5], posts: 10, maxPosts: 40, pending: 0 };

  it('declares a winner at ≥ 95 % probability of best', () => {
    expect(decide({ ...base, probabilityBest: [0.04, 0.96] })).toEqual({ state: 'winner', winner: 1 });
    expect(decide({ ...base, probabilityBest: [0.95, 0.05] })).toEqual({ state: 'winner', winner: 0 });
    expect(decide({ ...base, probabilityBest: [0.949, 0.051] }).state).toBe('running');
  });

  it('waits for three rewards on every arm before a winner', () => {
    expect(decide({ ...base, rewards: [2, 8], probabilityBest: [0.01, 0.99] }).state).toBe('running');
  });

  it('is inconclusive at max_posts once every reward is in', () => {
    expect(decide({ ...base, posts: 40, pending: 2, probabilityBest: [0.5, 0.5] }).state).toBe('running');
    expect(decide({ ...base, posts: 40, pending: 0, probabilityBest: [0.5, 0.5] })).toEqual({
      state: 'inconclusive',
      winner: null,
    });
  });
});
