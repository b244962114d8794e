import { randomBytes } from 'node:crypto';
import { Value } from 'typebox/value';
import pTimeout from 'p-timeout';
import type { Config } from '../config.js';
import { InvalidInputError, NotFoundError, UnavailableError } from '../errors.js';
import { isDataError } from '../infra/db/data-error.js';
import type { Cache } from '../infra/cache/cache.js';
import { QUEUE_RETRY_AFTER_SECONDS, type Queue } from '../infra/queue/queue.js';
import type { JobPayloads } from '../infra/queue/jobs.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { SourceError, type ReplyNode, type SourceComment, type ThreadsSource } from '../source/index.js';
import { chunk, dedupKey, dedupeById } from './dedup.js';
import type { AutoHideService } from './auto-hide.js';
import type { DmService } from './dm-service.js';
import { analyseComment, type Analyzer } from './intents.js';
import type { CommentsRepository, MonitorRow } from './repository.js';
import { reanalyseStale, type ReanalyseOptions, type ReanalyseResult } from './reanalyse.js';
import {
  CommentInput,
  type CorrectionsQuery,
  type CorrectionsResponse,
  type InboxQuery,
  type Intent,
  type IntentCorrection,
  type InboxResponse,
  type MonitorResponse,
  type ProcessCommentsResponse,
} from './schemas.js';
import { timed, type CommentMetrics } from './telemetry.js';

/**
 * The comment pipeline's rules: ingestion with three-layer dedup, analysis, monitors, the
 * inbox and retention. HTTP-free (routes map its results) and clock-injected.
 */

/** Below post work (unprioritised jobs run first); the seed's Celery priority was 5 of 10. */
export const ANALYSIS_JOB_PRIORITY = 10;
export const ANALYSIS_JOB_ATTEMPTS = 3;
export const ANALYSIS_JOB_BACKOFF_MS = 1_000;
const ANALYSIS_JOB_OPTIONS = {
  priority: ANALYSIS_JOB_PRIORITY,
  attempts: ANALYSIS_JOB_ATTEMPTS,
  backoffMs: ANALYSIS_JOB_BACKOFF_MS,
};
/** The payload of an analysis job; `requestId` only when there is one (payloads travel as JSON). */
function analysisPayload(
  commentIds: string[],
  requestId: string | undefined,
): JobPayloads['analyze_comment_batch'] {
  return requestId === undefined ? { commentIds } : { commentIds, requestId };
}
/** Comments fetched per source call by a monitor, and pages per poll (bounds one poll's work). */
export const MONITOR_PAGE_SIZE = 100;
export const MONITOR_MAX_PAGES = 10;
/** A comment queued this long ago and still unanalysed has lost its job: the sweep queues it again. */
export const REQUEUE_AFTER_MS = 10 * 60_000;
/** Comments one sweep run queues at most (the rest wait for the next run). */
export const SWEEP_MAX_COMMENTS = 10_000;

export type CommentsConfig = Pick<
  Config,
  | 'COMMENT_BATCH_SIZE'
  | 'COMMENT_DEDUP_CACHE_TTL'
  | 'COMMENT_PROCESSING_TIMEOUT'
  | 'COMMENT_RETENTION_DAYS'
  | 'COMMENT_MONITORING_ENABLED'
>;

export interface CommentsServiceDeps {
  comments: CommentsRepository;
  dms: DmService;
  /** hides spam replies on Threads for accounts that opted in */
  autoHide: Pick<AutoHideService, 'evaluate' | 'retryInterrupted'>;
  cache: Pick<Cache, 'getMany' | 'setManyIfAbsent'>;
  queue: Pick<Queue, 'add' | 'addMany' | 'addRepeatable' | 'removeRepeatable'>;
  analyzer: Analyzer;
  /** where monitors read replies; absent with SOURCE=none */
  source?: Pick<ThreadsSource, 'getComments'>;
  metrics: CommentMetrics;
  logger: Logger;
  config: CommentsConfig;
  now?: () => Date;
}

export interface IngestOptions {
  requestId?: string;
}

export interface AnalyzeResult {
  analyzed: number;
  missing: number;
  dms_pending: number;
}

/** A source comment in the ingestion shape; undefined when it breaks the API's own limits. */
function fromSource(c: SourceComment): CommentInput | undefined {
  const input: CommentInput = {
    id: c.id,
    text: c.text,
    author: c.author,
    timestamp: c.timestamp,
    ...(c.parent_id === undefined ? {} : { parent_id: c.parent_id }),
  };
  return Value.Check(CommentInput, input) ? input : undefined;
}

export class CommentsService {
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(private readonly deps: CommentsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.logger.child({ module: 'comments' });
  }

  // ── ingestion ─────────────────────────────────────────────────────────────

  /**
   * Store the new comments of one post and queue them for analysis. Dedup runs in three layers:
   * inside the request, the cache (ids stored recently), then the unique constraint of the
   * database — the only one that is the truth. The answer comes only after the rows are
   * committed; the whole call is bounded by COMMENT_PROCESSING_TIMEOUT (a timed-out request
   * may have stored its comments, and retrying it is safe: they dedup).
   */
  async ingest(
    postId: string,
    comments: readonly CommentInput[],
    opts: IngestOptions = {},
  ): Promise<ProcessCommentsResponse> {
    const { metrics, config } = this.deps;
    const timeoutMs = config.COMMENT_PROCESSING_TIMEOUT * 1000;
    const end = metrics.processingDuration.startTimer();
    const started = performance.now();
    try {
      const result = await pTimeout(this.ingestUnbounded(postId, comments, opts), {
        milliseconds: timeoutMs,
        fallback: () => {
          metrics.errors.inc({ error_type: 'timeout' });
          throw new UnavailableError(
            `comment processing did not finish within ${config.COMMENT_PROCESSING_TIMEOUT} s; retrying is safe (comments are deduplicated)`,
          );
        },
      });
      return { ...result, processing_time_ms: Math.round((performance.now() - started) * 100) / 100 };
    } finally {
      end();
    }
  }

  /** The stored replies of each post as trees, oldest first (the metrics engine's reply depth). */
  async replyTrees(postIds: readonly string[]): Promise<Map<string, ReplyNode[]>> {
    const trees = new Map<string, ReplyNode[]>(postIds.map((id) => [id, []]));
    const nodes = new Map<string, ReplyNode>();
    for (const r of await this.deps.comments.repliesOf(postIds)) {
      const node: ReplyNode = {
        id: r.comment_id,
        author: r.author,
        text: r.text,
        timestamp: r.timestamp,
        children: [],
      };
      nodes.set(r.comment_id, node);
      const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
      (parent?.children ?? trees.get(r.post_id) ?? []).push(node);
    }
    return trees;
  }

  private async ingestUnbounded(
    postId: string,
    comments: readonly CommentInput[],
    opts: IngestOptions,
  ): Promise<Omit<ProcessCommentsResponse, 'processing_time_ms'>> {
    const { metrics, cache, config } = this.deps;
    metrics.attempts.inc(comments.length);

    const { unique } = dedupeById(comments);

    // The cache fails open (a miss), so an outage only sends more ids to the database.
    const seen = await cache.getMany<unknown>(unique.map((c) => dedupKey(c.id)));
    const fresh = unique.filter((_, i) => seen[i] === undefined);
    metrics.cacheHits.inc(unique.length - fresh.length);
    metrics.cacheMisses.inc(fresh.length);

    let stored: string[];
    try {
      stored = await timed(metrics, 'insert', () =>
        this.deps.comments.insertComments(
          postId,
          fresh.map((c) => ({
            comment_id: c.id,
            text: c.text,
            author: c.author,
            timestamp: c.timestamp,
            parent_id: c.parent_id ?? null,
          })),
        ),
      );
    } catch (err) {
      // Text the schema let through but PostgreSQL refuses is the input's fault: a retry cannot succeed.
      if (isDataError(err))
        throw new InvalidInputError('a comment cannot be stored: it is not valid text', ['body', 'comments']);
      metrics.errors.inc({ error_type: 'database' });
      this.log.error({ err, postId, requestId: opts.requestId }, 'storing comments failed');
      throw new UnavailableError('the comment store is unavailable; nothing was stored, retry later');
    }

    const duplicates = comments.length - stored.length;
    metrics.duplicates.inc(duplicates);
    metrics.success.inc(stored.length);

    // Every fresh id is now in the database (stored now, or earlier by someone else): remember
    // them while the analysis jobs are queued.
    const [, queued] = await Promise.all([
      fresh.length > 0
        ? cache.setManyIfAbsent(
            fresh.map((c) => dedupKey(c.id)),
            config.COMMENT_DEDUP_CACHE_TTL,
          )
        : Promise.resolve([]),
      this.queueAnalysis(stored, opts.requestId),
    ]);
    return {
      status: queued === stored.length ? 'success' : 'partial',
      processed_count: comments.length,
      stored_count: stored.length,
      duplicates_filtered: duplicates,
      queued_count: queued,
    };
  }

  /**
   * Queue the analysis of `commentIds`; returns how many ids were queued. Up to
   * COMMENT_BATCH_SIZE ids are one `analyze_comment_batch` job; more are one
   * `queue_comment_batches` job that a worker splits into `analyze_comment_batch` jobs
   * (splitIntoBatches). Adding the 90 jobs of a 900-comment request took ~8 ms of the request
   * (client CPU plus one Lua call per job in Redis), more than the rest of it after the insert;
   * one job takes a fraction of a millisecond, and the ids are just as durably queued.
   * Ids whose job could not be queued are marked so, and the next sweep queues them.
   */
  async queueAnalysis(commentIds: readonly string[], requestId?: string): Promise<number> {
    if (commentIds.length === 0) return 0;
    const payload = analysisPayload([...commentIds], requestId);
    try {
      if (commentIds.length <= this.deps.config.COMMENT_BATCH_SIZE)
        await this.deps.queue.add('analyze_comment_batch', payload, ANALYSIS_JOB_OPTIONS);
      else await this.deps.queue.add('queue_comment_batches', payload, ANALYSIS_JOB_OPTIONS);
      return commentIds.length;
    } catch (err) {
      this.deps.metrics.errors.inc({ error_type: 'queue' });
      this.log.error({ err, requestId }, 'queueing comment analysis failed: the sweep will queue them');
      // Best effort: if this write fails too, the comments still carry a stamp and the sweep
      // finds them once it is REQUEUE_AFTER_MS old.
      await this.deps.comments
        .markUnqueued(commentIds)
        .catch((markErr: unknown) =>
          this.log.error({ err: markErr, requestId }, 'marking comments unqueued failed'),
        );
      return 0;
    }
  }

  /**
   * The `queue_comment_batches` job: `analyze_comment_batch` jobs of COMMENT_BATCH_SIZE ids, in
   * one round trip (BullMQ addBulk). Throws when they cannot be queued, so the job is retried; a
   * retry after a partial success queues some batches twice, which analysis tolerates (re-runs
   * are idempotent).
   */
  async splitIntoBatches(commentIds: readonly string[], requestId?: string): Promise<{ jobs: number }> {
    const batches = chunk(commentIds, this.deps.config.COMMENT_BATCH_SIZE);
    await this.deps.queue.addMany(
      'analyze_comment_batch',
      batches.map((ids) => analysisPayload(ids, requestId)),
      ANALYSIS_JOB_OPTIONS,
    );
    return { jobs: batches.length };
  }

  // ── analysis (the analyze_comment_batch job) ──────────────────────────────

  /**
   * Classify the comments, upsert their analysis (one statement) and evaluate the DM rules.
   * The rules' trigger keywords are not given to the classifier: it would then lower the spam
   * score of any reply containing one, and spammers who write "LINK" would earn a DM
   * (docs/evaluation.md, comment intents: spam recall 0.93 → 0.88 with them).
   * Idempotent: a re-run rewrites the same analysis rows and the outbox's constraints stop a
   * second DM. Comments deleted since they were queued are skipped.
   */
  async analyzeBatch(commentIds: readonly string[]): Promise<AnalyzeResult> {
    const { comments, metrics, analyzer } = this.deps;
    const rows = await timed(metrics, 'select', () => comments.getForAnalysis(commentIds));
    // the author of each post, so that the creator's own replies are told apart (posts not in
    // `posts` are asked of the source, once per post)
    const authorOf = new Map<string, string | null>();
    for (const c of rows) {
      if (c.post_author === null && !authorOf.has(c.post_id))
        authorOf.set(c.post_id, await this.deps.dms.postAuthor(c));
    }
    const analysed = rows.map((row) => {
      const comment = { ...row, post_author: row.post_author ?? authorOf.get(row.post_id) ?? null };
      try {
        return { comment, analysis: analyseComment(comment, analyzer) };
      } catch (err) {
        metrics.errors.inc({ error_type: 'analysis' });
        throw err;
      }
    });
    await timed(metrics, 'upsert', () =>
      comments.upsertAnalyses(
        analysed.map((a) => a.analysis),
        this.now(),
      ),
    );
    for (const a of analysed) metrics.analyzed.inc({ intent: a.analysis.intent });
    const pending = await this.deps.dms.evaluate(analysed);
    await this.deps.autoHide.evaluate(analysed);
    return { analyzed: analysed.length, missing: commentIds.length - rows.length, dms_pending: pending };
  }

  // ── re-analysis after a model upgrade (`threads-agent comments reanalyse`) ──

  /** How many stored analyses come from another model than `modelVersion`. */
  countStaleAnalyses(modelVersion: string): Promise<number> {
    return this.deps.comments.countStaleAnalyses(modelVersion);
  }

  /** Re-analyse those with this service's analyzer, batch by batch; DM rules are not evaluated (reanalyse.ts). */
  reanalyseStale(opts: ReanalyseOptions): Promise<ReanalyseResult> {
    return reanalyseStale(this.deps.comments, this.deps.analyzer, { now: this.now, ...opts });
  }

  // ── monitors ──────────────────────────────────────────────────────────────

  async createMonitor(postId: string, intervalSeconds: number): Promise<MonitorResponse> {
    if (!this.deps.config.COMMENT_MONITORING_ENABLED) {
      throw new UnavailableError('comment monitoring is disabled (COMMENT_MONITORING_ENABLED=false)');
    }
    if (!this.deps.source) throw new UnavailableError('no comment source is configured (SOURCE=none)');
    // One active monitor per post: a second start (a client retrying, a restart re-announcing
    // its posts) returns the first, with the new interval, instead of polling twice.
    const existing = await this.deps.comments.findActiveMonitor(postId);
    if (existing) {
      if (existing.interval_seconds === intervalSeconds) return toMonitorResponse(existing);
      const updated = await this.deps.comments.setMonitorInterval(
        existing.task_id,
        intervalSeconds,
        this.now(),
      );
      if (updated) {
        await this.schedule(updated);
        return toMonitorResponse(updated);
      }
    }
    const taskId = `monitor_${randomBytes(8).toString('hex')}`;
    const row = await this.deps.comments.createMonitor({
      task_id: taskId,
      post_id: postId,
      interval_seconds: intervalSeconds,
      now: this.now(),
    });
    try {
      await this.schedule(row);
    } catch (err) {
      this.log.error({ err, taskId }, 'scheduling a comment monitor failed');
      await this.deps.comments.recordMonitorError(taskId, {
        error: `could not be scheduled: ${err instanceof Error ? err.message : String(err)}`,
        now: this.now(),
        fail: true,
      });
      throw new UnavailableError(
        'the job queue is unavailable; the monitor was not started',
        QUEUE_RETRY_AFTER_SECONDS,
      );
    }
    return toMonitorResponse(row);
  }

  async getMonitor(taskId: string): Promise<MonitorResponse> {
    const row = await this.deps.comments.getMonitor(taskId);
    if (!row) throw new NotFoundError(`comment monitor ${taskId}`);
    return toMonitorResponse(row);
  }

  async stopMonitor(taskId: string): Promise<MonitorResponse> {
    const row = await this.deps.comments.setMonitorStatus(taskId, 'stopped', this.now());
    if (!row) throw new NotFoundError(`comment monitor ${taskId}`);
    await this.deps.queue.removeRepeatable(taskId);
    return toMonitorResponse(row);
  }

  /** Re-create the schedules of active monitors (start-up; schedules of the in-process queue die with it). */
  async resumeMonitors(): Promise<number> {
    if (!this.deps.config.COMMENT_MONITORING_ENABLED || !this.deps.source) return 0;
    const active = await this.deps.comments.listActiveMonitors();
    for (const m of active) await this.schedule(m);
    if (active.length > 0) this.log.info({ monitors: active.length }, 'comment monitors resumed');
    return active.length;
  }

  private schedule(m: Pick<MonitorRow, 'task_id' | 'interval_seconds'>): Promise<void> {
    return this.deps.queue.addRepeatable(
      'poll_comment_monitor',
      { taskId: m.task_id },
      { everyMs: m.interval_seconds * 1000, key: m.task_id },
    );
  }

  /**
   * One poll (the poll_comment_monitor job): read the replies after the cursor, page by page,
   * through the same ingestion as the push API, advancing the cursor after each stored page.
   * A transient source error counts and waits for the next tick; a post that no longer exists
   * fails the monitor and stops its schedule.
   */
  async pollMonitor(taskId: string): Promise<{ status: string; stored: number }> {
    const m = await this.deps.comments.getMonitor(taskId);
    if (!m || m.status !== 'active') {
      await this.deps.queue.removeRepeatable(taskId);
      return { status: m?.status ?? 'missing', stored: 0 };
    }
    const source = this.deps.source;
    if (!source) return { status: 'no_source', stored: 0 };
    let cursor = m.cursor;
    let stored = 0;
    try {
      for (let page = 0; page < MONITOR_MAX_PAGES; page++) {
        const batch = await source.getComments(m.post_id, {
          limit: MONITOR_PAGE_SIZE,
          ...(cursor === null ? {} : { after: cursor }),
        });
        const last = batch.at(-1);
        if (!last) break;
        const inputs = batch.map(fromSource).filter((c): c is CommentInput => c !== undefined);
        if (inputs.length < batch.length) {
          this.log.warn(
            { taskId, dropped: batch.length - inputs.length },
            'source comments outside the API limits skipped',
          );
        }
        const result = await this.ingest(m.post_id, inputs);
        stored += result.stored_count;
        cursor = last.id;
        await this.deps.comments.recordMonitorPoll(taskId, {
          cursor,
          stored: result.stored_count,
          now: this.now(),
        });
        if (batch.length < MONITOR_PAGE_SIZE) break;
      }
      if (stored === 0)
        await this.deps.comments.recordMonitorPoll(taskId, { cursor: null, stored: 0, now: this.now() });
      return { status: 'active', stored };
    } catch (err) {
      const gone = err instanceof SourceError && err.kind === 'not_found';
      this.deps.metrics.errors.inc({ error_type: err instanceof SourceError ? 'source' : 'database' });
      this.log.warn(
        { err, taskId, postId: m.post_id },
        gone ? 'monitored post is gone' : 'comment poll failed',
      );
      await this.deps.comments.recordMonitorError(taskId, {
        error: err instanceof Error ? err.message : String(err),
        now: this.now(),
        fail: gone,
      });
      if (gone) await this.deps.queue.removeRepeatable(taskId);
      return { status: gone ? 'failed' : 'active', stored };
    }
  }

  // ── inbox ─────────────────────────────────────────────────────────────────

  listInbox(query: InboxQuery): Promise<InboxResponse> {
    return this.deps.comments.listInbox(query);
  }

  /**
   * An operator's label for a comment: stored as training data, made the comment's intent, and
   * kept through re-analysis. DM rules are not re-evaluated (see reanalyseStale).
   */
  async correctIntent(commentId: string, intent: Intent): Promise<IntentCorrection> {
    const row = await this.deps.comments.correctIntent(commentId, intent, this.now());
    if (!row) throw new NotFoundError(`comment ${commentId}`);
    return row;
  }

  listCorrections(query: CorrectionsQuery): Promise<CorrectionsResponse> {
    return this.deps.comments.listCorrections(query.limit, query.offset);
  }

  async setHandled(commentId: string, handled: boolean): Promise<{ comment_id: string; handled: boolean }> {
    const found = await this.deps.comments.setHandled(commentId, handled, this.now());
    if (!found) throw new NotFoundError(`comment ${commentId}`);
    return { comment_id: commentId, handled };
  }

  // ── maintenance: the sweep (every few minutes) and retention (daily) ──────

  /**
   * Queue again the work that was acknowledged but has no job: comments whose analysis could not
   * be queued (the queue was down as they were stored) at once, comments and DMs whose job was
   * lost after REQUEUE_AFTER_MS. Runs at every worker start and every
   * COMMENT_SWEEP_INTERVAL_SECONDS; comments are claimed in the database, so workers sweeping
   * at once queue each comment once. Up to 10,000 comments a run, in analysis batches. Then
   * spam replies whose hide call failed transiently are hidden (`AutoHideService.retryInterrupted`).
   */
  async sweep(): Promise<{ requeued_comments: number; requeued_dms: number; hidden_replies: number }> {
    const now = this.now();
    const lostBefore = new Date(now.getTime() - REQUEUE_AFTER_MS);
    const claimed = await timed(this.deps.metrics, 'update', () =>
      this.deps.comments.claimUnqueued(lostBefore, now, SWEEP_MAX_COMMENTS),
    );
    const requeuedComments = await this.queueAnalysis(claimed);
    const requeuedDms = await this.deps.dms.requeueStalePending(lostBefore);
    if (claimed.length + requeuedDms > 0) {
      this.log.info(
        { requeuedComments, unqueued: claimed.length - requeuedComments, requeuedDms },
        'sweep queued lost work',
      );
    }
    const hiddenReplies = await this.deps.autoHide.retryInterrupted();
    return { requeued_comments: requeuedComments, requeued_dms: requeuedDms, hidden_replies: hiddenReplies };
  }

  /**
   * The daily comment_retention job: delete comments older than COMMENT_RETENTION_DAYS (their
   * analysis cascades; the DM outbox is kept as the record) and old daily DM counts, then sweep.
   */
  async runMaintenance(): Promise<{ deleted: number; requeued_comments: number; requeued_dms: number }> {
    const now = this.now();
    const cutoff = new Date(now.getTime() - this.deps.config.COMMENT_RETENTION_DAYS * 86_400_000);
    const deleted = await timed(this.deps.metrics, 'delete', () =>
      this.deps.comments.deleteCreatedBefore(cutoff),
    );
    await this.deps.dms.pruneDailyCounts(now);
    const swept = await this.sweep();
    this.log.info({ deleted, ...swept }, 'comment retention done');
    return { deleted, ...swept };
  }
}

function toMonitorResponse(m: MonitorRow): MonitorResponse {
  return {
    task_id: m.task_id,
    status: m.status,
    post_id: m.post_id,
    interval_seconds: m.interval_seconds,
    comments_processed: Number(m.comments_processed),
    last_processed: m.last_processed ? m.last_processed.toISOString() : null,
    error_count: m.error_count,
    last_error: m.last_error,
  };
}
