import type { Config } from './config.js';
import { createCache, type Cache } from './infra/cache/index.js';
import { createStore, type Store } from './infra/db/client.js';
import { migrateToLatest } from './infra/db/migrate.js';
import { createQueue, type Queue } from './infra/queue/index.js';
import { createLogger, type Logger } from './infra/telemetry/logger.js';
import { createTelemetry, type Telemetry } from './infra/telemetry/metrics.js';
import { LogAlertSink, WebhookAlertSink, type AlertSink } from './metrics/alerts.js';
import { MetricsCollector, patternIdsOf } from './metrics/collector.js';
import { ActivePostsProcessor } from './metrics/processor.js';
import { MetricsRepository } from './metrics/repository.js';
import { MetricsService } from './metrics/service.js';
import { createMetricsTelemetry } from './metrics/telemetry.js';
import { HOUR_MS } from './metrics/kpis/types.js';
import { createSource, type CreatedSource } from './source/create-source.js';
import { queueAlert, registerJobHandlers } from './jobs.js';
import { defaultAnalyzer } from './comments/default-analyzer.js';
import {
  createCommentsModule,
  type CommentsModule,
  type CommentsModuleOverrides,
} from './comments/module.js';
import { createEngagementModule, type EngagementModule } from './engagement/module.js';
import { createContentModule, type ContentModule } from './content/module.js';
import { createExperimentsModule, type ExperimentsModule } from './experiments/module.js';
import { DEFAULT_NLP } from './patterns/nlp.js';
import { PatternService } from './patterns/service.js';
import { PostsTrajectoryReader, TrajectoryRepository } from './patterns/trajectory-repository.js';
import { TrajectoryService } from './patterns/trajectory-service.js';
import { interactions } from './metrics/kpis/counts.js';
import { createPatternTelemetry } from './patterns/telemetry.js';

export type Role = 'all' | 'api' | 'worker';

/**
 * The composition root: everything the HTTP app, the worker and the CLI use is built here
 * from the config. Tests pass overrides (a failing source, a silent logger, a fake clock)
 * instead of patching module globals.
 */
export interface Deps {
  config: Config;
  role: Role;
  logger: Logger;
  telemetry: Telemetry;
  store: Store;
  cache: Cache;
  queue: Queue;
  source: CreatedSource;
  clock: () => Date;
  alerts: AlertSink;
  metrics: {
    repo: MetricsRepository;
    collector: MetricsCollector;
    processor: ActivePostsProcessor;
    service: MetricsService;
  };
  /** the pattern engine (pure CPU work with an in-process result cache) */
  patterns: PatternService;
  /** emotion trajectories of texts and stored posts, per persona */
  trajectories: TrajectoryService;
  /** the comment pipeline: ingestion, analysis, DM rules and outbox, monitors */
  comments: CommentsModule;
  /** the per-account engagement model: retraining, predictions, what works for an account */
  engagement: EngagementModule;
  /** the content engine: personas, templates, drafts, best times, the publishing queue */
  content: ContentModule;
  /** A/B experiments of hooks: the bandit, rewards, winners */
  experiments: ExperimentsModule;
  /** name → check that throws when that dependency is unreachable (GET /ready) */
  readiness: Record<string, () => Promise<void>>;
  /** Start background work this role runs: job workers and (unless `schedule: false`) the collection schedule. */
  start(opts?: { schedule?: boolean }): Promise<void>;
  /** close everything in reverse order of creation */
  close(): Promise<void>;
}

export interface DepsOverrides {
  role?: Role;
  logger?: Logger;
  telemetry?: Telemetry;
  store?: Store;
  cache?: Cache;
  queue?: Queue;
  source?: CreatedSource;
  alerts?: AlertSink;
  clock?: () => Date;
  /** source read retries of the collector (tests shorten them) */
  sourceRetries?: { retries: number; minMs: number };
  /** the comment pipeline's analyzer, DM delivery, source or clock */
  comments?: CommentsModuleOverrides;
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const role = overrides.role ?? 'all';
  const logger = overrides.logger ?? createLogger(config);
  const telemetry = overrides.telemetry ?? createTelemetry();
  const closers: (() => Promise<void>)[] = [];
  const readiness: Deps['readiness'] = {};

  try {
    const store = overrides.store ?? (await createStore(config, logger));
    if (!overrides.store) closers.push(() => store.close());
    await migrateToLatest(store.db, { logger });
    readiness.store = () => store.ping(1000);

    const cache = overrides.cache ?? (await createCache(config, logger));
    if (!overrides.cache) closers.push(() => cache.close());
    readiness.cache = () => cache.ping();

    const queue = overrides.queue ?? (await createQueue(config, logger));
    if (!overrides.queue) closers.push(() => queue.close());
    readiness.queue = () => queue.ping();

    const patterns = new PatternService({
      nlp: DEFAULT_NLP,
      cacheTtlSeconds: config.PATTERN_CACHE_TTL,
      telemetry: createPatternTelemetry(telemetry.registry),
    });
    // The simulator's engagement depends on the post's pattern strength, as a real audience's would.
    const source =
      overrides.source ??
      createSource(config, {
        virality: (content) => patterns.extract({ content, engagement_rate: 0 }).pattern_strength,
      });
    // The demo's simulator runs on simulated time; KPI windows must use the same clock as its counters.
    const clock =
      overrides.clock ?? (source.simulator ? () => new Date(source.simulator!.now()) : () => new Date());

    const alerts =
      overrides.alerts ??
      (config.ALERT_WEBHOOK_URL
        ? new WebhookAlertSink(config.ALERT_WEBHOOK_URL)
        : new LogAlertSink(logger.child({ module: 'alerts' })));

    const metricsTelemetry = createMetricsTelemetry(telemetry.registry);
    const repo = new MetricsRepository(store.db);
    const trajectories = new TrajectoryService({
      repo: new TrajectoryRepository(store.db),
      posts: new PostsTrajectoryReader(store.db),
      engagementRates: async (postIds) => {
        const latest = await repo.latestSnapshots(postIds);
        return new Map(
          latest.filter((s) => s.views > 0).map((s) => [s.post_id, (interactions(s) ?? 0) / s.views]),
        );
      },
    });
    const onNewPosts = async (ids: string[]) => {
      await analyzeNewPosts(repo, patterns, trajectories, ids);
      await monitorNewPosts(ids);
    };
    const collector = new MetricsCollector({
      onNewPosts,
      repo,
      source: source.source,
      cache,
      telemetry: metricsTelemetry,
      logger: logger.child({ module: 'metrics' }),
      cacheTtlSeconds: config.CACHE_TTL_SECONDS,
      maxParallel: config.MAX_PARALLEL_TASKS,
      anomalyCooldownMs: config.ANOMALY_COOLDOWN_HOURS * HOUR_MS,
      clock,
      onHighSeverity: async (ids) => {
        for (const anomalyId of ids) await queueAlert(queue, anomalyId);
      },
      ...(overrides.sourceRetries
        ? { retries: overrides.sourceRetries.retries, retryMinMs: overrides.sourceRetries.minMs }
        : {}),
    });
    const processor = new ActivePostsProcessor({
      repo,
      collector,
      source: source.source,
      telemetry: metricsTelemetry,
      logger: logger.child({ module: 'processor' }),
      activeHours: config.METRICS_TTL_HOURS,
      defaultBatchSize: config.BATCH_SIZE,
      timeframe: '24h',
      clock,
      onNewPosts,
    });
    const service = new MetricsService({
      repo,
      collector,
      queue,
      clock,
      activeHours: config.METRICS_TTL_HOURS,
    });

    const comments = createCommentsModule({
      db: store.db,
      cache,
      queue,
      registry: telemetry.registry,
      logger,
      config,
      analyzer: defaultAnalyzer,
      source: source.source,
      connections: () => store.connections(),
      ...overrides.comments,
    });
    closers.push(() => comments.close());

    const engagement = createEngagementModule({
      db: store.db,
      queue,
      logger,
      patterns,
      clock,
      // the demo's simulated hours pass in real minutes: retrain about every simulated hour
      ...(demoSimulator(config, source) ? { retrainEveryMs: 60_000 } : {}),
    });

    const content = createContentModule({
      db: store.db,
      queue,
      logger,
      clock,
      config,
      patterns,
      engagement: engagement.service,
      source: source.source,
      ingest: async (postId) => {
        await collector.get(postId, '24h', false);
      },
      ...(demoSimulator(config, source) ? { publishEveryMs: 10_000 } : {}),
      // what experiments confirmed opens the persona's next drafts (bound late: built below)
      favouredFamilies: (personaId) => experiments.service.favouredFamilies(personaId),
    });

    const experiments = createExperimentsModule({
      db: store.db,
      queue,
      logger,
      clock,
      drafts: content.drafts,
      ...(demoSimulator(config, source) ? { collectEveryMs: 60_000 } : {}),
    });

    /** The demo shows the DM flow from the first minute: one rule for buyers, when none exists. */
    async function seedDemoRule(): Promise<void> {
      if ((await comments.dms.listRules()).length > 0) return;
      await comments.dms.createRule({
        name: 'Demo: send the link to buyers',
        intent: 'purchase_intent',
        threshold: 0.8,
        template: 'Hi {author}! Thanks for asking: everything is here {post_url}',
      });
    }

    /** Replies of every new post are read by a monitor, so leads surface without manual set-up. */
    async function monitorNewPosts(ids: string[]): Promise<void> {
      if (!config.COMMENT_MONITORING_ENABLED || !config.COMMENT_MONITOR_NEW_POSTS) return;
      const interval = demoSimulator(config, source)
        ? Math.min(config.COMMENT_MONITOR_INTERVAL_SECONDS, 10)
        : config.COMMENT_MONITOR_INTERVAL_SECONDS;
      for (const id of ids) {
        try {
          await comments.comments.createMonitor(id, interval);
        } catch (err) {
          logger.warn({ err, postId: id }, 'could not start the comment monitor of a new post');
        }
      }
    }

    const deps: Deps = {
      config,
      role,
      logger,
      telemetry,
      store,
      cache,
      queue,
      source,
      clock,
      alerts,
      metrics: { repo, collector, processor, service },
      patterns,
      trajectories,
      comments,
      engagement,
      content,
      experiments,
      readiness,
      async start(opts = {}) {
        if (role === 'api' && queue.kind === 'bullmq') return;
        registerJobHandlers(deps);
        comments.registerJobs(queue);
        engagement.registerJobs(queue);
        content.registerJobs(queue);
        experiments.registerJobs(queue);
        // A worker must be able to run every job it may receive: a missing handler stops start-up.
        await queue.start({ requireAll: true });
        if (role !== 'api' && opts.schedule !== false) {
          await queue.addRepeatable(
            'process_active_posts',
            {},
            { everyMs: collectionIntervalMs(config, source), key: 'collect-active-posts' },
          );
          await comments.start();
          await engagement.start();
          await content.start();
          await experiments.start();
          if (demoSimulator(config, source)) await seedDemoRule();
        }
      },
      async close() {
        for (const close of closers.reverse()) {
          try {
            await close();
          } catch (err) {
            logger.warn({ err }, 'error while closing');
          }
        }
      },
    };
    return deps;
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

/**
 * The pattern engine reads every post the first time it is seen: its result is stored with the
 * post, each hook and emotion is recorded in pattern_usage_history, which pattern fatigue reads,
 * and the emotion trajectory of a post of more than one sentence goes to the trajectory tables.
 */
async function analyzeNewPosts(
  repo: MetricsRepository,
  patterns: PatternService,
  trajectories: TrajectoryService,
  ids: string[],
): Promise<void> {
  const posts = await repo.getPosts(ids);
  const results = posts.map((post) => ({
    post,
    patterns: patterns.extract({ content: post.content, engagement_rate: 0 }),
  }));
  await repo.savePatterns(results.map((r) => ({ post_id: r.post.id, patterns: r.patterns })));
  await repo.recordPatternUsage(
    results.flatMap(({ post, patterns: result }) =>
      patternIdsOf(result).map((pattern_id) => ({
        post_id: post.id,
        persona_id: post.persona_id,
        pattern_id,
        used_at: post.published_at,
      })),
    ),
  );
  await trajectories.storeFromPatterns(results);
}

/**
 * The demo simulator runs ~60× faster than real time, so the default 5-minute interval would
 * collect every five simulated hours; the in-process demo collects every 10 s instead unless
 * COLLECTION_INTERVAL_SECONDS is shorter.
 */
function demoSimulator(config: Config, source: CreatedSource): boolean {
  return source.simulator !== undefined && config.SOURCE === 'simulator';
}

function collectionIntervalMs(config: Config, source: CreatedSource): number {
  const seconds = demoSimulator(config, source)
    ? Math.min(config.COLLECTION_INTERVAL_SECONDS, 10)
    : config.COLLECTION_INTERVAL_SECONDS;
  return seconds * 1000;
}
