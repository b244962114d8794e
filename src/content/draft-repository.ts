import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { RateSample } from './best-times.js';
import type { DraftsTable, DraftStatus } from './tables.js';

export type DraftRow = Selectable<DraftsTable>;
export type NewDraft = Insertable<DraftsTable>;

export interface NearDuplicate {
  post_id: string | null;
  draft_id: number | null;
  similarity: number;
}

/** Drafts still to be published: other drafts are compared with them. */
const OPEN_STATUSES: DraftStatus[] = ['pending', 'scheduled', 'publishing'];
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
   * The most similar of the account's published posts and open drafts (trigram similarity,
   * pg_trgm; the `%` operator uses the GIN indexes and its threshold, 0.3), at or above
   * `threshold`, or null.
   */
  async nearestDuplicate(
    accountId: string,
    text: string,
    threshold: number,
    exceptDraftId?: number,
  ): Promise<NearDuplicate | null> {
    const [post, draft] = await Promise.all([
      this.db
        .selectFrom('posts')
        .select(['id', sql<number>`similarity(content, ${text})`.as('similarity')])
        .where('account_id', '=', accountId)
        .where(sql<boolean>`content % ${text}`)
        .orderBy('similarity', 'desc')
        .limit(1)
        .executeTakeFirst(),
      this.db
        .selectFrom('drafts')
        .select(['id', sql<number>`similarity(text, ${text})`.as('similarity')])
        .where('account_id', '=', accountId)
        .where('status', 'in', OPEN_STATUSES)
        .where('id', '!=', exceptDraftId ?? 0)
        .where(sql<boolean>`text % ${text}`)
        .orderBy('similarity', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    const best =
      post && (!draft || Number(post.similarity) >= Number(draft.similarity))
        ? { post_id: post.id, draft_id: null, similarity: Number(post.similarity) }
        : draft
          ? { post_id: null, draft_id: Number(draft.id), similarity: Number(draft.similarity) }
          : null;
    return best && best.similarity >= threshold
      ? { ...best, similarity: Math.round(best.similarity * 1000) / 1000 }
      : null;
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

  /** Seed 003's columns of a generated post: its opening, the rest, the LLM tokens it took. */
  async fillPostColumns(
    postId: string,
    c: { hook: string; body: string; tokens_used: number | null },
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
