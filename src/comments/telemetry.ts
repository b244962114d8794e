import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The comment pipeline's Prometheus metrics, with the seed's names (SPEC §4.4) so its alert
 * rules and dashboards keep working. No label carries a post or comment id (cardinality).
 */
export interface CommentMetrics {
  /** wall time of one ingestion (`POST /comments/process` or one monitor poll) */
  processingDuration: Histogram;
  /** analysis jobs waiting or delayed; refreshed on scrape */
  queueLength: Gauge;
  errors: Counter<'error_type'>;
  /** comments dropped as already seen, over the three layers */
  duplicates: Counter;
  /** comments received for processing */
  attempts: Counter;
  /** comments stored (new) */
  success: Counter;
  dbQueryDuration: Histogram<'operation'>;
  cacheHits: Counter;
  cacheMisses: Counter;
  /** outbox rows reaching a status */
  dms: Counter<'status'>;
  analyzed: Counter<'intent'>;
}

export type CommentErrorType =
  'database' | 'cache' | 'queue' | 'timeout' | 'analysis' | 'delivery' | 'source';

/**
 * Register the metrics on `registry`. `queueLength` reads the queue when scraped; pass a
 * function resolving the number of analysis jobs not yet started.
 */
export function createCommentMetrics(
  registry: Registry,
  queueLength?: () => Promise<number>,
): CommentMetrics {
  const registers = [registry];
  return {
    processingDuration: new Histogram({
      name: 'comment_processing_duration_seconds',
      help: 'Time to dedup, store and queue one batch of comments',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueLength: new Gauge({
      name: 'comment_processing_queue_length',
      help: 'Background jobs waiting to run (all job names)',
      registers,
      async collect() {
        if (!queueLength) return;
        try {
          this.set(await queueLength());
        } catch {
          // A queue outage must not break the scrape; /ready reports it.
        }
      },
    }),
    errors: new Counter({
      name: 'comment_processing_errors_total',
      help: 'Failures in the comment pipeline by kind',
      labelNames: ['error_type'] as const,
      registers,
    }),
    duplicates: new Counter({
      name: 'comment_duplicates_detected_total',
      help: 'Comments dropped as already seen (request, cache or database)',
      registers,
    }),
    attempts: new Counter({
      name: 'comment_processing_attempts_total',
      help: 'Comments received for processing',
      registers,
    }),
    success: new Counter({
      name: 'comment_processing_success_total',
      help: 'Comments stored (new ids)',
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'comment_db_query_duration_seconds',
      help: 'Database statements of the comment pipeline',
      labelNames: ['operation'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    cacheHits: new Counter({
      name: 'comment_cache_hits_total',
      help: 'Comment ids found in the dedup cache',
      registers,
    }),
    cacheMisses: new Counter({
      name: 'comment_cache_misses_total',
      help: 'Comment ids not in the dedup cache',
      registers,
    }),
    dms: new Counter({
      name: 'comment_dm_outbox_total',
      help: 'DM outbox rows by the status they reached',
      labelNames: ['status'] as const,
      registers,
    }),
    analyzed: new Counter({
      name: 'comment_analysis_total',
      help: 'Comments analysed, by intent',
      labelNames: ['intent'] as const,
      registers,
    }),
  };
}

/** Time `fn` into `histogram` with `labels`, also when it throws. */
export async function timed<T>(
  histogram: Histogram<'operation'>,
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  const end = histogram.startTimer({ operation });
  try {
    return await fn();
  } finally {
    end();
  }
}
