import { describe, expect, it } from 'vitest';
import { HOOK_TYPES } from '../patterns/pattern-types.js';
import type { AudienceModel } from '../source/simulator/audience.js';
import { simulateExperiments as sut } from './simulate.js';

/** An audience whose taste rises by 16 % from one family to the next: the best of any draw leads by ≥ 16 %. */
const ladder: AudienceModel = { hookLift: (_persona, family) => Math.exp(0.15 * HOOK_TYPES.indexOf(family)) };

describe(sut.name, () => {
  const base = { arms: 4, posts: 200, runs: 4, seed: 3, rewardAgeHours: 24, slotHours: 8, audience: ladder };

  it('finds the family the audience prefers and beats uniform allocation', () => {
    const { summary, runs } = sut(base);
    for (const run of runs) {
      const truth = Math.max(...run.arms.map((f) => HOOK_TYPES.indexOf(f)));
      expect(HOOK_TYPES.indexOf(run.arms[run.best_arm]!)).toBe(truth);
      expect(run.winner).toBe(run.best_arm);
      expect(run.slots.reduce((a, b) => a + b, 0)).toBe(run.posts_to_decision);
      expect(run.posts_to_decision).toBeLessThan(200);
    }
    expect(summary.best_found_share).toBe(1);
    expect(summary.separable_share).toBe(1);
    expect(summary.regret_ratio).toBeLessThan(0.5);
  });

  it('ends inconclusive at max_posts when no arm is better', () => {
    const flat: AudienceModel = { hookLift: () => 1 };
    const { summary, runs } = sut({ ...base, arms: 2, posts: 10, runs: 3, audience: flat });
    // a winner at 95 % out of ten posts of two equal arms would be a false positive; none here
    expect(runs.map((r) => r.state)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(runs.map((r) => r.posts_to_decision)).toEqual([10, 10, 10]);
    expect(summary.mean_uniform_regret).toBeCloseTo(0, 12);
  });

  it('is deterministic for a seed and changes with it', () => {
    const small = { ...base, arms: 3, posts: 30, runs: 2 };
    expect(sut(small).runs).toEqual(sut(small).runs);
    expect(sut({ ...small, seed: 4 }).runs).not.toEqual(sut(small).runs);
  });

  it('rejects fewer than two arms', () => {
    expect(() => sut({ ...base, arms: 1 })).toThrow(/arms must be between 2 and 14/);
  });
});
