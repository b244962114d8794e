import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { KPI_NAMES } from './kpis/types.js';

/**
 * The seed's viral-metrics series. KPI gauges are labelled by persona, not post id: one series
 * per post would grow Prometheus without bound (SPEC §4.4 deviation).
 */
export function createMetricsTelemetry(registry: Registry) {
  const registers = [registry];
  return {
    collectionLatency: new Histogram({
      name: 'viral_metrics_collection_latency_seconds',
      help: 'Time to collect and compute one post’s viral metrics (source read, store, compute)',
      labelNames: ['result'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    anomalies: new Counter({
      name: 'viral_metrics_anomalies_total',
      help: 'Anomalies raised',
      labelNames: ['anomaly_type', 'severity'] as const,
      registers,
    }),
    cacheHits: new Counter({
      name: 'viral_metrics_cache_hits_total',
      help: 'Viral metrics cache lookups by result (hit|miss)',
      labelNames: ['result'] as const,
      registers,
    }),
    sourceErrors: new Counter({
      name: 'viral_metrics_source_errors_total',
      help: 'Failed source reads by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    kpi: Object.fromEntries(
      KPI_NAMES.map((name) => [
        name,
        new Gauge({
          name: `viral_metrics_${name}`,
          help: `Latest ${name.replace(/_/g, ' ')} collected, by persona`,
          labelNames: ['persona_id'] as const,
          registers,
        }),
      ]),
    ) as Record<(typeof KPI_NAMES)[number], Gauge<'persona_id'>>,
    processed: new Counter({
      name: 'viral_metrics_posts_processed_total',
      help: 'Posts processed by the background processor by result',
      labelNames: ['result'] as const,
      registers,
    }),
  };
}

export type MetricsTelemetry = ReturnType<typeof createMetricsTelemetry>;
