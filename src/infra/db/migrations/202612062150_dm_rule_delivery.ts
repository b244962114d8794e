import { sql, type Kysely } from 'kysely';

/**
 * How a DM rule delivers (issue 19, "The DM trigger, Threads-native"):
 *
 * - `dm_rules.delivery`: `dm` (the configured delivery: the signed webhook, or the source's DM
 *   endpoint) or `public_reply` (a public Threads reply to the lead's comment, `reply_to_id`).
 * - `dm_outbox.delivery`: the rule's delivery when the row was recorded. A retry goes out the
 *   same way even if the rule changed since, so a message is never sent by both.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['dm_rules', 'dm_outbox']) {
    await db.schema
      .alterTable(table)
      .addColumn('delivery', 'varchar(20)', (c) =>
        c
          .notNull()
          .defaultTo('dm')
          .check(sql`delivery in ('dm', 'public_reply')`),
      )
      .execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['dm_outbox', 'dm_rules'])
    await db.schema.alterTable(table).dropColumn('delivery').execute();
}
