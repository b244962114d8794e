import { randomUUID } from 'node:crypto';
import { Compile } from 'typebox/compile';
import type { Queue } from '../infra/queue/queue.js';
import type { ViralMetricsAnomalyRow } from './tables.js';
import {
  patternIdsOf,
  type PatternUsageRepository,
  type PostsRepository,
  type SnapshotsRepository,
} from '../posts/index.js';
import { NotFoundError } from '../errors.js';
import type { MetricsCollector, MetricsResult } from './collector.js';
import type { Severity } from './anomaly-rules.js';
import { DAY_MS, HOUR_MS, KPI_NAMES, type KpiName } from './kpis/types.js';
import type { AnomalyRepository } from './anomaly-repository.js';
import type { MetricHistoryRepository } from './metric-history-repository.js';
import { kpisOfRow, type ViralMetricsRepository } from './viral-metrics-repository.js';
import { parseTimeframe } from './timeframe.js';
import { interactions } from './kpis/counts.js';
import { patternFatigue } from './kpis/pattern-fatigue.js';
import { patternPerformance, PatternResultSchema } from '../patterns/index.js';

/**
 * The pattern result stored with a post is answered only when it has the engine's shape: a row
 * written some other way (the seed's `[{id, score}]` list, an older format) reads as not analysed,
 * instead of a value the response schema and the dashboard cannot take.
 */
const STORED_PATTERNS = Compile(PatternResultSchema);

export interface MetricsServiceOptions {
  current: Pick<ViralMetricsRepository, 'latestCurrent'>;
  history: Pick<MetricHistoryRepository, 'postHistory'>;
  anomalies: Pick<AnomalyRepository, 'listAnomalies' | 'anomalyCount'>;
  posts: Pick<
    PostsRepository,
    'accounts' | 'listActivePosts' | 'counts' | 'listPosts' | 'getPost' | 'postsWithPatterns'
  >;
  snapshots: Pick<SnapshotsRepository, 'snapshots' | 'latestSnapshots'>;
  usage: Pick<PatternUsageRepository, 'patternUsage'>;
  collector: MetricsCollector;
  queue: Queue;
  clock: () => Date;
  activeHours: number;
}

export interface ProcessingStarted {
  status: 'processing_started';
  batch_size: number;
  timestamp: string;
  job_id: string;
}

/** The metrics engine's use cases behind the HTTP routes and the dashboard. */
export type BatchEntry = (MetricsResult & { error: null }) | ReturnType<typeof notFoundEntry>;

function notFoundEntry(postId: string, timeframe: string) {
  return {
    post_id: postId,
    persona_id: null,
    timeframe,
    viral_coefficient: null,
    scroll_stop_rate: null,
    share_velocity: null,
    reply_depth: null,
    engagement_trajectory: null,
    pattern_fatigue: null,
    engagement_rate: null,
    collected_at: null,
    stale: false,
    stale_reason: null,
    flags: [] as string[],
    cached: false,
    error: 'not_found' as const,
  };
}

export class MetricsService {
  constructor(private readonly o: MetricsServiceOptions) {}

  getViralMetrics(postId: string, timeframe: string, useCache: boolean): Promise<MetricsResult> {
    return this.o.collector.get(postId, timeframe, useCache);
  }

  /** In request order; an unknown post is an entry of its own with `error: "not_found"`. */
  async getViralMetricsBatch(postIds: readonly string[], timeframe: string): Promise<BatchEntry[]> {
    const tf = parseTimeframe(timeframe).label;
    const results = await this.o.collector.getMany(postIds, tf, true);
    return results.map((r, i) => (r ? { ...r, error: null } : notFoundEntry(postIds[i]!, tf)));
  }

  async startProcessing(batchSize: number, requestId?: string): Promise<ProcessingStarted> {
    const jobId = `process-${randomUUID()}`;
    await this.o.queue.add(
      'process_active_posts',
      { batchSize, ...(requestId ? { requestId } : {}) },
      { jobId, priority: 1 },
    );
    return {
      status: 'processing_started',
      batch_size: batchSize,
      timestamp: this.o.clock().toISOString(),
      job_id: jobId,
    };
  }

  async getJob(jobId: string) {
    const job = await this.o.queue.getJob(jobId);
    if (!job) throw new NotFoundError(`Job ${jobId}`);
    return {
      job_id: job.id,
      name: job.name,
      state: job.state,
      progress: job.progress,
      attempts_made: job.attemptsMade,
      created_at: job.createdAt.toISOString(),
      finished_at: job.finishedAt?.toISOString() ?? null,
      result: job.result ?? null,
      failed_reason: job.failedReason ?? null,
    };
  }

  async anomalies(hours: number, severity?: Severity): Promise<ViralMetricsAnomalyRow[]> {
    return this.o.anomalies.listAnomalies({
      since: new Date(this.o.clock().getTime() - hours * HOUR_MS),
      ...(severity ? { severity } : {}),
    });
  }

  async accounts() {
    return this.o.posts.accounts();
  }

  /** Headline figures: averages of the newest KPIs of active posts, and counts. */
  async overview() {
    const now = this.o.clock();
    const since = new Date(now.getTime() - this.o.activeHours * HOUR_MS);
    const active = await this.o.posts.listActivePosts(since, 5000);
    const current = await this.o.current.latestCurrent(active.map((p) => p.id));
    const dayAgo = new Date(now.getTime() - DAY_MS);
    const counts = await this.o.posts.counts(dayAgo);
    const anomalies = await this.o.anomalies.anomalyCount(dayAgo);
    const averages = Object.fromEntries(
      KPI_NAMES.map((k) => {
        const values = current.map((r) => kpisOfRow(r)[k]);
        return [k, values.length ? values.reduce((a, b) => a + b, 0) / values.length : null];
      }),
    ) as Record<KpiName, number | null>;
    return {
      now: now.toISOString(),
      posts: counts.posts,
      active_posts: counts.active_posts,
      measured_posts: current.length,
      anomalies_24h: anomalies,
      kpi_averages: averages,
    };
  }

  /** Posts with their newest KPIs and a 24-hour sparkline of interactions gained per hour. */
  async listPosts(opts: { accountId?: string; limit: number }) {
    const now = this.o.clock();
    const posts = await this.o.posts.listPosts(opts);
    const ids = posts.map((p) => p.id);
    const [current, snapshots] = await Promise.all([
      this.o.current.latestCurrent(ids),
      this.o.snapshots.snapshots(ids, new Date(now.getTime() - 25 * HOUR_MS)),
    ]);
    const byPost = new Map(current.map((r) => [r.post_id, r]));
    const sparklines = hourlySparklines(snapshots, now, 24);
    return {
      items: posts.map((p) => {
        const m = byPost.get(p.id);
        return {
          id: p.id,
          account_id: p.account_id,
          persona_id: p.persona_id,
          content: p.content,
          post_url: p.post_url,
          published_at: p.published_at.toISOString(),
          kpis: m ? kpisOfRow(m) : null,
          collected_at: m?.collected_at.toISOString() ?? null,
          sparkline: sparklines.get(p.id) ?? [],
        };
      }),
    };
  }

  /** One post: content, patterns, counter snapshots and KPI history for charts. */
  async postDetail(postId: string) {
    const post = await this.o.posts.getPost(postId);
    if (!post) throw new NotFoundError(`Post ${postId}`);
    const since = new Date(this.o.clock().getTime() - 7 * DAY_MS);
    const [snapshots, history, current] = await Promise.all([
      this.o.snapshots.snapshots([postId], since),
      this.o.history.postHistory(postId, since),
      this.o.current.latestCurrent([postId]),
    ]);
    const patterns = STORED_PATTERNS.Check(post.patterns) ? post.patterns : null;
    return {
      id: post.id,
      account_id: post.account_id,
      persona_id: post.persona_id,
      content: post.content,
      post_url: post.post_url,
      published_at: post.published_at.toISOString(),
      patterns,
      pattern_ids: patternIdsOf(patterns),
      kpis: current[0] ? kpisOfRow(current[0]) : null,
      collected_at: current[0]?.collected_at.toISOString() ?? null,
      snapshots: snapshots.map(({ post_id: _p, taken_at, ...c }) => ({
        taken_at: taken_at.toISOString(),
        ...c,
      })),
      kpi_history: history.map((h) => ({
        recorded_at: h.recorded_at.toISOString(),
        metric_name: h.metric_name,
        metric_value: h.metric_value,
      })),
    };
  }

  /**
   * Which patterns perform for this account: per pattern, usage and engagement lift against the
   * account's own baseline (shrunk toward it by empirical Bayes, with 95 % intervals), plus the
   * persona's current fatigue of the pattern. Engagement rate = lifetime interactions / views of
   * the newest snapshot; posts without views yet are left out.
   */
  async patternPerformance(accountId: string) {
    const now = this.o.clock();
    const posts = await this.o.posts.postsWithPatterns(accountId);
    if (posts.length === 0) throw new NotFoundError(`Analysed posts of account ${accountId}`);
    const latest = await this.o.snapshots.latestSnapshots(posts.map((p) => p.id));
    const rateOf = new Map(
      latest.filter((s) => s.views > 0).map((s) => [s.post_id, (interactions(s) ?? 0) / s.views]),
    );
    const outcomes = posts
      .filter((p) => rateOf.has(p.id))
      .map((p) => ({ engagement_rate: rateOf.get(p.id)!, pattern_types: patternIdsOf(p.patterns) }));
    const personaIds = [...new Set(posts.map((p) => p.persona_id))];
    const usage = await this.o.usage.patternUsage(personaIds, new Date(now.getTime() - 7 * DAY_MS));
    const performance = patternPerformance(outcomes);
    return {
      account_id: accountId,
      measured_posts: outcomes.length,
      baseline: performance.baseline,
      prior: performance.prior,
      items: performance.patterns.map((p) => {
        const [family, type] = p.pattern_type.split(':') as [string, string];
        const fatigue = Math.max(
          0,
          ...personaIds.map((personaId) =>
            patternFatigue({ usage, personaId, patternId: p.pattern_type, now }),
          ),
        );
        return { ...p, family, type, fatigue };
      }),
    };
  }
}

/**
 * Interactions gained per hour over the last `hours` hours, per post, from cumulative snapshots:
 * the last reading of each hour minus the last reading before it (never negative).
 */
export function hourlySparklines(
  snapshots: readonly ({ post_id: string; taken_at: Date } & Record<string, unknown>)[],
  now: Date,
  hours: number,
): Map<string, number[]> {
  const start = now.getTime() - hours * HOUR_MS;
  const lastPerHour = new Map<string, (number | null)[]>();
  const before = new Map<string, number>();
  for (const s of snapshots) {
    const total = interactions(s as Parameters<typeof interactions>[0]) ?? 0;
    const t = s.taken_at.getTime();
    if (t < start) {
      before.set(s.post_id, total);
      continue;
    }
    const slot = Math.min(hours - 1, Math.floor((t - start) / HOUR_MS));
    const arr = lastPerHour.get(s.post_id) ?? new Array<number | null>(hours).fill(null);
    arr[slot] = total;
    lastPerHour.set(s.post_id, arr);
  }
  const out = new Map<string, number[]>();
  for (const [postId, arr] of lastPerHour) {
    let prev = before.get(postId) ?? null;
    out.set(
      postId,
      arr.map((v) => {
        if (v === null) return 0;
        const gained = prev === null ? 0 : Math.max(0, v - prev);
        prev = Math.max(prev ?? v, v);
        return gained;
      }),
    );
  }
  return out;
}
