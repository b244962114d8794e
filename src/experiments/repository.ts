import { sql, type Kysely, type Selectable } from 'kysely';
import type { CounterReading } from '../engagement/index.js';
import type { DB } from '../infra/db/types.js';
import type { NormalGamma } from './posterior.js';
import type {
  ExperimentPostsTable,
  ExperimentRewardsTable,
  ExperimentsTable,
  ExperimentVariantsTable,
  VariantPerformanceTable,
} from './tables.js';
import type { ExperimentState, VariantKind } from './views/index.js';

export type ExperimentRow = Selectable<ExperimentsTable>;
export type VariantRow = Selectable<ExperimentVariantsTable>;
export type ExperimentPostRow = Selectable<ExperimentPostsTable>;
export type RewardRow = Selectable<ExperimentRewardsTable>;
export type PerformanceRow = Omit<Selectable<VariantPerformanceTable>, 'id'>;

export interface NewExperiment {
  id: string;
  persona_id: string;
  brief: string;
  reward_age_hours: number;
  max_posts: number;
  prior: NormalGamma;
  created_at: Date;
  variants: { id: string; kind: VariantKind; value: string }[];
}

export interface StoredExperiment {
  experiment: ExperimentRow;
  variants: VariantRow[];
  posts: ExperimentPostRow[];
  rewards: RewardRow[];
}

/** A post of a running experiment old enough for its reward, with its readings around that age. */
export interface PostAwaitingReward {
  experiment_id: string;
  variant_id: string;
  post_id: string;
  published_at: Date;
  reward_age_hours: number;
  readings: CounterReading[];
}

/**
 * The experiments' I/O: owns `experiments`, `experiment_variants`, `experiment_posts`,
 * `experiment_rewards` and `variant_performance`; reads the metrics engine's `posts` and
 * `post_snapshots` (read only) for rewards and the persona's history.
 */
export class ExperimentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(e: NewExperiment): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('experiments')
        .values({
          id: e.id,
          persona_id: e.persona_id,
          brief: e.brief,
          state: 'running',
          reward_age_hours: e.reward_age_hours,
          max_posts: e.max_posts,
          prior: JSON.stringify(e.prior),
          created_at: e.created_at,
        })
        .execute();
      await trx
        .insertInto('experiment_variants')
        .values(e.variants.map((v, position) => ({ ...v, experiment_id: e.id, position })))
        .execute();
    });
  }

  async list(): Promise<ExperimentRow[]> {
    return this.db
      .selectFrom('experiments')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  async get(id: string): Promise<StoredExperiment | undefined> {
    const experiment = await this.db
      .selectFrom('experiments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (experiment === undefined) return undefined;
    const [variants, posts, rewards] = await Promise.all([
      this.db
        .selectFrom('experiment_variants')
        .selectAll()
        .where('experiment_id', '=', id)
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('experiment_posts')
        .selectAll()
        .where('experiment_id', '=', id)
        .orderBy('assigned_at')
        .orderBy('post_id')
        .execute(),
      this.db
        .selectFrom('experiment_rewards')
        .selectAll()
        .where('experiment_id', '=', id)
        .orderBy('observed_at')
        .orderBy('post_id')
        .execute(),
    ]);
    return { experiment, variants, posts, rewards };
  }

  /** Leave `running` (only from `running`: a decided experiment stays decided). */
  async end(
    id: string,
    state: Exclude<ExperimentState, 'running'>,
    winner: string | null,
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('experiments')
      .set({ state, winner_variant_id: winner, ended_at: at })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Record that a variant got a post; false when the post already belongs to the experiment. */
  async attachPost(row: ExperimentPostRow): Promise<boolean> {
    const result = await this.db
      .insertInto('experiment_posts')
      .values(row)
      .onConflict((oc) => oc.columns(['experiment_id', 'post_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /**
   * Posts of running experiments without a reward, published at least `reward_age_hours` before
   * `now` and known to the metrics engine, with their readings.
   */
  async postsAwaitingReward(now: Date): Promise<PostAwaitingReward[]> {
    const posts = await this.db
      .selectFrom('experiment_posts as ep')
      .innerJoin('experiments as e', 'e.id', 'ep.experiment_id')
      .innerJoin('posts as p', 'p.id', 'ep.post_id')
      .leftJoin('experiment_rewards as r', (j) =>
        j.onRef('r.experiment_id', '=', 'ep.experiment_id').onRef('r.post_id', '=', 'ep.post_id'),
      )
      .select(['ep.experiment_id', 'ep.variant_id', 'ep.post_id', 'p.published_at', 'e.reward_age_hours'])
      .where('e.state', '=', 'running')
      .where('r.post_id', 'is', null)
      .where(sql<boolean>`p.published_at + make_interval(hours => e.reward_age_hours) <= ${now}`)
      .orderBy('ep.experiment_id')
      .orderBy('ep.post_id')
      .execute();
    const readings = await this.readings(posts.map((p) => p.post_id));
    return posts.map((p) => ({ ...p, readings: readings.get(p.post_id) ?? [] }));
  }

  async drafts(experimentId: string): Promise<{ draft_id: number; variant_id: string }[]> {
    return this.db
      .selectFrom('experiment_drafts')
      .select(['draft_id', 'variant_id'])
      .where('experiment_id', '=', experimentId)
      .orderBy('draft_id')
      .execute();
  }

  /** Which experiment and variant each of these drafts and posts belongs to (those that belong to one). */
  async memberships(
    draftIds: readonly number[],
    postIds: readonly string[],
  ): Promise<
    { draft_id: number | null; post_id: string | null; experiment_id: string; variant_id: string }[]
  > {
    const drafts =
      draftIds.length === 0
        ? []
        : await this.db
            .selectFrom('experiment_drafts')
            .select(['draft_id', 'experiment_id', 'variant_id'])
            .where('draft_id', 'in', [...draftIds])
            .execute();
    const posts =
      postIds.length === 0
        ? []
        : await this.db
            .selectFrom('experiment_posts')
            .select(['post_id', 'experiment_id', 'variant_id'])
            .where('post_id', 'in', [...postIds])
            .execute();
    return [
      ...drafts.map((d) => ({ ...d, draft_id: Number(d.draft_id), post_id: null })),
      ...posts.map((p) => ({ ...p, draft_id: null })),
    ];
  }

  async addDraft(row: {
    draft_id: number;
    experiment_id: string;
    variant_id: string;
    created_at: Date;
  }): Promise<void> {
    await this.db.insertInto('experiment_drafts').values(row).execute();
  }

  /** Store rewards; a post already rewarded keeps its first reward. Returns how many were new. */
  async insertRewards(rows: readonly RewardRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('experiment_rewards')
      .values([...rows])
      .onConflict((oc) => oc.columns(['experiment_id', 'post_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  /** The persona's latest posts published before `before`, with their readings (for the prior). */
  async personaHistory(
    personaId: string,
    before: Date,
    limit: number,
  ): Promise<{ post_id: string; published_at: Date; readings: CounterReading[] }[]> {
    const posts = await this.db
      .selectFrom('posts')
      .select(['id as post_id', 'published_at'])
      .where('persona_id', '=', personaId)
      .where('published_at', '<=', before)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute();
    const readings = await this.readings(posts.map((p) => p.post_id));
    return posts.map((p) => ({ ...p, readings: readings.get(p.post_id) ?? [] }));
  }

  async savePerformance(rows: readonly PerformanceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('variant_performance')
      .values([...rows])
      .onConflict((oc) =>
        oc.columns(['experiment_id', 'variant_id']).doUpdateSet((eb) => ({
          posts: eb.ref('excluded.posts'),
          rewards: eb.ref('excluded.rewards'),
          mean_engagement_rate: eb.ref('excluded.mean_engagement_rate'),
          posterior_mean_rate: eb.ref('excluded.posterior_mean_rate'),
          probability_best: eb.ref('excluded.probability_best'),
          lift: eb.ref('excluded.lift'),
          is_winner: eb.ref('excluded.is_winner'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** Confirmed winners (experiments that declared one), newest first; for a persona or all. */
  async winners(personaId?: string): Promise<PerformanceRow[]> {
    let q = this.db
      .selectFrom('variant_performance')
      .select([
        'experiment_id',
        'variant_id',
        'persona_id',
        'variant_kind',
        'variant_value',
        'posts',
        'rewards',
        'mean_engagement_rate',
        'posterior_mean_rate',
        'probability_best',
        'lift',
        'is_winner',
        'updated_at',
      ])
      .where('is_winner', '=', true);
    if (personaId !== undefined) q = q.where('persona_id', '=', personaId);
    return q.orderBy('updated_at', 'desc').execute();
  }

  /** Counter readings of the posts, ascending by time. */
  private async readings(postIds: readonly string[]): Promise<Map<string, CounterReading[]>> {
    const out = new Map<string, CounterReading[]>();
    if (postIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('post_snapshots')
      .select(['post_id', 'taken_at', 'views', 'likes', 'replies', 'reposts', 'quotes', 'shares'])
      .where('post_id', 'in', [...postIds])
      .orderBy('post_id')
      .orderBy('taken_at')
      .execute();
    for (const r of rows) {
      const list = out.get(r.post_id) ?? [];
      list.push({
        taken_at: r.taken_at.getTime(),
        views: r.views,
        likes: r.likes,
        replies: r.replies,
        reposts: r.reposts,
        quotes: r.quotes,
        shares: r.shares,
      });
      out.set(r.post_id, list);
    }
    return out;
  }
}
