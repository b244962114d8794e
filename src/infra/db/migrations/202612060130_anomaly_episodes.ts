import { sql, type Kysely } from 'kysely';

/**
 * Anomalies become episodes, and posts keep their counters by age.
 *
 * `viral_metrics_anomalies`: an ongoing condition is one row, raised once (one alert), updated
 * while it lasts and closed when it ends. `episode_key` names the condition (post and type, or
 * persona for pattern fatigue); `status` is open or closed; `last_seen_at` is the latest reading
 * that saw it, `clear_since` the first reading since then that did not, `ended_at` when it
 * closed; `readings` counts the readings that saw it. Rows stored before this migration are
 * closed: nothing tracked them as episodes.
 *
 * `post_age_marks`: each post's cumulative views, shares + replies and replies every 15 minutes
 * of its age, interpolated between readings, and the engagement trajectory read then: the
 * persona's decay curves that expectations are drawn from (docs/anomaly-model.md).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('viral_metrics_anomalies')
    .addColumn('episode_key', 'varchar(200)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('closed'))
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('clear_since', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('readings', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`update viral_metrics_anomalies
    set episode_key = post_id || ':' || anomaly_type, last_seen_at = detected_at, ended_at = detected_at`.execute(
    db,
  );
  await db.schema
    .createIndex('idx_viral_metrics_anomalies_episode_key_detected_at')
    .on('viral_metrics_anomalies')
    .columns(['episode_key', 'detected_at'])
    .execute();
  await db.schema
    .createIndex('idx_viral_metrics_anomalies_status_last_seen_at')
    .on('viral_metrics_anomalies')
    .columns(['status', 'last_seen_at'])
    .execute();

  await db.schema
    .createTable('post_age_marks')
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('persona_id', 'text', (c) => c.notNull())
    .addColumn('age_minutes', 'integer', (c) => c.notNull())
    .addColumn('views', 'bigint', (c) => c.notNull())
    .addColumn('secondary', 'bigint', (c) => c.notNull())
    .addColumn('replies', 'bigint', (c) => c.notNull())
    .addColumn('trajectory', 'double precision')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idx_post_age_marks_post_id_age_minutes', ['post_id', 'age_minutes'])
    .execute();
  await db.schema
    .createIndex('idx_post_age_marks_persona_id_recorded_at')
    .on('post_age_marks')
    .columns(['persona_id', 'recorded_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_age_marks').execute();
  await db.schema.dropIndex('idx_viral_metrics_anomalies_status_last_seen_at').execute();
  await db.schema.dropIndex('idx_viral_metrics_anomalies_episode_key_detected_at').execute();
  await db.schema
    .alterTable('viral_metrics_anomalies')
    .dropColumn('episode_key')
    .dropColumn('status')
    .dropColumn('last_seen_at')
    .dropColumn('clear_since')
    .dropColumn('ended_at')
    .dropColumn('readings')
    .execute();
}
