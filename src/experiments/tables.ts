import type { ColumnType } from 'kysely';
import type { NormalGamma } from './posterior.js';
import type { Json, NullableTimestamp, Timestamp } from '../infra/db/types.js';
import type { ExperimentState, VariantKind } from './views/index.js';

/**
 * Hand-written types of the experiments' tables (migration 202612062000_experiments), merged
 * into the `DB` interface of infra/db/types.ts (at the end of this file). Value conventions as documented there.
 */

export interface ExperimentsTable {
  id: string;
  persona_id: string;
  brief: string;
  state: ExperimentState;
  reward_age_hours: number;
  max_posts: number;
  /** the Normal–Gamma prior every variant started from (from the persona's history) */
  prior: Json<NormalGamma>;
  winner_variant_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  /** when it left `running` */
  ended_at: NullableTimestamp;
}

export interface ExperimentVariantsTable {
  id: string;
  experiment_id: string;
  /** 0-based order of the variant in the request */
  position: number;
  kind: VariantKind;
  /** the template id, the hook family or the text */
  value: string;
}

/** A post the bandit gave to a variant. */
export interface ExperimentPostsTable {
  experiment_id: string;
  post_id: string;
  variant_id: string;
  assigned_at: Timestamp;
}

/** The content engine's draft written for a slot of the experiment. */
export interface ExperimentDraftsTable {
  draft_id: number;
  experiment_id: string;
  variant_id: string;
  created_at: Timestamp;
}

/** A post's reward, taken once: primary key (experiment_id, post_id). */
export interface ExperimentRewardsTable {
  experiment_id: string;
  post_id: string;
  variant_id: string;
  /** interactions / views at reward_age_hours */
  engagement_rate: number;
  /** ln(engagement_rate + 0.001) */
  reward: number;
  observed_at: Timestamp;
}

/** Seed 003's A/B results: one row per (experiment, variant), rewritten after each reward. */
export interface VariantPerformanceTable {
  id: ColumnType<number, never, never>;
  experiment_id: string;
  variant_id: string;
  persona_id: string;
  variant_kind: VariantKind;
  variant_value: string;
  posts: number;
  rewards: number;
  /** mean observed engagement rate; null before the first reward */
  mean_engagement_rate: number | null;
  /** exp(posterior mean of the reward) − 0.001: the variant's typical rate */
  posterior_mean_rate: number;
  probability_best: number;
  /** posterior_mean_rate / mean of the other variants' − 1; null with one variant */
  lift: number | null;
  is_winner: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface ExperimentTables {
  experiments: ExperimentsTable;
  experiment_variants: ExperimentVariantsTable;
  experiment_posts: ExperimentPostsTable;
  experiment_drafts: ExperimentDraftsTable;
  experiment_rewards: ExperimentRewardsTable;
  variant_performance: VariantPerformanceTable;
}

declare module '../infra/db/types.js' {
  interface DB extends ExperimentTables {}
}
