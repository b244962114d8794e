import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternStrength, strengthBreakdown, STRENGTH_WEIGHTS, type StrengthInputs } from './strength.js';

const none: StrengthInputs = { hookConfidences: [], clickbait: 0, emotionEvidence: [], structure: 0 };

describe(patternStrength.name, () => {
  it('is 0 with no evidence at all', () => {
    expect(patternStrength(none)).toBe(0);
  });

  it('weights one hook at 0.4 without synergy: 0.4 · 0.8 = 0.32', () => {
    expect(patternStrength({ ...none, hookConfidences: [0.8] })).toBe(0.32);
  });

  it('combines hooks by noisy-OR and adds the clickbait share: 0.4 · (1 − 0.75 · 0.5 · 0.5)', () => {
    // clickbait 1 → 1 − 0.25·1 = 0.75 left; hooks 0.5, 0.5 → 0.75 · 0.25 missing
    expect(patternStrength({ ...none, hookConfidences: [0.5, 0.5], clickbait: 1 })).toBe(
      Math.round(0.4 * (1 - 0.75 * 0.25) * 1000) / 1000,
    );
  });

  it('adds the 0.1 synergy bonus when hooks and emotions are both present', () => {
    const sut = strengthBreakdown({ ...none, hookConfidences: [0.8], emotionEvidence: [0.5] });
    // 0.4·0.8 + 0.3·0.5 + 0.1
    expect(sut.synergy).toBe(true);
    expect(sut.strength).toBe(0.57);
  });

  it('counts structure as a family only from a score of 0.5', () => {
    expect(strengthBreakdown({ ...none, hookConfidences: [0.8], structure: 0.49 }).synergy).toBe(false);
    expect(strengthBreakdown({ ...none, hookConfidences: [0.8], structure: 0.5 }).strength).toBe(0.52);
  });

  it('reaches exactly 1 with everything saturated', () => {
    expect(patternStrength({ hookConfidences: [1], clickbait: 1, emotionEvidence: [1], structure: 1 })).toBe(
      1,
    );
    expect(
      STRENGTH_WEIGHTS.hooks +
        STRENGTH_WEIGHTS.emotion +
        STRENGTH_WEIGHTS.structure +
        STRENGTH_WEIGHTS.synergy,
    ).toBeCloseTo(1, 12);
  });

  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  const inputs = fc.record({
    hookConfidences: fc.array(unit, { maxLength: 5 }),
    clickbait: unit,
    emotionEvidence: fc.array(unit, { maxLength: 5 }),
    structure: unit,
  });

  it('stays in [0, 1] for any inputs', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const s = patternStrength(i);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('never decreases when any input is raised or a pattern is added', () => {
    const raise = (x: number, by: number) => Math.min(1, x + by);
    fc.assert(
      fc.property(inputs, fc.nat(20), unit, unit, (i, pick, by, added) => {
        const before = patternStrength(i);
        const variants: StrengthInputs[] = [
          { ...i, clickbait: raise(i.clickbait, by) },
          { ...i, structure: raise(i.structure, by) },
          { ...i, hookConfidences: [...i.hookConfidences, added] },
          { ...i, emotionEvidence: [...i.emotionEvidence, added] },
        ];
        if (i.hookConfidences.length > 0) {
          const k = pick % i.hookConfidences.length;
          variants.push({
            ...i,
            hookConfidences: i.hookConfidences.map((c, j) => (j === k ? raise(c, by) : c)),
          });
        }
        if (i.emotionEvidence.length > 0) {
          const k = pick % i.emotionEvidence.length;
          variants.push({
            ...i,
            emotionEvidence: i.emotionEvidence.map((c, j) => (j === k ? raise(c, by) : c)),
          });
        }
        for (const v of variants) expect(patternStrength(v)).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 1000 },
    );
  });
});
