/**
 * Every Prometheus metric name the seeds (../shared/seeds) list, with the seed that lists it
 * and how threads-agent provides it (SPEC §4.4). `test/deploy/seed-metrics.test.ts` scrapes
 * `/metrics` of a running app and finds every `exported` name there; the alert rules and Grafana
 * dashboards in deploy/ use these names, and the Prometheus test proves each of their
 * expressions returns a series.
 *
 * - `exported`: a series of `/metrics` under exactly this name (a histogram's name is its
 *   family: `_bucket`, `_sum`, `_count` follow).
 * - `recording_rule`: a rate the seed listed as if it were a metric; Prometheus computes it by
 *   the recording rule of that name in deploy/prometheus/rules.yml.
 *
 * No name carries a post or comment id label: KPI gauges are labelled by persona_id and
 * account_id (the seeds' post_id label would make one series per post, SPEC §4.4 deviation).
 */
export interface SeedMetric {
  name: string;
  /** the seed files that list the name (000 … 004) */
  seeds: readonly string[];
  type: 'counter' | 'gauge' | 'histogram';
  provided: 'exported' | 'recording_rule';
  /** labels the exported series carry */
  labels?: readonly string[];
}

export const SEED_METRICS: readonly SeedMetric[] = [
  // seed 000 — viral metrics collection (§"Prometheus Metrics", alert rules)
  {
    name: 'viral_metrics_collection_latency_seconds',
    seeds: ['000'],
    type: 'histogram',
    provided: 'exported',
    labels: ['result'],
  },
  {
    name: 'viral_coefficient',
    seeds: ['000'],
    type: 'gauge',
    provided: 'exported',
    labels: ['persona_id', 'account_id'],
  },
  {
    name: 'viral_scroll_stop_rate',
    seeds: ['000'],
    type: 'gauge',
    provided: 'exported',
    labels: ['persona_id', 'account_id'],
  },
  {
    name: 'viral_share_velocity',
    seeds: ['000'],
    type: 'gauge',
    provided: 'exported',
    labels: ['persona_id', 'account_id'],
  },
  {
    name: 'viral_metrics_anomalies_total',
    seeds: ['000'],
    type: 'counter',
    provided: 'exported',
    labels: ['anomaly_type', 'severity'],
  },
  {
    name: 'viral_metrics_cache_hits_total',
    seeds: ['000'],
    type: 'counter',
    provided: 'exported',
    labels: ['result'],
  },
  {
    name: 'pattern_fatigue_score',
    seeds: ['000'],
    type: 'gauge',
    provided: 'exported',
    labels: ['persona_id', 'account_id'],
  },

  // seed 001 — pattern engine ("Key Metrics to Monitor")
  {
    name: 'pattern_extraction_duration_seconds',
    seeds: ['001'],
    type: 'histogram',
    provided: 'exported',
    labels: ['endpoint'],
  },
  {
    name: 'pattern_extraction_requests_total',
    seeds: ['001'],
    type: 'counter',
    provided: 'exported',
    labels: ['endpoint', 'status'],
  },
  { name: 'pattern_strength_histogram', seeds: ['001'], type: 'histogram', provided: 'exported' },
  { name: 'batch_processing_size_histogram', seeds: ['001'], type: 'histogram', provided: 'exported' },
  {
    name: 'error_rate_by_endpoint',
    seeds: ['001'],
    type: 'gauge',
    provided: 'recording_rule',
    labels: ['endpoint'],
  },

  // seed 002 — comment pipeline ("Comprehensive Metrics Collection"); seed 004 repeats five
  {
    name: 'comment_processing_duration_seconds',
    seeds: ['002', '004'],
    type: 'histogram',
    provided: 'exported',
  },
  { name: 'comment_processing_queue_length', seeds: ['002', '004'], type: 'gauge', provided: 'exported' },
  { name: 'comment_processing_queue_depth_seconds', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_processing_attempts_total', seeds: ['002'], type: 'counter', provided: 'exported' },
  { name: 'comment_processing_success_total', seeds: ['002'], type: 'counter', provided: 'exported' },
  {
    name: 'comment_processing_errors_total',
    seeds: ['002', '004'],
    type: 'counter',
    provided: 'exported',
    labels: ['error_type'],
  },
  { name: 'comment_duplicates_detected_total', seeds: ['002', '004'], type: 'counter', provided: 'exported' },
  { name: 'comment_deduplication_cache_hits_total', seeds: ['002'], type: 'counter', provided: 'exported' },
  {
    name: 'comment_db_query_duration_seconds',
    seeds: ['002', '004'],
    type: 'histogram',
    provided: 'exported',
    labels: ['operation'],
  },
  {
    name: 'comment_db_operations_total',
    seeds: ['002'],
    type: 'counter',
    provided: 'exported',
    labels: ['operation'],
  },
  { name: 'comment_db_connection_pool_active', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_db_connection_pool_idle', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_db_rows_total', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_db_size_bytes', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_cache_hits_total', seeds: ['002'], type: 'counter', provided: 'exported' },
  { name: 'comment_cache_misses_total', seeds: ['002'], type: 'counter', provided: 'exported' },
  { name: 'comment_cache_memory_usage_bytes', seeds: ['002'], type: 'gauge', provided: 'exported' },
  { name: 'comment_cache_evictions_total', seeds: ['002'], type: 'gauge', provided: 'exported' },
];

/** Our own additions beside the seed names (SPEC §4.4: "plus our reply depth and trajectory gauges"). */
export const OWN_KPI_GAUGES = ['viral_reply_depth', 'viral_engagement_trajectory'] as const;
