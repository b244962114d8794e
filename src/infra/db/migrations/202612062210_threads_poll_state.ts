import { sql, type Kysely } from 'kysely';

/**
 * `threads_poll_state`: where each account's poller stopped (the posts it follows, when each was
 * read, reply cursors, the allowance left, the newest mention seen), written after every run of
 * the `poll_threads_account` job so polling resumes after a restart or on another worker
 * (src/threads/poller.ts `PollerState`).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('threads_poll_state')
    .addColumn('account_id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('threads_poll_state').execute();
}
