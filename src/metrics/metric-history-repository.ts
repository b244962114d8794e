import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import { KPI_NAMES, type KpiName } from './kpis/types.js';

/** One KPI reading of a post's history (charts). */
export interface MetricHistoryRow {
  metric_name: string;
  metric_value: number;
  recorded_at: Date;
  post_id?: string | null;
}

/** One collection of a post for a timeframe: its six KPIs at `collected_at`. */
export interface KpiReading {
  post_id: string;
  persona_id: string;
  timeframe: string;
  kpis: Record<KpiName, number>;
  collected_at: Date;
}

/** Every KPI reading of every post (`viral_metrics_history`, append-only). */
export class MetricHistoryRepository {
  /** `db` may be a transaction's handle: the current row and its readings are written together. */
  constructor(private readonly db: Kysely<DB>) {}

  /** One history row per KPI of each reading, in one statement. */
  async appendReadings(readings: readonly KpiReading[]): Promise<void> {
    if (readings.length === 0) return;
    await this.db
      .insertInto('viral_metrics_history')
      .values(
        readings.flatMap((m) =>
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
}
