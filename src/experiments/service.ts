import { randomUUID } from 'node:crypto';
import { engagementRateAtAge, rateToOutcome } from '../engagement/index.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { HookType } from '../patterns/index.js';
import { hashSeed, Rng } from '../source/simulator/index.js';
import { decide, probabilityOfBest } from './decision.js';
import { meanMarginal, posterior, priorFromHistory, type NormalGamma } from './posterior.js';
import { studentTPdf, type StudentT } from './student-t.js';
import type { ExperimentsRepository, PerformanceRow, StoredExperiment } from './repository.js';
import type {
  ConfirmedLift,
  ExperimentState,
  ExperimentSummary,
  Membership,
  VariantKind,
} from './views/index.js';
import { chooseArm, WARM_UP_POSTS } from './thompson.js';

/** What the runner needs of the content engine's drafts (its DraftService satisfies it). */
export interface ExperimentDrafts {
  generate(req: {
    persona_id: string;
    count: number;
    brief?: string;
    template_id?: number;
    hook_family?: HookType;
    seed?: number;
    learned?: boolean;
  }): Promise<{ id: number }[]>;
  edit(id: number, text: string): Promise<unknown>;
  /** schedule at the persona's next best free slot */
  approve(id: number): Promise<unknown>;
  get(id: number): Promise<{ status: string; published_post_id: string | null }>;
  /** take a draft out of the publishing queue (pending, scheduled or failed → rejected) */
  reject(id: number): Promise<unknown>;
}

export type VariantInput = { template_id: number } | { hook_family: HookType } | { text: string };

export interface CreateExperimentInput {
  persona_id: string;
  brief: string;
  variants: VariantInput[];
  reward_age_hours?: number;
  max_posts: number;
}

export interface VariantView {
  id: string;
  position: number;
  kind: VariantKind;
  value: string;
  posts: {
    post_id: string;
    assigned_at: string;
    reward: { engagement_rate: number; reward: number; observed_at: string } | null;
  }[];
  rewards: number;
  posterior: NormalGamma;
  /** the Student-t marginal of the mean reward (what the dashboard draws) */
  marginal: { df: number; location: number; scale: number };
  /** exp(posterior mean reward) − 0.001: the variant's typical engagement rate */
  mean_rate: number;
  probability_best: number;
  /** posterior density of the mean reward at each point of the experiment's `density_grid` */
  density: number[];
}

export interface ExperimentView extends ExperimentSummary {
  prior: NormalGamma;
  variants: VariantView[];
  /** where the variants' densities are drawn: engagement rates (the reward scale mapped back) */
  density_grid: number[];
  /** probability of best of each variant (in position order) after each reward, oldest first */
  probability_best_history: { at: string; rewards: number; probabilities: number[] }[];
}

export interface ExperimentsServiceDeps {
  repo: ExperimentsRepository;
  /** whether the content engine knows this persona (an experiment of an unknown persona is refused) */
  personaExists: (personaId: string) => Promise<boolean>;
  /** the content engine's drafts: an ended experiment's open drafts of losing variants are rejected */
  drafts?: Pick<ExperimentDrafts, 'get' | 'reject'>;
  clock: () => Date;
  logger: Logger;
  newId?: () => string;
}

export const DEFAULT_REWARD_AGE_HOURS = 24;
/** Past posts of the persona the prior is computed from. */
const PRIOR_HISTORY_POSTS = 200;
/** Points kept in probability_best_history (evenly spaced over the rewards, the last always kept). */
const HISTORY_POINTS = 60;
/** Draft states in which a draft can still be taken out of the publishing queue. */
const OPEN_DRAFT = new Set(['pending', 'scheduled', 'failed']);
/**
 * A post without a reward after twice its reward age (no views, or no reading near that age)
 * stops counting as pending: it will never have a reward, and must not hold the experiment open.
 */
const REWARD_GIVE_UP_AGES = 2;

/**
 * Experiments of hooks: create, read, stop; the bandit's choice of variant for each slot; the
 * rewards job; the winners the learning reads. Every number shown comes from the stored posts
 * and rewards, recomputed on read (a reward is stored once; the rest is derived).
 */
export class ExperimentsService {
  private readonly newId: () => string;

  constructor(private readonly d: ExperimentsServiceDeps) {
    this.newId = d.newId ?? randomUUID;
  }

  async create(input: CreateExperimentInput): Promise<ExperimentView> {
    if (!(await this.d.personaExists(input.persona_id))) {
      throw new InvalidInputError(
        `persona ${input.persona_id} does not exist (create it with POST /api/personas)`,
        ['body', 'persona_id'],
        'value_error',
        input.persona_id,
      );
    }
    const variants = input.variants.map(variantOf);
    const seen = new Set<string>();
    variants.forEach((v, i) => {
      const key = `${v.kind}:${v.value}`;
      if (seen.has(key)) {
        throw new InvalidInputError(`variant ${i} repeats an earlier variant (${key})`, [
          'body',
          'variants',
          i,
        ]);
      }
      seen.add(key);
    });
    const minPosts = WARM_UP_POSTS * variants.length;
    if (input.max_posts < minPosts) {
      throw new InvalidInputError(
        `max_posts must be at least ${minPosts} (${WARM_UP_POSTS} posts per variant before the bandit can decide)`,
        ['body', 'max_posts'],
      );
    }
    const now = this.d.clock();
    const rewardAgeHours = input.reward_age_hours ?? DEFAULT_REWARD_AGE_HOURS;
    const history = await this.d.repo.personaHistory(input.persona_id, now, PRIOR_HISTORY_POSTS);
    const ageMs = rewardAgeHours * 3_600_000;
    const rewards = history
      .map((p) => engagementRateAtAge(p.published_at.getTime(), p.readings, ageMs))
      .filter((r): r is number => r !== null)
      .map(rateToOutcome);
    const id = this.newId();
    await this.d.repo.insert({
      id,
      persona_id: input.persona_id,
      brief: input.brief,
      reward_age_hours: rewardAgeHours,
      max_posts: input.max_posts,
      prior: priorFromHistory(rewards),
      created_at: now,
      variants: variants.map((v) => ({ id: this.newId(), ...v })),
    });
    this.d.logger.info(
      { experimentId: id, personaId: input.persona_id, variants: variants.length },
      'experiment created',
    );
    return this.get(id);
  }

  async list(): Promise<ExperimentSummary[]> {
    const rows = await this.d.repo.list();
    const out: ExperimentSummary[] = [];
    for (const row of rows) {
      const stored = await this.d.repo.get(row.id);
      if (stored !== undefined) out.push(summaryOf(stored));
    }
    return out;
  }

  async get(id: string): Promise<ExperimentView> {
    return viewOf(await this.stored(id));
  }

  async stop(id: string): Promise<ExperimentView> {
    const stored = await this.stored(id);
    if (!(await this.endWith(id, 'stopped', null, this.d.clock()))) {
      throw new ConflictError(`experiment ${id} is already ${stored.experiment.state}`);
    }
    return this.get(id);
  }

  /**
   * The variant the bandit gives the next slot. Deterministic for (experiment, posts so far): a
   * retried call before the post is attached gets the same answer.
   */
  async nextVariant(id: string): Promise<VariantView> {
    const stored = await this.stored(id);
    assertOpen(stored);
    const view = viewOf(stored);
    const rng = new Rng(hashSeed(0, id, stored.posts.length));
    const arm = chooseArm(
      rng,
      view.variants.map((v) => v.posterior),
      view.variants.map((v) => v.posts.length),
    );
    return view.variants[arm]!;
  }

  /** Record that `post_id` was published for `variant_id`; attaching the same post again changes nothing. */
  async attachPost(id: string, input: { variant_id: string; post_id: string }): Promise<ExperimentView> {
    const stored = await this.stored(id);
    if (stored.posts.some((p) => p.post_id === input.post_id)) return viewOf(stored);
    assertOpen(stored);
    if (!stored.variants.some((v) => v.id === input.variant_id)) {
      throw new InvalidInputError(`variant ${input.variant_id} is not a variant of experiment ${id}`, [
        'body',
        'variant_id',
      ]);
    }
    await this.d.repo.attachPost({
      experiment_id: id,
      post_id: input.post_id,
      variant_id: input.variant_id,
      assigned_at: this.d.clock(),
    });
    return this.get(id);
  }

  /**
   * The rewards job: each post of a running experiment that has reached its reward age gets its
   * engagement rate at that age, once (a re-run finds it stored and takes nothing), then every
   * running experiment is re-decided and its variant_performance rewritten. Idempotent.
   */
  async collectRewards(): Promise<{ rewards: number; decided: string[] }> {
    const now = this.d.clock();
    const awaiting = await this.d.repo.postsAwaitingReward(now);
    const rows = awaiting.flatMap((p) => {
      const rate = engagementRateAtAge(p.published_at.getTime(), p.readings, p.reward_age_hours * 3_600_000);
      if (rate === null) return [];
      return [
        {
          experiment_id: p.experiment_id,
          post_id: p.post_id,
          variant_id: p.variant_id,
          engagement_rate: rate,
          reward: rateToOutcome(rate),
          observed_at: now,
        },
      ];
    });
    const inserted = await this.d.repo.insertRewards(rows);
    const decided: string[] = [];
    for (const row of await this.d.repo.list()) {
      if (row.state !== 'running') continue;
      if (await this.refresh(row.id, now)) decided.push(row.id);
    }
    return { rewards: inserted, decided };
  }

  /** The experiment, variant and current probability of best of each of these drafts and posts that belongs to one. */
  async memberships(draftIds: readonly number[], postIds: readonly string[]): Promise<Membership[]> {
    const rows = await this.d.repo.memberships(draftIds, postIds);
    const views = new Map<string, ExperimentView>();
    const out: Membership[] = [];
    for (const row of rows) {
      let view = views.get(row.experiment_id);
      if (view === undefined) {
        view = await this.get(row.experiment_id);
        views.set(row.experiment_id, view);
      }
      const variant = view.variants.find((v) => v.id === row.variant_id)!;
      out.push({
        draft_id: row.draft_id,
        post_id: row.post_id,
        experiment_id: view.id,
        brief: view.brief,
        state: view.state,
        variant_id: variant.id,
        variant_kind: variant.kind,
        variant_value: variant.value,
        probability_best: variant.probability_best,
        is_winner: view.winner_variant_id === variant.id,
      });
    }
    return out;
  }

  /** Winners confirmed by experiments (a persona's, or everyone's): what the learning reads. */
  async confirmedLifts(personaId?: string): Promise<ConfirmedLift[]> {
    return (await this.d.repo.winners(personaId)).map(liftOf);
  }

  /**
   * Hook families that won an experiment of the persona with a positive lift, newest first, once
   * each: the content engine opens a batch without a target with them (the composer's hook choice).
   */
  async favouredFamilies(personaId: string): Promise<HookType[]> {
    const winners = await this.d.repo.winners(personaId);
    const families = winners
      .filter((w) => w.variant_kind === 'hook_family' && (w.lift ?? 0) > 0)
      .map((w) => w.variant_value as HookType);
    return [...new Set(families)];
  }

  /**
   * Templates that won an experiment of the persona with a positive lift, newest first, once
   * each: the content engine writes a batch without a target from the first that still exists.
   */
  async favouredTemplates(personaId: string): Promise<number[]> {
    const winners = await this.d.repo.winners(personaId);
    const ids = winners
      .filter((w) => w.variant_kind === 'template' && (w.lift ?? 0) > 0)
      .map((w) => Number(w.variant_value));
    return [...new Set(ids)];
  }

  /** Apply the stopping rule and rewrite variant_performance; true when the experiment ended. */
  private async refresh(id: string, now: Date): Promise<boolean> {
    const stored = await this.stored(id);
    const view = viewOf(stored);
    const rewarded = new Set(stored.rewards.map((r) => r.post_id));
    const giveUpMs = REWARD_GIVE_UP_AGES * stored.experiment.reward_age_hours * 3_600_000;
    const pending = stored.posts.filter(
      (p) => !rewarded.has(p.post_id) && now.getTime() - p.assigned_at.getTime() < giveUpMs,
    ).length;
    const decision = decide({
      probabilityBest: view.variants.map((v) => v.probability_best),
      rewards: view.variants.map((v) => v.rewards),
      posts: stored.posts.length,
      maxPosts: stored.experiment.max_posts,
      pending,
    });
    const winnerId = decision.state === 'winner' ? view.variants[decision.winner]!.id : null;
    await this.d.repo.savePerformance(performanceOf(stored, view, winnerId, now));
    if (decision.state === 'running') return false;
    const ended = await this.endWith(id, decision.state, winnerId, now);
    if (ended)
      this.d.logger.info({ experimentId: id, state: decision.state, winner: winnerId }, 'experiment decided');
    return ended;
  }

  /**
   * End a running experiment (false when it already ended). Its drafts that are not yet published
   * and do not belong to the winner are rejected, so that no losing variant goes out after the
   * experiment (a stopped or inconclusive experiment has no winner: every open draft goes); the
   * winner's scheduled draft still publishes, as an ordinary post. Rejected before the end is
   * recorded (a crash in between: the next pass decides the same and rejects again) and once
   * more after it (a slot scheduled in the meantime).
   */
  private async endWith(
    id: string,
    state: Exclude<ExperimentState, 'running'>,
    winnerId: string | null,
    now: Date,
  ): Promise<boolean> {
    await this.rejectOpenDrafts(id, winnerId);
    const ended = await this.d.repo.end(id, state, winnerId, now);
    if (ended) await this.rejectOpenDrafts(id, winnerId);
    return ended;
  }

  private async rejectOpenDrafts(id: string, winnerId: string | null): Promise<void> {
    const drafts = this.d.drafts;
    if (drafts === undefined) return;
    for (const row of await this.d.repo.drafts(id)) {
      if (row.variant_id === winnerId) continue;
      const draft = await drafts.get(row.draft_id);
      if (!OPEN_DRAFT.has(draft.status)) continue;
      try {
        await drafts.reject(row.draft_id);
        this.d.logger.info(
          { experimentId: id, draftId: row.draft_id, variantId: row.variant_id },
          'losing variant draft rejected',
        );
      } catch (err) {
        // it started publishing meanwhile: the publishing queue holds it now
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }

  private async stored(id: string): Promise<StoredExperiment> {
    const stored = await this.d.repo.get(id);
    if (stored === undefined) throw new NotFoundError(`experiment ${id}`);
    return stored;
  }
}

function variantOf(v: VariantInput): { kind: VariantKind; value: string } {
  if ('template_id' in v) return { kind: 'template', value: String(v.template_id) };
  if ('hook_family' in v) return { kind: 'hook_family', value: v.hook_family };
  return { kind: 'text', value: v.text };
}

function assertOpen(stored: StoredExperiment): void {
  const e = stored.experiment;
  if (e.state !== 'running') throw new ConflictError(`experiment ${e.id} is ${e.state}`);
  if (stored.posts.length >= e.max_posts) {
    throw new ConflictError(
      `experiment ${e.id} has had its ${e.max_posts} posts; it waits for their rewards`,
    );
  }
}

const rateOfReward = (y: number): number => Math.max(0, Math.exp(y) - 0.001);

function summaryOf(s: StoredExperiment): ExperimentSummary {
  const e = s.experiment;
  return {
    id: e.id,
    persona_id: e.persona_id,
    brief: e.brief,
    state: e.state,
    reward_age_hours: e.reward_age_hours,
    max_posts: e.max_posts,
    posts: s.posts.length,
    rewards: s.rewards.length,
    winner_variant_id: e.winner_variant_id,
    created_at: e.created_at.toISOString(),
    ended_at: e.ended_at?.toISOString() ?? null,
  };
}

function viewOf(s: StoredExperiment): ExperimentView {
  const prior = s.experiment.prior;
  const position = new Map(s.variants.map((v, i) => [v.id, i]));
  const rewardsOf = s.variants.map((): number[] => []);
  for (const r of s.rewards) rewardsOf[position.get(r.variant_id)!]!.push(r.reward);
  const posteriors = rewardsOf.map((ys) => posterior(prior, ys));
  const pBest = probabilityOfBest(posteriors);
  const rewardByPost = new Map(s.rewards.map((r) => [r.post_id, r]));
  const marginals = posteriors.map(meanMarginal);
  const grid = densityGrid(marginals);
  return {
    ...summaryOf(s),
    prior,
    variants: s.variants.map((v, i) => ({
      id: v.id,
      position: v.position,
      kind: v.kind,
      value: v.value,
      posts: s.posts
        .filter((p) => p.variant_id === v.id)
        .map((p) => {
          const r = rewardByPost.get(p.post_id);
          return {
            post_id: p.post_id,
            assigned_at: p.assigned_at.toISOString(),
            reward:
              r === undefined
                ? null
                : {
                    engagement_rate: r.engagement_rate,
                    reward: r.reward,
                    observed_at: r.observed_at.toISOString(),
                  },
          };
        }),
      rewards: rewardsOf[i]!.length,
      posterior: posteriors[i]!,
      marginal: meanMarginal(posteriors[i]!),
      mean_rate: rateOfReward(posteriors[i]!.mu),
      probability_best: pBest[i]!,
      density: grid.map((y) => studentTPdf(marginals[i]!, y)),
    })),
    density_grid: grid.map(rateOfReward),
    probability_best_history: historyOf(s, prior, position),
  };
}

/** Points at which the densities are drawn, over ±4 scales around every variant, on the reward scale. */
const DENSITY_POINTS = 80;
function densityGrid(marginals: readonly StudentT[]): number[] {
  const lo = Math.min(...marginals.map((m) => m.location - 4 * m.scale));
  const hi = Math.max(...marginals.map((m) => m.location + 4 * m.scale));
  return Array.from({ length: DENSITY_POINTS }, (_, k) => lo + ((hi - lo) * k) / (DENSITY_POINTS - 1));
}

/** Probability of best after each reward in the order they were observed, thinned to HISTORY_POINTS. */
function historyOf(
  s: StoredExperiment,
  prior: NormalGamma,
  position: Map<string, number>,
): ExperimentView['probability_best_history'] {
  const n = s.rewards.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / HISTORY_POINTS));
  const ys = s.variants.map((): number[] => []);
  const out: ExperimentView['probability_best_history'] = [];
  s.rewards.forEach((r, i) => {
    ys[position.get(r.variant_id)!]!.push(r.reward);
    if ((i + 1) % step !== 0 && i !== n - 1) return;
    out.push({
      at: r.observed_at.toISOString(),
      rewards: i + 1,
      probabilities: probabilityOfBest(ys.map((y) => posterior(prior, y))),
    });
  });
  return out;
}

function performanceOf(
  s: StoredExperiment,
  view: ExperimentView,
  winnerId: string | null,
  now: Date,
): PerformanceRow[] {
  return view.variants.map((v) => {
    const others = view.variants.filter((o) => o.id !== v.id);
    const othersMean = others.reduce((a, o) => a + o.mean_rate, 0) / Math.max(1, others.length);
    const rates = v.posts.flatMap((p) => (p.reward === null ? [] : [p.reward.engagement_rate]));
    return {
      experiment_id: s.experiment.id,
      variant_id: v.id,
      persona_id: s.experiment.persona_id,
      variant_kind: v.kind,
      variant_value: v.value,
      posts: v.posts.length,
      rewards: rates.length,
      mean_engagement_rate: rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
      posterior_mean_rate: v.mean_rate,
      probability_best: v.probability_best,
      lift: others.length > 0 && othersMean > 0 ? v.mean_rate / othersMean - 1 : null,
      is_winner: v.id === winnerId,
      updated_at: now,
    };
  });
}

function liftOf(r: PerformanceRow): ConfirmedLift {
  return {
    persona_id: r.persona_id,
    experiment_id: r.experiment_id,
    kind: r.variant_kind,
    value: r.variant_value,
    lift: r.lift,
    probability_best: r.probability_best,
    posts: r.posts,
    confirmed_at: r.updated_at.toISOString(),
  };
}
