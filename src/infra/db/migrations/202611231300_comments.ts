import { sql, type Kysely } from 'kysely';

/**
 * The comment pipeline (SPEC §4): raw comments, their analysis, DM rules, the DM outbox with its
 * per-account daily counter, and comment monitors (stored so they survive a restart).
 *
 * Deviation from the seed: its partial index `WHERE created_at > NOW() - INTERVAL '7 days'` is
 * rejected by PostgreSQL (index predicates must be immutable). Comments arrive roughly in
 * created_at order, so a BRIN index on created_at serves the retention delete and time-range
 * scans at a few pages of size.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('comment_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author', 'varchar(100)', (c) => c.notNull())
    .addColumn('timestamp', 'varchar(50)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(100)')
    .addColumn('handled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('handled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The dedup truth: `insert … on conflict (comment_id) do nothing`.
    .addUniqueConstraint('idx_comments_comment_id', ['comment_id'])
    .execute();
  await db.schema.createIndex('idx_comments_post_id').on('comments').column('post_id').execute();
  await db.schema
    .createIndex('idx_comments_post_id_created_at')
    .on('comments')
    .columns(['post_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('idx_comments_author_created_at')
    .on('comments')
    .columns(['author', 'created_at'])
    .execute();
  await db.schema
    .createIndex('idx_comments_created_at')
    .on('comments')
    .using('brin')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('comment_analysis')
    .addColumn('comment_id', 'varchar(100)', (c) =>
      c.primaryKey().references('comments.comment_id').onDelete('cascade'),
    )
    .addColumn('intent', 'varchar(20)', (c) => c.notNull())
    .addColumn('purchase_intent_score', 'double precision', (c) => c.notNull())
    .addColumn('question_score', 'double precision', (c) => c.notNull())
    .addColumn('praise_score', 'double precision', (c) => c.notNull())
    .addColumn('complaint_score', 'double precision', (c) => c.notNull())
    .addColumn('spam_score', 'double precision', (c) => c.notNull())
    .addColumn('other_score', 'double precision', (c) => c.notNull())
    .addColumn('sentiment', 'double precision', (c) => c.notNull())
    .addColumn('lead_score', 'double precision', (c) => c.notNull())
    .addColumn('model_version', 'varchar(100)', (c) => c.notNull())
    .addColumn('analyzed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The inbox filters by intent and sorts/filters leads by score.
  await db.schema
    .createIndex('idx_comment_analysis_intent_lead_score')
    .on('comment_analysis')
    .columns(['intent', 'lead_score'])
    .execute();

  await db.schema
    .createTable('dm_rules')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(100)')
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('intent', 'varchar(20)')
    .addColumn('threshold', 'double precision')
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('match', 'varchar(3)', (c) =>
      c
        .notNull()
        .defaultTo('any')
        .check(sql`match in ('any', 'all')`),
    )
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('variables', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // No foreign keys to comments or dm_rules: the outbox is the record of what was sent and
  // outlives comment retention and deleted rules.
  await db.schema
    .createTable('dm_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('rule_id', 'bigint', (c) => c.notNull())
    .addColumn('comment_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('author', 'varchar(100)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('idempotency_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('idx_dm_outbox_idempotency_key', ['idempotency_key'])
    // At most one DM per (post, author, rule), whatever the number of workers or retries.
    .addUniqueConstraint('idx_dm_outbox_post_id_author_rule_id', ['post_id', 'author', 'rule_id'])
    .execute();
  await db.schema
    .createIndex('idx_dm_outbox_status_created_at')
    .on('dm_outbox')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('idx_dm_outbox_comment_id').on('dm_outbox').column('comment_id').execute();

  // DM_DAILY_LIMIT is enforced on this row under its lock, so concurrent workers cannot overshoot.
  await db.schema
    .createTable('dm_daily_counts')
    .addColumn('account_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('idx_dm_daily_counts_account_id_day', ['account_id', 'day'])
    .execute();

  await db.schema
    .createTable('comment_monitors')
    .addColumn('task_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'stopped', 'failed')`),
    )
    .addColumn('comments_processed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_processed', 'timestamptz')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('cursor', 'varchar(100)')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Start-up resumes the active monitors.
  await db.schema
    .createIndex('idx_comment_monitors_status')
    .on('comment_monitors')
    .column('status')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'comment_monitors',
    'dm_daily_counts',
    'dm_outbox',
    'dm_rules',
    'comment_analysis',
    'comments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
