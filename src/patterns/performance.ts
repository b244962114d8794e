/**
 * Which patterns work for *this* account: per pattern type, its usage, mean and median
 * engagement rate, and its lift over the account's own baseline with a 95 % interval, shrunk
 * toward the account mean by empirical Bayes so that a pattern seen on three lucky posts does
 * not look like a miracle.
 *
 * Model (normal–normal, Efron & Morris 1975):
 *   post engagement      yᵢ ~ N(θ_p, σ²) for the posts using pattern p
 *   pattern means        θ_p ~ N(μ, τ²)
 *   μ  = the account's mean engagement rate over all its posts (the baseline)
 *   σ² = the sample variance of the account's engagement rates (n − 1)
 *   τ² = between-pattern variance by the method of moments over the K patterns used on at
 *        least 5 posts (all patterns when fewer than 2 qualify):
 *        max(0, Σ(m_p − m̄)² / (K − 1) − mean(σ²/n_p)); 0 when K < 2 (no spread to learn from).
 *        Means of 1–4 posts are mostly noise; letting them into the spread would let the very
 *        outlier we want to shrink widen the prior and excuse itself.
 * Each pattern's mean m_p (n_p posts, sampling variance v_p = σ²/n_p) is shrunk:
 *   B_p = v_p / (v_p + τ²)            (1 = all the way to the account mean)
 *   θ̂_p = μ + (1 − B_p)(m_p − μ)
 *   Var  = (1 − B_p)·v_p                       posterior variance given τ²,
 *        + B_p²·σ²/N                           the uncertainty of μ̂ that shrinkage carries in,
 *        + B_p²·(m_p − μ)²·2/max(1, K − 3)     Morris's (1983) term for not knowing τ²: a mean
 *                                              pulled far keeps a wide interval
 *   lift = θ̂_p / μ − 1,  95 % interval (θ̂_p ± 1.96·√Var) / μ − 1
 * Posts may carry several patterns, so patterns are not independent groups; the estimate is
 * a ranking aid, not a causal effect. Pure: no I/O.
 */
import { mean, median, sampleVariance } from '../lib/stats.js';

export interface PostOutcome {
  engagement_rate: number;
  /** the pattern types found in the post (each counted once per post) */
  pattern_types: readonly string[];
}

export type Interval = [low: number, high: number];

export interface PatternPerformance {
  pattern_type: string;
  usage_count: number;
  /** share of the account's posts that use the pattern */
  usage_share: number;
  mean_engagement_rate: number;
  median_engagement_rate: number;
  /** unshrunk m_p / μ − 1 (null when the baseline is 0) */
  raw_lift: number | null;
  raw_lift_ci: Interval | null;
  /** shrunk θ̂_p / μ − 1 (null when the baseline is 0) */
  lift: number | null;
  lift_ci: Interval | null;
  /** B_p: how far the estimate was pulled to the account mean (0 = not at all, 1 = entirely) */
  shrinkage: number;
}

export interface AccountPatternPerformance {
  post_count: number;
  baseline: { mean: number; median: number; variance: number };
  prior: {
    mean: number;
    between_pattern_variance: number;
    within_variance: number;
    /** how many patterns τ² was estimated from */
    patterns_in_prior: number;
  };
  /**
   * sorted by the lower end of the shrunk lift's interval, best first (ties: higher lift, more
   * usage): a leaderboard of what reliably works, where a three-post fluke cannot come first
   */
  patterns: PatternPerformance[];
}

const Z95 = 1.959963984540054;

/** Patterns used on fewer posts do not shape the prior (see the model above). */
export const MIN_POSTS_FOR_PRIOR = 5;

/** Per-pattern performance of one account's posts (see the model above). */
export function patternPerformance(posts: readonly PostOutcome[]): AccountPatternPerformance {
  const rates = posts.map((p) => p.engagement_rate).filter((r) => Number.isFinite(r));
  const n = rates.length;
  const mu = mean(rates, 0);
  const sigma2 = sampleVariance(rates, mu);

  const groups = new Map<string, number[]>();
  for (const post of posts) {
    if (!Number.isFinite(post.engagement_rate)) continue;
    for (const type of new Set(post.pattern_types)) {
      const list = groups.get(type) ?? [];
      list.push(post.engagement_rate);
      groups.set(type, list);
    }
  }

  const stats = [...groups].map(([type, ys]) => ({ type, ys, m: mean(ys), v: sigma2 / ys.length }));
  const wellSampled = stats.filter((s) => s.ys.length >= MIN_POSTS_FOR_PRIOR);
  const priorStats = wellSampled.length >= 2 ? wellSampled : stats;
  const k = priorStats.length;
  let tau2 = 0;
  if (k >= 2) {
    const mBar = mean(priorStats.map((s) => s.m));
    let spread = 0;
    for (const s of priorStats) spread += (s.m - mBar) ** 2;
    tau2 = Math.max(0, spread / (k - 1) - mean(priorStats.map((s) => s.v)));
  }
  const morris = 2 / Math.max(1, k - 3);

  const relative = (x: number): number | null => (mu > 0 ? x / mu - 1 : null);
  const interval = (center: number, variance: number): Interval | null => {
    const half = Z95 * Math.sqrt(variance);
    const low = relative(center - half);
    const high = relative(center + half);
    // engagement cannot go below zero, so neither can a lift below −100 %
    return low === null || high === null ? null : [Math.max(-1, low), high];
  };

  const patterns: PatternPerformance[] = stats.map(({ type, ys, m, v }) => {
    const b = v + tau2 > 0 ? v / (v + tau2) : 1;
    const theta = mu + (1 - b) * (m - mu);
    const variance = (1 - b) * v + (b * b * sigma2) / Math.max(1, n) + b * b * (m - mu) ** 2 * morris;
    return {
      pattern_type: type,
      usage_count: ys.length,
      usage_share: n > 0 ? ys.length / n : 0,
      mean_engagement_rate: m,
      median_engagement_rate: median(ys),
      raw_lift: relative(m),
      raw_lift_ci: interval(m, v),
      lift: relative(theta),
      lift_ci: interval(theta, variance),
      shrinkage: b,
    };
  });
  patterns.sort(
    (a, b) =>
      (b.lift_ci?.[0] ?? 0) - (a.lift_ci?.[0] ?? 0) ||
      (b.lift ?? 0) - (a.lift ?? 0) ||
      b.usage_count - a.usage_count ||
      a.pattern_type.localeCompare(b.pattern_type),
  );

  return {
    post_count: n,
    baseline: { mean: mu, median: median(rates, 0), variance: sigma2 },
    prior: { mean: mu, between_pattern_variance: tau2, within_variance: sigma2, patterns_in_prior: k },
    patterns,
  };
}
