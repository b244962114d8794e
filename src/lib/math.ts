/**
 * Small numeric helpers shared by the capabilities (one copy each).
 */

/** `x` rounded to 3 decimals: how scores and shares are reported. */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `value` clamped to [min, max]; NaN gives `min` (no KPI can leak NaN into storage). */
export function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, value));
}

/** `x` clamped to [0, 1]; NaN gives 0. */
export const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);

/**
 * `x` clamped to [lo, hi]; a non-finite value (NaN, ±∞) gives 0, not a bound: what a stored
 * score or sentiment falls back to when a model misbehaves (0 is "no evidence" and neutral).
 */
export const clampFiniteOrZero = (x: number, lo: number, hi: number): number =>
  Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0;

/** Noisy-OR of independent evidence in [0, 1] (each clamped): 1 − Π(1 − v), times `miss` inside. */
export function noisyOr(values: readonly number[], miss = 1): number {
  for (const v of values) miss *= 1 - clamp01(v);
  return 1 - miss;
}

/** The logistic function, computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The log-odds of `p`, with p clamped to [1e-9, 1 − 1e-9] so 0 and 1 stay finite (±20.7). */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}
