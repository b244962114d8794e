import type { Config } from './config.js';
import { createCache, type Cache } from './infra/cache/index.js';
import { createStore, type Store } from './infra/db/client.js';
import { migrateToLatest } from './infra/db/migrate.js';
import { createQueue, type Queue } from './infra/queue/index.js';
import { createLogger, type Logger } from './infra/telemetry/logger.js';
import { createTelemetry, type Telemetry } from './infra/telemetry/metrics.js';
import { interactions, type AlertSink } from './metrics/index.js';
import { createMetricsModule, type MetricsModule } from './metrics/module.js';
import { createPostsModule, type PostsModule } from './posts/index.js';
import { createSource, type CreatedSource } from './source/index.js';
import { defaultAnalyzer } from './comments/index.js';
import {
  createCommentsModule,
  type CommentsModule,
  type CommentsModuleOverrides,
} from './comments/module.js';
import { createDemoModule } from './demo/module.js';
import { createEngagementModule, type EngagementModule } from './engagement/module.js';
import { ThreadsApiSource, ThreadsReplyDmDelivery } from './threads/index.js';
import { createAccountsModule, type AccountsModule } from './accounts/module.js';
import { createContentModule, type ContentModule } from './content/index.js';
import { createExperimentsModule, type ExperimentsModule } from './experiments/module.js';
import {
  analyzeNewPosts,
  createPatternTelemetry,
  loadDefaultNlp,
  PatternService,
  PostsTrajectoryReader,
  TrajectoryRepository,
  TrajectoryService,
} from './patterns/index.js';

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
  /** the posts, their counter snapshots and pattern usage every capability reads */
  posts: PostsModule;
  /** the viral metrics engine: collection, KPIs, anomalies and their alerts */
  metrics: MetricsModule;
  /** the pattern engine (pure CPU work with an in-process result cache) */
  patterns: PatternService;
  /** emotion trajectories of texts and stored posts, per persona */
  trajectories: TrajectoryService;
  /** the comment pipeline: ingestion, analysis, DM rules and outbox, monitors */
  comments: CommentsModule;
  /** the per-account engagement model: retraining, predictions, what works for an account */
  engagement: EngagementModule;
  /** connected Threads accounts: encrypted tokens, OAuth, refresh; the connector's TokenProvider */
  accounts: AccountsModule;
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
      nlp: await loadDefaultNlp(),
      cacheTtlSeconds: config.PATTERN_CACHE_TTL,
      telemetry: createPatternTelemetry(telemetry.registry),
    });
    // The simulator's engagement depends on the post's pattern strength, as a real audience's would.
    const source =
      overrides.source ??
      createSource(config, {
        virality: (content) => patterns.extract({ content, engagement_rate: 0 }).pattern_strength,
        audience: (content) => {
          const r = patterns.extract({ content, engagement_rate: 0 });
          return {
            hooks: r.hook_patterns.map((h) => h.type),
            emotions: r.emotion_patterns.map((e) => e.type),
          };
        },
      });
    // The demo's simulator runs on simulated time; KPI windows must use the same clock as its counters.
    const clock =
      overrides.clock ?? (source.simulator ? () => new Date(source.simulator!.now()) : () => new Date());

    const demo = createDemoModule({ config, simulatorInProcess: source.simulator !== undefined });

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
      newPostMonitorIntervalSeconds: demo.monitorIntervalSeconds,
      // public-reply DM rules and auto-hide of spam need the Threads connector as the source
      ...(source.source instanceof ThreadsApiSource
        ? { publicReply: new ThreadsReplyDmDelivery(source.source), moderator: source.source }
        : {}),
      ...overrides.comments,
    });
    closers.push(() => comments.close());

    const posts = createPostsModule({ db: store.db });
    const trajectories = new TrajectoryService({
      repo: new TrajectoryRepository(store.db),
      posts: new PostsTrajectoryReader(store.db),
      engagementRates: async (postIds) => {
        const latest = await posts.snapshots.latestSnapshots(postIds);
        return new Map(
          latest.filter((s) => s.views > 0).map((s) => [s.post_id, (interactions(s) ?? 0) / s.views]),
        );
      },
    });
    const metrics = createMetricsModule({
      db: store.db,
      posts,
      source: source.source,
      cache,
      queue,
      registry: telemetry.registry,
      logger,
      config,
      clock,
      collectEveryMs: demo.collectEveryMs,
      ...(overrides.alerts ? { alerts: overrides.alerts } : {}),
      ...(overrides.sourceRetries ? { sourceRetries: overrides.sourceRetries } : {}),
      onNewPosts: async (ids) => {
        await analyzeNewPosts({ posts: posts.posts, usage: posts.usage, patterns, trajectories }, ids);
        await comments.monitorNewPosts(ids);
      },
    });

    const engagement = createEngagementModule({
      db: store.db,
      queue,
      logger,
      patterns,
      clock,
      ...(demo.retrainEveryMs !== undefined ? { retrainEveryMs: demo.retrainEveryMs } : {}),
    });

    const accounts = createAccountsModule({
      db: store.db,
      logger,
      config,
      clock,
      dataAccounts: () => posts.posts.accounts(),
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
        await metrics.collector.get(postId, '24h', false);
      },
      ...(demo.enabled ? { publishEveryMs: 10_000 } : {}),
      // what experiments confirmed opens the persona's next drafts (bound late: built below)
      favouredFamilies: (personaId) => experiments.service.favouredFamilies(personaId),
      favouredTemplates: (personaId) => experiments.service.favouredTemplates(personaId),
    });

    const experiments = createExperimentsModule({
      db: store.db,
      queue,
      logger,
      clock,
      drafts: content.drafts,
      personaExists: (personaId) => content.personas.exists(personaId),
      ...(demo.enabled ? { collectEveryMs: 60_000 } : {}),
    });

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
      alerts: metrics.alerts,
      posts,
      metrics,
      patterns,
      trajectories,
      comments,
      engagement,
      accounts,
      content,
      experiments,
      readiness,
      async start(opts = {}) {
        if (role === 'api' && queue.kind === 'bullmq') return;
        metrics.registerJobs(queue);
        comments.registerJobs(queue);
        engagement.registerJobs(queue);
        accounts.registerJobs(queue);
        content.registerJobs(queue);
        experiments.registerJobs(queue);
        // A worker must be able to run every job it may receive: a missing handler stops start-up.
        await queue.start({ requireAll: true });
        if (role !== 'api' && opts.schedule !== false) {
          await metrics.start();
          await comments.start();
          await engagement.start();
          await accounts.start(queue);
          await content.start();
          await experiments.start();
          await demo.start(comments.dms);
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
