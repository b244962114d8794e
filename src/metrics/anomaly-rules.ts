import { HOUR_MS, type KpiName } from './kpis/types.js';

/** The seed's anomaly types (viral_metrics_anomalies.anomaly_type). */
export const ANOMALY_TYPES = ['viral_coefficient_drop', 'negative_trajectory', 'pattern_fatigue'] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Seed thresholds (SPEC §3.5). */
export const VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT = 30;
export const NEGATIVE_TRAJECTORY_THRESHOLD = -50;
export const PATTERN_FATIGUE_THRESHOLD = 0.8;
export const DEFAULT_ANOMALY_COOLDOWN_MS = 6 * HOUR_MS;
/**
 * Below this many views a viral coefficient is noise (3 replies on 20 views is 15 %, none is 0 %), so a
 * "drop" on a post nobody has seen yet is not reported; the webhook behind high severity pages people.
 */
export const MIN_VIEWS_FOR_DROP = 100;

/** One row of viral_metrics_anomalies, without the storage columns (id, alert_sent). */
export interface Anomaly {
  post_id: string | null;
  anomaly_type: AnomalyType;
  severity: Severity;
  metric_name: KpiName;
  current_value: number;
  /** the baseline of the metric, when there is one */
  baseline_value: number | null;
  /** (baseline − current) / baseline × 100, in percent; only for viral_coefficient_drop */
  drop_percentage: number | null;
  /** the rule's bound: percent drop, trajectory floor or fatigue ceiling */
  threshold: number;
  /** the most fatigued pattern, for pattern_fatigue */
  pattern_id: string | null;
  message: string;
  detected_at: Date;
}

export interface RecentAnomaly {
  /** absent when the caller already selected this post's anomalies */
  post_id?: string | null;
  anomaly_type: string;
  detected_at: Date;
}

export interface AnomalyInput {
  postId?: string | null;
  current: {
    viral_coefficient: number;
    engagement_trajectory: number;
    pattern_fatigue: number;
    pattern_fatigue_by_pattern?: Record<string, number>;
    /** lifetime views; when given, a drop below MIN_VIEWS_FOR_DROP views is not reported */
    views?: number | null;
  };
  baseline: Partial<Record<KpiName, number | null>>;
  now: Date;
  recent?: readonly RecentAnomaly[];
  cooldownMs?: number;
}

/** Percent drop = (baseline − current) / baseline × 100, ≥ 0; null without a positive baseline. */
export function percentDrop(baseline: number | null | undefined, current: number): number | null {
  if (baseline === null || baseline === undefined || !Number.isFinite(baseline) || baseline <= 0) return null;
  if (!Number.isFinite(current)) return null;
  // Multiplying before dividing keeps exact cases exact: (10 − 7) / 10 × 100 is 30.000000000000004.
  return Math.max(0, ((baseline - current) * 100) / baseline);
}

/**
 * Applies the seed's rules — viral coefficient more than 30 % below baseline → high; engagement trajectory
 * below −50 → medium; pattern fatigue above 0.8 → low — skipping any type already raised for the post within
 * the cooldown. Returned in severity order.
 */
export function detectAnomalies(input: AnomalyInput): Anomaly[] {
  const { current, baseline, now } = input;
  const postId = input.postId ?? null;
  const cooldownMs = input.cooldownMs ?? DEFAULT_ANOMALY_COOLDOWN_MS;
  const found: Anomaly[] = [];
  const base = {
    post_id: postId,
    drop_percentage: null,
    pattern_id: null,
    detected_at: now,
  };

  const vcBaseline = finiteOrNull(baseline.viral_coefficient);
  const drop = percentDrop(vcBaseline, current.viral_coefficient);
  const enoughViews =
    current.views === undefined || current.views === null || current.views >= MIN_VIEWS_FOR_DROP;
  if (drop !== null && drop > VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT && enoughViews) {
    found.push({
      ...base,
      anomaly_type: 'viral_coefficient_drop',
      severity: 'high',
      metric_name: 'viral_coefficient',
      current_value: current.viral_coefficient,
      baseline_value: vcBaseline,
      drop_percentage: drop,
      threshold: VIRAL_COEFFICIENT_DROP_THRESHOLD_PERCENT,
      message: `Viral coefficient dropped ${drop.toFixed(1)}% from baseline (${fixed(current.viral_coefficient)} vs ${fixed(vcBaseline)})`,
    });
  }

  if (current.engagement_trajectory < NEGATIVE_TRAJECTORY_THRESHOLD) {
    found.push({
      ...base,
      anomaly_type: 'negative_trajectory',
      severity: 'medium',
      metric_name: 'engagement_trajectory',
      current_value: current.engagement_trajectory,
      baseline_value: finiteOrNull(baseline.engagement_trajectory),
      threshold: NEGATIVE_TRAJECTORY_THRESHOLD,
      message: `Engagement is rapidly decelerating (trajectory: ${current.engagement_trajectory.toFixed(1)})`,
    });
  }

  if (current.pattern_fatigue > PATTERN_FATIGUE_THRESHOLD) {
    const worst = mostFatigued(current.pattern_fatigue_by_pattern);
    found.push({
      ...base,
      anomaly_type: 'pattern_fatigue',
      severity: 'low',
      metric_name: 'pattern_fatigue',
      current_value: current.pattern_fatigue,
      baseline_value: finiteOrNull(baseline.pattern_fatigue),
      threshold: PATTERN_FATIGUE_THRESHOLD,
      pattern_id: worst,
      message:
        `Content pattern ${worst === null ? '' : `'${worst}' `}showing high fatigue ` +
        `(score: ${current.pattern_fatigue.toFixed(2)})`,
    });
  }

  return found.filter((anomaly) => !inCooldown(anomaly, input.recent ?? [], now.getTime(), cooldownMs));
}

function inCooldown(
  anomaly: Anomaly,
  recent: readonly RecentAnomaly[],
  nowMs: number,
  cooldownMs: number,
): boolean {
  return recent.some(
    (earlier) =>
      earlier.anomaly_type === anomaly.anomaly_type &&
      (earlier.post_id === undefined || (earlier.post_id ?? null) === anomaly.post_id) &&
      // An earlier detection stamped after `now` (clock skew between replicas) also holds the type back.
      nowMs - earlier.detected_at.getTime() < cooldownMs,
  );
}

function mostFatigued(byPattern: Record<string, number> | undefined): string | null {
  let worst: string | null = null;
  let worstScore = -Infinity;
  for (const [patternId, score] of Object.entries(byPattern ?? {})) {
    if (score > worstScore) {
      worst = patternId;
      worstScore = score;
    }
  }
  return worst;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

function fixed(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}
