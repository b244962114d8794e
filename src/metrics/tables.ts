import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, DefaultZero, NullableTimestamp, Timestamp } from '../infra/db/types.js';
import type { Severity } from './anomaly-rules.js';

/**
 * Hand-written types of the metrics engine's tables (migrations 202611231200_viral_metrics and
 * 202612060130_anomaly_episodes), added to `DB` below. Value conventions as documented in
 * infra/db/types.ts.
 */

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

declare module '../infra/db/types.js' {
  interface DB {
    viral_metrics: ViralMetricsTable;
    viral_metrics_history: ViralMetricsHistoryTable;
    viral_metrics_anomalies: ViralMetricsAnomaliesTable;
    post_age_marks: PostAgeMarksTable;
  }
}

export type ViralMetricsRow = Selectable<ViralMetricsTable>;
export type ViralMetricsAnomalyRow = Selectable<ViralMetricsAnomaliesTable>;
