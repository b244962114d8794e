import { sql, type Kysely } from 'kysely';

/**
 * The content engine (SPEC §7): personas, versioned prompt templates and drafts, plus seed 003's
 * columns of generated posts on `posts` (hook, body, tokens_used, engagement).
 *
 * Every `persona_id` the metrics engine already labels posts by becomes a persona record here
 * (its account: the one with most posts of it), so personas are migrated, not duplicated.
 *
 * Near-duplicate search (the seeds' Qdrant role) is trigram similarity: pg_trgm with GIN indexes
 * on the texts drafts are compared with (published posts and drafts). PGlite loads the extension
 * in infra/db/client.ts.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('personas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('voice', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topics', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('avoid', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('posts_per_day', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(3)
        .check(sql`posts_per_day between 1 and 250`),
    )
    .addColumn('quiet_hours', 'jsonb')
    .addColumn('approval', 'text', (c) =>
      c
        .notNull()
        .defaultTo('review')
        .check(sql`approval in ('review', 'auto')`),
    )
    .addColumn('auto_threshold', 'double precision')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('idx_personas_account_id').on('personas').column('account_id').execute();
  await sql`
    insert into personas (id, account_id, name)
    select distinct on (persona_id) persona_id, account_id, persona_id
    from (select persona_id, account_id, count(*) as n from posts group by persona_id, account_id) counted
    order by persona_id, n desc, account_id
    on conflict (id) do nothing`.execute(db);

  await db.schema
    .createTable('prompt_templates')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_prompt_templates_name', ['name'])
    .execute();
  await db.schema
    .createTable('prompt_template_versions')
    .addColumn('template_id', 'bigint', (c) =>
      c.notNull().references('prompt_templates.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('variables', 'jsonb', (c) => c.notNull())
    .addColumn('hook_family', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('prompt_template_versions_pkey', ['template_id', 'version'])
    .execute();

  await db.schema
    .createTable('drafts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('persona_id', 'text', (c) => c.notNull().references('personas.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('generator', 'text', (c) => c.notNull())
    .addColumn('template_id', 'bigint')
    .addColumn('template_version', 'integer')
    .addColumn('hook_family', 'text')
    .addColumn('brief', 'text')
    .addColumn('seed', 'bigint')
    .addColumn('tokens_used', 'integer')
    .addColumn('patterns', 'jsonb', (c) => c.notNull())
    .addColumn('predicted', 'jsonb', (c) => c.notNull())
    .addColumn('limits_ok', 'boolean', (c) => c.notNull())
    .addColumn('limit_reasons', 'jsonb', (c) => c.notNull())
    .addColumn('near_duplicate', 'jsonb')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'scheduled', 'publishing', 'published', 'failed', 'rejected')`),
    )
    .addColumn('scheduled_at', 'timestamptz')
    .addColumn('publishing_at', 'timestamptz')
    .addColumn('published_post_id', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('failure_reason', 'text')
    .addColumn('edited', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_drafts_published_post_id', ['published_post_id'])
    .execute();
  await db.schema
    .createIndex('idx_drafts_status_created_at')
    .on('drafts')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('idx_drafts_account_id_scheduled_at')
    .on('drafts')
    .columns(['account_id', 'scheduled_at'])
    .execute();
  await db.schema
    .createIndex('idx_drafts_template_id')
    .on('drafts')
    .columns(['template_id', 'template_version'])
    .execute();
  await sql`create index idx_drafts_text_trgm on drafts using gin (text gin_trgm_ops)`.execute(db);
  await sql`create index idx_posts_content_trgm on posts using gin (content gin_trgm_ops)`.execute(db);

  await db.schema
    .alterTable('posts')
    .addColumn('hook', 'text')
    .addColumn('body', 'text')
    .addColumn('tokens_used', 'integer')
    .addColumn('engagement', 'double precision')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .dropColumn('hook')
    .dropColumn('body')
    .dropColumn('tokens_used')
    .dropColumn('engagement')
    .execute();
  await sql`drop index if exists idx_posts_content_trgm`.execute(db);
  await db.schema.dropTable('drafts').execute();
  await db.schema.dropTable('prompt_template_versions').execute();
  await db.schema.dropTable('prompt_templates').execute();
  await db.schema.dropTable('personas').execute();
}
