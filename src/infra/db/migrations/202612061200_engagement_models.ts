import { sql, type Kysely } from 'kysely';

/**
 * The per-account engagement model (src/engagement): each trained model, keyed by its version,
 * and the predictions made with it. A prediction is written once per (post, model version), before
 * the post's outcome is known, so predictions can later be checked against what happened.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_models')
    .addColumn('version', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('trained_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accounts', 'integer', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('fixed_age_hours', 'integer', (c) => c.notNull())
    .addColumn('model', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('idx_engagement_models_trained_at')
    .on('engagement_models')
    .column('trained_at')
    .execute();

  await db.schema
    .createTable('engagement_predictions')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('model_version', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('mean', 'double precision', (c) => c.notNull())
    .addColumn('low', 'double precision', (c) => c.notNull())
    .addColumn('high', 'double precision', (c) => c.notNull())
    .addColumn('predicted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_predictions_pkey', ['post_id', 'model_version'])
    .execute();
  await db.schema
    .createIndex('idx_engagement_predictions_account_id_predicted_at')
    .on('engagement_predictions')
    .columns(['account_id', 'predicted_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_predictions').execute();
  await db.schema.dropTable('engagement_models').execute();
}
