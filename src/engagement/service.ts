import { Compile } from 'typebox/compile';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { PatternResultSchema, type ContentPatterns, type PatternService } from '../patterns/index.js';
import { explainPrediction, featureEffects, type FeatureEffect, type Reason } from './explain.js';
import { engagementFeatures } from './features.js';
import {
  accountModelOf,
  DEFAULT_MODEL_OPTIONS,
  predictWith,
  trainEngagementModel,
  type EngagementExample,
  type EngagementModel,
  type EngagementModelOptions,
  type Prediction,
} from './model.js';
import { DEFAULT_FIXED_AGE_MS, engagementRateAtAge, outcomeToRate, rateToOutcome } from './outcome.js';
import type { EngagementRepository, NewPrediction } from './repository.js';

/** Stored patterns are used only when they have the engine's shape (an older format reads as not analysed). */
const STORED_PATTERNS = Compile(PatternResultSchema);

function storedPatterns(value: unknown): ContentPatterns | null {
  return STORED_PATTERNS.Check(value) && value.structure_patterns.length > 0
    ? (value as unknown as ContentPatterns)
    : null;
}

/** Models kept besides those a stored prediction names. */
export const MODELS_KEPT = 24;
/** Predictions written per run of the job at most. */
const PREDICTIONS_PER_RUN = 2000;

/** An account's typical engagement rate in the product: 3 %, before anything is known (ln(0.03 + 0.001)). */
export const PRODUCT_MODEL_OPTIONS: EngagementModelOptions = {
  ...DEFAULT_MODEL_OPTIONS,
  defaults: { ...DEFAULT_MODEL_OPTIONS.defaults, level: rateToOutcome(0.03) },
};

export interface EngagementServiceOptions {
  repo: EngagementRepository;
  /** the pattern engine's public service: patterns of a text that is not a stored post (a draft) */
  patterns: Pick<PatternService, 'extract'>;
  clock: () => Date;
  logger: Logger;
  /** the age the predicted engagement rate is measured at (24 h) */
  fixedAgeMs?: number;
  modelOptions?: EngagementModelOptions;
  /** how long a process uses the model it holds before asking the store for a newer one */
  modelCacheMs?: number;
}

/** engagement rate at the fixed age, 0..1 */
export interface RateInterval {
  mean: number;
  low: number;
  high: number;
}

export interface EngagementForecast extends RateInterval {
  account_id: string;
  persona_id: string;
  model_version: string;
  /** whose history the prediction rests on: the account's own, or (new account) its persona's or everyone's */
  basis: Prediction['basis'];
  fixed_age_hours: number;
  /** the features that moved this post most, in words */
  reasons: Reason[];
}

export interface WhatWorks {
  account_id: string;
  persona_id: string;
  model_version: string;
  trained_at: string | null;
  basis: Prediction['basis'];
  /** the account's own posts with a known outcome the model learned from */
  posts_learned_from: number;
  /** every account's posts the model learned from (0: it knows only its defaults) */
  model_posts: number;
  fixed_age_hours: number;
  /** the engagement rate the account's typical post reaches now */
  typical: RateInterval;
  /** every feature's effect for the account, strongest first */
  effects: FeatureEffect[];
}

export interface TrainSummary {
  version: string;
  accounts: number;
  posts: number;
  /** false when the store already had this version (nothing new to learn from) */
  stored: boolean;
}

interface Held {
  model: EngagementModel;
  trained_at: Date | null;
  checkedAt: number;
}

/**
 * The engagement model's use cases: retraining from stored outcomes (the scheduled job),
 * predictions for drafts and new posts, and "what works for you". This is the capability's public
 * service: the content engine's predicted_engagement and the draft review call `predict`.
 */
export class EngagementService {
  private readonly fixedAgeMs: number;
  private readonly modelOptions: EngagementModelOptions;
  private held: Held | null = null;

  constructor(private readonly o: EngagementServiceOptions) {
    this.fixedAgeMs = o.fixedAgeMs ?? DEFAULT_FIXED_AGE_MS;
    this.modelOptions = o.modelOptions ?? PRODUCT_MODEL_OPTIONS;
  }

  get fixedAgeHours(): number {
    return Math.round(this.fixedAgeMs / 3_600_000);
  }

  /**
   * Train on every analysed post whose engagement rate at the fixed age is known, and store the
   * model under its version. Deterministic, so a run with nothing new stores nothing new.
   */
  async retrain(): Promise<TrainSummary> {
    const now = this.o.clock();
    const posts = await this.o.repo.trainingPosts(now, this.fixedAgeMs);
    const examples: EngagementExample[] = [];
    for (const p of posts) {
      const patterns = storedPatterns(p.patterns);
      if (patterns === null) continue;
      const publishedAt = p.published_at.getTime();
      const rate = engagementRateAtAge(publishedAt, p.readings, this.fixedAgeMs);
      if (rate === null) continue;
      examples.push({
        id: p.id,
        account_id: p.account_id,
        persona_id: p.persona_id,
        time: publishedAt,
        x: engagementFeatures({ content: p.content, patterns, publishedAt }),
        y: rateToOutcome(rate),
      });
    }
    const model = trainEngagementModel(examples, this.modelOptions);
    const stored = await this.o.repo.saveModel({
      version: model.version,
      trained_at: now,
      accounts: model.accounts.length,
      posts: examples.length,
      fixed_age_hours: this.fixedAgeHours,
      model,
    });
    if (stored) await this.o.repo.pruneModels(MODELS_KEPT);
    this.held = { model, trained_at: now, checkedAt: Date.now() };
    this.o.logger.info(
      { version: model.version, accounts: model.accounts.length, posts: examples.length, stored },
      'engagement model trained',
    );
    return { version: model.version, accounts: model.accounts.length, posts: examples.length, stored };
  }

  /**
   * Predict every analysed post still short of its fixed age that the current model has not
   * predicted yet, and store the predictions (checked against the outcome later).
   */
  async predictRecentPosts(): Promise<number> {
    const { model } = await this.current();
    const now = this.o.clock();
    const posts = await this.o.repo.postsToPredict(
      model.version,
      new Date(now.getTime() - this.fixedAgeMs),
      PREDICTIONS_PER_RUN,
    );
    const rows: NewPrediction[] = [];
    for (const p of posts) {
      const patterns = storedPatterns(p.patterns);
      if (patterns === null) continue;
      const forecast = this.forecast(model, {
        account_id: p.account_id,
        persona_id: p.persona_id,
        content: p.content,
        patterns,
        publishedAt: p.published_at.getTime(),
      });
      rows.push({
        post_id: p.id,
        model_version: model.version,
        account_id: p.account_id,
        mean: forecast.mean,
        low: forecast.low,
        high: forecast.high,
        predicted_at: now,
      });
    }
    return this.o.repo.savePredictions(rows);
  }

  /**
   * The engagement rate a post (a draft, or a post about to go out) will reach at the fixed age,
   * with its 80 % interval and the reasons, for this account. An account the model has not seen
   * gets its persona's prior (or everyone's).
   */
  async predict(input: {
    account_id: string;
    content: string;
    /** when it goes out; default now */
    published_at?: Date;
    /** default: the persona of the account's newest post, else the account id */
    persona_id?: string;
  }): Promise<EngagementForecast> {
    const { model } = await this.current();
    const personaId = input.persona_id ?? (await this.o.repo.personaOf(input.account_id)) ?? input.account_id;
    const patterns = this.o.patterns.extract({ content: input.content, engagement_rate: 0 });
    return this.forecast(model, {
      account_id: input.account_id,
      persona_id: personaId,
      content: input.content,
      patterns,
      publishedAt: (input.published_at ?? this.o.clock()).getTime(),
    });
  }

  /** Every feature's effect for the account ("posts with a link do 40 % worse for you"), strongest first. */
  async whatWorks(accountId: string): Promise<WhatWorks> {
    const personaId = await this.o.repo.personaOf(accountId);
    if (personaId === undefined) throw new NotFoundError(`Posts of account ${accountId}`);
    const { model, trained_at } = await this.current();
    const { account, basis } = accountModelOf(model, accountId, personaId);
    const typical = predictWith(
      account,
      basis,
      account.featureMeans,
      this.o.clock().getTime(),
      model.options.intervalCoverage,
    );
    return {
      account_id: accountId,
      persona_id: personaId,
      model_version: model.version,
      trained_at: trained_at?.toISOString() ?? null,
      basis,
      posts_learned_from: account.posts,
      model_posts: model.accounts.reduce((n, a) => n + a.posts, 0),
      fixed_age_hours: this.fixedAgeHours,
      typical: toRates(typical),
      effects: featureEffects(account),
    };
  }

  /** The newest stored model (held for modelCacheMs), or the prior alone when none was trained yet. */
  async current(): Promise<{ model: EngagementModel; trained_at: Date | null }> {
    const held = this.held;
    if (held && Date.now() - held.checkedAt < (this.o.modelCacheMs ?? 30_000)) return held;
    const latest = await this.o.repo.latestVersion();
    if (latest && held?.model.version === latest.version) {
      held.checkedAt = Date.now();
      return held;
    }
    const stored = latest ? await this.o.repo.getModel(latest.version) : undefined;
    this.held = stored
      ? { model: stored.model, trained_at: stored.trained_at, checkedAt: Date.now() }
      : { model: trainEngagementModel([], this.modelOptions), trained_at: null, checkedAt: Date.now() };
    return this.held;
  }

  private forecast(
    model: EngagementModel,
    post: {
      account_id: string;
      persona_id: string;
      content: string;
      patterns: ContentPatterns;
      publishedAt: number;
    },
  ): EngagementForecast {
    const x = engagementFeatures(post);
    const { account, basis } = accountModelOf(model, post.account_id, post.persona_id);
    const prediction = predictWith(account, basis, x, post.publishedAt, model.options.intervalCoverage);
    return {
      account_id: post.account_id,
      persona_id: post.persona_id,
      model_version: model.version,
      basis,
      fixed_age_hours: this.fixedAgeHours,
      ...toRates(prediction),
      reasons: explainPrediction(account, prediction, x),
    };
  }
}

/**
 * An engagement rate (interactions per view) is predicted within 0…1: a viewer rarely gives a
 * post more than one interaction, and a model with little or no history (an untrained prior,
 * features it never saw vary) has a predictive spread wide enough to reach far beyond that.
 */
const MAX_RATE = 1;

/** The log-scale prediction as engagement rates (the centre is the geometric mean), cut to 0…MAX_RATE. */
function toRates(p: Pick<Prediction, 'mean' | 'low' | 'high'>): RateInterval {
  const rate = (y: number) => Math.min(MAX_RATE, outcomeToRate(y));
  return { mean: rate(p.mean), low: rate(p.low), high: rate(p.high) };
}
