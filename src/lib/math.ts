/**
 * Small numeric helpers shared by the capabilities (one copy each).
 */

/** `x` rounded to 3 decimals: how scores and shares are reported. */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `x` clamped to [0, 1]; NaN gives 0. */
export const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);

/** Noisy-OR of independent evidence in [0, 1] (each clamped): 1 − Π(1 − v), times `miss` inside. */
export function noisyOr(values: readonly number[], miss = 1): number {
  for (const v of values) miss *= 1 - clamp01(v);
  return 1 - miss;
}

/** The logistic function, computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
