import { sql, type Kysely } from 'kysely';

/**
 * The seed's four viral metrics tables (names, columns and types kept; TIMESTAMP → timestamptz),
 * plus `posts` and `post_snapshots`. Index and constraint names follow `idx_{table}_{columns}`
 * (the seed's troubleshooting section records a clash of global index names).
 *
 * Migrations take `Kysely<any>` on purpose: they must keep compiling against the schema of their
 * own time, not the current `DB` interface.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('viral_metrics')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('persona_id', 'varchar(50)', (c) => c.notNull())
    .addColumn('timeframe', 'varchar(10)', (c) => c.notNull().defaultTo('1h'))
    .addColumn('viral_coefficient', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('scroll_stop_rate', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('share_velocity', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_depth', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('engagement_trajectory', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('pattern_fatigue_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The current row per (post, timeframe) is upserted: `on conflict (post_id, timeframe)`.
    .addUniqueConstraint('idx_viral_metrics_post_id_timeframe', ['post_id', 'timeframe'])
    .execute();
  await db.schema
    .createIndex('idx_viral_metrics_persona_id_collected_at')
    .on('viral_metrics')
    .columns(['persona_id', 'collected_at'])
    .execute();

  await db.schema
    .createTable('viral_metrics_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('persona_id', 'varchar(50)', (c) => c.notNull())
    .addColumn('metric_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('metric_value', 'double precision', (c) => c.notNull())
    .addColumn('timeframe', 'varchar(10)', (c) => c.notNull().defaultTo('1h'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('idx_viral_metrics_history_post_id_metric_name_recorded_at')
    .on('viral_metrics_history')
    .columns(['post_id', 'metric_name', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('idx_viral_metrics_history_persona_id_metric_name_recorded_at')
    .on('viral_metrics_history')
    .columns(['persona_id', 'metric_name', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('pattern_usage_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('pattern_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('persona_id', 'varchar(50)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Storing a post's patterns again (re-analysis, retried job) must not count as a new use.
    .addUniqueConstraint('idx_pattern_usage_history_post_id_pattern_id', ['post_id', 'pattern_id'])
    .execute();
  await db.schema
    .createIndex('idx_pattern_usage_history_persona_id_pattern_id_last_used_at')
    .on('pattern_usage_history')
    .columns(['persona_id', 'pattern_id', 'last_used_at'])
    .execute();
  await db.schema
    .createIndex('idx_pattern_usage_history_pattern_id_created_at')
    .on('pattern_usage_history')
    .columns(['pattern_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('viral_metrics_anomalies')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('anomaly_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('severity', 'varchar(20)', (c) => c.notNull())
    .addColumn('metric_name', 'varchar(50)', (c) => c.notNull())
    .addColumn('current_value', 'double precision', (c) => c.notNull())
    .addColumn('baseline_value', 'double precision')
    .addColumn('drop_percentage', 'double precision')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('alert_sent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('alert_sent_at', 'timestamptz')
    .addColumn('idempotency_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_viral_metrics_anomalies_idempotency_key', ['idempotency_key'])
    .execute();
  // Serves the cooldown check: "any anomaly of this type for this post since t?".
  await db.schema
    .createIndex('idx_viral_metrics_anomalies_post_id_anomaly_type_detected_at')
    .on('viral_metrics_anomalies')
    .columns(['post_id', 'anomaly_type', 'detected_at'])
    .execute();
  await db.schema
    .createIndex('idx_viral_metrics_anomalies_detected_at')
    .on('viral_metrics_anomalies')
    .column('detected_at')
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('persona_id', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('post_url', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('patterns', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('idx_posts_published_at').on('posts').column('published_at').execute();
  await db.schema
    .createIndex('idx_posts_persona_id_published_at')
    .on('posts')
    .columns(['persona_id', 'published_at'])
    .execute();
  await db.schema
    .createIndex('idx_posts_account_id_published_at')
    .on('posts')
    .columns(['account_id', 'published_at'])
    .execute();

  // The primary key's index is the one the collector reads by: a post's readings in time order.
  await db.schema
    .createTable('post_snapshots')
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull())
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('impressions', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('engaged_views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('likes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('replies', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reposts', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('quotes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('shares', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('idx_post_snapshots_post_id_taken_at', ['post_id', 'taken_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'post_snapshots',
    'posts',
    'viral_metrics_anomalies',
    'pattern_usage_history',
    'viral_metrics_history',
    'viral_metrics',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
