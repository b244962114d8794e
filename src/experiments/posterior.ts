/**
 * The reward model of an experiment arm, pure.
 *
 * **Reward.** One number per post: y = ln(r + 0.001), where r is the metrics engine's engagement
 * rate (interactions / views) at `reward_age_hours` — the engagement model's outcome scale
 * (`rateToOutcome` in `engagement/outcome.ts`). One post is one observation: the spread between posts (content,
 * reach, luck) is the noise the bandit has to see through, so counting each view as a Bernoulli
 * trial (a Beta–Binomial on engaged views) would make it overconfident by the number of views.
 * The log makes a lift multiplicative (+20 % is the same step at 2 % and at 8 %) and tames the
 * right skew of rates.
 *
 * **Model.** y ~ Normal(μ, 1/τ) with a conjugate Normal–Gamma prior NG(μ0, κ0, α0, β0):
 * τ ~ Gamma(α0, rate β0), μ | τ ~ Normal(μ0, 1/(κ0 τ)). After n rewards with mean ȳ and
 * sum of squared deviations S:
 *   κn = κ0 + n,  μn = (κ0 μ0 + n ȳ) / κn,  αn = α0 + n/2,
 *   βn = β0 + S/2 + κ0 n (ȳ − μ0)² / (2 κn).
 * The marginal posterior of μ is Student-t with 2αn degrees of freedom, location μn and
 * scale √(βn / (αn κn)).
 *
 * **Prior** from the persona's own history (every arm starts at the same prior): μ0 = mean of
 * the history's rewards, κ0 = 1 (worth one post), α0 = 2 and β0 = variance of the history's
 * rewards, so the prior expected variance β0/(α0 − 1) is the history's and it weighs as four
 * posts (ν0 = 2α0). Weak on purpose: the history says where rewards usually are, not which arm
 * wins. Without at least two past rewards, a default prior centred on a 5 % rate with a log-scale
 * spread of 0.5.
 */

export interface NormalGamma {
  mu: number;
  kappa: number;
  alpha: number;
  beta: number;
}

/** Prior weight of the history's mean, in posts. */
export const PRIOR_KAPPA = 1;
/** Prior shape: the variance prior weighs as 2α0 = 4 posts and has a finite mean. */
export const PRIOR_ALPHA = 2;
/** Default prior without history: ln(0.05 + 0.001) and a variance of 0.5². */
export const DEFAULT_PRIOR: NormalGamma = {
  mu: Math.log(0.051),
  kappa: PRIOR_KAPPA,
  alpha: PRIOR_ALPHA,
  beta: 0.25,
};
/** Floor on the prior variance so a history of identical rewards cannot freeze the bandit. */
const MIN_PRIOR_VARIANCE = 0.01;

/** Prior from the persona's past rewards: μ0 = mean, κ0 = 1, α0 = 2, β0 = sample variance (n − 1). */
export function priorFromHistory(rewards: readonly number[]): NormalGamma {
  if (rewards.length < 2) return DEFAULT_PRIOR;
  const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
  const variance = rewards.reduce((a, y) => a + (y - mean) ** 2, 0) / (rewards.length - 1);
  return {
    mu: mean,
    kappa: PRIOR_KAPPA,
    alpha: PRIOR_ALPHA,
    beta: Math.max(MIN_PRIOR_VARIANCE, variance) * (PRIOR_ALPHA - 1),
  };
}

/**
 * The rewards of one arm, keyed by post id: a post's reward is taken once, so observing a post
 * already observed returns the same evidence unchanged (a re-run never counts a post twice).
 */
export type ArmEvidence = ReadonlyMap<string, number>;

export const NO_EVIDENCE: ArmEvidence = new Map();

export function observe(evidence: ArmEvidence, postId: string, reward: number): ArmEvidence {
  if (evidence.has(postId) || !Number.isFinite(reward)) return evidence;
  return new Map(evidence).set(postId, reward);
}

/** The conjugate update above, from the prior and every reward of the arm. */
export function posterior(prior: NormalGamma, rewards: Iterable<number>): NormalGamma {
  const ys = Array.isArray(rewards) ? (rewards as readonly number[]) : [...rewards];
  const n = ys.length;
  if (n === 0) return prior;
  const mean = ys.reduce((a, y) => a + y, 0) / n;
  const ss = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
  const kappa = prior.kappa + n;
  return {
    mu: (prior.kappa * prior.mu + n * mean) / kappa,
    kappa,
    alpha: prior.alpha + n / 2,
    beta: prior.beta + ss / 2 + (prior.kappa * n * (mean - prior.mu) ** 2) / (2 * kappa),
  };
}

/** Marginal posterior of the arm's mean reward: t_{2α}(μ, √(β / (α κ))). */
export function meanMarginal(p: NormalGamma): { df: number; location: number; scale: number } {
  return { df: 2 * p.alpha, location: p.mu, scale: Math.sqrt(p.beta / (p.alpha * p.kappa)) };
}
