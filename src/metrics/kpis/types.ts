/**
 * Value types shared by the KPI functions, the time-series builder and the metrics service.
 * Field names follow the seed's tables (snake_case) so that rows map onto them without renaming.
 */

/** The eight cumulative counters a source reports for a post (SPEC §3.1). */
export const COUNTER_FIELDS = [
  'views',
  'impressions',
  'engaged_views',
  'likes',
  'replies',
  'reposts',
  'quotes',
  'shares',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

/** One value per counter; `null` when the source does not report it (e.g. no impressions). */
export type Counters = Record<CounterField, number | null>;

/** A reading of the cumulative counters at `taken_at`; absent or null fields are unknown, not zero. */
export type CounterSnapshot = { taken_at: Date } & Partial<Record<CounterField, number | null>>;

/** One node of a post's reply tree: a reply and the answers to it. */
export interface ReplyNode {
  id: string;
  children: readonly ReplyNode[];
}

/** One row of `pattern_usage_history`: a persona used a pattern in a post at `used_at`. */
export interface PatternUsage {
  persona_id: string;
  pattern_id: string;
  used_at: Date;
  /** the table's `usage_count` column; one use when absent */
  usage_count?: number | null;
}

/** The six KPIs under the metric names the seed stores in `viral_metrics_history`. */
export const KPI_NAMES = [
  'viral_coefficient',
  'scroll_stop_rate',
  'share_velocity',
  'reply_depth',
  'engagement_trajectory',
  'pattern_fatigue',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
