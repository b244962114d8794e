import pLimit from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import type { Cache } from '../infra/cache/cache.js';
import type { Logger } from '../infra/telemetry/logger.js';
import {
  patternIdsOf,
  type PatternUsageRepository,
  type PostRow,
  type PostsRepository,
  type SnapshotsRepository,
} from '../posts/index.js';
import type { ViralMetricsRow } from './tables.js';
import { NotFoundError, UnavailableError } from '../errors.js';
import {
  SourceError,
  type PostCounters,
  type ReplyNode as SourceReplyNode,
  type ThreadsSource,
} from '../source/index.js';
import {
  EPISODE_CLOSE_AFTER_MS,
  evaluateFatigue,
  evaluatePostReading,
  postEpisodeKey,
  ANOMALY_TYPES,
  type AnomalyType,
  type Observation,
  type PatternUse,
} from './anomaly-rules.js';
import {
  HISTORY_WINDOW_MS,
  MARK_STEP_MS,
  marksBetween,
  type AgePoint,
  type HistoryCurve,
} from './baseline.js';
import { computeViralMetrics, type MetricFlag, type ViralMetrics } from './compute.js';
import type { CounterSnapshot } from './kpis/types.js';
import { countOf } from './kpis/counts.js';
import { FATIGUE_DECAY_PER_DAY, FATIGUE_LOOKBACK_DAYS } from './kpis/pattern-fatigue.js';
import { DAY_MS, HOUR_MS, KPI_NAMES, type KpiName, type PatternUsage } from './kpis/types.js';
import type { AgeMarkInput, AgeMarkRepository } from './age-mark-repository.js';
import type { AnomalyRepository, StoredAnomaly } from './anomaly-repository.js';
import type { KpiReading } from './metric-history-repository.js';
import { kpisOfRow, type ViralMetricsRepository } from './viral-metrics-repository.js';
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
  current: Pick<ViralMetricsRepository, 'saveMetrics' | 'currentRows' | 'latestCurrent'>;
  ageMarks: Pick<AgeMarkRepository, 'insertAgeMarks' | 'personaAgeMarks'>;
  anomalies: Pick<AnomalyRepository, 'openEpisodes' | 'recordObservations'>;
  posts: Pick<PostsRepository, 'getPosts' | 'upsertSourcePosts'>;
  snapshots: Pick<SnapshotsRepository, 'insertSnapshots' | 'snapshots'>;
  usage: Pick<PatternUsageRepository, 'patternUsage' | 'patternUses'>;
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
  /** per persona: its posts' age marks, read at most once per HISTORY_CACHE_MS of the clock */
  private readonly historyCache = new Map<string, { readAt: number; curves: HistoryCurve[] }>();

  constructor(private readonly o: CollectorOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** Cache-aside read of one post's metrics. */
  async get(postId: string, timeframe: string, useCache = true): Promise<MetricsResult> {
    const [result] = await this.getMany([postId], timeframe, useCache);
    if (!result) throw new NotFoundError(`Post ${postId}`);
    return result;
  }

  /**
   * Cache-aside read of many posts, in request order; misses are collected together in one
   * batch. A post neither the store nor the source knows is `undefined` in its place.
   */
  async getMany(
    postIds: readonly string[],
    timeframe: string,
    useCache = true,
  ): Promise<(MetricsResult | undefined)[]> {
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
      const posts = await this.o.posts.getPosts(misses);
      const known = new Set(posts.map((p) => p.id));
      const unknown = misses.filter((id) => !known.has(id));
      if (unknown.length > 0) posts.push(...(await this.discover(unknown)));
      const existing = new Set(posts.map((p) => p.id));
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
      const failed = misses.filter((id) => !found.has(id) && existing.has(id));
      if (failed.length > 0) {
        const stale = await this.staleResults(failed, tf, outcome.failures);
        for (const r of stale) found.set(r.post_id, r);
      }
    }
    return postIds.map((id) => found.get(id));
  }

  /** Posts the store does not know yet: ask the source, and store those it has (a 404 is left out). */
  private async discover(ids: readonly string[]): Promise<PostRow[]> {
    const fetched = await Promise.all(
      ids.map(async (id) => {
        try {
          return await this.o.source.getPost(id);
        } catch (err) {
          if (err instanceof SourceError && err.kind === 'not_found') return undefined;
          throw new UnavailableError(
            `Post ${id} is unknown here and the source cannot be reached: ${describe(err)}`,
          );
        }
      }),
    );
    const known = fetched.filter((p) => p !== undefined);
    if (known.length === 0) return [];
    const fresh = await this.o.posts.upsertSourcePosts(known);
    if (fresh.length > 0) await this.o.onNewPosts?.(fresh);
    return this.o.posts.getPosts(known.map((p) => p.id));
  }

  private async staleResults(
    ids: string[],
    tf: TimeframeLabel,
    failures: Map<string, string>,
  ): Promise<MetricsResult[]> {
    // The stored row of the asked timeframe, else the newest of any timeframe.
    const [exact, latest] = await Promise.all([
      this.o.current.currentRows(ids, tf),
      this.o.current.latestCurrent(ids),
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
    const outcome = await this.ingestReads(reads, tf, now, started);
    return { ...outcome, failures };
  }

  /**
   * Store readings someone else took (the Threads poller, which decides when each post is read
   * inside the account's call budget) exactly as a collection stores its own: snapshots, KPIs,
   * history, anomalies and the cache entry of the timeframe. `replies` are the post's replies as
   * trees (for reply depth); the poller passes the ones the comment pipeline stored.
   */
  async ingest(
    readings: readonly { post: PostRow; counters: PostCounters; replies: SourceReplyNode[] }[],
    tf: TimeframeLabel,
  ): Promise<CollectOutcome> {
    const outcome = await this.ingestReads(readings, tf, this.clock(), performance.now());
    await Promise.all(
      [...outcome.results.values()].map((r) =>
        this.o.cache.set(cacheKey(r.post_id, tf), r, this.o.cacheTtlSeconds),
      ),
    );
    return { ...outcome, failures: new Map() };
  }

  /**
   * KPIs of past readings (the demo's seeded history): each post's 24-hour KPIs computed at the
   * time of its last reading from the readings given, saved as its current row and history in one
   * transaction. No anomaly is evaluated (they would be news about the past) and no cache entry
   * is written.
   */
  async backfill(
    items: readonly { post: PostRow; readings: readonly CounterSnapshot[]; replies: SourceReplyNode[] }[],
  ): Promise<number> {
    const rows = items.flatMap(({ post, readings, replies }) => {
      const last = readings.at(-1);
      if (last === undefined) return [];
      const metrics = computeViralMetrics({
        snapshots: readings,
        publishedAt: post.published_at,
        replyTree: replies,
        usage: [],
        personaId: post.persona_id,
        patterns: patternIdsOf(post.patterns),
        timeframe: '24h',
        now: last.taken_at,
      });
      return [
        {
          post_id: post.id,
          persona_id: post.persona_id,
          timeframe: '24h',
          kpis: pickKpis(metrics),
          collected_at: last.taken_at,
        },
      ];
    });
    await this.o.current.saveMetrics(rows);
    return rows.length;
  }

  private async ingestReads(
    reads: readonly SourceRead[],
    tf: TimeframeLabel,
    now: Date,
    started: number,
  ): Promise<Omit<CollectOutcome, 'failures'>> {
    const results = new Map<string, MetricsResult>();
    if (reads.length === 0) return { results, anomalies: 0 };

    await this.o.snapshots.insertSnapshots(
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
    const episodeKeys = reads.flatMap((r) => ANOMALY_TYPES.map((t) => postEpisodeKey(r.post.id, t)));
    const [snapshots, usage, marks, uses, open] = await Promise.all([
      // One hour before the window so that the first hour has a reading to difference against.
      this.o.snapshots.snapshots(ids, new Date(now.getTime() - windowMs - HOUR_MS)),
      this.o.usage.patternUsage(personaIds, new Date(now.getTime() - 7 * DAY_MS), [
        ...new Set(reads.flatMap((r) => patternIdsOf(r.post.patterns))),
      ]),
      this.personaHistory(personaIds, now),
      this.o.usage.patternUses(personaIds, new Date(now.getTime() - PATTERN_BASELINE_MS)),
      this.o.anomalies.openEpisodes(episodeKeys),
    ]);
    const snapshotsByPost = groupBy(snapshots, (s) => s.post_id);
    const usageByPersona = groupBy(usage, (u) => u.persona_id);
    const curvesByPersona = marks;
    const openByPost = groupBy(open, (e) => e.post_id);

    const toSave: KpiReading[] = [];
    const newMarks: AgeMarkInput[] = [];
    const observations: Observation[] = [];
    for (const { post, counters, replies } of reads) {
      const postSnapshots = snapshotsByPost.get(post.id) ?? [];
      const metrics = computeViralMetrics({
        snapshots: postSnapshots.map((s) => ({ ...s })),
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
        this.o.telemetry.kpi[name].set(
          { persona_id: post.persona_id, account_id: post.account_id },
          kpis[name],
        );

      // The post by age: its readings, anchored at publication when the first came within a step.
      const published = post.published_at.getTime();
      const points = agePoints(postSnapshots, published, now.getTime());
      const cur = points.at(-1);
      if (cur !== undefined) {
        for (const m of marksBetween(points.at(-2) ?? null, cur)) {
          newMarks.push({
            ...m,
            post_id: post.id,
            persona_id: post.persona_id,
            trajectory: kpis.engagement_trajectory,
            recorded_at: new Date(published + m.age_ms),
          });
        }
      }
      const ageNow = now.getTime() - published;
      const history = (curvesByPersona.get(post.persona_id) ?? []).filter((c) => c.post_id !== post.id);
      const openEpisodeAges: Partial<Record<AnomalyType, number>> = {};
      for (const e of openByPost.get(post.id) ?? []) {
        openEpisodeAges[e.anomaly_type as AnomalyType] = e.detected_at.getTime() - published;
      }
      observations.push(
        ...evaluatePostReading({
          postId: post.id,
          publishedAt: post.published_at,
          now,
          points,
          history,
          openEpisodeAges,
          trajectory: {
            value: kpis.engagement_trajectory,
            enoughData: !metrics.flags.includes('trajectory_insufficient_data'),
            views: countOf(metrics.totals.views),
          },
          historyTrajectories: trajectoriesNear(history, ageNow),
        }),
      );
    }
    observations.push(...fatigueObservations(reads, uses, now));

    await this.o.current.saveMetrics(toSave);
    await this.o.ageMarks.insertAgeMarks(newMarks);
    const raisedNow = observations.flatMap((o): StoredAnomaly[] =>
      o.state === 'active'
        ? [
            {
              ...o.anomaly,
              episode_key: o.episode_key,
              idempotency_key: anomalyKey(o.episode_key, now, this.o.anomalyCooldownMs),
            },
          ]
        : [],
    );
    const recorded = await this.o.anomalies.recordObservations(
      observations,
      raisedNow,
      now,
      this.o.anomalyCooldownMs,
      EPISODE_CLOSE_AFTER_MS,
    );
    const stored = recorded.raised;
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
    return { results, anomalies: stored.length };
  }

  /**
   * The personas' decay curves: their posts' age marks of the last HISTORY_WINDOW_MS. They change
   * slowly (a post adds a mark every 15 minutes of its age), so each persona's are read again only
   * once HISTORY_CACHE_MS has passed on the clock; a batch of 12 posts every few minutes would
   * otherwise re-read ~10,000 marks a time.
   */
  private async personaHistory(
    personaIds: readonly string[],
    now: Date,
  ): Promise<Map<string, HistoryCurve[]>> {
    const nowMs = now.getTime();
    const stale = personaIds.filter((id) => {
      const hit = this.historyCache.get(id);
      return hit === undefined || nowMs - hit.readAt >= HISTORY_CACHE_MS || nowMs < hit.readAt;
    });
    if (stale.length > 0) {
      const rows = await this.o.ageMarks.personaAgeMarks(stale, new Date(nowMs - HISTORY_WINDOW_MS));
      const byPersona = groupBy(rows, (m) => m.persona_id);
      for (const id of stale) {
        const curves = [...groupBy(byPersona.get(id) ?? [], (m) => m.post_id)].map(([post_id, points]) => ({
          post_id,
          points,
        }));
        this.historyCache.set(id, { readAt: nowMs, curves });
      }
    }
    return new Map(personaIds.map((id) => [id, this.historyCache.get(id)?.curves ?? []]));
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

/** How long a persona's decay curves are reused before they are read again. */
const HISTORY_CACHE_MS = 30 * 60_000;

/** Pattern uses read for fatigue: the last 7 days, and the persona's habit before the last day. */
const PATTERN_BASELINE_MS = 28 * DAY_MS;
/** The habit leaves out the last day, so that a stretch going on now does not become its own norm. */
const PATTERN_RECENT_EXCLUDED_MS = DAY_MS;

/** A post's cumulative counters by age from its snapshots, anchored at publication when read within a step of it. */
function agePoints(
  snapshots: readonly {
    taken_at: Date;
    views: number;
    shares: number;
    reposts: number;
    quotes: number;
    replies: number;
  }[],
  publishedMs: number,
  nowMs: number,
): AgePoint[] {
  const points: AgePoint[] = [];
  for (const s of snapshots) {
    const age = s.taken_at.getTime() - publishedMs;
    if (age < 0 || s.taken_at.getTime() > nowMs) continue;
    const p = {
      age_ms: age,
      views: Number(s.views),
      secondary: Number(s.shares) + Number(s.reposts) + Number(s.quotes) + Number(s.replies),
      replies: Number(s.replies),
    };
    const last = points.at(-1);
    // Counters only grow: a lagging reading keeps the high-water mark (as the hourly series does).
    if (last) {
      p.views = Math.max(p.views, last.views);
      p.secondary = Math.max(p.secondary, last.secondary);
      p.replies = Math.max(p.replies, last.replies);
      if (last.age_ms === age) {
        points[points.length - 1] = p;
        continue;
      }
    }
    points.push(p);
  }
  const first = points[0];
  if (first !== undefined && first.age_ms > 0 && first.age_ms <= MARK_STEP_MS) {
    points.unshift({ age_ms: 0, views: 0, secondary: 0, replies: 0 });
  }
  return points;
}

/** The persona's trajectories within one mark step of `ageMs`, one per earlier post. */
function trajectoriesNear(history: readonly HistoryCurve[], ageMs: number): number[] {
  const out: number[] = [];
  for (const curve of history) {
    let best: { d: number; v: number } | null = null;
    for (const p of curve.points as readonly (AgePoint & { trajectory?: number | null })[]) {
      const d = Math.abs(p.age_ms - ageMs);
      if (d > MARK_STEP_MS || p.trajectory === null || p.trajectory === undefined) continue;
      if (best === null || d < best.d) best = { d, v: p.trajectory };
    }
    if (best !== null) out.push(best.v);
  }
  return out;
}

/**
 * One pattern-fatigue observation per persona of the batch: each pattern's decayed uses in the
 * last 7 days against what the persona's usual share of posts using it would give.
 */
function fatigueObservations(
  reads: readonly SourceRead[],
  uses: readonly { persona_id: string; pattern_id: string; post_id: string; used_at: Date }[],
  now: Date,
): Observation[] {
  const nowMs = now.getTime();
  const habitBefore = nowMs - PATTERN_RECENT_EXCLUDED_MS;
  const out: Observation[] = [];
  const usesByPersona = groupBy(uses, (u) => u.persona_id);
  for (const personaId of new Set(reads.map((r) => r.post.persona_id))) {
    const rows = (usesByPersona.get(personaId) ?? []).filter((u) => u.used_at.getTime() <= nowMs);
    const habitPosts = new Set<string>();
    const habitByPattern = new Map<string, Set<string>>();
    const recentPosts = new Map<string, number>();
    const recentByPattern = new Map<string, number>();
    for (const u of rows) {
      const t = u.used_at.getTime();
      if (t < habitBefore) {
        habitPosts.add(u.post_id);
        const set = habitByPattern.get(u.pattern_id) ?? new Set<string>();
        set.add(u.post_id);
        habitByPattern.set(u.pattern_id, set);
      }
      const ageDays = (nowMs - t) / DAY_MS;
      if (ageDays < FATIGUE_LOOKBACK_DAYS) {
        const w = FATIGUE_DECAY_PER_DAY ** ageDays;
        recentPosts.set(u.post_id, w);
        recentByPattern.set(u.pattern_id, (recentByPattern.get(u.pattern_id) ?? 0) + w);
      }
    }
    const recentTotal = [...recentPosts.values()].reduce((a, b) => a + b, 0);
    const patternUses: PatternUse[] = [...recentByPattern].map(([pattern_id, recent]) => ({
      pattern_id,
      recent,
      expected:
        habitPosts.size > 0
          ? ((habitByPattern.get(pattern_id)?.size ?? 0) / habitPosts.size) * recentTotal
          : 0,
    }));
    const personaReads = reads
      .filter((r) => r.post.persona_id === personaId)
      .sort((a, b) => b.post.published_at.getTime() - a.post.published_at.getTime());
    out.push(
      evaluateFatigue({
        personaId,
        uses: patternUses,
        baselinePosts: habitPosts.size,
        now,
        postIdFor: (patternId) =>
          personaReads.find((r) => patternIdsOf(r.post.patterns).includes(patternId))?.post.id ?? null,
      }),
    );
  }
  return out;
}

/**
 * One key per condition and cooldown window: a retried job derives the same key and the unique
 * constraint stores it once. Writers whose detections straddle a window boundary derive two
 * keys; the cooldown check under the condition's lock keeps the second of those out.
 */
function anomalyKey(episodeKey: string, now: Date, cooldownMs: number): string {
  const window = cooldownMs > 0 ? Math.floor(now.getTime() / cooldownMs) : now.getTime();
  return `${episodeKey}:${window}`;
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
