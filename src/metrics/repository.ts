import { sql, type Kysely } from 'kysely';
import type {
  DB,
  PostRow,
  PostSnapshotRow,
  ViralMetricsAnomalyRow,
  ViralMetricsRow,
} from '../infra/db/types.js';
import type { SourcePost } from '../source/threads-source.js';
import type { Anomaly, Severity } from './anomaly-rules.js';
import type { MetricHistoryRow } from './baseline.js';
import { KPI_NAMES, type Counters, type KpiName, type PatternUsage } from './kpis/types.js';

export interface PostInput {
  id: string;
  account_id: string;
  persona_id: string;
  content: string;
  post_url: string | null;
  published_at: Date | string;
  source: string;
  /** the author's handle without the @, when the source names it */
  author_username: string | null;
}

export interface SnapshotInput extends Partial<Counters> {
  post_id: string;
  taken_at: Date;
}

export type KpiValues = Record<KpiName, number>;

export interface CurrentMetricsInput {
  post_id: string;
  persona_id: string;
  timeframe: string;
  kpis: KpiValues;
  collected_at: Date;
}

export interface StoredAnomaly extends Anomaly {
  idempotency_key: string;
}

/** The six KPIs of a current row under their API names (the seed's column is `pattern_fatigue_score`). */
export function kpisOfRow(row: ViralMetricsRow): KpiValues {
  return {
    viral_coefficient: row.viral_coefficient,
    scroll_stop_rate: row.scroll_stop_rate,
    share_velocity: row.share_velocity,
    reply_depth: row.reply_depth,
    engagement_trajectory: row.engagement_trajectory,
    pattern_fatigue: row.pattern_fatigue_score,
  };
}

/** Every query of the metrics engine: posts, snapshots, current KPIs, history, pattern usage, anomalies. */
export class MetricsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Insert posts, or refresh content/url (and the author's handle, when given) of known ones, in
   * one statement whatever the count: columns travel as eight array parameters (`unnest`), not
   * 8 × n placeholders, which would pass PostgreSQL's 65,535-parameter limit at ~8,200 posts.
   * Returns the ids that were new.
   */
  async upsertPosts(posts: readonly PostInput[]): Promise<string[]> {
    if (posts.length === 0) return [];
    const col = <K extends keyof PostInput>(k: K) => posts.map((p) => p[k]);
    const { rows } = await sql<{ id: string; inserted: boolean }>`
      insert into posts (id, account_id, persona_id, content, post_url, published_at, source, author_username)
      select * from unnest(
        ${sql.val(col('id'))}::text[], ${sql.val(col('account_id'))}::text[], ${sql.val(col('persona_id'))}::text[],
        ${sql.val(col('content'))}::text[], ${sql.val(col('post_url'))}::text[],
        ${sql.val(posts.map((p) => new Date(p.published_at).toISOString()))}::timestamptz[], ${sql.val(col('source'))}::text[],
        ${sql.val(col('author_username'))}::text[])
      on conflict (id) do update set content = excluded.content, post_url = excluded.post_url,
        author_username = coalesce(excluded.author_username, posts.author_username), updated_at = now()
      returning id, (xmax = 0) as inserted`.execute(this.db);
    // xmax = 0 only for freshly inserted rows: tells new posts from refreshed ones in one round trip.
    return rows.filter((r) => r.inserted).map((r) => r.id);
  }

  /** `upsertPosts` for posts as the source describes them. */
  upsertSourcePosts(posts: readonly SourcePost[]): Promise<string[]> {
    return this.upsertPosts(
      posts.map((p) => ({
        id: p.id,
        account_id: p.account_id,
        persona_id: p.persona_id,
        content: p.content,
        post_url: p.post_url,
        published_at: p.published_at,
        source: 'source',
        author_username: p.username || null,
      })),
    );
  }

  getPost(id: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getPosts(ids: readonly string[]): Promise<PostRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
  }

  /** Posts published at or after `since`, newest first. */
  listActivePosts(
    since: Date,
    limit = 100_000,
  ): Promise<Pick<PostRow, 'id' | 'persona_id' | 'account_id'>[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'persona_id', 'account_id'])
      .where('published_at', '>=', since)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Store the pattern engine's result of many posts in one statement. */
  async savePatterns(items: readonly { post_id: string; patterns: unknown }[]): Promise<void> {
    if (items.length === 0) return;
    await sql`
      update posts set patterns = v.patterns::jsonb, updated_at = now()
      from unnest(${sql.val(items.map((i) => i.post_id))}::text[], ${sql.val(items.map((i) => JSON.stringify(i.patterns)))}::text[]) as v(id, patterns)
      where posts.id = v.id`.execute(this.db);
  }

  /** One row per (post, pattern); a re-analysis refreshes last_used_at instead of counting twice. */
  async recordPatternUsage(
    rows: readonly { post_id: string; persona_id: string; pattern_id: string; used_at: Date }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      insert into pattern_usage_history (post_id, persona_id, pattern_id, usage_count, last_used_at, created_at)
      select v.post_id, v.persona_id, v.pattern_id, 1, v.used_at, v.used_at
      from unnest(${sql.val(rows.map((r) => r.post_id))}::text[], ${sql.val(rows.map((r) => r.persona_id))}::text[],
                  ${sql.val(rows.map((r) => r.pattern_id))}::text[], ${sql.val(rows.map((r) => r.used_at.toISOString()))}::timestamptz[])
           as v(post_id, persona_id, pattern_id, used_at)
      on conflict (post_id, pattern_id) do update set last_used_at = excluded.last_used_at`.execute(this.db);
  }

  /**
   * Uses of patterns by personas since `since`, summed per hour: fatigue decays 5 % a day, so an
   * hour's resolution changes it by < 0.3 %, and a persona with 10,000 posts returns at most
   * 168 rows per pattern instead of one per post. `patternIds` narrows it to the patterns asked about.
   */
  async patternUsage(
    personaIds: readonly string[],
    since: Date,
    patternIds?: readonly string[],
  ): Promise<PatternUsage[]> {
    if (personaIds.length === 0 || patternIds?.length === 0) return [];
    let q = this.db
      .selectFrom('pattern_usage_history')
      .select((eb) => [
        'persona_id',
        'pattern_id',
        sql<Date>`date_trunc('hour', created_at)`.as('used_at'),
        eb.fn.sum<number>('usage_count').as('usage_count'),
      ])
      .where('persona_id', 'in', personaIds)
      .where('created_at', '>=', since);
    if (patternIds) q = q.where('pattern_id', 'in', patternIds);
    const rows = await q.groupBy(['persona_id', 'pattern_id', sql`date_trunc('hour', created_at)`]).execute();
    return rows.map((r) => ({ ...r, usage_count: Number(r.usage_count) }));
  }

  async insertSnapshots(rows: readonly SnapshotInput[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('post_snapshots')
      .values(
        rows.map((r) => ({
          post_id: r.post_id,
          taken_at: r.taken_at,
          views: r.views ?? 0,
          impressions: r.impressions ?? 0,
          engaged_views: r.engaged_views ?? 0,
          likes: r.likes ?? 0,
          replies: r.replies ?? 0,
          reposts: r.reposts ?? 0,
          quotes: r.quotes ?? 0,
          shares: r.shares ?? 0,
        })),
      )
      .onConflict((oc) => oc.columns(['post_id', 'taken_at']).doNothing())
      .execute();
  }

  /** Snapshots of many posts taken at or after `since`, oldest first. */
  snapshots(postIds: readonly string[], since: Date): Promise<PostSnapshotRow[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('post_snapshots')
      .selectAll()
      .where('post_id', 'in', postIds)
      .where('taken_at', '>=', since)
      .orderBy('taken_at')
      .execute();
  }

  /** The current row per (post, timeframe) plus one history row per KPI, in one transaction. */
  async saveMetrics(items: readonly CurrentMetricsInput[]): Promise<void> {
    if (items.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('viral_metrics')
        .values(
          items.map((m) => ({
            post_id: m.post_id,
            persona_id: m.persona_id,
            timeframe: m.timeframe,
            viral_coefficient: m.kpis.viral_coefficient,
            scroll_stop_rate: m.kpis.scroll_stop_rate,
            share_velocity: m.kpis.share_velocity,
            reply_depth: m.kpis.reply_depth,
            engagement_trajectory: m.kpis.engagement_trajectory,
            pattern_fatigue_score: m.kpis.pattern_fatigue,
            collected_at: m.collected_at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['post_id', 'timeframe']).doUpdateSet((eb) => ({
            persona_id: eb.ref('excluded.persona_id'),
            viral_coefficient: eb.ref('excluded.viral_coefficient'),
            scroll_stop_rate: eb.ref('excluded.scroll_stop_rate'),
            share_velocity: eb.ref('excluded.share_velocity'),
            reply_depth: eb.ref('excluded.reply_depth'),
            engagement_trajectory: eb.ref('excluded.engagement_trajectory'),
            pattern_fatigue_score: eb.ref('excluded.pattern_fatigue_score'),
            collected_at: eb.ref('excluded.collected_at'),
          })),
        )
        .execute();
      await trx
        .insertInto('viral_metrics_history')
        .values(
          items.flatMap((m) =>
            KPI_NAMES.map((name) => ({
              post_id: m.post_id,
              persona_id: m.persona_id,
              metric_name: name,
              metric_value: m.kpis[name],
              timeframe: m.timeframe,
              recorded_at: m.collected_at,
            })),
          ),
        )
        .execute();
    });
  }

  /** The newest current row of each post, whatever its timeframe. */
  async latestCurrent(postIds: readonly string[]): Promise<ViralMetricsRow[]> {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('viral_metrics')
      .selectAll()
      .distinctOn('post_id')
      .where('post_id', 'in', postIds)
      .orderBy('post_id')
      .orderBy('collected_at', 'desc')
      .execute();
  }

  /**
   * Per persona: the number of posts measured since `since` for `timeframe` and the sum of each
   * KPI over their current rows. Baselines subtract the post itself; one row per persona keeps a
   * 10,000-post cycle from reading history it does not need.
   */
  async personaSums(
    personaIds: readonly string[],
    timeframe: string,
    since: Date,
  ): Promise<Map<string, { posts: number; sums: Record<KpiName, number> }>> {
    const out = new Map<string, { posts: number; sums: Record<KpiName, number> }>();
    if (personaIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('viral_metrics')
      .select((eb) => [
        'persona_id',
        eb.fn.countAll<number>().as('posts'),
        eb.fn.sum<number>('viral_coefficient').as('viral_coefficient'),
        eb.fn.sum<number>('scroll_stop_rate').as('scroll_stop_rate'),
        eb.fn.sum<number>('share_velocity').as('share_velocity'),
        eb.fn.sum<number>('reply_depth').as('reply_depth'),
        eb.fn.sum<number>('engagement_trajectory').as('engagement_trajectory'),
        eb.fn.sum<number>('pattern_fatigue_score').as('pattern_fatigue'),
      ])
      .where('persona_id', 'in', personaIds)
      .where('timeframe', '=', timeframe)
      .where('collected_at', '>=', since)
      .groupBy('persona_id')
      .execute();
    for (const r of rows) {
      out.set(r.persona_id, {
        posts: Number(r.posts),
        sums: Object.fromEntries(KPI_NAMES.map((k) => [k, Number(r[k])])) as Record<KpiName, number>,
      });
    }
    return out;
  }

  /** Current rows of posts for one timeframe. */
  currentRows(postIds: readonly string[], timeframe: string): Promise<ViralMetricsRow[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('viral_metrics')
      .selectAll()
      .where('post_id', 'in', postIds)
      .where('timeframe', '=', timeframe)
      .execute();
  }

  /**
   * Per post and KPI: mean and count of the post's latest `perMetric` readings since `since` —
   * bounded work per post (an index range scan each) however often the post was read.
   */
  async recentOwnMeans(
    postIds: readonly string[],
    since: Date,
    perMetric: number,
  ): Promise<{ post_id: string; metric_name: string; mean: number; readings: number }[]> {
    if (postIds.length === 0) return [];
    const { rows } = await sql<{ post_id: string; metric_name: string; mean: number; readings: number }>`
      select p.post_id, m.metric_name, avg(h.metric_value)::float8 as mean, count(*)::int as readings
      from unnest(${sql.val([...postIds])}::text[]) as p(post_id)
      cross join unnest(${sql.val([...KPI_NAMES])}::text[]) as m(metric_name)
      cross join lateral (
        select metric_value from viral_metrics_history h
        where h.post_id = p.post_id and h.metric_name = m.metric_name and h.recorded_at >= ${since}
        order by h.recorded_at desc limit ${perMetric}
      ) h
      group by p.post_id, m.metric_name`.execute(this.db);
    return rows.map((r) => ({ ...r, mean: Number(r.mean), readings: Number(r.readings) }));
  }

  /** One post's KPI readings since `since`, oldest first (charts). */
  postHistory(postId: string, since: Date): Promise<MetricHistoryRow[]> {
    return this.db
      .selectFrom('viral_metrics_history')
      .select(['post_id', 'metric_name', 'metric_value', 'recorded_at'])
      .where('post_id', '=', postId)
      .where('recorded_at', '>=', since)
      .orderBy('recorded_at')
      .execute();
  }

  recentAnomalies(
    postIds: readonly string[],
    since: Date,
  ): Promise<Pick<ViralMetricsAnomalyRow, 'post_id' | 'anomaly_type' | 'detected_at'>[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('viral_metrics_anomalies')
      .select(['post_id', 'anomaly_type', 'detected_at'])
      .where('post_id', 'in', postIds)
      .where('detected_at', '>=', since)
      .execute();
  }

  /**
   * Stores anomalies, at most one per post and type within `cooldownMs`, and returns the rows it
   * stored. One transaction of two statements, whatever the count: the first takes a
   * transaction-scoped advisory lock on each (post, type), the second inserts the anomalies that
   * no stored one holds back. Of two replicas (or a job and its retry) raising the same anomaly
   * at once, the second waits for the first to commit, then sees its row and stores nothing,
   * even when their detection times fall in different cooldown windows and so carry different
   * idempotency keys. Every writer takes its locks in one order (sorted keys; `unnest` yields
   * them in array order), so two batches never wait on each other in a cycle. A key seen before
   * still stores nothing (the unique constraint).
   */
  async insertAnomalies(
    anomalies: readonly StoredAnomaly[],
    cooldownMs: number,
  ): Promise<ViralMetricsAnomalyRow[]> {
    const byLock = new Map<string, StoredAnomaly>();
    for (const a of anomalies) {
      const lock = `viral_metrics_anomalies:${a.post_id ?? ''}:${a.anomaly_type}`;
      if (!byLock.has(lock)) byLock.set(lock, a);
    }
    if (byLock.size === 0) return [];
    const locks = [...byLock.keys()].sort();
    const rows = locks.map((k) => byLock.get(k)!);
    const col = <T>(f: (a: StoredAnomaly) => T) => sql.val(rows.map(f));
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sql.val(locks)}::text[]) as k`.execute(
        trx,
      );
      // A new statement, so a new snapshot: it sees what the writers we waited for committed.
      const { rows: stored } = await sql<ViralMetricsAnomalyRow>`
        insert into viral_metrics_anomalies (post_id, anomaly_type, severity, metric_name, current_value,
          baseline_value, drop_percentage, message, idempotency_key, detected_at)
        select * from unnest(
          ${col((a) => a.post_id ?? '')}::text[], ${col((a) => a.anomaly_type)}::text[],
          ${col((a) => a.severity)}::text[], ${col((a) => a.metric_name)}::text[],
          ${col((a) => a.current_value)}::float8[], ${col((a) => a.baseline_value)}::float8[],
          ${col((a) => a.drop_percentage)}::float8[], ${col((a) => a.message)}::text[],
          ${col((a) => a.idempotency_key)}::text[], ${col((a) => a.detected_at.toISOString())}::timestamptz[]
        ) as v (post_id, anomaly_type, severity, metric_name, current_value, baseline_value,
          drop_percentage, message, idempotency_key, detected_at)
        -- as detectAnomalies' cooldown: one stamped later (clock skew) holds this one back too
        where not exists (
          select 1 from viral_metrics_anomalies a
          where a.post_id = v.post_id and a.anomaly_type = v.anomaly_type
            and a.detected_at > v.detected_at - ${cooldownMs}::float8 * interval '1 millisecond')
        on conflict (idempotency_key) do nothing
        returning *`.execute(trx);
      return stored;
    });
  }

  listAnomalies(opts: {
    since: Date;
    severity?: Severity;
    limit?: number;
  }): Promise<ViralMetricsAnomalyRow[]> {
    let q = this.db.selectFrom('viral_metrics_anomalies').selectAll().where('detected_at', '>=', opts.since);
    if (opts.severity) q = q.where('severity', '=', opts.severity);
    return q
      .orderBy('detected_at', 'desc')
      .limit(opts.limit ?? 500)
      .execute();
  }

  /** Ids of high-severity anomalies detected in [from, to) whose alert is not recorded as delivered, oldest first. */
  undeliveredHighSeverity(from: Date, to: Date, limit = 500): Promise<{ id: number; detected_at: Date }[]> {
    return this.db
      .selectFrom('viral_metrics_anomalies')
      .select(['id', 'detected_at'])
      .where('severity', '=', 'high')
      .where('alert_sent', '=', false)
      .where('detected_at', '>=', from)
      .where('detected_at', '<=', to)
      .orderBy('detected_at')
      .limit(limit)
      .execute();
  }

  getAnomaly(id: number): Promise<ViralMetricsAnomalyRow | undefined> {
    return this.db.selectFrom('viral_metrics_anomalies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async markAlertSent(id: number, at: Date): Promise<void> {
    await this.db
      .updateTable('viral_metrics_anomalies')
      .set({ alert_sent: true, alert_sent_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** Posts with their newest KPIs, newest posts first (dashboard table). */
  listPosts(opts: { accountId?: string; limit: number }): Promise<PostRow[]> {
    let q = this.db.selectFrom('posts').selectAll();
    if (opts.accountId) q = q.where('account_id', '=', opts.accountId);
    return q.orderBy('published_at', 'desc').limit(opts.limit).execute();
  }

  async accounts(): Promise<{ account_id: string; persona_id: string; posts: number }[]> {
    return this.db
      .selectFrom('posts')
      .select(['account_id', 'persona_id', (eb) => eb.fn.countAll<number>().as('posts')])
      .groupBy(['account_id', 'persona_id'])
      .orderBy('account_id')
      .execute();
  }

  /** Posts of an account with their patterns and newest engagement figures (pattern performance). */
  async postsWithPatterns(accountId: string): Promise<Pick<PostRow, 'id' | 'patterns' | 'persona_id'>[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'patterns', 'persona_id'])
      .where('account_id', '=', accountId)
      .where('patterns', 'is not', null)
      .execute();
  }

  /** Newest snapshot per post (lifetime counters). */
  async latestSnapshots(postIds: readonly string[]): Promise<PostSnapshotRow[]> {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('post_snapshots')
      .selectAll()
      .distinctOn('post_id')
      .where('post_id', 'in', postIds)
      .orderBy('post_id')
      .orderBy('taken_at', 'desc')
      .execute();
  }

  async counts(since: Date): Promise<{ posts: number; active_posts: number; anomalies: number }> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb.selectFrom('posts').select(eb.fn.countAll<number>().as('c')).as('posts'),
        eb
          .selectFrom('posts')
          .select(eb.fn.countAll<number>().as('c'))
          .where('published_at', '>=', since)
          .as('active_posts'),
        eb
          .selectFrom('viral_metrics_anomalies')
          .select(eb.fn.countAll<number>().as('c'))
          .where('detected_at', '>=', since)
          .as('anomalies'),
      ])
      .executeTakeFirstOrThrow();
    return {
      posts: Number(row.posts),
      active_posts: Number(row.active_posts),
      anomalies: Number(row.anomalies),
    };
  }
}
