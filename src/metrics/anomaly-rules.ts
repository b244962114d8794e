import {
  deviationZ,
  expectedGrowth,
  formatAge,
  formatSpan,
  MAX_WINDOW_MS,
  MIN_EXPECTED_VIEWS,
  MIN_LEVEL_VIEWS,
  poissonTail,
  REFERENCE_SPAN_MS,
  quantile,
  typicalRatio,
  valueAtAge,
  type AgePoint,
  type HistoryCurve,
  type MarkField,
} from './baseline.js';
import { FATIGUE_FREE_USES, FATIGUE_PER_EXCESS_USE } from './kpis/pattern-fatigue.js';
import { HOUR_MS, type KpiName } from './kpis/types.js';

/**
 * Anomaly types: the seed's three, and the three the age-aware model adds. Each is measured
 * against what this persona's posts usually do at the same age (docs/anomaly-model.md).
 */
export const ANOMALY_TYPES = [
  'viral_coefficient_drop',
  'negative_trajectory',
  'pattern_fatigue',
  'reach_drop',
  'reach_spike',
  'reply_storm',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Seed thresholds (SPEC §3.5), applied to the deviation from the age-aware expectation: more than
 * 30 % below it is high (reach and viral coefficient), a trajectory more than 50 points below the
 * persona's usual one at that age is medium, fatigue more than 0.8 above the persona's usual
 * fatigue of the pattern is low.
 */
export const VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT = 30;
const REACH_DROP_THRESHOLD_PERCENT = VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT;
export const NEGATIVE_TRAJECTORY_THRESHOLD = -50;
export const PATTERN_FATIGUE_THRESHOLD = 0.8;
/** A spike is reach at least twice (100 % above) what was expected. */
export const REACH_SPIKE_THRESHOLD_PERCENT = 100;
/** A reply storm is at least three times the replies expected for the views, and at least this many. */
export const REPLY_STORM_FACTOR = 3;
export const REPLY_STORM_MIN_REPLIES = 5;
/** An episode closes once its condition has been absent (with enough data to tell) this long. */
export const EPISODE_CLOSE_AFTER_MS = 30 * 60_000;
/** An open episode not seen for this long (the post went quiet or inactive) is closed. */
export const EPISODE_STALE_MS = 3 * HOUR_MS;

/**
 * How sure a deviation must be before it counts, beside its size: |z| of the observed log ratio
 * against the persona's spread plus Poisson noise (reach), or a Poisson tail probability (replies,
 * shares). A post is read every few minutes for a day, ~100–300 tests a post-day, so one false
 * alert per 100 post-days needs a per-test false-alarm rate well below 10⁻⁴.
 */
export const REACH_Z = 4;
export const COUNT_TAIL_P = 1e-5;
export const TRAJECTORY_Z = 3;
/** Replies or shares per view of a post are shrunk toward the persona's with this many views' weight. */
export const RATE_PRIOR_VIEWS = 200;
/** Replies or shares expected before a window is long enough for the count rules. */
export const MIN_EXPECTED_COUNT = 3;
/** Lifetime views below which a trajectory is noise. */
export const MIN_VIEWS_FOR_TRAJECTORY = 300;
/** A reach episode is compared with the post's level from this long before it was first seen. */
export const EPISODE_REFERENCE_LEAD_MS = 30 * 60_000;
/** Posts of the persona, before the last day, needed to know its usual use of patterns. */
export const MIN_PATTERN_BASELINE_POSTS = 6;

/** One row of viral_metrics_anomalies, without the storage columns (id, alert_sent, episode state). */
export interface Anomaly {
  post_id: string | null;
  anomaly_type: AnomalyType;
  severity: Severity;
  metric_name: KpiName | 'views' | 'replies';
  current_value: number;
  /** what was expected of the metric at this age */
  baseline_value: number | null;
  /** (expected − current) / expected × 100, in percent; for drops */
  drop_percentage: number | null;
  /** the rule's bound: percent drop or rise, trajectory floor or fatigue ceiling */
  threshold: number;
  /** the most fatigued pattern, for pattern_fatigue */
  pattern_id: string | null;
  message: string;
  detected_at: Date;
}

/**
 * What one reading says about one anomaly type: the condition holds (`active`, with the anomaly),
 * it does not (`clear`: there was enough data to tell), or there was too little data to tell
 * (`no_data`, which neither raises nor closes anything).
 */
export type Observation =
  | { state: 'active'; episode_key: string; anomaly_type: AnomalyType; anomaly: Anomaly }
  | { state: 'clear' | 'no_data'; episode_key: string; anomaly_type: AnomalyType; reason?: string };

/** The key of a post's episode of one type: at most one is open at a time. */
export function postEpisodeKey(postId: string, type: AnomalyType): string {
  return `${postId}:${type}`;
}

/** The key of a persona's pattern-fatigue episode. */
export function fatigueEpisodeKey(personaId: string): string {
  return `persona:${personaId}:pattern_fatigue`;
}

/** Percent drop = (baseline − current) / baseline × 100, ≥ 0; null without a positive baseline. */
export function percentDrop(baseline: number | null | undefined, current: number): number | null {
  if (baseline === null || baseline === undefined || !Number.isFinite(baseline) || baseline <= 0) return null;
  if (!Number.isFinite(current)) return null;
  // Multiplying before dividing keeps exact cases exact: (10 − 7) / 10 × 100 is 30.000000000000004.
  return Math.max(0, ((baseline - current) * 100) / baseline);
}

export interface PostReadingInput {
  postId: string;
  publishedAt: Date;
  now: Date;
  /** the post's cumulative counters by age, oldest first, the last one read now */
  points: readonly AgePoint[];
  /** the persona's earlier posts at the same ages (the post itself left out) */
  history: readonly HistoryCurve[];
  /** age at which each of the post's open episodes was first seen, by type */
  openEpisodeAges?: Partial<Record<AnomalyType, number>>;
  /** the engagement-trajectory KPI of this reading, and whether it rests on enough hours */
  trajectory?: { value: number; enoughData: boolean; views: number };
  /** the persona's trajectories near this age */
  historyTrajectories?: readonly number[];
}

/** A window of the post's age [a1, a2] and the reference age its level is read at. */
interface Window {
  a1: number;
  a2: number;
  ref: number;
  level: number;
  expected: number;
  spread: number;
  posts: number;
}

/**
 * Reach (drop, spike), replies (storm), shares per view (viral coefficient drop) and engagement
 * trajectory of one reading, each against what the persona's posts usually do at this age.
 */
export function evaluatePostReading(input: PostReadingInput): Observation[] {
  const { postId } = input;
  const key = (t: AnomalyType) => postEpisodeKey(postId, t);
  const noData = (t: AnomalyType, reason: string): Observation => ({
    state: 'no_data',
    episode_key: key(t),
    anomaly_type: t,
    reason,
  });
  const out: Observation[] = [];
  const a2 = input.now.getTime() - input.publishedAt.getTime();
  const opened = input.openEpisodeAges ?? {};
  const reachOpen = Math.min(opened.reach_drop ?? Infinity, opened.reach_spike ?? Infinity);

  const reach = chooseWindow(input, a2, reachOpen);
  if (typeof reach === 'string') {
    out.push(noData('reach_drop', reach), noData('reach_spike', reach));
  } else {
    const observed = views(input.points, reach.a2) - views(input.points, reach.a1);
    const z = deviationZ(observed, reach.expected, reach.spread, reach.level);
    const drop = percentDrop(reach.expected, observed) ?? 0;
    const rise = ((observed - reach.expected) * 100) / reach.expected;
    const span = formatSpan(reach.a2 - reach.a1);
    const age = formatAge(a2);
    const common = {
      post_id: postId,
      metric_name: 'views' as const,
      current_value: observed,
      baseline_value: reach.expected,
      pattern_id: null,
      detected_at: input.now,
    };
    if (drop > REACH_DROP_THRESHOLD_PERCENT && z <= -REACH_Z) {
      out.push(
        active(key('reach_drop'), 'reach_drop', {
          ...common,
          anomaly_type: 'reach_drop',
          severity: 'high',
          drop_percentage: drop,
          threshold: REACH_DROP_THRESHOLD_PERCENT,
          message:
            `Reach is ${Math.round(drop)} % below what your posts usually have at ${age}: ` +
            `${Math.round(observed)} views in the last ${span}, about ${Math.round(reach.expected)} expected.`,
        }),
      );
    } else out.push({ state: 'clear', episode_key: key('reach_drop'), anomaly_type: 'reach_drop' });
    if (rise >= REACH_SPIKE_THRESHOLD_PERCENT && z >= REACH_Z) {
      out.push(
        active(key('reach_spike'), 'reach_spike', {
          ...common,
          anomaly_type: 'reach_spike',
          severity: 'medium',
          drop_percentage: null,
          threshold: REACH_SPIKE_THRESHOLD_PERCENT,
          message:
            `Reach is ${times(observed / reach.expected)} what your posts usually have at ${age}: ` +
            `${Math.round(observed)} views in the last ${span}, about ${Math.round(reach.expected)} expected. ` +
            `Someone with a large audience may have shared it; a good time to answer replies.`,
        }),
      );
    } else out.push({ state: 'clear', episode_key: key('reach_spike'), anomaly_type: 'reach_spike' });
  }

  out.push(
    countRule(input, a2, 'reply_storm', 'replies', opened.reply_storm),
    countRule(input, a2, 'viral_coefficient_drop', 'secondary', opened.viral_coefficient_drop),
  );
  out.push(trajectoryRule(input, a2));
  return out;
}

function active(episode_key: string, anomaly_type: AnomalyType, anomaly: Anomaly): Observation {
  return { state: 'active', episode_key, anomaly_type, anomaly };
}

const views = (points: readonly AgePoint[], age: number) => valueAtAge(points, age, 'views') ?? 0;

/**
 * The shortest window ending now, over the post's own readings, in which at least
 * MIN_EXPECTED_VIEWS views are expected (at most MAX_WINDOW_MS); or why there is none.
 */
function chooseWindow(input: PostReadingInput, a2: number, episodeAge: number): Window | string {
  const { points } = input;
  if (points.length < 2) return 'fewer than two readings';
  let last: Window | null = null;
  for (let i = points.length - 2; i >= 0; i--) {
    const a1 = points[i]!.age_ms;
    if (a2 - a1 > MAX_WINDOW_MS) break;
    if (a2 <= a1) continue;
    const ref = referencePeriod(points, a1, episodeAge);
    if (ref === null) return 'too few views yet to know the post\u2019s pace';
    const growth = expectedGrowth(input.history, ref.r1, ref.r2, a1, a2, ref.views);
    if (growth === null) return 'too few earlier posts of this persona at this age';
    last = { a1, a2, ref: ref.r2, level: ref.views, ...growth };
    if (growth.expected >= MIN_EXPECTED_VIEWS) return last;
  }
  return last === null ? 'no earlier reading in the window' : 'too few views expected in the window';
}

/**
 * The post's reference period: REFERENCE_SPAN_MS of its own readings ending at the window's
 * start — or, while an episode is open, ending EPISODE_REFERENCE_LEAD_MS before it was first seen,
 * so an ongoing drop or spike is measured against the pace the post had before it. Doubled back
 * until it holds MIN_LEVEL_VIEWS views; null when even its whole life so far does not.
 */
function referencePeriod(
  points: readonly AgePoint[],
  a1: number,
  episodeAge: number,
): { r1: number; r2: number; views: number } | null {
  const first = points[0]!.age_ms;
  const r2 = Math.max(
    first,
    Math.min(a1, Number.isFinite(episodeAge) ? episodeAge - EPISODE_REFERENCE_LEAD_MS : a1),
  );
  for (let span = REFERENCE_SPAN_MS; ; span *= 2) {
    const r1 = Math.max(first, r2 - span);
    const v = views(points, r2) - views(points, r1);
    if (v >= MIN_LEVEL_VIEWS) return { r1, r2, views: v };
    if (r1 === first) return null;
  }
}

/**
 * Replies (storm: far above) or shares + replies (viral coefficient: far below) in the reach
 * window, against the post's own rate per view before it, shrunk toward the persona's rate at
 * that age; significance by the Poisson tail.
 */
function countRule(
  input: PostReadingInput,
  a2: number,
  type: 'reply_storm' | 'viral_coefficient_drop',
  field: MarkField,
  episodeAge: number | undefined,
): Observation {
  const key = postEpisodeKey(input.postId, type);
  const { points } = input;
  const noData = (reason: string): Observation => ({
    state: 'no_data',
    episode_key: key,
    anomaly_type: type,
    reason,
  });
  if (points.length < 2) return noData('fewer than two readings');
  const first = points[0]!.age_ms;
  // The shortest window over the post's readings in which MIN_EXPECTED_COUNT are expected.
  let window: { a1: number; expected: number; windowViews: number; rate: number } | null = null;
  for (let i = points.length - 2; i >= 0; i--) {
    const a1 = points[i]!.age_ms;
    if (a2 - a1 > MAX_WINDOW_MS) break;
    if (a2 <= a1) continue;
    const ref = Math.max(first, Math.min(a1, (episodeAge ?? Infinity) - EPISODE_REFERENCE_LEAD_MS));
    const ownViews = valueAtAge(points, ref, 'views') ?? 0;
    if (ownViews < MIN_LEVEL_VIEWS) break;
    const persona = typicalRatio(input.history, ref, field, 'views');
    if (persona === null) return noData('no persona rate at this age');
    const ownCount = valueAtAge(points, ref, field) ?? 0;
    const rate = (ownCount + RATE_PRIOR_VIEWS * persona) / (ownViews + RATE_PRIOR_VIEWS);
    const windowViews = views(points, a2) - views(points, a1);
    window = { a1, expected: rate * windowViews, windowViews, rate };
    if (window.expected >= MIN_EXPECTED_COUNT) break;
  }
  if (window === null) return noData('too few views yet to know the post\u2019s rate');
  const { expected, windowViews, rate } = window;
  const observed = Math.round(
    (valueAtAge(points, a2, field) ?? 0) - (valueAtAge(points, window.a1, field) ?? 0),
  );
  const span = formatSpan(a2 - window.a1);
  const age = formatAge(a2);
  if (type === 'reply_storm') {
    const storm =
      observed >= Math.max(REPLY_STORM_MIN_REPLIES, REPLY_STORM_FACTOR * expected) &&
      poissonTail(observed, expected, true) < COUNT_TAIL_P;
    if (!storm) return { state: 'clear', episode_key: key, anomaly_type: type };
    return active(key, type, {
      post_id: input.postId,
      anomaly_type: type,
      severity: 'medium',
      metric_name: 'replies',
      current_value: observed,
      baseline_value: expected,
      drop_percentage: null,
      threshold: REPLY_STORM_FACTOR,
      pattern_id: null,
      message:
        `Replies are pouring in: ${observed} in the last ${span}, about ${fmtCount(expected)} expected ` +
        `for its views at ${age}. Worth a look at what people are saying.`,
      detected_at: input.now,
    });
  }
  // A drop cannot be told from noise on few expected shares: P(X ≤ 0.7 E) < 10⁻⁵ needs E ≳ 200.
  const drop = percentDrop(expected, observed);
  if (drop === null || expected < 10) {
    return { state: 'no_data', episode_key: key, anomaly_type: type, reason: 'too few shares expected' };
  }
  const dropped =
    drop > VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT && poissonTail(observed, expected, false) < COUNT_TAIL_P;
  if (!dropped) return { state: 'clear', episode_key: key, anomaly_type: type };
  const vc = windowViews > 0 ? (observed * 100) / windowViews : 0;
  return active(key, type, {
    post_id: input.postId,
    anomaly_type: type,
    severity: 'high',
    metric_name: 'viral_coefficient',
    current_value: vc,
    baseline_value: rate * 100,
    drop_percentage: drop,
    threshold: VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT,
    pattern_id: null,
    message:
      `Shares and replies per view are ${Math.round(drop)} % below what your posts usually have at ${age}: ` +
      `${observed} on ${Math.round(windowViews)} views in the last ${span}, about ${fmtCount(expected)} expected.`,
    detected_at: input.now,
  });
}

function trajectoryRule(input: PostReadingInput, a2: number): Observation {
  const type = 'negative_trajectory';
  const key = postEpisodeKey(input.postId, type);
  const t = input.trajectory;
  const hist = input.historyTrajectories ?? [];
  if (!t || !t.enoughData || t.views < MIN_VIEWS_FOR_TRAJECTORY) {
    return { state: 'no_data', episode_key: key, anomaly_type: type, reason: 'trajectory on too few views' };
  }
  if (hist.length < 5) {
    return {
      state: 'no_data',
      episode_key: key,
      anomaly_type: type,
      reason: 'too few earlier posts at this age',
    };
  }
  const median = quantile(hist, 0.5);
  const spread =
    1.4826 *
    quantile(
      hist.map((h) => Math.abs(h - median)),
      0.5,
    );
  const deviation = t.value - median;
  // 10 points of floor on the spread: trajectories of a steady persona can agree to the decimal.
  const z = deviation / Math.max(spread, 10);
  if (!(deviation < NEGATIVE_TRAJECTORY_THRESHOLD && z <= -TRAJECTORY_Z)) {
    return { state: 'clear', episode_key: key, anomaly_type: type };
  }
  return active(key, type, {
    post_id: input.postId,
    anomaly_type: type,
    severity: 'medium',
    metric_name: 'engagement_trajectory',
    current_value: t.value,
    baseline_value: median,
    drop_percentage: null,
    threshold: NEGATIVE_TRAJECTORY_THRESHOLD,
    pattern_id: null,
    message:
      `Engagement per view is falling faster than usual at ${formatAge(a2)}: trajectory ${t.value.toFixed(0)}, ` +
      `your posts usually sit near ${median.toFixed(0)}.`,
    detected_at: input.now,
  });
}

/** One persona's use of one pattern: recent (decayed, last 7 days) and its usual rate. */
export interface PatternUse {
  pattern_id: string;
  /** decayed uses in the last 7 days (the seed's fatigue input) */
  recent: number;
  /** decayed uses expected in the last 7 days at the persona's usual share of posts using it */
  expected: number;
}

export interface FatigueInput {
  personaId: string;
  /** the post that carries the anomaly: the persona's newest post using the worst pattern */
  postIdFor: (patternId: string) => string | null;
  uses: readonly PatternUse[];
  /** persona posts in the baseline period (before the last day) */
  baselinePosts: number;
  now: Date;
}

/** Seed fatigue of a number of decayed uses: min(1, max(0, uses − 3) × 0.2). */
export function fatigueOfUses(uses: number): number {
  return Math.min(1, Math.max(0, (uses - FATIGUE_FREE_USES) * FATIGUE_PER_EXCESS_USE));
}

/**
 * Pattern fatigue beyond the persona's habit: fatigue of its recent uses minus the fatigue its
 * usual share of posts would give; above 0.8 is a low-severity anomaly. A persona that always
 * opens with a question is not tiring its audience more than usual by doing it again.
 */
export function evaluateFatigue(input: FatigueInput): Observation {
  const type = 'pattern_fatigue';
  const key = fatigueEpisodeKey(input.personaId);
  if (input.baselinePosts < MIN_PATTERN_BASELINE_POSTS) {
    return { state: 'no_data', episode_key: key, anomaly_type: type, reason: 'too little posting history' };
  }
  let worst: (PatternUse & { deviation: number }) | null = null;
  for (const u of input.uses) {
    const deviation = fatigueOfUses(u.recent) - fatigueOfUses(u.expected);
    if (worst === null || deviation > worst.deviation) worst = { ...u, deviation };
  }
  if (worst === null || !(worst.deviation > PATTERN_FATIGUE_THRESHOLD)) {
    return { state: 'clear', episode_key: key, anomaly_type: type };
  }
  const postId = input.postIdFor(worst.pattern_id);
  if (postId === null) {
    return { state: 'no_data', episode_key: key, anomaly_type: type, reason: 'no active post uses it' };
  }
  const [family, name] = worst.pattern_id.includes(':')
    ? (worst.pattern_id.split(':', 2) as [string, string])
    : ['pattern', worst.pattern_id];
  return active(key, type, {
    post_id: postId,
    anomaly_type: type,
    severity: 'low',
    metric_name: 'pattern_fatigue',
    current_value: fatigueOfUses(worst.recent),
    baseline_value: fatigueOfUses(worst.expected),
    drop_percentage: null,
    threshold: PATTERN_FATIGUE_THRESHOLD,
    pattern_id: worst.pattern_id,
    message:
      `Your audience has seen the ${family} '${name.replaceAll('_', ' ')}' about ${worst.recent.toFixed(0)} times ` +
      `this week, where you usually use it about ${worst.expected.toFixed(0)} times: ` +
      `posts built on it may be wearing thin.`,
    detected_at: input.now,
  });
}

function times(ratio: number): string {
  return `${ratio.toFixed(ratio < 10 ? 1 : 0)}×`;
}

function fmtCount(n: number): string {
  return n < 10 ? n.toFixed(1) : String(Math.round(n));
}
