/** The experiments API's answers as the dashboard reads them (src/experiments/schemas.ts). */
import type {
  ConfirmedLift,
  ExperimentState,
  ExperimentSummary,
  Membership,
  VariantKind,
} from '../../../experiments/views/index.js';
import { humanize, truncate } from './format.js';

// The server's own types (type-only: nothing of the server reaches the bundle).
export type { ConfirmedLift, ExperimentState, ExperimentSummary };
/** A draft or post that belongs to an experiment, with its variant's current probability of best. */
export type ExperimentMembership = Membership;

export interface ExperimentVariant {
  id: string;
  position: number;
  kind: VariantKind;
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

export type NewVariant = { hook_family: string } | { text: string } | { template_id: number };

export interface NewExperiment {
  persona_id: string;
  brief: string;
  variants: NewVariant[];
  max_posts: number;
  reward_age_hours?: number;
}

/** How a variant is named on every page: its hook family, its template, or the start of its text. */
export function variantLabel(v: { kind: VariantKind; value: string }): string {
  if (v.kind === 'hook_family') return humanize(v.value);
  if (v.kind === 'template') return `Template ${v.value}`;
  return `“${truncate(v.value, 40)}”`;
}
