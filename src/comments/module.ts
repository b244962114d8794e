import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { Cache } from '../infra/cache/cache.js';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { SourceError, type ThreadsSource } from '../source/index.js';
import { SourceDmDelivery, WebhookDmDelivery, type DmDelivery } from './dm-delivery.js';
import { AutoHideRepository } from './auto-hide-repository.js';
import { AutoHideService, type ReplyModerator } from './auto-hide.js';
import { DmService, type PostInfo } from './dm-service.js';
import type { Analyzer } from './intents.js';
import { DmRepository } from './outbox.js';
import { CommentsRepository } from './repository.js';
import { CommentsService } from './service.js';
import { createCommentMetrics, type CommentMetrics } from './telemetry.js';

/**
 * The comment pipeline assembled from shared infrastructure: repositories, services, metrics,
 * job handlers and the start-up work. deps.ts builds one of these; tests build their own.
 */

export interface CommentsModuleDeps {
  db: Kysely<DB>;
  cache: Cache;
  queue: Queue;
  registry: Registry;
  logger: Logger;
  config: Config;
  analyzer: Analyzer;
  /** monitors poll it, DMs go through its sendDm unless DM_WEBHOOK_URL is set; absent = no monitors */
  source?: Pick<ThreadsSource, 'getComments' | 'getPost' | 'sendDm'>;
  /** overrides the delivery chosen from the config */
  delivery?: DmDelivery;
  /** the delivery of `public_reply` rules: a public Threads reply (the connector's ThreadsReplyDmDelivery) */
  publicReply?: DmDelivery;
  /** hides and unhides replies on Threads (the connector); absent = auto-hide cannot be switched on */
  moderator?: ReplyModerator;
  now?: () => Date;
  /** database connections in use and idle, for the pool gauges */
  connections?: () => { active: number; idle: number };
  /** the polling interval of the monitors started for new posts (default COMMENT_MONITOR_INTERVAL_SECONDS) */
  newPostMonitorIntervalSeconds?: number;
}

/** What tests and deps.ts may replace (everything else comes from shared infrastructure). */
export type CommentsModuleOverrides = Partial<
  Pick<CommentsModuleDeps, 'analyzer' | 'delivery' | 'publicReply' | 'moderator' | 'source' | 'now'>
>;

export interface CommentsModule {
  comments: CommentsService;
  dms: DmService;
  autoHide: AutoHideService;
  metrics: CommentMetrics;
  delivery: DmDelivery;
  config: Config;
  /** the ingestion rate limiter's Redis client (REDIS_URL set): the limit is shared by every replica */
  redis?: Redis;
  /**
   * Start a monitor on every new post, so leads surface without manual set-up (when
   * COMMENT_MONITORING_ENABLED and COMMENT_MONITOR_NEW_POSTS); a post whose monitor cannot start is logged.
   */
  monitorNewPosts(postIds: readonly string[]): Promise<void>;
  /** Register the four comment jobs' handlers on the queue. */
  registerJobs(queue: Queue): void;
  /** Worker start-up: sweep, then every COMMENT_SWEEP_INTERVAL_SECONDS; resume stored monitors; schedule the daily retention job. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const RETENTION_SCHEDULE_KEY = 'comment-retention';
export const RETENTION_EVERY_MS = 24 * 3600 * 1000;
/** How far back `comment_processing_queue_length` looks for unanalysed comments. */
export const BACKLOG_WINDOW_MS = 24 * 3600 * 1000;

/**
 * The webhook when DM_WEBHOOK_URL is set (it then needs DM_WEBHOOK_SECRET: unsigned DMs are
 * refused at start-up), otherwise the source's own DM endpoint.
 */
export function createDmDelivery(
  config: Pick<Config, 'DM_WEBHOOK_URL' | 'DM_WEBHOOK_SECRET'>,
  source: Pick<ThreadsSource, 'sendDm'> | undefined,
): DmDelivery {
  if (config.DM_WEBHOOK_URL !== undefined) {
    if (config.DM_WEBHOOK_SECRET === undefined) {
      throw new Error('DM_WEBHOOK_SECRET is required when DM_WEBHOOK_URL is set (deliveries are signed)');
    }
    return new WebhookDmDelivery({ url: config.DM_WEBHOOK_URL, secret: config.DM_WEBHOOK_SECRET });
  }
  if (source === undefined) {
    throw new Error(
      'no DM delivery: set DM_WEBHOOK_URL (and DM_WEBHOOK_SECRET) or use a source that accepts DMs',
    );
  }
  return new SourceDmDelivery(source);
}

export function createCommentsModule(deps: CommentsModuleDeps): CommentsModule {
  const { db, cache, queue, registry, logger, config, source } = deps;
  const now = deps.now ?? (() => new Date());
  const repository = new CommentsRepository(db);
  const metrics = createCommentMetrics(registry, {
    // The backlog the seeds' HPA scales on: comments stored in the last day and not analysed
    // (older ones were lost by their job and are the sweep's, not a scaling signal).
    backlog: () => repository.analysisBacklog(new Date(now().getTime() - BACKLOG_WINDOW_MS)),
    table: () => repository.tableStats(),
    cache: () => cache.stats(),
    now,
    ...(deps.connections ? { connections: deps.connections } : {}),
  });
  const delivery = deps.delivery ?? createDmDelivery(config, source);

  const resolvePost = source
    ? async (postId: string): Promise<PostInfo | null> => {
        try {
          const post = await source.getPost(postId);
          return { account_id: post.account_id, post_url: post.post_url, username: post.username || null };
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'not_found') return null;
          throw err;
        }
      }
    : undefined;

  const dms = new DmService({
    dms: new DmRepository(db),
    queue,
    delivery,
    ...(deps.publicReply ? { publicReply: deps.publicReply } : {}),
    metrics,
    logger,
    config,
    now,
    ...(resolvePost ? { resolvePost } : {}),
  });
  const autoHide = new AutoHideService({
    repo: new AutoHideRepository(db),
    ...(deps.moderator ? { moderator: deps.moderator } : {}),
    accountOf: async ({ comment }) => (await dms.postInfo(comment))?.account_id ?? null,
    logger: logger.child({ module: 'auto-hide' }),
    now,
  });
  const comments = new CommentsService({
    comments: repository,
    dms,
    autoHide,
    cache,
    queue,
    analyzer: deps.analyzer,
    metrics,
    logger,
    config,
    now,
    ...(source ? { source } : {}),
  });

  // @fastify/rate-limit's recommended client settings: fail fast, never queue while offline
  // (the limiter is told to fail open on errors).
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        connectTimeout: 1000,
        commandTimeout: 500,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : undefined;
  redis?.on('error', (err: Error) => logger.debug({ err }, 'rate limit redis unavailable'));
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping = false;

  return {
    comments,
    dms,
    autoHide,
    metrics,
    delivery,
    config,
    ...(redis ? { redis } : {}),
    async monitorNewPosts(postIds) {
      if (!config.COMMENT_MONITORING_ENABLED || !config.COMMENT_MONITOR_NEW_POSTS) return;
      const interval = deps.newPostMonitorIntervalSeconds ?? config.COMMENT_MONITOR_INTERVAL_SECONDS;
      for (const id of postIds) {
        try {
          await comments.createMonitor(id, interval);
        } catch (err) {
          logger.warn({ err, postId: id }, 'could not start the comment monitor of a new post');
        }
      }
    },
    registerJobs(q: Queue) {
      q.register('queue_comment_batches', (p) => comments.splitIntoBatches(p.commentIds, p.requestId));
      q.register('analyze_comment_batch', (p) => comments.analyzeBatch(p.commentIds), { concurrency: 4 });
      q.register('send_dm', (p, ctx) => dms.send(p.outboxId, ctx.attempt), { concurrency: 4 });
      q.register('poll_comment_monitor', (p) => comments.pollMonitor(p.taskId), { concurrency: 2 });
      q.register('comment_retention', () => comments.runMaintenance());
    },
    async start() {
      // A timer in every worker process, not a schedule kept in Redis: after an outage that
      // emptied Redis, or a restart, the sweep still runs (claims keep workers from doubling up).
      const sweep = async () => {
        if (sweeping) return;
        sweeping = true;
        try {
          await comments.sweep();
        } catch (err) {
          logger.warn({ err }, 'comment sweep failed; it runs again at the next interval');
        } finally {
          sweeping = false;
        }
      };
      await sweep();
      sweepTimer ??= setInterval(() => void sweep(), config.COMMENT_SWEEP_INTERVAL_SECONDS * 1000);
      sweepTimer.unref();
      await comments.resumeMonitors();
      await queue.addRepeatable(
        'comment_retention',
        {},
        { everyMs: RETENTION_EVERY_MS, key: RETENTION_SCHEDULE_KEY },
      );
    },
    async close() {
      if (sweepTimer) clearInterval(sweepTimer);
      if (redis && redis.status !== 'end') await redis.quit().catch(() => redis.disconnect());
    },
  };
}
