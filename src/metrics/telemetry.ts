import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
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
  const registers = [registry];
  const anomalies = new Counter({
    name: 'viral_metrics_anomalies_total',
    help: 'Anomalies raised',
    labelNames: ['anomaly_type', 'severity'] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: 'viral_metrics_cache_hits_total',
    help: 'Viral metrics cache lookups by result (hit|miss)',
    labelNames: ['result'] as const,
    registers,
  });
  const collectionLatency = new Histogram({
    name: 'viral_metrics_collection_latency_seconds',
    help: 'Time to collect and compute one post’s viral metrics (source read, store, compute)',
    labelNames: ['result'] as const,
    // up to 120 s, so that the seed's p95 > 60 s SLA alert can fire
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120],
    registers,
  });
  // Known label values exist from the start, so rates and alert rules see zero, not nothing.
  for (const anomaly_type of ANOMALY_TYPES)
    anomalies.inc({ anomaly_type, severity: SEVERITY_OF[anomaly_type] }, 0);
  for (const result of ['hit', 'miss']) cacheHits.inc({ result }, 0);
  collectionLatency.zero({ result: 'ok' });
  const sourceErrors = new Counter({
    name: 'viral_metrics_source_errors_total',
    help: 'Failed source reads by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  for (const kind of SOURCE_ERROR_KINDS) sourceErrors.inc({ kind }, 0);

  return {
    collectionLatency,
    anomalies,
    cacheHits,
    sourceErrors,
    kpi: Object.fromEntries(
      KPI_NAMES.map((name) => [
        name,
        new Gauge({
          name: KPI_GAUGE_NAMES[name],
          help: `Latest ${name.replace(/_/g, ' ')} collected for a post of the persona`,
          labelNames: ['persona_id', 'account_id'] as const,
          registers,
        }),
      ]),
    ) as Record<KpiName, Gauge<'persona_id' | 'account_id'>>,
    processed: new Counter({
      name: 'viral_metrics_posts_processed_total',
      help: 'Posts processed by the background processor by result',
      labelNames: ['result'] as const,
      registers,
    }),
  };
}

export type MetricsTelemetry = ReturnType<typeof createMetricsTelemetry>;
