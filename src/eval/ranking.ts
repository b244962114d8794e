/**
 * Ranking figures for "which of my posts did better": pairwise accuracy over comparable pairs,
 * Spearman's rank correlation, interval coverage. Pure.
 */

export interface RankedPost {
  /** publishing time, ms */
  time: number;
  /** the engagement it reached */
  engagement: number;
}

export interface PairRule {
  /** pairs at most this far apart in time, ms */
  maxGapMs: number;
  /** the better post has at least this many times the other's engagement */
  minRatio: number;
}

/** The rule: at most 14 days apart, at least 2× engagement difference. */
export const DEFAULT_PAIR_RULE: PairRule = { maxGapMs: 14 * 86_400_000, minRatio: 2 };

/**
 * Index pairs [i, j] (i published no later than j) that the rule makes comparable: close enough
 * in time that the account's level is much the same, and different enough in engagement that the
 * order is not noise. `posts` must be sorted by time.
 */
export function comparablePairs(
  posts: readonly RankedPost[],
  rule: PairRule = DEFAULT_PAIR_RULE,
): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < posts.length; i++) {
    const a = posts[i]!;
    for (let j = i + 1; j < posts.length; j++) {
      const b = posts[j]!;
      if (b.time - a.time > rule.maxGapMs) break;
      const hi = Math.max(a.engagement, b.engagement);
      const lo = Math.min(a.engagement, b.engagement);
      if (hi > lo && hi >= rule.minRatio * lo) pairs.push([i, j]);
    }
  }
  return pairs;
}

/**
 * Share of pairs whose better post has the higher score; a tie in score counts half (chance is
 * 0.5). NaN when there are no pairs.
 */
export function pairwiseAccuracy(
  pairs: readonly (readonly [number, number])[],
  engagement: readonly number[],
  scores: readonly number[],
): number {
  if (pairs.length === 0) return Number.NaN;
  let right = 0;
  for (const [i, j] of pairs) {
    const d = scores[i]! - scores[j]!;
    if (d === 0) right += 0.5;
    else if (d > 0 === engagement[i]! > engagement[j]!) right += 1;
  }
  return right / pairs.length;
}

/** Ranks from 1, ties sharing their average rank. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && xs[order[end + 1]!] === xs[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's r of the average ranks. NaN with fewer than 2 values or no spread. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearman: ${x.length} vs ${y.length} values`);
  const n = x.length;
  if (n < 2) return Number.NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

/** Share of values inside their [low, high]; NaN for none. */
export function coverage(
  values: readonly number[],
  intervals: readonly { low: number; high: number }[],
): number {
  if (values.length === 0) return Number.NaN;
  let inside = 0;
  values.forEach((v, i) => {
    const { low, high } = intervals[i]!;
    if (v >= low && v <= high) inside++;
  });
  return inside / values.length;
}
