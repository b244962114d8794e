import { describe, expect, it } from 'vitest';
import { patternPerformance, type PostOutcome } from './performance.js';

describe(patternPerformance.name, () => {
  it('computes baseline, method-of-moments τ² and shrunk lifts by hand on four posts', () => {
    const posts: PostOutcome[] = [
      { engagement_rate: 0.1, pattern_types: ['b'] },
      { engagement_rate: 0.2, pattern_types: ['b'] },
      { engagement_rate: 0.3, pattern_types: ['a'] },
      { engagement_rate: 0.4, pattern_types: ['a', 'c', 'a'] },
    ];
    const sut = patternPerformance(posts);
    // μ = 0.25; σ² = (0.0225 + 0.0025 + 0.0025 + 0.0225) / 3 = 0.05/3
    const sigma2 = 0.05 / 3;
    expect(sut.baseline.mean).toBeCloseTo(0.25, 12);
    expect(sut.baseline.median).toBeCloseTo(0.25, 12);
    expect(sut.baseline.variance).toBeCloseTo(sigma2, 12);
    // means a = 0.35 (n 2), b = 0.15 (n 2), c = 0.4 (n 1); m̄ = 0.3
    // spread = (0.05² + 0.15² + 0.1²) / 2 = 0.0175; mean v = (σ²/2 + σ²/2 + σ²) / 3 = σ²·2/3
    const tau2 = 0.0175 - (sigma2 * 2) / 3;
    expect(sut.prior.between_pattern_variance).toBeCloseTo(tau2, 12);

    const a = sut.patterns.find((p) => p.pattern_type === 'a')!;
    const vA = sigma2 / 2;
    const bA = vA / (vA + tau2);
    const thetaA = 0.25 + (1 - bA) * (0.35 - 0.25);
    expect(a.usage_count).toBe(2);
    expect(a.usage_share).toBe(0.5);
    expect(a.mean_engagement_rate).toBeCloseTo(0.35, 12);
    expect(a.median_engagement_rate).toBeCloseTo(0.35, 12);
    expect(a.shrinkage).toBeCloseTo(bA, 12);
    expect(a.raw_lift).toBeCloseTo(0.4, 12);
    expect(a.lift).toBeCloseTo(thetaA / 0.25 - 1, 12);
    // K = 3 patterns in the prior (none has 5 posts) → Morris factor 2 / max(1, 0) = 2
    const variance = (1 - bA) * vA + (bA * bA * sigma2) / 4 + bA * bA * 0.1 ** 2 * 2;
    const half = 1.959963984540054 * Math.sqrt(variance);
    expect(a.lift_ci![0]).toBeCloseTo((thetaA - half) / 0.25 - 1, 12);
    expect(a.lift_ci![1]).toBeCloseTo((thetaA + half) / 0.25 - 1, 12);
  });

  it('does not make a pattern seen on three lucky posts look like a miracle', () => {
    const posts: PostOutcome[] = [];
    for (let i = 0; i < 80; i++) {
      // deterministic noise (sd ≈ 0.01) around pattern-specific levels
      const noise = 0.012 * Math.sin(i * 1.7) + 0.008 * Math.cos(i * 0.9);
      const [types, level]: [string[], number] =
        i < 30
          ? [['how_to'], 0.065]
          : i < 50
            ? [['question'], 0.04]
            : i < 65
              ? [['listicle'], 0.055]
              : i < 68
                ? [['urgency'], 0.11]
                : [[], 0.05];
      posts.push({ engagement_rate: level + noise, pattern_types: types });
    }
    const sut = patternPerformance(posts);
    const urgency = sut.patterns.find((p) => p.pattern_type === 'urgency')!;
    const howTo = sut.patterns.find((p) => p.pattern_type === 'how_to')!;

    expect(urgency.usage_count).toBe(3);
    // naively: +80 % with an interval far from zero
    expect(urgency.raw_lift!).toBeGreaterThan(0.75);
    expect(urgency.raw_lift_ci![0]).toBeGreaterThan(0.4);
    // shrunk: pulled well toward the account, and not distinguishable from it
    expect(urgency.lift!).toBeLessThan(0.65 * urgency.raw_lift!);
    expect(urgency.lift_ci![0]).toBeLessThan(0);
    expect(urgency.shrinkage).toBeGreaterThan(howTo.shrinkage);
    // the well-sampled winner leads the leaderboard, the fluke does not
    expect(howTo.lift_ci![0]).toBeGreaterThan(0);
    expect(sut.patterns[0]!.pattern_type).toBe('how_to');
    expect(sut.prior.patterns_in_prior).toBe(3); // urgency's 3 posts do not widen the prior
  });

  it('pulls everything to the account mean when patterns do not differ (τ² = 0)', () => {
    const posts: PostOutcome[] = [
      { engagement_rate: 0.1, pattern_types: ['a'] },
      { engagement_rate: 0.3, pattern_types: ['a'] },
      { engagement_rate: 0.1, pattern_types: ['b'] },
      { engagement_rate: 0.3, pattern_types: ['b'] },
    ];
    const sut = patternPerformance(posts);
    expect(sut.prior.between_pattern_variance).toBe(0);
    for (const p of sut.patterns) {
      expect(p.shrinkage).toBe(1);
      expect(p.lift).toBeCloseTo(0, 12);
      expect(p.lift_ci![0]).toBeLessThan(0);
      expect(p.lift_ci![1]).toBeGreaterThan(0);
    }
  });

  it('reports null lifts when the baseline is zero and nothing for no posts', () => {
    const sut = patternPerformance([{ engagement_rate: 0, pattern_types: ['a'] }]);
    expect(sut.patterns[0]!.lift).toBeNull();
    expect(sut.patterns[0]!.raw_lift_ci).toBeNull();
    expect(patternPerformance([])).toEqual({
      post_count: 0,
      baseline: { mean: 0, median: 0, variance: 0 },
      prior: { mean: 0, between_pattern_variance: 0, within_variance: 0, patterns_in_prior: 0 },
      patterns: [],
    });
  });
});
