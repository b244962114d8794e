import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIOR,
  meanMarginal,
  NO_EVIDENCE,
  observe,
  posterior as sut,
  priorFromHistory,
  type ArmEvidence,
} from './posterior.js';

const PRIOR = { mu: 0, kappa: 1, alpha: 2, beta: 1 };

describe(sut.name, () => {
  it('updates a Normal–Gamma prior with two rewards (hand-computed)', () => {
    // n = 2, ȳ = 2, S = (1−2)² + (3−2)² = 2
    // κ = 1 + 2 = 3; μ = (1·0 + 2·2)/3 = 4/3; α = 2 + 2/2 = 3
    // β = 1 + 2/2 + 1·2·(2 − 0)²/(2·3) = 1 + 1 + 8/6 = 10/3
    const p = sut(PRIOR, [1, 3]);
    expect(p.kappa).toBe(3);
    expect(p.mu).toBeCloseTo(4 / 3, 12);
    expect(p.alpha).toBe(3);
    expect(p.beta).toBeCloseTo(10 / 3, 12);
  });

  it('gives the same posterior one reward at a time (hand-computed intermediate)', () => {
    // after y = 1: κ = 2, μ = 1/2, α = 5/2, β = 1 + 0 + 1·1·1²/(2·2) = 5/4
    const first = sut(PRIOR, [1]);
    expect(first).toEqual({ mu: 0.5, kappa: 2, alpha: 2.5, beta: 1.25 });
    // then y = 3: κ = 3, μ = (2·½ + 3)/3 = 4/3, α = 3, β = 5/4 + 2·1·(3 − ½)²/(2·3) = 5/4 + 25/12 = 10/3
    const second = sut(first, [3]);
    expect(second.mu).toBeCloseTo(4 / 3, 12);
    expect(second.beta).toBeCloseTo(10 / 3, 12);
  });

  it('returns the prior without rewards', () => {
    expect(sut(PRIOR, [])).toBe(PRIOR);
  });

  it('batch and sequential updates agree for any rewards', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -8, max: 0, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (ys) => {
          const batch = sut(PRIOR, ys);
          const seq = ys.reduce((p, y) => sut(p, [y]), PRIOR);
          expect(seq.kappa).toBe(batch.kappa);
          expect(seq.alpha).toBe(batch.alpha);
          expect(seq.mu).toBeCloseTo(batch.mu, 9);
          expect(seq.beta).toBeCloseTo(batch.beta, 9);
        },
      ),
    );
  });
});

describe(meanMarginal.name, () => {
  it('is a t with 2α degrees of freedom and scale √(β/(ακ))', () => {
    // NG(4/3, 3, 3, 10/3): ν = 6, scale = √((10/3)/(3·3)) = √0.370370… = 0.608581
    const t = meanMarginal({ mu: 4 / 3, kappa: 3, alpha: 3, beta: 10 / 3 });
    expect(t.df).toBe(6);
    expect(t.location).toBeCloseTo(1.333333, 6);
    expect(t.scale).toBeCloseTo(0.608581, 6);
  });
});

describe(priorFromHistory.name, () => {
  it('centres on the history and weighs it as one post for the mean', () => {
    // mean 2, sample variance ((−1)² + 0 + 1²)/2 = 1 → β0 = 1 · (α0 − 1) = 1
    expect(priorFromHistory([1, 2, 3])).toEqual({ mu: 2, kappa: 1, alpha: 2, beta: 1 });
  });

  it('falls back to the default prior with fewer than two past rewards', () => {
    expect(priorFromHistory([-3])).toBe(DEFAULT_PRIOR);
    // ln(0.05 + 0.001) = −2.97593
    expect(DEFAULT_PRIOR.mu).toBeCloseTo(-2.97593, 5);
  });

  it('floors the variance of a history of identical rewards', () => {
    expect(priorFromHistory([-3, -3, -3]).beta).toBeCloseTo(0.01, 12);
  });
});

describe(observe.name, () => {
  it('takes a post once: observing it again is a no-op, even with another value', () => {
    const once = observe(NO_EVIDENCE, 'p1', -3);
    expect(observe(once, 'p1', -3)).toBe(once);
    expect(observe(once, 'p1', -1)).toBe(once);
    expect([...once.values()]).toEqual([-3]);
  });

  it('never double-counts: any replay of observations gives the posterior of the distinct posts', () => {
    const obs = fc.record({
      post: fc.integer({ min: 0, max: 12 }),
      y: fc.double({ min: -7, max: 0, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(obs, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (list, replays) => {
        let evidence: ArmEvidence = NO_EVIDENCE;
        for (let r = 0; r < replays; r++) {
          for (const o of list) evidence = observe(evidence, `p${o.post}`, o.y);
        }
        const firsts = new Map<number, number>();
        for (const o of list) if (!firsts.has(o.post)) firsts.set(o.post, o.y);
        const expected = sut(PRIOR, [...firsts.values()]);
        const actual = sut(PRIOR, evidence.values());
        expect(evidence.size).toBe(firsts.size);
        expect(actual.kappa).toBe(expected.kappa);
        expect(actual.mu).toBeCloseTo(expected.mu, 9);
        expect(actual.beta).toBeCloseTo(expected.beta, 9);
      }),
    );
  });
});
