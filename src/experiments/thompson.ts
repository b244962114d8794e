/**
 * Thompson sampling over Normal–Gamma arms: draw one plausible mean reward per arm from its
 * posterior and give the slot to the largest draw. An arm gets slots in proportion to the
 * probability that it is the best, so exploration fades by itself as the evidence grows.
 * Deterministic for a given generator state.
 */
import type { Rng } from '../source/simulator/index.js';
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

/** Every arm gets this many posts before Thompson sampling takes over (see `chooseArm`). */
export const WARM_UP_POSTS = 3;

/**
 * The arm for the next slot: during the warm-up the arm with the fewest posts so far (lowest
 * index on ties), then Thompson sampling. The warm-up matches the stopping rule's minimum of
 * rewards per arm: without it, an arm unlucky in its first posts can be starved before it has
 * the rewards the rule waits for, and the experiment can only end inconclusive.
 *
 * @param posts posts given a slot so far per arm (published or scheduled, rewarded or not)
 */
export function chooseArm(rng: Rng, arms: readonly NormalGamma[], posts: readonly number[]): number {
  const fewest = Math.min(...posts);
  if (fewest < WARM_UP_POSTS) return posts.indexOf(fewest);
  return topTwoChoice(rng, arms);
}

/** Probability that top-two sampling plays the leader rather than its challenger (Russo 2016). */
export const LEADER_SHARE = 0.5;
/** Redraws allowed to find a challenger before the leader is played anyway. */
const MAX_CHALLENGER_DRAWS = 100;

/**
 * Top-two Thompson sampling: draw a leader as Thompson sampling does; with probability
 * `LEADER_SHARE` play it, otherwise redraw until another arm leads and play that challenger.
 * An experiment must name a winner, not only earn while it runs: plain Thompson sampling nearly
 * stops playing the runner-up once the leader looks good, so the evidence that would separate
 * the two (and let the stopping rule fire) arrives slowly. Top-two keeps the runner-up in play
 * until the question is settled, at a small cost in regret.
 */
export function topTwoChoice(rng: Rng, arms: readonly NormalGamma[]): number {
  const leader = thompsonChoice(rng, arms);
  if (arms.length < 2 || rng.next() < LEADER_SHARE) return leader;
  for (let i = 0; i < MAX_CHALLENGER_DRAWS; i++) {
    const challenger = thompsonChoice(rng, arms);
    if (challenger !== leader) return challenger;
  }
  return leader;
}
