import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { DraftsTable, DraftStatus } from './tables.js';

export type DraftRow = Selectable<DraftsTable>;
export type NewDraft = Insertable<DraftsTable>;

/** One post's engagement rate (interactions / views) and when it went out. */
export interface RateSample {
  published_at: Date;
  rate: number;
}

export interface NearDuplicate {
  post_id: string | null;
  draft_id: number | null;
  similarity: number;
}

/** Drafts still to be published: other drafts are compared with them. */
const OPEN_STATUSES: DraftStatus[] = ['pending', 'scheduled', 'publishing'];
/**
 * `near_dup_bands` (the SQL function of migration 202612062220): 24 band values per text, the
 * first 16 of 3 MinHash bins each (loose: most texts at similarity 0.5 share one), the last 8 of
 * 6 bins each (strict: close copies share one, texts at 0.3–0.5 rarely do).
 */
const BANDS = 24;
const LOOSE = { from: 1, to: 16 };
const STRICT = { from: 17, to: 24 };
/** Candidates sharing most bands with a text that get pg_trgm's exact similarity, per tier. */
const RECHECK = 4;
/** How many band values a candidate's `bands` shares with `q`, position by position. */
const sharedBands = sql.raw(
  Array.from({ length: BANDS }, (_, i) => `coalesce((c.bands[${i + 1}] = query.q[${i + 1}])::int, 0)`).join(
    ' + ',
  ),
);
/** Rows of history the best times are computed from at most (the newest). */
const HISTORY_LIMIT = 5000;

/** Drafts: the review queue, the schedule, the publishing state, and the near-duplicate search. */
export class DraftRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(rows: NewDraft[]): Promise<DraftRow[]> {
    if (rows.length === 0) return [];
    return this.db.insertInto('drafts').values(rows).returningAll().execute();
  }

  get(id: number): Promise<DraftRow | undefined> {
    return this.db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(filter: { status?: DraftStatus; persona_id?: string; limit: number }): Promise<DraftRow[]> {
    let q = this.db.selectFrom('drafts').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.persona_id) q = q.where('persona_id', '=', filter.persona_id);
    return q.execute();
  }

  /** Update a draft only while it is in one of `from`; `undefined` when it is not (any more). */
  update(id: number, from: readonly DraftStatus[], set: Partial<NewDraft>): Promise<DraftRow | undefined> {
    return this.db
      .updateTable('drafts')
      .set(set)
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * A published post or open draft of the account at pg_trgm trigram `similarity()` ≥ `threshold`
   * with `text` (the most similar found), or null. Candidates come from the GIN index over
   * `near_dup_bands` (texts sharing an LSH band of trigrams with `text`); those sharing most bands
   * get the exact similarity. The strict bands are tried first: a close copy is found among a
   * handful of candidates. Only when they find none at the threshold are the loose bands searched,
   * whose candidates include every text with a large share of the same sentences.
   */
  async nearestDuplicate(
    accountId: string,
    text: string,
    threshold: number,
    exceptDraftId?: number,
  ): Promise<NearDuplicate | null> {
    // One statement (a round trip costs more than the search on a loaded machine): the loose
    // tier's scans are gated by a one-time filter and do not run when the strict tier found one.
    // Posts through the band index alone (the bands hash the account in, so reading the account
    // index as well only adds work: `offset 0` keeps the account test out of the scan).
    const candidates = (probe: RawBuilder<unknown>) => sql`
      select post_id, draft_id, body, bands
      from (
        select id as post_id, null::bigint as draft_id, content as body, near_dup_bands as bands, account_id
        from posts
        where near_dup_bands && ${probe}
        offset 0
      ) as p
      where account_id = ${accountId}
      union all
      select null, id, text, near_dup_bands
      from drafts
      where near_dup_bands && ${probe} and account_id = ${accountId}
        and status in (${sql.join(OPEN_STATUSES)}) and id <> ${exceptDraftId ?? 0}`;
    const { rows } = await sql<{ post_id: string | null; draft_id: number | null; similarity: number }>`
      with query as materialized (select near_dup_bands(${accountId}, ${text}) as q),
      strict_best as materialized (
        select post_id, draft_id, similarity(body, ${text}) as similarity
        from (
          select post_id, draft_id, body
          from (${candidates(sql`(select array_remove(q[${sql.lit(STRICT.from)}:${sql.lit(STRICT.to)}], null) from query)`)}) as c, query
          order by ${sharedBands} desc, draft_id nulls first, post_id
          limit ${RECHECK}
        ) as likeliest
      ),
      loose_best as materialized (
        select post_id, draft_id, similarity(body, ${text}) as similarity
        from (
          select post_id, draft_id, body
          from (${candidates(sql`(select array_remove(q[${sql.lit(LOOSE.from)}:${sql.lit(LOOSE.to)}], null) from query)`)}) as c, query
          where not exists (select 1 from strict_best s where s.similarity >= ${threshold})
            and not exists (
              select 1 from strict_best s
              where s.post_id is not distinct from c.post_id and s.draft_id is not distinct from c.draft_id)
          order by ${sharedBands} desc, draft_id nulls first, post_id
          limit ${RECHECK}
        ) as likeliest
      )
      select * from strict_best union all select * from loose_best`.execute(this.db);
    const best = rows
      .map((r) => ({
        post_id: r.post_id,
        draft_id: r.draft_id === null ? null : Number(r.draft_id),
        similarity: Number(r.similarity),
      }))
      .filter((r) => r.similarity >= threshold)
      // the most similar; a post before a draft at equal similarity
      .sort(
        (a, b) => b.similarity - a.similarity || Number(a.post_id === null) - Number(b.post_id === null),
      )[0];
    return best ? { ...best, similarity: Math.round(best.similarity * 1000) / 1000 } : null;
  }

  /** Engagement rate (interactions / views at the latest reading) of the account's posts, newest first. */
  async engagementHistory(accountId: string): Promise<RateSample[]> {
    const rows = await sql<{ published_at: Date; rate: number }>`
      select p.published_at,
             (s.likes + s.replies + s.reposts + s.quotes + s.shares)::float8 / s.views as rate
      from posts p
      join lateral (
        select * from post_snapshots where post_id = p.id order by taken_at desc limit 1
      ) s on true
      where p.account_id = ${accountId} and s.views > 0
      order by p.published_at desc
      limit ${HISTORY_LIMIT}`.execute(this.db);
    return rows.rows.map((r) => ({ published_at: new Date(r.published_at), rate: Number(r.rate) }));
  }

  /** When the persona's scheduled, publishing and recently published drafts go (or went) out. */
  async takenTimes(personaId: string, since: Date): Promise<Date[]> {
    const rows = await this.db
      .selectFrom('drafts')
      .select(sql<Date>`coalesce(published_at, scheduled_at)`.as('at'))
      .where('persona_id', '=', personaId)
      .where('status', 'in', ['scheduled', 'publishing', 'published'])
      .where(sql<boolean>`coalesce(published_at, scheduled_at) >= ${since}`)
      .execute();
    return rows.map((r) => new Date(r.at));
  }

  /** Drafts due for publishing at `now`, oldest slot first. */
  due(now: Date, limit: number): Promise<DraftRow[]> {
    return this.db
      .selectFrom('drafts')
      .selectAll()
      .where('status', 'in', ['scheduled', 'publishing'])
      .where('scheduled_at', '<=', now)
      .orderBy('scheduled_at')
      .limit(limit)
      .execute();
  }

  /** Drafts of the account published since `since`, oldest first (the publishing quota). */
  async publishedSince(accountId: string, since: Date): Promise<Date[]> {
    const rows = await this.db
      .selectFrom('drafts')
      .select('published_at')
      .where('account_id', '=', accountId)
      .where('status', '=', 'published')
      .where('published_at', '>=', since)
      .orderBy('published_at')
      .execute();
    return rows.map((r) => r.published_at!);
  }

  /** A generated post's persona and seed 003's columns: its opening, the rest, the LLM tokens it took. */
  async fillPostColumns(
    postId: string,
    c: { persona_id: string; hook: string; body: string; tokens_used: number | null },
  ): Promise<void> {
    await this.db.updateTable('posts').set(c).where('id', '=', postId).execute();
  }

  /** posts.engagement of published drafts: the engagement rate at their latest reading. */
  async refreshEngagement(): Promise<void> {
    await sql`
      update posts p set engagement = s.rate
      from (
        select distinct on (ps.post_id) ps.post_id,
               (ps.likes + ps.replies + ps.reposts + ps.quotes + ps.shares)::float8 / ps.views as rate
        from post_snapshots ps
        join drafts d on d.published_post_id = ps.post_id
        where ps.views > 0
        order by ps.post_id, ps.taken_at desc
      ) s
      where p.id = s.post_id and p.engagement is distinct from s.rate`.execute(this.db);
  }

  /** The account's best posts by their latest engagement (the composer copies their shape). */
  async bestPostPatterns(accountId: string, limit: number): Promise<unknown[]> {
    const rows = await sql<{ patterns: unknown }>`
      select p.patterns
      from posts p
      join lateral (
        select * from post_snapshots where post_id = p.id order by taken_at desc limit 1
      ) s on true
      where p.account_id = ${accountId} and s.views > 0 and p.patterns is not null
      order by (s.likes + s.replies + s.reposts + s.quotes + s.shares)::float8 / s.views desc
      limit ${limit}`.execute(this.db);
    return rows.rows.map((r) => r.patterns);
  }
}
