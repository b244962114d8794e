import { sql, type Kysely } from 'kysely';

/**
 * `threads_publish_ledger`: one row per publish idempotency key (a post, a reply, a DM sent as
 * a reply). The container id is written before `threads_publish` is called and the media id
 * once it answered, so a retried job knows whether to reconcile (src/threads/publish-ledger.ts).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('threads_publish_ledger')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('container_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reply_to_id', 'varchar(100)')
    .addColumn('media_id', 'varchar(100)')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('idx_threads_publish_ledger_account_id_created_at')
    .on('threads_publish_ledger')
    .columns(['account_id', 'created_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('threads_publish_ledger').execute();
}
