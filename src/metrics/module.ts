import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Cache } from '../infra/cache/cache.js';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { PostsModule } from '../posts/index.js';
import type { ThreadsSource } from '../source/index.js';
import { LogAlertSink, WebhookAlertSink, type AlertSink } from './alerts.js';
import { MetricsCollector } from './collector.js';
import { queueAlert, registerMetricsJobs, requeueLostAlerts } from './jobs.js';
import { HOUR_MS } from './kpis/types.js';
import { AgeMarkRepository } from './age-mark-repository.js';
import { AnomalyRepository } from './anomaly-repository.js';
import { MetricHistoryRepository } from './metric-history-repository.js';
import { ActivePostsProcessor } from './processor.js';
import { MetricsService } from './service.js';
import { createMetricsTelemetry } from './telemetry.js';
import { ViralMetricsRepository } from './viral-metrics-repository.js';

/**
 * The viral metrics engine assembled from shared infrastructure: one repository per table, the
 * collector, the active-posts processor, the service behind the routes, the alert sink, its three
 * jobs and the collection schedule. deps.ts builds one of these.
 */

export interface MetricsModuleDeps {
  db: Kysely<DB>;
  /** the posts, snapshots and pattern usage the collector writes and the service reads */
  posts: PostsModule;
  source: ThreadsSource;
  cache: Cache;
  queue: Queue;
  registry: Registry;
  logger: Logger;
  config: Pick<
    Config,
    | 'ALERT_WEBHOOK_URL'
    | 'CACHE_TTL_SECONDS'
    | 'MAX_PARALLEL_TASKS'
    | 'ANOMALY_COOLDOWN_HOURS'
    | 'METRICS_TTL_HOURS'
    | 'BATCH_SIZE'
    | 'COLLECTION_INTERVAL_SECONDS'
  >;
  clock: () => Date;
  /** overrides the sink chosen from the config (ALERT_WEBHOOK_URL, else the log) */
  alerts?: AlertSink;
  /** posts the store did not know yet, stored by a collection (the pattern engine and monitors read them) */
  onNewPosts?: (postIds: string[]) => Promise<void>;
  /** source read retries of the collector (tests shorten them) */
  sourceRetries?: { retries: number; minMs: number };
  /** how often every active post is collected (default COLLECTION_INTERVAL_SECONDS) */
  collectEveryMs?: number;
  /**
   * false when the Threads connector's pollers read the counters (each post by its age, inside the
   * account's budget): no schedule collects every active post then; POST /process-active-posts
   * still does on request. Default true.
   */
  collectOnSchedule?: boolean;
}

/** One repository per table the metrics engine owns. */
export interface MetricsRepositories {
  current: ViralMetricsRepository;
  history: MetricHistoryRepository;
  anomalies: AnomalyRepository;
  ageMarks: AgeMarkRepository;
}

export interface MetricsModule {
  repositories: MetricsRepositories;
  collector: MetricsCollector;
  processor: ActivePostsProcessor;
  service: MetricsService;
  alerts: AlertSink;
  /** Queue again the alerts whose job failed or was lost (runs with every collection); returns how many. */
  requeueLostAlerts(): Promise<number>;
  /** Register the collection and alert jobs' handlers on the queue. */
  registerJobs(queue: Queue): void;
  /** Worker start-up: schedule the collection of every active post (unless the connector's pollers do it). */
  start(): Promise<void>;
}

export const COLLECTION_SCHEDULE_KEY = 'collect-active-posts';

export function createMetricsModule(deps: MetricsModuleDeps): MetricsModule {
  const { config, clock, queue, logger } = deps;
  const alerts =
    deps.alerts ??
    (config.ALERT_WEBHOOK_URL
      ? new WebhookAlertSink(config.ALERT_WEBHOOK_URL)
      : new LogAlertSink(logger.child({ module: 'alerts' })));
  const telemetry = createMetricsTelemetry(deps.registry);
  const repositories: MetricsRepositories = {
    current: new ViralMetricsRepository(deps.db),
    history: new MetricHistoryRepository(deps.db),
    anomalies: new AnomalyRepository(deps.db),
    ageMarks: new AgeMarkRepository(deps.db),
  };
  const { current, history, anomalies, ageMarks } = repositories;
  const { posts, snapshots, usage } = deps.posts;
  const onNewPosts = deps.onNewPosts;
  const collector = new MetricsCollector({
    ...(onNewPosts ? { onNewPosts } : {}),
    current,
    ageMarks,
    anomalies,
    posts,
    snapshots,
    usage,
    source: deps.source,
    cache: deps.cache,
    telemetry,
    logger: logger.child({ module: 'metrics' }),
    cacheTtlSeconds: config.CACHE_TTL_SECONDS,
    maxParallel: config.MAX_PARALLEL_TASKS,
    anomalyCooldownMs: config.ANOMALY_COOLDOWN_HOURS * HOUR_MS,
    clock,
    onHighSeverity: async (ids) => {
      for (const anomalyId of ids) await queueAlert(queue, anomalyId);
    },
    ...(deps.sourceRetries
      ? { retries: deps.sourceRetries.retries, retryMinMs: deps.sourceRetries.minMs }
      : {}),
  });
  const processor = new ActivePostsProcessor({
    anomalies,
    posts,
    collector,
    source: deps.source,
    telemetry,
    logger: logger.child({ module: 'processor' }),
    activeHours: config.METRICS_TTL_HOURS,
    defaultBatchSize: config.BATCH_SIZE,
    timeframe: '24h',
    clock,
    ...(onNewPosts ? { onNewPosts } : {}),
  });
  const service = new MetricsService({
    current,
    history,
    anomalies,
    posts,
    snapshots,
    usage,
    collector,
    queue,
    clock,
    activeHours: config.METRICS_TTL_HOURS,
  });
  const jobDeps = { queue, anomalies, collector, processor, alerts, clock, logger, config };
  return {
    repositories,
    collector,
    processor,
    service,
    alerts,
    requeueLostAlerts: () => requeueLostAlerts(jobDeps),
    registerJobs(q: Queue) {
      registerMetricsJobs(q, { ...jobDeps, queue: q });
    },
    async start() {
      if (deps.collectOnSchedule === false) {
        await queue.removeRepeatable(COLLECTION_SCHEDULE_KEY);
        return;
      }
      await queue.addRepeatable(
        'process_active_posts',
        {},
        {
          everyMs: deps.collectEveryMs ?? config.COLLECTION_INTERVAL_SECONDS * 1000,
          key: COLLECTION_SCHEDULE_KEY,
        },
      );
    },
  };
}
