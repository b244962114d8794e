import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { KpiName } from './kpis/types.js';
import { MetricHistoryRepository, type KpiReading } from './metric-history-repository.js';
import type { ViralMetricsRow } from './tables.js';

/** The six KPIs of a current row under their API names (the seed's column is `pattern_fatigue_score`). */
export function kpisOfRow(row: ViralMetricsRow): Record<KpiName, number> {
  return {
    viral_coefficient: row.viral_coefficient,
    scroll_stop_rate: row.scroll_stop_rate,
    share_velocity: row.share_velocity,
    reply_depth: row.reply_depth,
    engagement_trajectory: row.engagement_trajectory,
    pattern_fatigue: row.pattern_fatigue_score,
  };
}

/** The current KPIs of each post (`viral_metrics`, one row per post and timeframe). */
export class ViralMetricsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The current row per (post, timeframe), upserted, plus one history row per KPI, in one
   * transaction: a reader never sees a current row without its history readings.
   */
  async saveMetrics(items: readonly KpiReading[]): Promise<void> {
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
      // On the transaction's handle (PGlite: a query on `db` here would wait for this transaction).
      await new MetricHistoryRepository(trx).appendReadings(items);
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
}
