import { sql, type Kysely } from 'kysely';

/**
 * When a comment's analysis job was last asked of the queue; null when it could not be queued
 * (the queue was down as the comment was stored). The sweep queues the null ones at its next
 * run, so an acknowledged comment waits at most one sweep interval once the queue is back; a
 * stamp older than the requeue horizon means the job itself was lost. Rows stored before this
 * migration take its time.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('analysis_queued_at', 'timestamptz', (c) => c.defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('analysis_queued_at').execute();
}
