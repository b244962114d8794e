import type { Kysely } from 'kysely';

/**
 * The handle of a post's author (as the source names it, without the @), so that the comment
 * pipeline can tell the creator's own replies from the audience's: they are nobody's purchase
 * intent and never get a DM. Null for posts stored before this migration until the source
 * lists them again.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('author_username', 'varchar(100)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('author_username').execute();
}
