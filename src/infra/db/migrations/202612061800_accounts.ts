import { sql, type Kysely } from 'kysely';

/**
 * Connected Threads accounts (accounts capability):
 * - `accounts`: one row per Threads user id, its token sealed with AES-256-GCM (never clear
 *   text), expiry, state (`valid`, `expiring`, `reconnect_needed`) and the reason of the last.
 * - `account_api_usage`: API calls per account and UTC hour, incremented by the connector.
 * - `oauth_states`: the single-use CSRF `state` of each OAuth start, deleted when used.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(100)', (c) => c.notNull())
    .addColumn('access_token', 'text', (c) => c.notNull())
    .addColumn('token_expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('token_issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('token_status', 'varchar(20)', (c) =>
      c
        .notNull()
        .defaultTo('valid')
        .check(sql`token_status in ('valid', 'expiring', 'reconnect_needed')`),
    )
    .addColumn('token_status_reason', 'text')
    .addColumn('last_polled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('idx_accounts_token_expires_at')
    .on('accounts')
    .column('token_expires_at')
    .execute();
  await db.schema
    .createTable('account_api_usage')
    .addColumn('account_id', 'varchar(100)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('hour', 'timestamptz', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_api_usage_pkey', ['account_id', 'hour'])
    .execute();
  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_states').execute();
  await db.schema.dropTable('account_api_usage').execute();
  await db.schema.dropTable('accounts').execute();
}
