import { sql, type Kysely } from 'kysely';

/**
 * Opt-in auto-hide of spam replies (issue 19; issue 23's rule: never on a spam score alone unless
 * its false-positive rate on real text is measured below 1 %, docs/evaluation.md).
 *
 * - `spam_hide_settings`: per account, off unless a row says `enabled`, with the spam score a
 *   reply labelled spam must reach to be hidden.
 * - `hidden_replies`: one row per reply the agent hid (primary key: the reply, so it is hidden
 *   once and, once unhidden by a human, never hidden again), with what it hid and why.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spam_hide_settings')
    .addColumn('account_id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('threshold', 'real', (c) => c.notNull().check(sql`threshold >= 0.5 and threshold <= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('hidden_replies')
    .addColumn('comment_id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('author', 'varchar(100)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('spam_score', 'real', (c) => c.notNull())
    .addColumn('threshold', 'real', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) =>
      c.notNull().check(sql`status in ('hiding', 'hidden', 'failed', 'unhidden')`),
    )
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('unhidden_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('idx_hidden_replies_account_id_created_at')
    .on('hidden_replies')
    .columns(['account_id', 'created_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hidden_replies').execute();
  await db.schema.dropTable('spam_hide_settings').execute();
}
