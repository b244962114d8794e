import { sql, type Kysely } from 'kysely';

/**
 * The content engine's near-duplicate search as locality-sensitive hashing of pg_trgm's trigrams
 * (src/content/draft-repository.ts reads it).
 *
 * 202612061900_content searched with pg_trgm's `%` operator through GIN trigram indexes. That
 * index answers "shares at least a fraction of the query's trigrams", which ordinary English
 * (" th", "the", "ing") satisfies for thousands of posts, and every candidate is then rechecked
 * with `similarity()`, which re-extracts the trigrams of the stored text (about 0.2 ms each):
 * 1.7 s per query against 100,000 posts on PostgreSQL, no answer on PGlite.
 *
 * Here each text gets `near_dup_bands`, a stored generated column: its trigrams (`show_trgm`,
 * as pg_trgm extracts them) hashed into 48 bins, the minimum hash of each bin kept (one-
 * permutation MinHash: two texts agree on a bin with probability ≈ their trigram Jaccard
 * similarity, which is what pg_trgm's `similarity()` is), and the bins hashed together with the
 * band's number and the account into 24 band values: 16 loose bands of 3 bins (two texts share
 * one with probability 1 − (1 − s³)¹⁶: 0.88 at similarity s = 0.5, 0.99 at 0.65, 0.35 at 0.3)
 * and 8 strict bands of 6 bins (1 − (1 − s⁶)⁸: 0.91 at 0.8, 0.63 at 0.7, 0.006 at 0.3). A band
 * with no trigram at all is null, so short texts do not all collide on their empty bands. A GIN
 * index over the bands finds the texts sharing one with a query without touching the others; the
 * account in the hash keeps other accounts' texts out of the answer. PL/pgSQL rather than SQL:
 * it keeps the function's plan for the session (a query's own bands cost 0.6 ms instead of 1–2).
 * The trigram GIN indexes go: nothing else searches by `%`. */

/** Must match the band layout in src/content/draft-repository.ts. */
const FUNCTION = sql`
  create function near_dup_bands(account text, body text) returns int[]
  language plpgsql immutable strict parallel safe as $$ begin return (
    with per_bin as (
      select (h & 2147483647) % 48 as bin, min(h) as mh
      from (select hashtext(t) as h from unnest(show_trgm(body)) as t) as trigrams
      group by 1
    ),
    bands as (
      select bin / 3 as n, array_agg(mh order by bin) as mins from per_bin group by 1
      union all
      select 16 + bin / 6, array_agg(mh order by bin) from per_bin group by 1
    )
    select array_agg(
             case when m.mins is null then null else hash_array(array[hashtext(account), b.n] || m.mins) end
             order by b.n)
    from generate_series(0, 23) as b(n)
    left join bands as m on m.n = b.n
  ); end $$`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await FUNCTION.execute(db);
  await sql`alter table posts add column near_dup_bands int[]
    generated always as (near_dup_bands(account_id, content)) stored`.execute(db);
  await sql`alter table drafts add column near_dup_bands int[]
    generated always as (near_dup_bands(account_id, text)) stored`.execute(db);
  // fastupdate off: entries go straight into the index. With it on, inserts pile up in a pending
  // list (up to 4 MB) that every search scans linearly until a vacuum merges it, and PGlite runs
  // no autovacuum: after a bulk insert of 100,000 posts the benchmark's searches took p50 230 ms on
  // PGlite and 87 ms on PostgreSQL with it, 81 and 36 ms without (docs/benchmarks.md).
  await sql`create index idx_posts_near_dup_bands on posts using gin (near_dup_bands)
    with (fastupdate = off)`.execute(db);
  await sql`create index idx_drafts_near_dup_bands on drafts using gin (near_dup_bands)
    with (fastupdate = off)`.execute(db);
  await sql`drop index if exists idx_posts_content_trgm`.execute(db);
  await sql`drop index if exists idx_drafts_text_trgm`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index idx_drafts_text_trgm on drafts using gin (text gin_trgm_ops)`.execute(db);
  await sql`create index idx_posts_content_trgm on posts using gin (content gin_trgm_ops)`.execute(db);
  await sql`alter table drafts drop column near_dup_bands`.execute(db);
  await sql`alter table posts drop column near_dup_bands`.execute(db);
  await sql`drop function near_dup_bands(text, text)`.execute(db);
}
