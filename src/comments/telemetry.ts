import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheStats } from '../infra/cache/cache.js';
import { declareMetrics, sharedRead } from '../infra/telemetry/metrics.js';
import { INTENTS } from './schemas.js';

/**
 * The comment pipeline's Prometheus metrics, with the seeds' names (SPEC §4.4; seed 002's
 * "Comprehensive Metrics Collection" and seed 004's list) so their alert rules and dashboards
 * keep working. No label carries a post or comment id (cardinality).
 */
export interface CommentMetrics {
  /** wall time of one ingestion (`POST /comments/process` or one monitor poll) */
  processingDuration: Histogram;
  /** comments stored and not yet analysed (the analysis backlog); read on scrape */
  queueLength: Gauge;
  /** age of the oldest comment in the backlog, 0 when empty; read on scrape */
  queueDepthSeconds: Gauge;
  errors: Counter<'error_type'>;
  /** comments dropped as already seen, over the three layers */
  duplicates: Counter;
  /** comments received for processing */
  attempts: Counter;
  /** comments stored (new) */
  success: Counter;
  dbQueryDuration: Histogram<'operation'>;
  /** statements of the comment pipeline by kind (counted by `timed`) */
  dbOperations: Counter<'operation'>;
  /** ids found in the dedup cache: `comment_cache_hits_total` and, under seed 002's second name, `comment_deduplication_cache_hits_total` */
  cacheHits: { inc(n?: number): void };
  cacheMisses: Counter;
  /** outbox rows reaching a status */
  dms: Counter<'status'>;
  analyzed: Counter<'intent'>;
}

export type CommentErrorType =
  'database' | 'cache' | 'queue' | 'timeout' | 'analysis' | 'delivery' | 'source';
const ERROR_TYPES: readonly CommentErrorType[] = [
  'database',
  'cache',
  'queue',
  'timeout',
  'analysis',
  'delivery',
  'source',
];
const DB_OPERATIONS = ['insert', 'select', 'update', 'upsert', 'delete'] as const;
const DM_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;

/** What the scrape-time gauges read; each is optional (tests pass what they use). */
export interface CommentMetricSources {
  /** the analysis backlog: comments waiting and when the oldest was stored */
  backlog?: () => Promise<{ comments: number; oldest: Date | null }>;
  /** rows and bytes of the comments table */
  table?: () => Promise<{ rows: number; bytes: number }>;
  /** database connections in use and idle */
  connections?: () => { active: number; idle: number };
  /** the cache's memory and evictions */
  cache?: () => Promise<CacheStats | undefined>;
  now?: () => Date;
}

/**
 * Register the metrics on `registry`. Gauges backed by a query are read when Prometheus scrapes,
 * at most once a second per process (several gauges share one read), and an unreachable backend
 * leaves the last value instead of failing the scrape (/ready reports the outage).
 */
export function createCommentMetrics(registry: Registry, sources: CommentMetricSources = {}): CommentMetrics {
  const m = declareMetrics(registry);
  const now = sources.now ?? (() => new Date());
  const backlog = sources.backlog ? sharedRead(sources.backlog) : undefined;
  const table = sources.table ? sharedRead(sources.table) : undefined;
  const cache = sources.cache ? sharedRead(sources.cache) : undefined;

  /** A gauge set on scrape from `read`; a failing read keeps the last value. */
  const scraped = <T>(
    name: string,
    help: string,
    read: (() => Promise<T>) | undefined,
    pick: (v: NonNullable<T>) => number,
  ) =>
    m.gauge(name, {
      help,
      async collect() {
        if (!read) return;
        try {
          const value = await read();
          if (value !== undefined && value !== null) this.set(pick(value));
        } catch {
          // keep the last value; /ready reports the outage
        }
      },
    });

  const errors = m.counter('comment_processing_errors_total', {
    help: 'Failures in the comment pipeline by kind',
    labels: ['error_type'],
    zero: ERROR_TYPES.map((error_type) => ({ error_type })),
  });
  const dbQueryDuration = m.histogram('comment_db_query_duration_seconds', {
    help: 'Database statements of the comment pipeline',
    labels: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    zero: DB_OPERATIONS.map((operation) => ({ operation })),
  });
  const dbOperations = m.counter('comment_db_operations_total', {
    help: 'Database statements of the comment pipeline by operation',
    labels: ['operation'],
    zero: DB_OPERATIONS.map((operation) => ({ operation })),
  });
  const dms = m.counter('comment_dm_outbox_total', {
    help: 'DM outbox rows by the status they reached',
    labels: ['status'],
    zero: DM_STATUSES.map((status) => ({ status })),
  });
  const analyzed = m.counter('comment_analysis_total', {
    help: 'Comments analysed, by intent',
    labels: ['intent'],
    zero: INTENTS.map((intent) => ({ intent })),
  });

  const cacheHits = m.counter('comment_cache_hits_total', { help: 'Comment ids found in the dedup cache' });
  const dedupCacheHits = m.counter('comment_deduplication_cache_hits_total', {
    help: 'Comment ids found in the dedup cache (seed 002’s second name for comment_cache_hits_total)',
  });

  scraped(
    'comment_db_connection_pool_active',
    'Database connections in use (PGlite: one in-process connection, reported idle)',
    sources.connections && (async () => sources.connections!()),
    (c) => c.active,
  );
  scraped(
    'comment_db_connection_pool_idle',
    'Database connections open and idle',
    sources.connections && (async () => sources.connections!()),
    (c) => c.idle,
  );
  scraped(
    'comment_db_rows_total',
    'Rows in the comments table (estimate above 100,000)',
    table,
    (t) => t.rows,
  );
  scraped('comment_db_size_bytes', 'Bytes of the comments table with its indexes', table, (t) => t.bytes);
  scraped(
    'comment_cache_memory_usage_bytes',
    'Memory of the cache (Redis: used_memory of the server; in-process: keys and values)',
    cache,
    (c) => c.memoryBytes,
  );
  scraped(
    'comment_cache_evictions_total',
    'Keys the cache evicted for room since it started (Redis: evicted_keys)',
    cache,
    (c) => c.evictions,
  );

  return {
    processingDuration: m.histogram('comment_processing_duration_seconds', {
      help: 'Time to dedup, store and queue one batch of comments',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    queueLength: scraped(
      'comment_processing_queue_length',
      'Comments stored and waiting for analysis (the analysis backlog of the last 24 h)',
      backlog,
      (b) => b.comments,
    ),
    queueDepthSeconds: scraped(
      'comment_processing_queue_depth_seconds',
      'Age of the oldest comment waiting for analysis, 0 when none waits',
      backlog,
      (b) => (b.oldest === null ? 0 : Math.max(0, (now().getTime() - b.oldest.getTime()) / 1000)),
    ),
    errors,
    duplicates: m.counter('comment_duplicates_detected_total', {
      help: 'Comments dropped as already seen (request, cache or database)',
    }),
    attempts: m.counter('comment_processing_attempts_total', { help: 'Comments received for processing' }),
    success: m.counter('comment_processing_success_total', { help: 'Comments stored (new ids)' }),
    dbQueryDuration,
    dbOperations,
    cacheHits: {
      inc(n = 1) {
        cacheHits.inc(n);
        dedupCacheHits.inc(n);
      },
    },
    cacheMisses: m.counter('comment_cache_misses_total', { help: 'Comment ids not in the dedup cache' }),
    dms,
    analyzed,
  };
}

/** Time `fn` into the statement histogram and count it under `operation`, also when it throws. */
export async function timed<T>(
  metrics: Pick<CommentMetrics, 'dbQueryDuration' | 'dbOperations'>,
  operation: (typeof DB_OPERATIONS)[number],
  fn: () => Promise<T>,
): Promise<T> {
  const end = metrics.dbQueryDuration.startTimer({ operation });
  metrics.dbOperations.inc({ operation });
  try {
    return await fn();
  } finally {
    end();
  }
}
