import { sql, type Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { ViralMetricsAnomalyRow } from './tables.js';
import type { Anomaly, Observation, Severity } from './anomaly-rules.js';

export interface StoredAnomaly extends Anomaly {
  idempotency_key: string;
  /** the condition this is an episode of; default `post_id:anomaly_type` */
  episode_key?: string;
}

/** An episode still open: which condition, since when (first seen). */
export interface OpenEpisode {
  id: number;
  episode_key: string;
  post_id: string;
  anomaly_type: string;
  detected_at: Date;
}

/** What `recordObservations` did: rows newly raised (to alert), and episodes updated or closed. */
export interface RecordedObservations {
  raised: ViralMetricsAnomalyRow[];
  updated: number;
  closed: number;
}

const episodeKeyOf = (a: StoredAnomaly) => a.episode_key ?? `${a.post_id ?? ''}:${a.anomaly_type}`;
const lockOf = (episodeKey: string) => `viral_metrics_anomalies:${episodeKey}`;

/**
 * The anomaly episodes of the metrics engine (`viral_metrics_anomalies`): raised, updated,
 * closed under per-condition advisory locks, and the record of each one's single alert.
 */
export class AnomalyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Episodes still open among `episodeKeys`. */
  async openEpisodes(episodeKeys: readonly string[]): Promise<OpenEpisode[]> {
    if (episodeKeys.length === 0) return [];
    const rows = await this.db
      .selectFrom('viral_metrics_anomalies')
      .select(['id', 'episode_key', 'post_id', 'anomaly_type', 'detected_at'])
      .where('episode_key', 'in', episodeKeys)
      .where('status', '=', 'open')
      .execute();
    return rows.map((r) => ({ ...r, episode_key: r.episode_key ?? `${r.post_id}:${r.anomaly_type}` }));
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
    const rows = firstPerEpisode(anomalies);
    if (rows.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      await lockEpisodes(trx, rows.map(episodeKeyOf));
      return insertEpisodes(trx, rows, cooldownMs);
    });
  }

  /**
   * Applies one collection's observations to the episodes, in one transaction under the same
   * advisory locks as `insertAnomalies` (one per condition, taken in sorted order):
   * - a condition seen again while its episode is open, or within `cooldownMs` of its end, updates
   *   that episode (value, expectation, message, last seen) and re-opens it: no new row, no alert;
   * - a condition seen with no such episode is inserted as a new open episode, exactly as
   *   `insertAnomalies` does (idempotency key, cooldown check): these rows are returned to alert;
   * - a condition not seen (`clear`) marks its open episode clear since then, and closes it once
   *   it has stayed clear `closeAfterMs` (ended_at = the first clear reading).
   * `no_data` observations change nothing. A retried collection writes the same state again.
   */
  async recordObservations(
    observations: readonly Observation[],
    anomalies: readonly StoredAnomaly[],
    at: Date,
    cooldownMs: number,
    closeAfterMs: number,
  ): Promise<RecordedObservations> {
    const active = firstPerEpisode(anomalies);
    const activeKeys = new Set(active.map(episodeKeyOf));
    const clear = [
      ...new Set(
        observations
          .filter((o) => o.state === 'clear' && !activeKeys.has(o.episode_key))
          .map((o) => o.episode_key),
      ),
    ];
    if (active.length === 0 && clear.length === 0) return { raised: [], updated: 0, closed: 0 };
    return this.db.transaction().execute(async (trx) => {
      await lockEpisodes(trx, [...activeKeys, ...clear]);
      let updatedKeys = new Set<string>();
      if (active.length > 0) {
        const col = <T>(f: (a: StoredAnomaly) => T) => sql.val(active.map(f));
        const { rows } = await sql<{ episode_key: string }>`
          update viral_metrics_anomalies a set
            current_value = v.current_value, baseline_value = v.baseline_value,
            drop_percentage = v.drop_percentage, message = v.message,
            readings = a.readings + case when coalesce(a.last_seen_at, a.detected_at) < v.at then 1 else 0 end,
            last_seen_at = greatest(coalesce(a.last_seen_at, a.detected_at), v.at),
            status = 'open', ended_at = null, clear_since = null
          from unnest(${col(episodeKeyOf)}::text[], ${col((a) => a.current_value)}::float8[],
            ${col((a) => a.baseline_value)}::float8[], ${col((a) => a.drop_percentage)}::float8[],
            ${col((a) => a.message)}::text[], ${col((a) => a.detected_at.toISOString())}::timestamptz[])
            as v (episode_key, current_value, baseline_value, drop_percentage, message, at)
          where a.id = (
            select b.id from viral_metrics_anomalies b
            where b.episode_key = v.episode_key
              and (b.status = 'open' or b.ended_at > v.at - ${cooldownMs}::float8 * interval '1 millisecond')
            order by b.detected_at desc limit 1)
          returning a.episode_key`.execute(trx);
        updatedKeys = new Set(rows.map((r) => r.episode_key));
      }
      const fresh = active.filter((a) => !updatedKeys.has(episodeKeyOf(a)));
      const raised = fresh.length > 0 ? await insertEpisodes(trx, fresh, cooldownMs) : [];
      let closed = 0;
      if (clear.length > 0) {
        const { rows } = await sql<{ status: string }>`
          update viral_metrics_anomalies a set
            clear_since = coalesce(a.clear_since, ${at}::timestamptz),
            status = case when ${at}::timestamptz - coalesce(a.clear_since, ${at}::timestamptz)
              >= ${closeAfterMs}::float8 * interval '1 millisecond' then 'closed' else 'open' end,
            ended_at = case when ${at}::timestamptz - coalesce(a.clear_since, ${at}::timestamptz)
              >= ${closeAfterMs}::float8 * interval '1 millisecond' then coalesce(a.clear_since, ${at}::timestamptz) end
          where a.episode_key in (select unnest(${sql.val(clear)}::text[])) and a.status = 'open'
            and coalesce(a.last_seen_at, a.detected_at) <= ${at}::timestamptz
          returning a.status`.execute(trx);
        closed = rows.filter((r) => r.status === 'closed').length;
      }
      return { raised, updated: updatedKeys.size, closed };
    });
  }

  /**
   * Close open episodes not seen since `before` (the post left the active set, or its data
   * became too thin to tell): they end when they were last seen, or first seen clear.
   */
  async closeStaleEpisodes(before: Date): Promise<number> {
    const { rows } = await sql<{ id: number }>`
      update viral_metrics_anomalies set status = 'closed',
        ended_at = coalesce(clear_since, last_seen_at, detected_at)
      where status = 'open' and coalesce(last_seen_at, detected_at) < ${before}
      returning id`.execute(this.db);
    return rows.length;
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

  /** How many anomalies were detected at or after `since`. */
  async anomalyCount(since: Date): Promise<number> {
    const row = await this.db
      .selectFrom('viral_metrics_anomalies')
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .where('detected_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.c);
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
}

/** One anomaly per episode key: the first given. */
function firstPerEpisode(anomalies: readonly StoredAnomaly[]): StoredAnomaly[] {
  const byKey = new Map<string, StoredAnomaly>();
  for (const a of anomalies) if (!byKey.has(episodeKeyOf(a))) byKey.set(episodeKeyOf(a), a);
  return [...byKey.values()];
}

/**
 * A transaction-scoped advisory lock on each condition. Of two replicas (or a job and its retry)
 * writing the same condition at once, the second waits for the first to commit. Every writer
 * takes its locks in one order (sorted keys; `unnest` yields them in array order), so two
 * batches never wait on each other in a cycle.
 */
async function lockEpisodes(trx: Kysely<DB>, episodeKeys: readonly string[]): Promise<void> {
  const locks = [...new Set(episodeKeys.map(lockOf))].sort();
  if (locks.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sql.val(locks)}::text[]) as k`.execute(
    trx,
  );
}

/**
 * Inserts new open episodes (callers hold their locks), each unless an anomaly of the same
 * condition was detected within `cooldownMs` before it (or after it: clock skew between
 * replicas) or its idempotency key was seen before. A new statement, so a new snapshot: it sees
 * what the writers we waited for committed.
 */
async function insertEpisodes(
  trx: Kysely<DB>,
  rows: readonly StoredAnomaly[],
  cooldownMs: number,
): Promise<ViralMetricsAnomalyRow[]> {
  const sorted = [...rows].sort((a, b) => (lockOf(episodeKeyOf(a)) < lockOf(episodeKeyOf(b)) ? -1 : 1));
  const col = <T>(f: (a: StoredAnomaly) => T) => sql.val(sorted.map(f));
  const { rows: stored } = await sql<ViralMetricsAnomalyRow>`
    insert into viral_metrics_anomalies (post_id, anomaly_type, severity, metric_name, current_value,
      baseline_value, drop_percentage, message, idempotency_key, detected_at, episode_key, status, last_seen_at)
    select v.*, 'open', v.detected_at from unnest(
      ${col((a) => a.post_id ?? '')}::text[], ${col((a) => a.anomaly_type)}::text[],
      ${col((a) => a.severity)}::text[], ${col((a) => a.metric_name)}::text[],
      ${col((a) => a.current_value)}::float8[], ${col((a) => a.baseline_value)}::float8[],
      ${col((a) => a.drop_percentage)}::float8[], ${col((a) => a.message)}::text[],
      ${col((a) => a.idempotency_key)}::text[], ${col((a) => a.detected_at.toISOString())}::timestamptz[],
      ${col(episodeKeyOf)}::text[]
    ) as v (post_id, anomaly_type, severity, metric_name, current_value, baseline_value,
      drop_percentage, message, idempotency_key, detected_at, episode_key)
    where not exists (
      select 1 from viral_metrics_anomalies a
      where (a.episode_key = v.episode_key
          or (a.episode_key is null and a.post_id = v.post_id and a.anomaly_type = v.anomaly_type))
        and a.detected_at > v.detected_at - ${cooldownMs}::float8 * interval '1 millisecond')
    on conflict (idempotency_key) do nothing
    returning *`.execute(trx);
  return stored;
}
