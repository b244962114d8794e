/**
 * Pattern strength ∈ [0, 1]: how much pattern craft a post carries, as the seed intended but
 * with the weights actually applied (the seed computed them and then discarded them).
 *
 *   strength = 0.4 · H + 0.3 · E + 0.2 · S + 0.1 · synergy
 *
 *   H = 1 − (1 − 0.25 · clickbait) · Π (1 − hook confidenceᵢ)     hooks, noisy-OR, plus how
 *       headline-like the opening reads (the learned clickbait score)
 *   E = 1 − Π (1 − intensityⱼ · confidenceⱼ)                      emotion patterns, noisy-OR
 *   S = structure score (structure.ts: length fit, lines, thread, question, emoji, hashtags)
 *   synergy = 1 when at least two families are present, else 0: a hook is reported, an emotion
 *       pattern is reported, or S ≥ 0.5 (the seed's "synergy bonus")
 *
 * The weights sum to 1 and every term is in [0, 1], so strength is in [0, 1]. Each term only
 * grows when any input grows, so raising an input never lowers strength (property-tested).
 */
import { clamp01, noisyOr } from '../lib/math.js';
export const STRENGTH_WEIGHTS = { hooks: 0.4, emotion: 0.3, structure: 0.2, synergy: 0.1 } as const;

/** Share of the hook term the clickbait score alone can supply. */
export const CLICKBAIT_SHARE = 0.25;

/** A structure score at or above this counts as a structure pattern for the synergy bonus. */
export const STRUCTURE_PRESENT = 0.5;

export interface StrengthInputs {
  /** confidences of the reported hook patterns */
  hookConfidences: readonly number[];
  /** clickbait score of the opening, 0..1 */
  clickbait: number;
  /** intensity · confidence of each reported emotion pattern */
  emotionEvidence: readonly number[];
  /** structure score, 0..1 */
  structure: number;
}

export interface StrengthBreakdown {
  strength: number;
  hooks: number;
  emotion: number;
  structure: number;
  synergy: boolean;
}

/** Strength with its terms, for explanations and tests. */
export function strengthBreakdown(i: StrengthInputs): StrengthBreakdown {
  const hooks = noisyOr(i.hookConfidences, 1 - CLICKBAIT_SHARE * clamp01(i.clickbait));
  const emotion = noisyOr(i.emotionEvidence);
  const structure = clamp01(i.structure);
  const families =
    (i.hookConfidences.some((c) => c > 0) ? 1 : 0) +
    (i.emotionEvidence.some((e) => e > 0) ? 1 : 0) +
    (structure >= STRUCTURE_PRESENT ? 1 : 0);
  const synergy = families >= 2;
  const w = STRENGTH_WEIGHTS;
  const raw = w.hooks * hooks + w.emotion * emotion + w.structure * structure + (synergy ? w.synergy : 0);
  return { strength: Math.round(clamp01(raw) * 1000) / 1000, hooks, emotion, structure, synergy };
}

/** Pattern strength ∈ [0, 1] (see the formula above), rounded to 3 decimals. */
export function patternStrength(i: StrengthInputs): number {
  return strengthBreakdown(i).strength;
}
