import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CommentTables } from '../../comments/tables.js';
import type { ContentTables } from '../../content/tables.js';
import type { EngagementTables } from '../../engagement/tables.js';
import type { ExperimentTables } from '../../experiments/tables.js';
import type { Severity } from '../../metrics/anomaly-rules.js';
import type { TrajectoryTables } from '../../patterns/trajectory-tables.js';

/**
 * Hand-written schema of the database, kept in step with `migrations/`.
 *
 * Value conventions (the same on PGlite and PostgreSQL, see client.ts):
 * - `bigint`/`bigserial` and `numeric` come back as JS numbers (safe for our counters and ids).
 * - `timestamptz` comes back as `Date`; it accepts a `Date` or an ISO string.
 * - `jsonb` comes back parsed; it is written as JSON text (`JSON.stringify(value)`), because `pg`
 *   would turn a JS array parameter into a PostgreSQL array literal while PGlite would not.
 */

/** A `timestamptz` column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `timestamptz` column without a default. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable `timestamptz` column. */
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** A `jsonb` column: parsed on read, JSON text on write. */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable `jsonb` column. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A float or counter column with `default 0`. */
export type DefaultZero = ColumnType<number, number | undefined, number>;

/** Current KPIs per post and timeframe (seed table; one row per (post_id, timeframe), upserted). */
export interface ViralMetricsTable {
  id: Generated<number>;
  post_id: string;
  persona_id: string;
  /** Added to the seed: the API's `timeframe` (1h … 7d); the upsert key is (post_id, timeframe). */
  timeframe: ColumnType<string, string | undefined, string>;
  viral_coefficient: DefaultZero;
  scroll_stop_rate: DefaultZero;
  share_velocity: DefaultZero;
  reply_depth: DefaultZero;
  engagement_trajectory: DefaultZero;
  pattern_fatigue_score: DefaultZero;
  collected_at: CreatedAt;
}

/** One row per KPI reading (seed table), written in bulk. */
export interface ViralMetricsHistoryTable {
  id: Generated<number>;
  post_id: string;
  /** Added to the seed so the persona baseline is one index range scan. */
  persona_id: string;
  metric_name: string;
  metric_value: number;
  /** Added to the seed: the timeframe the reading was computed for. */
  timeframe: ColumnType<string, string | undefined, string>;
  recorded_at: CreatedAt;
}

/** Pattern uses per post (seed table); unique per (post_id, pattern_id) so re-analysis does not double count. */
export interface PatternUsageHistoryTable {
  id: Generated<number>;
  pattern_id: string;
  persona_id: string;
  post_id: string;
  usage_count: ColumnType<number, number | undefined, number>;
  last_used_at: CreatedAt;
  created_at: CreatedAt;
}

/**
 * Detected anomalies (seed table). `idempotency_key` is unique: the detector derives it from
 * (post, type, cooldown window or reading) so a retried job never stores the same anomaly twice.
 * `alert_sent`/`alert_sent_at` record the single webhook delivery.
 */
export interface ViralMetricsAnomaliesTable {
  id: Generated<number>;
  post_id: string;
  anomaly_type: string;
  severity: Severity;
  metric_name: string;
  current_value: number;
  baseline_value: number | null;
  drop_percentage: number | null;
  message: string;
  alert_sent: ColumnType<boolean, boolean | undefined, boolean>;
  alert_sent_at: NullableTimestamp;
  idempotency_key: string;
  detected_at: CreatedAt;
  /** the condition this row is an episode of (202612060130_anomaly_episodes); null only on rows written without it */
  episode_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** open while the condition lasts; rows from before episodes are closed */
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  /** the latest reading that saw the condition */
  last_seen_at: NullableTimestamp;
  /** the first reading since last_seen_at that did not see it */
  clear_since: NullableTimestamp;
  ended_at: NullableTimestamp;
  /** readings that saw it */
  readings: ColumnType<number, number | undefined, number>;
}

/** A post's cumulative counters every 15 minutes of its age (202612060130_anomaly_episodes). */
export interface PostAgeMarksTable {
  post_id: string;
  persona_id: string;
  age_minutes: number;
  views: number;
  /** shares + reposts + quotes + replies */
  secondary: number;
  replies: number;
  /** the engagement trajectory KPI of the reading that wrote the mark */
  trajectory: number | null;
  recorded_at: Timestamp;
}

/** Posts known to the platform (from the source or pushed by clients). */
export interface PostsTable {
  id: string;
  account_id: string;
  persona_id: string;
  content: ColumnType<string, string | undefined, string>;
  post_url: string | null;
  published_at: Timestamp;
  source: string;
  /** the author's handle without the @ (202612021830_post_author); null when not known */
  author_username: ColumnType<string | null, string | null | undefined, string | null>;
  /** The pattern engine's result for the post; null until analysed. */
  patterns: NullableJson<unknown>;
  /** seed 003's columns of generated posts (202612061900_content): the opening, the rest, LLM tokens, engagement rate */
  hook: ColumnType<string | null, string | null | undefined, string | null>;
  body: ColumnType<string | null, string | null | undefined, string | null>;
  tokens_used: ColumnType<number | null, number | null | undefined, number | null>;
  engagement: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One reading of a post's cumulative counters; per-hour rates come from differences. */
export interface PostSnapshotsTable {
  post_id: string;
  taken_at: Timestamp;
  views: DefaultZero;
  impressions: DefaultZero;
  engaged_views: DefaultZero;
  likes: DefaultZero;
  replies: DefaultZero;
  reposts: DefaultZero;
  quotes: DefaultZero;
  shares: DefaultZero;
}

export interface DB
  extends CommentTables, ContentTables, EngagementTables, ExperimentTables, TrajectoryTables {
  viral_metrics: ViralMetricsTable;
  viral_metrics_history: ViralMetricsHistoryTable;
  pattern_usage_history: PatternUsageHistoryTable;
  viral_metrics_anomalies: ViralMetricsAnomaliesTable;
  posts: PostsTable;
  post_snapshots: PostSnapshotsTable;
  post_age_marks: PostAgeMarksTable;
}

export type ViralMetricsRow = Selectable<ViralMetricsTable>;
export type NewViralMetrics = Insertable<ViralMetricsTable>;
export type ViralMetricsUpdate = Updateable<ViralMetricsTable>;

export type ViralMetricsHistoryRow = Selectable<ViralMetricsHistoryTable>;
export type NewViralMetricsHistory = Insertable<ViralMetricsHistoryTable>;

export type PatternUsageHistoryRow = Selectable<PatternUsageHistoryTable>;
export type NewPatternUsageHistory = Insertable<PatternUsageHistoryTable>;

export type ViralMetricsAnomalyRow = Selectable<ViralMetricsAnomaliesTable>;
export type NewViralMetricsAnomaly = Insertable<ViralMetricsAnomaliesTable>;
export type ViralMetricsAnomalyUpdate = Updateable<ViralMetricsAnomaliesTable>;

export type PostRow = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type PostUpdate = Updateable<PostsTable>;

export type PostSnapshotRow = Selectable<PostSnapshotsTable>;
export type NewPostSnapshot = Insertable<PostSnapshotsTable>;
