import { sql, type Kysely } from 'kysely';

/**
 * Operator corrections of reply intents, and the evidence behind each stored label.
 *
 * - `comment_analysis.evidence`: what decided the label (the model and its score, or the
 *   phrase that matched), as a JSON array of strings; '[]' for analyses stored before.
 * - `comment_intent_corrections`: one row per corrected comment, holding a copy of its text, the
 *   label the operator gave and the one the model had given, with the model's version — the
 *   future training data. No foreign key: a correction outlives the comment's retention.
 *   A comment with a correction keeps the operator's label: re-analysis skips it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('comment_analysis')
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createTable('comment_intent_corrections')
    .addColumn('comment_id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('intent', 'varchar(20)', (c) => c.notNull())
    .addColumn('model_intent', 'varchar(20)')
    .addColumn('model_version', 'varchar(100)')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('idx_comment_intent_corrections_updated_at')
    .on('comment_intent_corrections')
    .column('updated_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comment_intent_corrections').execute();
  await db.schema.alterTable('comment_analysis').dropColumn('evidence').execute();
}
