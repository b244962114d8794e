import type { CreatedAt, Json, Timestamp } from '../infra/db/types.js';
import type { EngagementModel } from './model.js';

/**
 * Hand-written types of the engagement model's tables (migration 202612061200_engagement_models),
 * added to the `DB` interface of infra/db/types.ts (at the end of this file). Value conventions as documented there.
 */

/** One trained model per version (a hash of everything it learned from): all accounts' effects and priors. */
export interface EngagementModelsTable {
  version: string;
  trained_at: Timestamp;
  accounts: number;
  posts: number;
  /** hours after publication the predicted engagement rate is measured at */
  fixed_age_hours: number;
  model: Json<EngagementModel>;
  created_at: CreatedAt;
}

/** A prediction made for a post before its outcome was known, with the version of the model that made it. */
export interface EngagementPredictionsTable {
  post_id: string;
  model_version: string;
  account_id: string;
  /** engagement rate at the fixed age, 0..1: the centre and the 80 % interval */
  mean: number;
  low: number;
  high: number;
  predicted_at: Timestamp;
}

export interface EngagementTables {
  engagement_models: EngagementModelsTable;
  engagement_predictions: EngagementPredictionsTable;
}

declare module '../infra/db/types.js' {
  interface DB extends EngagementTables {}
}
