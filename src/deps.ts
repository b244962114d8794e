import { randomBytes } from 'node:crypto';
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
import { createSource, startSimulatorGraph, type CreatedSource, type ThreadsSource } from './source/index.js';
import {
  createThreadsPolling,
  DbPublishLedger,
  ThreadsApiSource,
  ThreadsReplyDmDelivery,
  type ConnectorAccount,
  type ThreadsPolling,
} from './threads/index.js';
import { defaultAnalyzer } from './comments/index.js';
import {
  createCommentsModule,
  type CommentsModule,
  type CommentsModuleOverrides,
} from './comments/module.js';
import { createDemoModule } from './demo/module.js';
import { seedDemoHistory } from './demo/history.js';
import { createEngagementModule, type EngagementModule } from './engagement/module.js';
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
  /**
   * The Threads connector when the app reads through it (SOURCE=simulator: the simulator's Graph
   * API on 127.0.0.1; SOURCE=threads: graph.threads.net), with its per-account polling jobs.
   */
  threads?: { connector: ThreadsApiSource; polling: ThreadsPolling; graphUrl: string };
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

/**
 * The first step of `createDeps` on its own: the logger and the store, migrated. `threads-agent
 * migrate` needs nothing more (a migrations Job connects to no Redis and loads no model).
 */
export interface StoreDeps {
  logger: Logger;
  store: Store;
  /** the migrations this call applied, oldest first */
  migrated: string[];
  /** close the store (unless it was given) */
  close(): Promise<void>;
}

export async function createStoreDeps(
  config: Config,
  overrides: Pick<DepsOverrides, 'logger' | 'store'> = {},
): Promise<StoreDeps> {
  const logger = overrides.logger ?? createLogger(config);
  const store = overrides.store ?? (await createStore(config, logger));
  const close = overrides.store ? () => Promise.resolve() : () => store.close();
  try {
    return { logger, store, migrated: await migrateToLatest(store.db, { logger }), close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const role = overrides.role ?? 'all';
  const telemetry = overrides.telemetry ?? createTelemetry();
  const closers: (() => Promise<void>)[] = [];
  const readiness: Deps['readiness'] = {};
  const base = await createStoreDeps(config, overrides);
  const { logger, store } = base;
  closers.push(base.close);

  try {
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
    const simulated =
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
    // SOURCE=simulator (the demo) and SOURCE=threads read through the Threads connector; the
    // demo's simulator then serves its Graph API on 127.0.0.1 for it.
    const viaConnector =
      overrides.source === undefined &&
      config.FAKE_THREADS_URL === undefined &&
      (config.SOURCE === 'simulator' || config.SOURCE === 'threads');
    const simGraph =
      viaConnector && config.SOURCE === 'simulator' && simulated.simulator && simulated.faults
        ? await startSimulatorGraph(simulated.simulator, {
            faults: simulated.faults,
            ...(config.THREADS_APP_ID === undefined ? {} : { appId: config.THREADS_APP_ID }),
            ...(config.THREADS_APP_SECRET === undefined ? {} : { appSecret: config.THREADS_APP_SECRET }),
            dailyCallBudget: config.THREADS_DAILY_CALL_BUDGET,
          })
        : undefined;
    if (simGraph) closers.push(() => simGraph.close());
    const simulator = config.SOURCE === 'threads' && viaConnector ? undefined : simulated.simulator;
    // The demo's simulator runs on simulated time; KPI windows must use the same clock as its counters.
    const clock = overrides.clock ?? (simulator ? () => new Date(simulator.now()) : () => new Date());

    const demo = createDemoModule({ config, simulatorInProcess: simulator !== undefined });
    const posts = createPostsModule({ db: store.db });

    let demoKey: string | undefined;
    if (simGraph && config.SECRET_KEY === undefined) {
      // SPEC §5.1: no token is stored without SECRET_KEY. The demo's tokens are the simulator's,
      // issued anew at every start, so a key of this run only seals them; real accounts
      // (SOURCE=threads) still need SECRET_KEY.
      demoKey = randomBytes(32).toString('hex');
      logger.warn(
        'SECRET_KEY is not set: the demo seals its simulated accounts’ tokens with a key generated for this run only. Set SECRET_KEY (openssl rand -hex 32) before connecting a real Threads account (SOURCE=threads).',
      );
    }
    const accounts = createAccountsModule({
      db: store.db,
      logger,
      config: simGraph
        ? {
            ...config,
            SECRET_KEY: config.SECRET_KEY ?? demoKey,
            THREADS_API_URL: simGraph.baseUrl,
            THREADS_AUTHORIZE_URL: `${simGraph.baseUrl}/oauth/authorize`,
            THREADS_APP_ID: simGraph.graph.appId,
            THREADS_APP_SECRET: simGraph.graph.appSecret,
            TOKEN_REFRESH_INTERVAL_SECONDS: demo.tokenRefreshEveryS,
          }
        : config,
      clock,
      dataAccounts: () => posts.posts.accounts(),
    });

    let connector: ThreadsApiSource | undefined;
    let graphUrl = config.THREADS_API_URL;
    let connectorAccounts: () => Promise<ConnectorAccount[]> = () => Promise.resolve([]);
    let source: CreatedSource = simulated;
    if (viaConnector) {
      graphUrl = simGraph?.baseUrl ?? config.THREADS_API_URL;
      connector = new ThreadsApiSource({
        baseUrl: graphUrl,
        tokens: accounts.service,
        accounts: [],
        ledger: new DbPublishLedger(store.db),
        logger: logger.child({ module: 'threads' }),
        timeoutMs: config.SOURCE_TIMEOUT_MS,
        clock: () => clock().getTime(),
      });
      if (simGraph && simulator) {
        // The demo connects its simulated accounts as a creator would paste a token.
        const personas = new Map(simulator.accounts().map((a) => [a.id, a.persona_id]));
        for (const a of simulator.accounts())
          await accounts.service.addToken(simGraph.graph.issueLongLived(a.id).access_token);
        connectorAccounts = () =>
          Promise.resolve([...personas].map(([id, persona_id]) => ({ id, persona_id })));
      } else {
        if (config.THREADS_ACCESS_TOKEN !== undefined)
          await accounts.service.addToken(config.THREADS_ACCESS_TOKEN);
        connectorAccounts = async () =>
          (await accounts.service.list())
            .filter((a) => a.connected)
            .map((a) => ({ id: a.account_id, persona_id: a.persona_id }));
      }
      connector.setAccounts(await connectorAccounts());
      source = {
        source: connector,
        control: simulated.control,
        ...(simulator ? { simulator } : {}),
        // Only the demo's DMs go to the simulator; a real account's go by DM_WEBHOOK_URL or the connector.
        ...(simGraph && simulated.dms ? { dms: simulated.dms } : {}),
      };
    }
    // The demo delivers DMs to the simulator's DM endpoint (SPEC §4.3), whatever it reads through.
    const commentSource: Pick<ThreadsSource, 'getComments' | 'getPost' | 'sendDm'> =
      source.dms && source.dms !== source.source
        ? {
            getComments: (id, o) => source.source.getComments(id, o),
            getPost: (id) => source.source.getPost(id),
            sendDm: (m) => source.dms!.sendDm(m),
          }
        : source.source;

    const comments = createCommentsModule({
      db: store.db,
      cache,
      queue,
      registry: telemetry.registry,
      logger,
      config,
      analyzer: defaultAnalyzer,
      source: commentSource,
      connections: () => store.connections(),
      newPostMonitorIntervalSeconds: demo.monitorIntervalSeconds,
      // public-reply DM rules and auto-hide of spam need the Threads connector as the source
      ...(source.source instanceof ThreadsApiSource
        ? { publicReply: new ThreadsReplyDmDelivery(source.source), moderator: source.source }
        : {}),
      ...overrides.comments,
    });
    closers.push(() => comments.close());

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
      collectOnSchedule: connector === undefined,
      ...(overrides.alerts ? { alerts: overrides.alerts } : {}),
      ...(overrides.sourceRetries ? { sourceRetries: overrides.sourceRetries } : {}),
      onNewPosts: async (ids) => {
        await analyzeNewPosts({ posts: posts.posts, usage: posts.usage, patterns, trajectories }, ids);
        // Through the connector the pollers read replies (when a post's counter grew): no monitors.
        if (connector === undefined) await comments.monitorNewPosts(ids);
      },
    });

    let threads: Deps['threads'];
    if (connector) {
      const polling = createThreadsPolling({
        db: store.db,
        source: connector,
        logger,
        clock,
        dailyBudget: config.THREADS_DAILY_CALL_BUDGET,
        everyMs: demo.pollEveryMs,
        policy: { ttlMs: config.METRICS_TTL_HOURS * 3_600_000 },
        accounts: connectorAccounts,
        onDiscovered: async (found) => {
          const fresh = await posts.posts.upsertSourcePosts(found);
          if (fresh.length > 0)
            await analyzeNewPosts({ posts: posts.posts, usage: posts.usage, patterns, trajectories }, fresh);
        },
        onReadings: async (readings) => {
          const ids = readings.map((r) => r.post.id);
          const [rows, trees] = await Promise.all([
            posts.posts.getPosts(ids),
            comments.comments.replyTrees(ids),
          ]);
          const counters = new Map(readings.map((r) => [r.post.id, r.counters]));
          await metrics.collector.ingest(
            rows.map((post) => ({
              post,
              counters: counters.get(post.id)!,
              replies: trees.get(post.id) ?? [],
            })),
            '24h',
          );
        },
        onComments: async (postId, found) => {
          await comments.comments.ingest(
            postId,
            found.map((c) => ({
              id: c.id,
              text: c.text,
              author: c.author,
              timestamp: c.timestamp,
              ...(c.parent_id === undefined ? {} : { parent_id: c.parent_id }),
            })),
          );
        },
        // A mention is its own thread, stored under its own id, as the webhook stores it.
        onMentions: async (_accountId, mentions) => {
          for (const m of mentions)
            await comments.comments.ingest(m.id, [
              { id: m.id, text: m.text, author: m.username, timestamp: m.timestamp },
            ]);
        },
        onPolled: async (accountId, result) => {
          if (result.calls > 0) await accounts.service.recordCalls(accountId, result.calls);
          await accounts.service.markPolled(accountId);
        },
      });
      threads = { connector, polling, graphUrl };
    }

    const engagement = createEngagementModule({
      db: store.db,
      queue,
      logger,
      patterns,
      clock,
      ...(demo.retrainEveryMs !== undefined ? { retrainEveryMs: demo.retrainEveryMs } : {}),
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
      ...(threads ? { threads } : {}),
      readiness,
      async start(opts = {}) {
        if (role === 'api' && queue.kind === 'bullmq') return;
        metrics.registerJobs(queue);
        comments.registerJobs(queue);
        engagement.registerJobs(queue);
        accounts.registerJobs(queue);
        content.registerJobs(queue);
        experiments.registerJobs(queue);
        if (threads) threads.polling.registerJobs(queue);
        else registerIdlePolling(queue);
        queue.register('seed_demo_history', () =>
          demo.enabled && simulator
            ? seedDemoHistory({
                simulator,
                ttlMs: config.METRICS_TTL_HOURS * 3_600_000,
                upsertPosts: (found) => posts.posts.upsertSourcePosts(found),
                analyse: (ids) =>
                  analyzeNewPosts({ posts: posts.posts, usage: posts.usage, patterns, trajectories }, ids),
                insertSnapshots: (rows) => posts.snapshots.insertSnapshots(rows),
                backfill: async (items) => {
                  const rows = new Map(
                    (await posts.posts.getPosts(items.map((i) => i.postId))).map((p) => [p.id, p]),
                  );
                  return metrics.collector.backfill(
                    items.flatMap((i) => {
                      const post = rows.get(i.postId);
                      return post ? [{ post, readings: i.readings, replies: i.replies }] : [];
                    }),
                  );
                },
                logger,
              })
            : Promise.resolve({ posts: 0, snapshots: 0 }),
        );
        // A worker must be able to run every job it may receive: a missing handler stops start-up.
        await queue.start({ requireAll: true });
        if (role !== 'api' && opts.schedule !== false) {
          await metrics.start();
          await comments.start();
          await engagement.start();
          await accounts.start(queue);
          await content.start();
          await experiments.start();
          if (threads) await threads.polling.start(queue);
          // After the listener is up (start-up is not held by it), and once per queue.
          if (demo.enabled && simulator)
            await queue.add('seed_demo_history', {}, { jobId: 'demo-history', delayMs: 3000 });
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

/** Without the connector no account is polled; the job names still have their (idle) handlers. */
function registerIdlePolling(queue: Queue): void {
  queue.register('poll_threads_accounts', () => Promise.resolve(0));
  queue.register('poll_threads_account', () => Promise.resolve({ calls: 0, polled: 0, comments: 0 }));
}
