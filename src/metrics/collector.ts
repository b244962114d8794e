import pLimit from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import type { Cache } from '../infra/cache/cache.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { PostRow, ViralMetricsRow } from '../infra/db/types.js';
import { NotFoundError, UnavailableError } from '../errors.js';
import {
  SourceError,
  type PostCounters,
  type ReplyNode as SourceReplyNode,
  type ThreadsSource,
} from '../source/threads-source.js';
import { detectAnomalies, type Anomaly } from './anomaly-rules.js';
import { BASELINE_WINDOW_MS, computeBaseline } from './baseline.js';
import { computeViralMetrics, type MetricFlag, type ViralMetrics } from './compute.js';
import { DAY_MS, HOUR_MS, KPI_NAMES, type KpiName, type PatternUsage } from './kpis/types.js';
import { kpisOfRow, type MetricsRepository, type StoredAnomaly } from './repository.js';
import type { MetricsTelemetry } from './telemetry.js';
import { parseTimeframe, type TimeframeLabel } from './timeframe.js';

/** What `GET /viral-metrics/{post_id}` answers: the seed's fields plus freshness. */
export interface MetricsResult {
  post_id: string;
  persona_id: string;
  timeframe: TimeframeLabel;
  viral_coefficient: number;
  scroll_stop_rate: number;
  share_velocity: number;
  reply_depth: number;
  engagement_trajectory: number;
  pattern_fatigue: number;
  engagement_rate: number | null;
  collected_at: string;
  stale: boolean;
  stale_reason: string | null;
  flags: MetricFlag[];
  cached: boolean;
}

export interface CollectorOptions {
  repo: MetricsRepository;
  source: ThreadsSource;
  cache: Cache;
  telemetry: MetricsTelemetry;
  logger: Logger;
  cacheTtlSeconds: number;
  maxParallel: number;
  anomalyCooldownMs: number;
  /** raised anomalies of high severity go here (the queue's `send_alert`) */
  onHighSeverity?: (anomalyIds: number[]) => Promise<void>;
  /** posts the store did not know, stored while answering a request (pattern engine, monitors) */
  onNewPosts?: (postIds: string[]) => Promise<void>;
  clock?: () => Date;
  /** source read retries: attempts after the first, and the first backoff (doubling, jittered) */
  retries?: number;
  retryMinMs?: number;
}

export interface CollectOutcome {
  results: Map<string, MetricsResult>;
  failures: Map<string, string>;
  anomalies: number;
}

interface SourceRead {
  post: PostRow;
  counters: PostCounters;
  replies: SourceReplyNode[];
}

const cacheKey = (postId: string, timeframe: string) => `viral_metrics:${postId}:${timeframe}`;

/**
 * Reads a post's counters from the source, stores the reading as a snapshot, computes the six KPIs
 * from the stored snapshots, saves the current row and history, and raises anomalies. Batches do
 * every database step once for all posts. A failed source read never writes anything: the caller
 * gets the last stored metrics marked stale, or 503 when there are none.
 */
export class MetricsCollector {
  private readonly clock: () => Date;

  constructor(private readonly o: CollectorOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** Cache-aside read of one post's metrics. */
  async get(postId: string, timeframe: string, useCache = true): Promise<MetricsResult> {
    const [result] = await this.getMany([postId], timeframe, useCache);
    return result!;
  }

  /** Cache-aside read of many posts; misses are collected together in one batch. */
  async getMany(postIds: readonly string[], timeframe: string, useCache = true): Promise<MetricsResult[]> {
    const tf = parseTimeframe(timeframe).label;
    const unique = [...new Set(postIds)];
    const found = new Map<string, MetricsResult>();
    if (useCache) {
      const cached = await this.o.cache.getMany<MetricsResult>(unique.map((id) => cacheKey(id, tf)));
      unique.forEach((id, i) => {
        const hit = cached[i];
        this.o.telemetry.cacheHits.inc({ result: hit ? 'hit' : 'miss' });
        if (hit) found.set(id, { ...hit, cached: true });
      });
    }
    const misses = unique.filter((id) => !found.has(id));
    if (misses.length > 0) {
      const posts = await this.o.repo.getPosts(misses);
      const known = new Set(posts.map((p) => p.id));
      const unknown = misses.filter((id) => !known.has(id));
      if (unknown.length > 0) posts.push(...(await this.discover(unknown)));
      const outcome = await this.collect(posts, tf);
      const stored: Promise<boolean>[] = [];
      for (const id of misses) {
        const fresh = outcome.results.get(id);
        if (fresh) {
          found.set(id, fresh);
          stored.push(this.o.cache.set(cacheKey(id, tf), fresh, this.o.cacheTtlSeconds));
        }
      }
      // In flight together: 50 sequential Redis round trips would double a batch's latency.
      await Promise.all(stored);
      const failed = misses.filter((id) => !found.has(id));
      if (failed.length > 0) {
        const stale = await this.staleResults(failed, tf, outcome.failures);
        for (const r of stale) found.set(r.post_id, r);
      }
    }
    return postIds.map((id) => found.get(id)!);
  }

  /** Posts the store does not know yet: ask the source, and store them (404 → NotFoundError). */
  private async discover(ids: readonly string[]): Promise<PostRow[]> {
    const fetched = await Promise.all(
      ids.map(async (id) => {
        try {
          return await this.o.source.getPost(id);
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'not_found') throw new NotFoundError(`Post ${id}`);
          throw new UnavailableError(
            `Post ${id} is unknown here and the source cannot be reached: ${describe(err)}`,
          );
        }
      }),
    );
    const fresh = await this.o.repo.upsertSourcePosts(fetched);
    if (fresh.length > 0) await this.o.onNewPosts?.(fresh);
    return this.o.repo.getPosts(ids);
  }

  private async staleResults(
    ids: string[],
    tf: TimeframeLabel,
    failures: Map<string, string>,
  ): Promise<MetricsResult[]> {
    // The stored row of the asked timeframe, else the newest of any timeframe.
    const [exact, latest] = await Promise.all([
      this.o.repo.currentRows(ids, tf),
      this.o.repo.latestCurrent(ids),
    ]);
    const exactById = new Map<string, ViralMetricsRow>(exact.map((r) => [r.post_id, r]));
    const latestById = new Map<string, ViralMetricsRow>(latest.map((r) => [r.post_id, r]));
    return ids.map((id) => {
      const reason = failures.get(id) ?? 'source unavailable';
      const row = exactById.get(id) ?? latestById.get(id);
      if (!row) {
        throw new UnavailableError(
          `No metrics stored for post ${id} and the source cannot be read (${reason}); retry shortly`,
        );
      }
      return { ...fromRow(row, tf), stale: true, stale_reason: reason };
    });
  }

  /**
   * Collect fresh metrics for posts: source reads in parallel (bounded, retried), then one insert of
   * snapshots, one read of snapshots, usage and baselines, one transaction for current + history,
   * one insert of anomalies. Posts whose source read failed are reported in `failures`.
   */
  async collect(posts: readonly PostRow[], tf: TimeframeLabel): Promise<CollectOutcome> {
    const now = this.clock();
    const started = performance.now();
    const failures = new Map<string, string>();
    const limit = pLimit(this.o.maxParallel);
    const reads = (
      await Promise.all(
        posts.map((post) =>
          limit(async (): Promise<SourceRead | undefined> => {
            try {
              const [counters, replies] = await Promise.all([
                this.withRetry(() => this.o.source.getAnalytics(post.id)),
                this.withRetry(() => this.o.source.getReplyTree(post.id)),
              ]);
              return { post, counters, replies };
            } catch (err) {
              const reason = describe(err);
              failures.set(post.id, reason);
              this.o.telemetry.sourceErrors.inc({ kind: err instanceof SourceError ? err.kind : 'other' });
              this.o.logger.warn({ postId: post.id, reason }, 'source read failed; serving stored metrics');
              return undefined;
            }
          }),
        ),
      )
    ).filter((r): r is SourceRead => r !== undefined);

    const results = new Map<string, MetricsResult>();
    if (reads.length === 0) return { results, failures, anomalies: 0 };

    await this.o.repo.insertSnapshots(
      reads.map(({ post, counters }) => ({
        post_id: post.id,
        taken_at: new Date(counters.collected_at),
        views: counters.views,
        impressions: counters.impressions,
        engaged_views: counters.engaged_views,
        likes: counters.likes,
        replies: counters.replies,
        reposts: counters.reposts,
        quotes: counters.quotes,
        shares: counters.shares,
      })),
    );

    const ids = reads.map((r) => r.post.id);
    const personaIds = [...new Set(reads.map((r) => r.post.persona_id))];
    const windowMs = parseTimeframe(tf).ms;
    const baselineSince = new Date(now.getTime() - BASELINE_WINDOW_MS);
    const [snapshots, usage, personaSums, ownCurrent, ownMeans, recent] = await Promise.all([
      // One hour before the window so that the first hour has a reading to difference against.
      this.o.repo.snapshots(ids, new Date(now.getTime() - windowMs - HOUR_MS)),
      this.o.repo.patternUsage(personaIds, new Date(now.getTime() - 7 * DAY_MS), [
        ...new Set(reads.flatMap((r) => patternIdsOf(r.post.patterns))),
      ]),
      this.o.repo.personaSums(personaIds, tf, baselineSince),
      this.o.repo.currentRows(ids, tf),
      this.o.repo.recentOwnMeans(ids, baselineSince, OWN_READINGS_CONSIDERED),
      this.o.repo.recentAnomalies(ids, new Date(now.getTime() - this.o.anomalyCooldownMs)),
    ]);
    const snapshotsByPost = groupBy(snapshots, (s) => s.post_id);
    const usageByPersona = groupBy(usage, (u) => u.persona_id);
    const currentByPost = new Map(ownCurrent.map((r) => [r.post_id, r]));
    const ownMeansByPost = groupBy(ownMeans, (m) => m.post_id);
    const recentByPost = groupBy(recent, (r) => r.post_id);

    const toSave: Parameters<MetricsRepository['saveMetrics']>[0][number][] = [];
    const raised: { anomaly: Anomaly; key: string }[] = [];
    for (const { post, counters, replies } of reads) {
      const metrics = computeViralMetrics({
        snapshots: (snapshotsByPost.get(post.id) ?? []).map((s) => ({ ...s })),
        hourlyBreakdown:
          counters.hourly_breakdown?.map(({ hour, ...rest }) => ({ hour_start: new Date(hour), ...rest })) ??
          null,
        publishedAt: post.published_at,
        replyTree: replies,
        usage: (usageByPersona.get(post.persona_id) ?? []) as PatternUsage[],
        personaId: post.persona_id,
        patterns: patternIdsOf(post.patterns),
        timeframe: tf,
        now,
      });
      const kpis = pickKpis(metrics);
      toSave.push({ post_id: post.id, persona_id: post.persona_id, timeframe: tf, kpis, collected_at: now });
      results.set(post.id, {
        post_id: post.id,
        persona_id: post.persona_id,
        timeframe: tf,
        ...kpis,
        engagement_rate: metrics.engagement_rate,
        collected_at: now.toISOString(),
        stale: false,
        stale_reason: null,
        flags: metrics.flags,
        cached: false,
      });
      for (const name of KPI_NAMES)
        this.o.telemetry.kpi[name].set({ persona_id: post.persona_id, account_id: post.account_id }, kpis[name]);

      const own = Object.fromEntries(
        (ownMeansByPost.get(post.id) ?? []).map((r) => [
          r.metric_name,
          { mean: r.mean, readings: r.readings },
        ]),
      ) as Partial<Record<KpiName, { mean: number; readings: number }>>;
      const baseline = computeBaseline({
        personaHistory: [],
        personaAggregate: personaAverageExcluding(
          personaSums.get(post.persona_id),
          currentByPost.get(post.id),
          baselineSince,
        ),
        postAggregate: own,
        now,
      });
      const anomalies = detectAnomalies({
        postId: post.id,
        current: {
          ...kpis,
          pattern_fatigue_by_pattern: metrics.pattern_fatigue_by_pattern,
          views: metrics.totals.views,
        },
        baseline: baseline.values,
        now,
        recent: recentByPost.get(post.id) ?? [],
        cooldownMs: this.o.anomalyCooldownMs,
      });
      for (const anomaly of anomalies)
        raised.push({ anomaly, key: anomalyKey(anomaly, now, this.o.anomalyCooldownMs) });
    }

    await this.o.repo.saveMetrics(toSave);
    const stored = await this.o.repo.insertAnomalies(
      raised.map(({ anomaly, key }): StoredAnomaly => ({ ...anomaly, idempotency_key: key })),
      this.o.anomalyCooldownMs,
    );
    for (const a of stored)
      this.o.telemetry.anomalies.inc({ anomaly_type: a.anomaly_type, severity: a.severity });
    const high = stored.filter((a) => a.severity === 'high').map((a) => a.id);
    if (high.length > 0 && this.o.onHighSeverity) await this.o.onHighSeverity(high);
    for (const a of stored.filter((a) => a.severity !== 'high')) {
      this.o.logger.info({ anomaly: a.anomaly_type, postId: a.post_id, severity: a.severity }, a.message);
    }
    this.o.telemetry.collectionLatency.observe(
      { result: 'ok' },
      (performance.now() - started) / 1000 / reads.length,
    );
    return { results, failures, anomalies: stored.length };
  }

  private withRetry<T>(fn: () => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        try {
          return await fn();
        } catch (err) {
          // Permanent failures (404, bad request) are not worth a second try.
          if (err instanceof SourceError && !err.transient) throw new AbortError(err);
          throw err;
        }
      },
      { retries: this.o.retries ?? 2, minTimeout: this.o.retryMinMs ?? 200, factor: 2, randomize: true },
    );
  }
}

/** The post's own latest readings that make its own baseline (SPEC §3.5: used from 3 on). */
const OWN_READINGS_CONSIDERED = 12;

/** Persona mean per KPI over its posts' current rows, without the post's own row. */
function personaAverageExcluding(
  persona: { posts: number; sums: Record<KpiName, number> } | undefined,
  own: ViralMetricsRow | undefined,
  since: Date,
): Record<KpiName, { mean: number | null; posts: number }> {
  const ownCounted = own !== undefined && own.collected_at >= since;
  const posts = (persona?.posts ?? 0) - (ownCounted ? 1 : 0);
  return Object.fromEntries(
    KPI_NAMES.map((k) => {
      if (!persona || posts <= 0) return [k, { mean: null, posts: 0 }];
      const ownValue = ownCounted ? kpisOfRow(own)[k] : 0;
      return [k, { mean: (persona.sums[k] - ownValue) / posts, posts }];
    }),
  ) as Record<KpiName, { mean: number | null; posts: number }>;
}

/**
 * One key per post, type and cooldown window: a retried job derives the same key and the unique
 * constraint stores it once. Writers whose detections straddle a window boundary derive two
 * keys; insertAnomalies' cooldown check under its lock keeps the second of those out.
 */
function anomalyKey(a: Anomaly, now: Date, cooldownMs: number): string {
  const window = cooldownMs > 0 ? Math.floor(now.getTime() / cooldownMs) : now.getTime();
  return `${a.post_id ?? ''}:${a.anomaly_type}:${window}`;
}

function pickKpis(m: ViralMetrics): Record<KpiName, number> {
  return Object.fromEntries(KPI_NAMES.map((k) => [k, m[k]])) as Record<KpiName, number>;
}

export function fromRow(row: ViralMetricsRow, tf: TimeframeLabel): MetricsResult {
  return {
    post_id: row.post_id,
    persona_id: row.persona_id,
    timeframe: (row.timeframe as TimeframeLabel) ?? tf,
    ...kpisOfRow(row),
    engagement_rate: null,
    collected_at: row.collected_at.toISOString(),
    stale: false,
    stale_reason: null,
    flags: [],
    cached: false,
  };
}

/** Pattern ids a post uses, from the stored pattern-engine result: `hook:<type>` and `emotion:<type>`. */
export function patternIdsOf(patterns: unknown): string[] {
  if (!patterns || typeof patterns !== 'object') return [];
  const p = patterns as { hook_patterns?: { type: string }[]; emotion_patterns?: { type: string }[] };
  return [
    ...(p.hook_patterns ?? []).map((h) => `hook:${h.type}`),
    ...(p.emotion_patterns ?? []).map((e) => `emotion:${e.type}`),
  ];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function describe(err: unknown): string {
  if (err instanceof SourceError)
    return `source ${err.kind}${err.status ? ` ${err.status}` : ''}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
