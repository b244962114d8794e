/** The experiments API's answers as the dashboard reads them (src/experiments/schemas.ts). */
import { humanize, truncate } from './format.js';

export type ExperimentState = 'running' | 'winner' | 'stopped' | 'inconclusive';

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

export interface ExperimentVariant {
  id: string;
  position: number;
  kind: 'template' | 'hook_family' | 'text';
  value: string;
  posts: { post_id: string; assigned_at: string; reward: { engagement_rate: number } | null }[];
  rewards: number;
  mean_rate: number;
  probability_best: number;
  density: number[];
}

export interface Experiment extends ExperimentSummary {
  variants: ExperimentVariant[];
  density_grid: number[];
  probability_best_history: { at: string; rewards: number; probabilities: number[] }[];
}

/** A variant an experiment declared the winner, with its lift over the experiment's other variants. */
export interface ConfirmedLift {
  persona_id: string;
  experiment_id: string;
  kind: 'template' | 'hook_family' | 'text';
  value: string;
  lift: number | null;
  probability_best: number;
  posts: number;
  confirmed_at: string;
}

export type NewVariant = { hook_family: string } | { text: string } | { template_id: number };

export interface NewExperiment {
  persona_id: string;
  brief: string;
  variants: NewVariant[];
  max_posts: number;
  reward_age_hours?: number;
}

/** A draft or post that belongs to an experiment, with its variant's current probability of best. */
export interface ExperimentMembership {
  draft_id: number | null;
  post_id: string | null;
  experiment_id: string;
  brief: string;
  state: ExperimentState;
  variant_id: string;
  variant_kind: 'template' | 'hook_family' | 'text';
  variant_value: string;
  probability_best: number;
  is_winner: boolean;
}

/** How a variant is named on every page: its hook family, its template, or the start of its text. */
export function variantLabel(v: { kind: 'template' | 'hook_family' | 'text'; value: string }): string {
  if (v.kind === 'hook_family') return humanize(v.value);
  if (v.kind === 'template') return `Template ${v.value}`;
  return `“${truncate(v.value, 40)}”`;
}
