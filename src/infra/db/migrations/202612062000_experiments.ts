import { sql, type Kysely } from 'kysely';

/**
 * A/B experiments of hooks (src/experiments): the experiment, its variants, the content engine's
 * draft written for each slot, the posts the bandit gave each variant, one reward per post (the primary key makes a reward taken once, whatever
 * re-runs the collecting job), and the seed's `variant_performance` (seed 003: "A/B testing
 * results and statistics"; the seed names the table but not its columns — these are ours: one
 * row per (experiment, variant) with the figures the learning reads).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('experiments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('persona_id', 'text', (c) => c.notNull())
    .addColumn('brief', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) =>
      c.notNull().check(sql`state in ('running', 'winner', 'stopped', 'inconclusive')`),
    )
    .addColumn('reward_age_hours', 'integer', (c) => c.notNull())
    .addColumn('max_posts', 'integer', (c) => c.notNull())
    .addColumn('prior', 'jsonb', (c) => c.notNull())
    .addColumn('winner_variant_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('idx_experiments_persona_id_created_at')
    .on('experiments')
    .columns(['persona_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('experiment_variants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) =>
      c.notNull().check(sql`kind in ('template', 'hook_family', 'text')`),
    )
    .addColumn('value', 'text', (c) => c.notNull())
    .addUniqueConstraint('idx_experiment_variants_experiment_id_position', ['experiment_id', 'position'])
    .execute();

  await db.schema
    .createTable('experiment_posts')
    .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('variant_id', 'text', (c) =>
      c.notNull().references('experiment_variants.id').onDelete('cascade'),
    )
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_posts_pkey', ['experiment_id', 'post_id'])
    .execute();

  // The content engine's draft written for each slot (draft ids are the content engine's; no
  // foreign key across capabilities): the runner attaches the post once the draft is published.
  await db.schema
    .createTable('experiment_drafts')
    .addColumn('draft_id', 'bigint', (c) => c.primaryKey())
    .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('variant_id', 'text', (c) =>
      c.notNull().references('experiment_variants.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_experiment_drafts_experiment_id')
    .on('experiment_drafts')
    .column('experiment_id')
    .execute();

  await db.schema
    .createTable('experiment_rewards')
    .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('variant_id', 'text', (c) =>
      c.notNull().references('experiment_variants.id').onDelete('cascade'),
    )
    .addColumn('engagement_rate', 'double precision', (c) => c.notNull())
    .addColumn('reward', 'double precision', (c) => c.notNull())
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_rewards_pkey', ['experiment_id', 'post_id'])
    .execute();

  await db.schema
    .createTable('variant_performance')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('experiment_id', 'text', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('variant_id', 'text', (c) =>
      c.notNull().references('experiment_variants.id').onDelete('cascade'),
    )
    .addColumn('persona_id', 'text', (c) => c.notNull())
    .addColumn('variant_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('variant_value', 'text', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('rewards', 'integer', (c) => c.notNull())
    .addColumn('mean_engagement_rate', 'double precision')
    .addColumn('posterior_mean_rate', 'double precision', (c) => c.notNull())
    .addColumn('probability_best', 'double precision', (c) => c.notNull())
    .addColumn('lift', 'double precision')
    .addColumn('is_winner', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('idx_variant_performance_experiment_id_variant_id', ['experiment_id', 'variant_id'])
    .execute();
  await db.schema
    .createIndex('idx_variant_performance_persona_id_variant_kind')
    .on('variant_performance')
    .columns(['persona_id', 'variant_kind'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('variant_performance').execute();
  await db.schema.dropTable('experiment_rewards').execute();
  await db.schema.dropTable('experiment_drafts').execute();
  await db.schema.dropTable('experiment_posts').execute();
  await db.schema.dropTable('experiment_variants').execute();
  await db.schema.dropTable('experiments').execute();
}
