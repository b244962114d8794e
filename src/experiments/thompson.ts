/**
 * Thompson sampling over Normal–Gamma arms: draw one plausible mean reward per arm from its
 * posterior and give the slot to the largest draw. An arm gets slots in proportion to the
 * probability that it is the best, so exploration fades by itself as the evidence grows.
 * Deterministic for a given generator state.
 */
import type { Rng } from '../source/simulator/random.js';
import type { NormalGamma } from './posterior.js';

/** Gamma(shape, rate 1) by Marsaglia–Tsang (2000); shape < 1 through the boost u^(1/shape). */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw of the mean from NG(μ, κ, α, β): τ ~ Gamma(α, rate β), μ ~ Normal(μn, 1/(κ τ)). */
export function sampleMean(rng: Rng, p: NormalGamma): number {
  const tau = sampleGamma(rng, p.alpha) / p.beta;
  return p.mu + rng.normal() / Math.sqrt(p.kappa * tau);
}

/** Index of the arm whose posterior draw is largest (Thompson sampling's choice for one slot). */
export function thompsonChoice(rng: Rng, arms: readonly NormalGamma[]): number {
  if (arms.length === 0) throw new RangeError('thompson choice among no arms');
  let best = 0;
  let bestDraw = Number.NEGATIVE_INFINITY;
  arms.forEach((arm, i) => {
    const draw = sampleMean(rng, arm);
    if (draw > bestDraw) {
      bestDraw = draw;
      best = i;
    }
  });
  return best;
}
