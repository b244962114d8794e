/**
 * Age-aware expectations: what a post should be getting right now, given its age, how it started
 * and how this persona's posts usually grow. See docs/anomaly-model.md for the model and its
 * calibration.
 *
 * Every post's cumulative counters are kept at fixed ages (`post_age_marks`, every
 * MARK_STEP_MS from publication). For a post i read over the window [a1, a2] of its age, with a
 * reference age r ≤ a1 (a1 itself, or the age just before an ongoing reach episode began):
 *
 *   ratio_j  = (V_j(a2) − V_j(a1)) / V_j(r)       for each earlier post j of the persona
 *   expected = V_i(r) × median_j ratio_j
 *   spread   = 1.4826 × MAD_j log ratio_j          (the persona's own post-to-post variation)
 *
 * so a post is compared with what the persona's posts of the same age did, scaled by its own
 * level before the window: a day-old post is expected to be slow because posts of this persona
 * are slow at a day, not because it was faster in its first hour.
 */
import { HOUR_MS } from './kpis/types.js';

/** Cumulative counters are kept every 15 minutes of a post's age. */
export const MARK_STEP_MS = 15 * 60_000;
/** A gap between two readings longer than this is not interpolated into marks. */
export const MAX_MARK_GAP_MS = 2 * HOUR_MS;
/** Persona history used for expectations. */
export const HISTORY_WINDOW_MS = 14 * 24 * HOUR_MS;
/** Fewer comparable earlier posts of the persona: not enough data. */
export const MIN_HISTORY_POSTS = 5;
/** Below this many views at the reference age a post's level is unknown: not enough data. */
export const MIN_LEVEL_VIEWS = 30;
/**
 * The persona's posts never agree on their pace better than this (log scale, ≈ 12 %): a spread
 * measured on a handful of posts can come out smaller by chance.
 */
export const MIN_SPREAD = 0.12;
/** An earlier post whose reference period had fewer views says little about the ratio. */
export const MIN_REFERENCE_GROWTH = 10;
/** The reference period: the post's views over this long before the window (longer when too few). */
export const REFERENCE_SPAN_MS = 2 * HOUR_MS;
/** The window grows back over earlier readings until this many views are expected. */
export const MIN_EXPECTED_VIEWS = 25;
/** …but no further than this: a post too quiet for it is "not enough data". */
export const MAX_WINDOW_MS = 2 * HOUR_MS;

/** The counters a mark keeps. */
export const MARK_FIELDS = ['views', 'secondary', 'replies'] as const;
export type MarkField = (typeof MARK_FIELDS)[number];

/** A post's cumulative counters at one age. */
export interface AgePoint {
  age_ms: number;
  views: number;
  /** shares + reposts + quotes + replies: the viral coefficient's numerator */
  secondary: number;
  replies: number;
}

/** One earlier post of the persona: its points sorted by age. */
export interface HistoryCurve {
  post_id: string;
  points: readonly AgePoint[];
}

/** Linear interpolation of a cumulative counter at `ageMs`; null outside the points' range. */
export function valueAtAge(points: readonly AgePoint[], ageMs: number, field: MarkField): number | null {
  const n = points.length;
  if (n === 0) return null;
  const first = points[0]!;
  const last = points[n - 1]!;
  if (ageMs < first.age_ms || ageMs > last.age_ms) return null;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.age_ms <= ageMs) lo = mid;
    else hi = mid - 1;
  }
  const a = points[lo]!;
  const b = points[lo + 1];
  if (b === undefined || b.age_ms === a.age_ms) return a[field];
  return a[field] + ((b[field] - a[field]) * (ageMs - a.age_ms)) / (b.age_ms - a.age_ms);
}

/**
 * Marks to store for a post from two consecutive readings: every multiple of MARK_STEP_MS of its
 * age in (prev, cur], interpolated. Without a previous reading the publication (all zeros) is one
 * when the reading is younger than one step; longer gaps than MAX_MARK_GAP_MS give no marks.
 */
export function marksBetween(prev: AgePoint | null, cur: AgePoint): AgePoint[] {
  const from: AgePoint | null =
    prev ?? (cur.age_ms <= MARK_STEP_MS ? { age_ms: 0, views: 0, secondary: 0, replies: 0 } : null);
  if (from === null || cur.age_ms <= from.age_ms || cur.age_ms - from.age_ms > MAX_MARK_GAP_MS) return [];
  const out: AgePoint[] = [];
  const firstStep = prev === null ? 0 : Math.floor(from.age_ms / MARK_STEP_MS) + 1;
  for (let k = firstStep; k * MARK_STEP_MS <= cur.age_ms; k++) {
    const age = k * MARK_STEP_MS;
    const pts = [from, cur];
    out.push({
      age_ms: age,
      views: Math.round(valueAtAge(pts, age, 'views') ?? 0),
      secondary: Math.round(valueAtAge(pts, age, 'secondary') ?? 0),
      replies: Math.round(valueAtAge(pts, age, 'replies') ?? 0),
    });
  }
  return out;
}

export interface GrowthExpectation {
  /** views expected in [a1, a2] */
  expected: number;
  /** robust spread of log growth across the persona's posts */
  spread: number;
  /** persona posts the expectation rests on */
  posts: number;
}

/**
 * Expected growth of `field` over ages [a1, a2] for a post that grew by `level` over the
 * reference ages [r1, r2]: level × median over the persona's posts of
 * (growth in [a1, a2]) / (growth in [r1, r2]). Null when fewer than MIN_HISTORY_POSTS posts cover
 * the ages with at least MIN_REFERENCE_GROWTH in the reference period.
 */
export function expectedGrowth(
  history: readonly HistoryCurve[],
  r1: number,
  r2: number,
  a1: number,
  a2: number,
  level: number,
  field: MarkField = 'views',
): GrowthExpectation | null {
  const logs: number[] = [];
  for (const curve of history) {
    const atR1 = valueAtAge(curve.points, r1, field);
    const atR2 = valueAtAge(curve.points, r2, field);
    const at1 = valueAtAge(curve.points, a1, field);
    const at2 = valueAtAge(curve.points, a2, field);
    if (atR1 === null || atR2 === null || at1 === null || at2 === null) continue;
    const ref = atR2 - atR1;
    if (ref < MIN_REFERENCE_GROWTH) continue;
    // Half a view keeps a post that got nothing in the window finite without pretending it got one.
    logs.push(Math.log((Math.max(0, at2 - at1) + 0.5) / ref));
  }
  if (logs.length < MIN_HISTORY_POSTS) return null;
  const median = quantile(logs, 0.5);
  const mad = quantile(
    logs.map((l) => Math.abs(l - median)),
    0.5,
  );
  return {
    expected: level * Math.exp(median),
    spread: Math.max(MIN_SPREAD, 1.4826 * mad),
    posts: logs.length,
  };
}

/**
 * Typical ratio of `num` to `den` (e.g. replies per view) among the persona's posts at `ageMs`:
 * the median of their cumulative ratios, over posts with at least MIN_LEVEL_VIEWS of `den`.
 */
export function typicalRatio(
  history: readonly HistoryCurve[],
  ageMs: number,
  num: MarkField,
  den: MarkField,
): number | null {
  const ratios: number[] = [];
  for (const curve of history) {
    const d = valueAtAge(curve.points, ageMs, den);
    const n = valueAtAge(curve.points, ageMs, num);
    if (d === null || n === null || d < MIN_LEVEL_VIEWS) continue;
    ratios.push(n / d);
  }
  return ratios.length >= MIN_HISTORY_POSTS ? quantile(ratios, 0.5) : null;
}

/** The q-quantile (0…1) of values by linear interpolation; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * z of observing `observed` when `expected` was expected with log-spread `spread`: the log ratio
 * over the combined spread of the persona's variation and the count's own Poisson noise.
 */
export function deviationZ(observed: number, expected: number, spread: number, reference = Infinity): number {
  const logRatio = Math.log((observed + 0.5) / (expected + 0.5));
  return logRatio / Math.sqrt(spread * spread + 1 / (expected + 0.5) + 1 / (reference + 0.5));
}

/** Poisson tail: P(X ≥ k) (upper) or P(X ≤ k) (lower) for X ~ Poisson(mean). */
export function poissonTail(k: number, mean: number, upper: boolean): number {
  if (mean <= 0) return upper ? (k <= 0 ? 1 : 0) : 1;
  const kk = Math.floor(k);
  // P(X ≤ kk) by summing terms in log space.
  let term = Math.exp(-mean);
  let cdf = 0;
  for (let i = 0; i <= kk; i++) {
    if (i > 0) term *= mean / i;
    cdf += term;
    if (i > mean && term < 1e-16 * cdf) break;
  }
  cdf = Math.min(1, cdf);
  if (!upper) return cdf;
  // P(X ≥ kk) = 1 − P(X ≤ kk − 1)
  return Math.max(0, 1 - (cdf - poissonPmf(kk, mean)));
}

function poissonPmf(k: number, mean: number): number {
  let logP = -mean + k * Math.log(mean);
  for (let i = 2; i <= k; i++) logP -= Math.log(i);
  return Math.exp(logP);
}

/** "45 min", "6 h", "1 d 3 h": a post's age as a creator says it. */
export function formatAge(ageMs: number): string {
  const minutes = Math.round(ageMs / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(ageMs / HOUR_MS);
  if (hours < 24) return `${hours} h`;
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** "10 min", "1 h 20 min": a window's length. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
