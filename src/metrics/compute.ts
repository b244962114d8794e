import { clamp } from '../lib/math.js';
import { countOf, interactions } from './kpis/counts.js';
import {
  engagementTrajectory,
  TRAJECTORY_MIN_POINTS,
  type TrajectoryPoint,
} from './kpis/engagement-trajectory.js';
import { postPatternFatigue } from './kpis/pattern-fatigue.js';
import { replyDepth } from './kpis/reply-depth.js';
import { scrollStopRate } from './kpis/scroll-stop-rate.js';
import { shareVelocity } from './kpis/share-velocity.js';
import {
  HOUR_MS,
  type Counters,
  type CounterSnapshot,
  type PatternUsage,
  type ReplyNode,
} from './kpis/types.js';
import { viralCoefficient } from './kpis/viral-coefficient.js';
import {
  buildHourlySeries,
  type HourlyBreakdownEntry,
  type HourlySeries,
  type SeriesWarning,
} from './series.js';
import { parseTimeframe, type TimeframeLabel } from './timeframe.js';

/** Why a value may need a second look; stable codes the API and dashboard can show. */
export const METRIC_FLAGS = [
  'no_snapshots',
  'no_data_in_window',
  'no_views',
  'scroll_stop_rate_estimated',
  'counter_decreased',
  'invalid_input_ignored',
  'trajectory_insufficient_data',
  'hourly_breakdown_used',
] as const;
export type MetricFlag = (typeof METRIC_FLAGS)[number];

export interface ComputeInput {
  snapshots: readonly CounterSnapshot[];
  /** the source's own per-hour counts, used instead of snapshot differences when they cover the window */
  hourlyBreakdown?: readonly HourlyBreakdownEntry[] | null;
  publishedAt?: Date | null;
  /** top-level replies with their answers */
  replyTree: readonly ReplyNode[];
  usage: readonly PatternUsage[];
  personaId: string;
  /** the post's pattern ids */
  patterns: readonly string[];
  /** one of TIMEFRAMES; anything else throws InvalidInputError */
  timeframe: string;
  now: Date;
}

export interface HourlyPoint {
  start: Date;
  end: Date;
  views: number | null;
  interactions: number | null;
  /** shares + reposts gained in the hour */
  shares: number | null;
  /** interactions / views in the hour, fraction; null without views */
  engagement_rate: number | null;
}

export interface ViralMetrics {
  /** percent, 0–50 */
  viral_coefficient: number;
  /** percent, 0–100 */
  scroll_stop_rate: number;
  /** shares + reposts per hour at the peak hour, ≥ 0 */
  share_velocity: number;
  /** mean thread depth in levels, ≥ 0 */
  reply_depth: number;
  /** −100…100 */
  engagement_trajectory: number;
  /** 0–1 (stored as pattern_fatigue_score) */
  pattern_fatigue: number;
  pattern_fatigue_by_pattern: Record<string, number>;
  /** lifetime interactions / views, fraction 0–1 (the unit of ViralPost.engagement_rate) */
  engagement_rate: number;
  /** lifetime counters as of `now`; null where the source never reported them */
  totals: Counters;
  timeframe: TimeframeLabel;
  window: { start: Date; end: Date };
  hourly: HourlyPoint[];
  series_source: HourlySeries['source'];
  last_snapshot_at: Date | null;
  flags: MetricFlag[];
  warnings: SeriesWarning[];
}

/**
 * The six KPIs of one post at `now`. Ratio KPIs (viral coefficient, scroll-stop rate, engagement rate) use the
 * lifetime totals, which are stable and comparable across posts of different ages; share velocity and the
 * trajectory use the hourly series of the timeframe, which is what the timeframe selects.
 */
export function computeViralMetrics(input: ComputeInput): ViralMetrics {
  const timeframe = parseTimeframe(input.timeframe);
  const series = buildHourlySeries({
    snapshots: input.snapshots,
    timeframe,
    now: input.now,
    publishedAt: input.publishedAt ?? null,
    hourlyBreakdown: input.hourlyBreakdown ?? null,
  });
  const flags = new Set<MetricFlag>();
  const { totals, buckets } = series;

  const ssr = scrollStopRate(totals);
  const fatigue = postPatternFatigue({
    usage: input.usage,
    personaId: input.personaId,
    patternIds: input.patterns,
    now: input.now,
  });

  const windowStartMs = series.window.start.getTime();
  const hourly: HourlyPoint[] = buckets.map((bucket) => {
    const views = bucket.deltas.views;
    const gained = interactions(bucket.deltas);
    const shares =
      bucket.deltas.shares === null && bucket.deltas.reposts === null
        ? null
        : countOf(bucket.deltas.shares) + countOf(bucket.deltas.reposts);
    return {
      start: bucket.start,
      end: bucket.end,
      views,
      interactions: gained,
      shares,
      engagement_rate: views !== null && views > 0 && gained !== null ? gained / views : null,
    };
  });
  const trajectoryPoints: TrajectoryPoint[] = hourly.map((point) => ({
    hour: (point.start.getTime() - windowStartMs) / HOUR_MS,
    views: point.views,
    interactions: point.interactions,
  }));

  const views = countOf(totals.views);
  const hasTotals = Object.values(totals).some((value) => value !== null);
  if (!hasTotals && series.source === 'none') flags.add('no_snapshots');
  else if (series.source === 'none') flags.add('no_data_in_window');
  if (views === 0) flags.add('no_views');
  if (ssr.flagged) flags.add('scroll_stop_rate_estimated');
  if (series.warnings.some((w) => w.code === 'counter_decreased')) flags.add('counter_decreased');
  if (series.warnings.some((w) => w.code !== 'counter_decreased')) flags.add('invalid_input_ignored');
  if (hourly.filter((p) => p.engagement_rate !== null).length < TRAJECTORY_MIN_POINTS) {
    flags.add('trajectory_insufficient_data');
  }
  if (series.source === 'hourly_breakdown') flags.add('hourly_breakdown_used');

  return {
    viral_coefficient: viralCoefficient(totals),
    scroll_stop_rate: ssr.value,
    share_velocity: shareVelocity(buckets.map((b) => b.deltas)),
    reply_depth: replyDepth(input.replyTree),
    engagement_trajectory: engagementTrajectory(trajectoryPoints),
    pattern_fatigue: fatigue.score,
    pattern_fatigue_by_pattern: fatigue.by_pattern,
    engagement_rate: views > 0 ? clamp((interactions(totals) ?? 0) / views, 0, 1) : 0,
    totals,
    timeframe: timeframe.label,
    window: series.window,
    hourly,
    series_source: series.source,
    last_snapshot_at: series.last_snapshot_at,
    flags: METRIC_FLAGS.filter((flag) => flags.has(flag)),
    warnings: series.warnings,
  };
}
