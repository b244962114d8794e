import { sql, type Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { EngagementModel } from './model.js';
import type { CounterReading } from './outcome.js';

/** A post the model may learn from: its stored patterns and the readings around its fixed age. */
export interface StoredPost {
  id: string;
  account_id: string;
  persona_id: string;
  content: string;
  published_at: Date;
  patterns: unknown;
  readings: CounterReading[];
}

export interface StoredModel {
  version: string;
  trained_at: Date;
  accounts: number;
  posts: number;
  fixed_age_hours: number;
  model: EngagementModel;
}

export interface NewPrediction {
  post_id: string;
  model_version: string;
  account_id: string;
  mean: number;
  low: number;
  high: number;
  predicted_at: Date;
}

/**
 * The engagement model's I/O: it reads the posts and snapshots the metrics engine stores (the
 * shared `posts` and `post_snapshots` tables, read only) and owns `engagement_models` and
 * `engagement_predictions`.
 */
export class EngagementRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Analysed posts published at least `ageMs` before `now`, each with its readings up to two ages
   * after publication (what engagementRateAtAge needs, and no more).
   */
  async trainingPosts(now: Date, ageMs: number): Promise<StoredPost[]> {
    const cutoff = new Date(now.getTime() - ageMs);
    const posts = await this.db
      .selectFrom('posts')
      .select(['id', 'account_id', 'persona_id', 'content', 'published_at', 'patterns'])
      .where('patterns', 'is not', null)
      .where('published_at', '<=', cutoff)
      .orderBy('id')
      .execute();
    if (posts.length === 0) return [];
    const readings = await this.db
      .selectFrom('post_snapshots as s')
      .innerJoin('posts as p', 'p.id', 's.post_id')
      .select([
        's.post_id',
        's.taken_at',
        's.views',
        's.likes',
        's.replies',
        's.reposts',
        's.quotes',
        's.shares',
      ])
      .where('p.patterns', 'is not', null)
      .where('p.published_at', '<=', cutoff)
      .where('s.taken_at', '<=', sql<Date>`p.published_at + ${2 * ageMs} * interval '1 millisecond'`)
      .orderBy('s.post_id')
      .orderBy('s.taken_at')
      .execute();
    const byPost = new Map<string, CounterReading[]>();
    for (const r of readings) {
      const list = byPost.get(r.post_id) ?? [];
      list.push({
        taken_at: r.taken_at.getTime(),
        views: r.views,
        likes: r.likes,
        replies: r.replies,
        reposts: r.reposts,
        quotes: r.quotes,
        shares: r.shares,
      });
      byPost.set(r.post_id, list);
    }
    return posts.map((p) => ({ ...p, readings: byPost.get(p.id) ?? [] }));
  }

  /** The newest model's version and training time (cheap: no model body). */
  async latestVersion(): Promise<{ version: string; trained_at: Date } | undefined> {
    return this.db
      .selectFrom('engagement_models')
      .select(['version', 'trained_at'])
      .orderBy('trained_at', 'desc')
      .orderBy('version')
      .limit(1)
      .executeTakeFirst();
  }

  async getModel(version: string): Promise<StoredModel | undefined> {
    return this.db
      .selectFrom('engagement_models')
      .select(['version', 'trained_at', 'accounts', 'posts', 'fixed_age_hours', 'model'])
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Store a model; a version already stored (same inputs) is left as it is. Returns whether it was new. */
  async saveModel(m: StoredModel): Promise<boolean> {
    const result = await this.db
      .insertInto('engagement_models')
      .values({ ...m, model: JSON.stringify(m.model) })
      .onConflict((oc) => oc.column('version').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Keep the `keep` newest models and any model a stored prediction names; delete the rest. */
  async pruneModels(keep: number): Promise<number> {
    const newest = await this.db
      .selectFrom('engagement_models')
      .select('version')
      .orderBy('trained_at', 'desc')
      .orderBy('version')
      .limit(keep)
      .execute();
    const kept = newest.map((r) => r.version);
    if (kept.length < keep) return 0;
    const result = await this.db
      .deleteFrom('engagement_models')
      .where('version', 'not in', kept)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('engagement_predictions')
              .select('post_id')
              .whereRef('engagement_predictions.model_version', '=', 'engagement_models.version'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Analysed posts published after `since` (still short of their fixed age: their outcome is not
   * known yet) that have no prediction from `version`.
   */
  async postsToPredict(
    version: string,
    since: Date,
    limit: number,
  ): Promise<
    Pick<StoredPost, 'id' | 'account_id' | 'persona_id' | 'content' | 'published_at' | 'patterns'>[]
  > {
    return this.db
      .selectFrom('posts as p')
      .select(['p.id', 'p.account_id', 'p.persona_id', 'p.content', 'p.published_at', 'p.patterns'])
      .where('p.patterns', 'is not', null)
      .where('p.published_at', '>', since)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('engagement_predictions as e')
              .select('e.post_id')
              .whereRef('e.post_id', '=', 'p.id')
              .where('e.model_version', '=', version),
          ),
        ),
      )
      .orderBy('p.published_at')
      .orderBy('p.id')
      .limit(limit)
      .execute();
  }

  /** One statement; a (post, version) already predicted keeps its first prediction. */
  async savePredictions(rows: readonly NewPrediction[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('engagement_predictions')
      .values([...rows])
      .onConflict((oc) => oc.columns(['post_id', 'model_version']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /** The newest prediction of each post. */
  async predictionsFor(postIds: readonly string[]): Promise<NewPrediction[]> {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('engagement_predictions')
      .selectAll()
      .distinctOn('post_id')
      .where('post_id', 'in', postIds)
      .orderBy('post_id')
      .orderBy('predicted_at', 'desc')
      .execute();
  }

  /** The persona of the account's newest post, if it has any. */
  async personaOf(accountId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('posts')
      .select('persona_id')
      .where('account_id', '=', accountId)
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.persona_id;
  }
}
