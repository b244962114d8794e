import { sql, type Kysely } from 'kysely';
import type { SourcePost } from '../source/index.js';
import type { DB } from '../infra/db/types.js';
import type { PostRow, PostSnapshotRow, PostSnapshotsTable } from './tables.js';

export interface PostInput {
  id: string;
  account_id: string;
  persona_id: string;
  content: string;
  post_url: string | null;
  published_at: Date | string;
  source: string;
  /** the author's handle without the @, when the source names it */
  author_username: string | null;
}

/** The counters of a snapshot; absent or null = not reported (stored as 0). */
type SnapshotCounter = Exclude<keyof PostSnapshotsTable, 'post_id' | 'taken_at'>;

export interface SnapshotInput extends Partial<Record<SnapshotCounter, number | null>> {
  post_id: string;
  taken_at: Date;
}

/** The `posts` table: posts known to the platform and the pattern engine's result of each. */
export class PostsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Insert posts, or refresh content/url (and the author's handle, when given) of known ones, in
   * one statement whatever the count: columns travel as eight array parameters (`unnest`), not
   * 8 × n placeholders, which would pass PostgreSQL's 65,535-parameter limit at ~8,200 posts.
   * Returns the ids that were new.
   */
  async upsertPosts(posts: readonly PostInput[]): Promise<string[]> {
    if (posts.length === 0) return [];
    const col = <K extends keyof PostInput>(k: K) => posts.map((p) => p[k]);
    const { rows } = await sql<{ id: string; inserted: boolean }>`
      insert into posts (id, account_id, persona_id, content, post_url, published_at, source, author_username)
      select * from unnest(
        ${sql.val(col('id'))}::text[], ${sql.val(col('account_id'))}::text[], ${sql.val(col('persona_id'))}::text[],
        ${sql.val(col('content'))}::text[], ${sql.val(col('post_url'))}::text[],
        ${sql.val(posts.map((p) => new Date(p.published_at).toISOString()))}::timestamptz[], ${sql.val(col('source'))}::text[],
        ${sql.val(col('author_username'))}::text[])
      on conflict (id) do update set content = excluded.content, post_url = excluded.post_url,
        author_username = coalesce(excluded.author_username, posts.author_username), updated_at = now()
      returning id, (xmax = 0) as inserted`.execute(this.db);
    // xmax = 0 only for freshly inserted rows: tells new posts from refreshed ones in one round trip.
    return rows.filter((r) => r.inserted).map((r) => r.id);
  }

  /** `upsertPosts` for posts as the source describes them. */
  upsertSourcePosts(posts: readonly SourcePost[]): Promise<string[]> {
    return this.upsertPosts(
      posts.map((p) => ({
        id: p.id,
        account_id: p.account_id,
        persona_id: p.persona_id,
        content: p.content,
        post_url: p.post_url,
        published_at: p.published_at,
        source: 'source',
        author_username: p.username || null,
      })),
    );
  }

  getPost(id: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getPosts(ids: readonly string[]): Promise<PostRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
  }

  /** Posts published at or after `since`, newest first. */
  listActivePosts(
    since: Date,
    limit = 100_000,
  ): Promise<Pick<PostRow, 'id' | 'persona_id' | 'account_id'>[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'persona_id', 'account_id'])
      .where('published_at', '>=', since)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Store the pattern engine's result of many posts in one statement. */
  async savePatterns(items: readonly { post_id: string; patterns: unknown }[]): Promise<void> {
    if (items.length === 0) return;
    await sql`
      update posts set patterns = v.patterns::jsonb, updated_at = now()
      from unnest(${sql.val(items.map((i) => i.post_id))}::text[], ${sql.val(items.map((i) => JSON.stringify(i.patterns)))}::text[]) as v(id, patterns)
      where posts.id = v.id`.execute(this.db);
  }

  /** Posts with their newest KPIs, newest posts first (dashboard table). */
  listPosts(opts: { accountId?: string; limit: number }): Promise<PostRow[]> {
    let q = this.db.selectFrom('posts').selectAll();
    if (opts.accountId) q = q.where('account_id', '=', opts.accountId);
    return q.orderBy('published_at', 'desc').limit(opts.limit).execute();
  }

  async accounts(): Promise<{ account_id: string; persona_id: string; posts: number }[]> {
    return this.db
      .selectFrom('posts')
      .select(['account_id', 'persona_id', (eb) => eb.fn.countAll<number>().as('posts')])
      .groupBy(['account_id', 'persona_id'])
      .orderBy('account_id')
      .execute();
  }

  /** Posts of an account with their patterns and newest engagement figures (pattern performance). */
  async postsWithPatterns(accountId: string): Promise<Pick<PostRow, 'id' | 'patterns' | 'persona_id'>[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'patterns', 'persona_id'])
      .where('account_id', '=', accountId)
      .where('patterns', 'is not', null)
      .execute();
  }

  /** How many posts are stored, and how many were published at or after `since`. */
  async counts(since: Date): Promise<{ posts: number; active_posts: number }> {
    const row = await this.db
      .selectNoFrom((eb) => [
        eb.selectFrom('posts').select(eb.fn.countAll<number>().as('c')).as('posts'),
        eb
          .selectFrom('posts')
          .select(eb.fn.countAll<number>().as('c'))
          .where('published_at', '>=', since)
          .as('active_posts'),
      ])
      .executeTakeFirstOrThrow();
    return { posts: Number(row.posts), active_posts: Number(row.active_posts) };
  }
}

/** The `post_snapshots` table: readings of each post's cumulative counters. */
export class SnapshotsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertSnapshots(rows: readonly SnapshotInput[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('post_snapshots')
      .values(
        rows.map((r) => ({
          post_id: r.post_id,
          taken_at: r.taken_at,
          views: r.views ?? 0,
          impressions: r.impressions ?? 0,
          engaged_views: r.engaged_views ?? 0,
          likes: r.likes ?? 0,
          replies: r.replies ?? 0,
          reposts: r.reposts ?? 0,
          quotes: r.quotes ?? 0,
          shares: r.shares ?? 0,
        })),
      )
      .onConflict((oc) => oc.columns(['post_id', 'taken_at']).doNothing())
      .execute();
  }

  /** Snapshots of many posts taken at or after `since`, oldest first. */
  snapshots(postIds: readonly string[], since: Date): Promise<PostSnapshotRow[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('post_snapshots')
      .selectAll()
      .where('post_id', 'in', postIds)
      .where('taken_at', '>=', since)
      .orderBy('taken_at')
      .execute();
  }

  /** Newest snapshot per post (lifetime counters). */
  async latestSnapshots(postIds: readonly string[]): Promise<PostSnapshotRow[]> {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('post_snapshots')
      .selectAll()
      .distinctOn('post_id')
      .where('post_id', 'in', postIds)
      .orderBy('post_id')
      .orderBy('taken_at', 'desc')
      .execute();
  }
}

/** The `pattern_usage_history` table: which post used which hook and emotion, and when. */
export class PatternUsageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One row per (post, pattern); a re-analysis refreshes last_used_at instead of counting twice. */
  async recordPatternUsage(
    rows: readonly { post_id: string; persona_id: string; pattern_id: string; used_at: Date }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      insert into pattern_usage_history (post_id, persona_id, pattern_id, usage_count, last_used_at, created_at)
      select v.post_id, v.persona_id, v.pattern_id, 1, v.used_at, v.used_at
      from unnest(${sql.val(rows.map((r) => r.post_id))}::text[], ${sql.val(rows.map((r) => r.persona_id))}::text[],
                  ${sql.val(rows.map((r) => r.pattern_id))}::text[], ${sql.val(rows.map((r) => r.used_at.toISOString()))}::timestamptz[])
           as v(post_id, persona_id, pattern_id, used_at)
      on conflict (post_id, pattern_id) do update set last_used_at = excluded.last_used_at`.execute(this.db);
  }

  /**
   * Uses of patterns by personas since `since`, summed per hour: fatigue decays 5 % a day, so an
   * hour's resolution changes it by < 0.3 %, and a persona with 10,000 posts returns at most
   * 168 rows per pattern instead of one per post. `patternIds` narrows it to the patterns asked about.
   */
  async patternUsage(
    personaIds: readonly string[],
    since: Date,
    patternIds?: readonly string[],
  ): Promise<{ persona_id: string; pattern_id: string; used_at: Date; usage_count: number }[]> {
    if (personaIds.length === 0 || patternIds?.length === 0) return [];
    let q = this.db
      .selectFrom('pattern_usage_history')
      .select((eb) => [
        'persona_id',
        'pattern_id',
        sql<Date>`date_trunc('hour', created_at)`.as('used_at'),
        eb.fn.sum<number>('usage_count').as('usage_count'),
      ])
      .where('persona_id', 'in', personaIds)
      .where('created_at', '>=', since);
    if (patternIds) q = q.where('pattern_id', 'in', patternIds);
    const rows = await q.groupBy(['persona_id', 'pattern_id', sql`date_trunc('hour', created_at)`]).execute();
    return rows.map((r) => ({ ...r, usage_count: Number(r.usage_count) }));
  }

  /** Uses of patterns by the personas since `since`: one row per (post, pattern), with the post's time. */
  async patternUses(
    personaIds: readonly string[],
    since: Date,
  ): Promise<{ persona_id: string; pattern_id: string; post_id: string; used_at: Date }[]> {
    if (personaIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('pattern_usage_history')
      .select(['persona_id', 'pattern_id', 'post_id', 'created_at'])
      .where('persona_id', 'in', personaIds)
      .where('created_at', '>=', since)
      .execute();
    return rows.map(({ created_at, ...r }) => ({ ...r, used_at: created_at }));
  }
}
