import type { Gauge, Registry } from 'prom-client';
import { declareMetrics } from '../infra/telemetry/metrics.js';
import { ANOMALY_TYPES, type AnomalyType, type Severity } from './anomaly-rules.js';
import { KPI_NAMES, type KpiName } from './kpis/types.js';
import type { SourceErrorKind } from '../source/index.js';

/**
 * The Prometheus name of each KPI gauge: seed 000's own names (`viral_coefficient`,
 * `viral_scroll_stop_rate`, `viral_share_velocity`, `pattern_fatigue_score`) and, for the two
 * KPIs the seed exported no gauge for, the same `viral_` form.
 */
export const KPI_GAUGE_NAMES: Record<KpiName, string> = {
  viral_coefficient: 'viral_coefficient',
  scroll_stop_rate: 'viral_scroll_stop_rate',
  share_velocity: 'viral_share_velocity',
  reply_depth: 'viral_reply_depth',
  engagement_trajectory: 'viral_engagement_trajectory',
  pattern_fatigue: 'pattern_fatigue_score',
};

const SOURCE_ERROR_KINDS = [
  'timeout',
  'network',
  'http',
  'not_found',
  'invalid_response',
  'other',
] as const satisfies readonly (SourceErrorKind | 'other')[];

/** The severity each anomaly type is raised with (anomaly-rules.ts), for the zero series. */
const SEVERITY_OF: Record<AnomalyType, Severity> = {
  viral_coefficient_drop: 'high',
  negative_trajectory: 'medium',
  pattern_fatigue: 'low',
  reach_drop: 'high',
  reach_spike: 'medium',
  reply_storm: 'medium',
};

/**
 * The seed's viral-metrics series. KPI gauges are labelled by persona and account, not post id:
 * one series per post would grow Prometheus without bound (SPEC §4.4 deviation). Each holds the
 * latest reading collected for a post of that persona.
 */
export function createMetricsTelemetry(registry: Registry) {
  const m = declareMetrics(registry);
  const anomalies = m.counter('viral_metrics_anomalies_total', {
    help: 'Anomalies raised',
    labels: ['anomaly_type', 'severity'],
    zero: ANOMALY_TYPES.map((anomaly_type) => ({ anomaly_type, severity: SEVERITY_OF[anomaly_type] })),
  });
  const cacheHits = m.counter('viral_metrics_cache_hits_total', {
    help: 'Viral metrics cache lookups by result (hit|miss)',
    labels: ['result'],
    zero: [{ result: 'hit' }, { result: 'miss' }],
  });
  const collectionLatency = m.histogram('viral_metrics_collection_latency_seconds', {
    help: 'Time to collect and compute one post’s viral metrics (source read, store, compute)',
    labels: ['result'],
    // up to 120 s, so that the seed's p95 > 60 s SLA alert can fire
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120],
    zero: [{ result: 'ok' }],
  });
  const sourceErrors = m.counter('viral_metrics_source_errors_total', {
    help: 'Failed source reads by kind',
    labels: ['kind'],
    zero: SOURCE_ERROR_KINDS.map((kind) => ({ kind })),
  });

  return {
    collectionLatency,
    anomalies,
    cacheHits,
    sourceErrors,
    kpi: Object.fromEntries(
      KPI_NAMES.map((name) => [
        name,
        m.gauge(KPI_GAUGE_NAMES[name], {
          help: `Latest ${name.replace(/_/g, ' ')} collected for a post of the persona`,
          labels: ['persona_id', 'account_id'],
        }),
      ]),
    ) as Record<KpiName, Gauge<'persona_id' | 'account_id'>>,
    processed: m.counter('viral_metrics_posts_processed_total', {
      help: 'Posts processed by the background processor by result',
      labels: ['result'],
    }),
  };
}

export type MetricsTelemetry = ReturnType<typeof createMetricsTelemetry>;
