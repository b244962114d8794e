/**
 * The shapes the experiments API answers with (src/experiments/schemas.ts is their contract). A
 * leaf that imports nothing: the dashboard imports these types (type-only) instead of restating
 * them.
 */

export type ExperimentState = 'running' | 'winner' | 'stopped' | 'inconclusive';
export type VariantKind = 'template' | 'hook_family' | 'text';

export interface ExperimentSummary {
  id: string;
  persona_id: string;
  brief: string;
  state: ExperimentState;
  reward_age_hours: number;
  max_posts: number;
  posts: number;
  rewards: number;
  winner_variant_id: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface ConfirmedLift {
  persona_id: string;
  experiment_id: string;
  kind: VariantKind;
  value: string;
  /** the winner's typical rate over the mean of the other variants', − 1 */
  lift: number | null;
  probability_best: number;
  posts: number;
  confirmed_at: string;
}

/** A draft or post that belongs to an experiment: the A/B state the Drafts and post pages show. */
export interface Membership {
  draft_id: number | null;
  post_id: string | null;
  experiment_id: string;
  brief: string;
  state: ExperimentState;
  variant_id: string;
  variant_kind: VariantKind;
  variant_value: string;
  /** the variant's current probability of being best */
  probability_best: number;
  is_winner: boolean;
}
