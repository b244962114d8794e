/**
 * The learned complaint score of a reply: the intent model's complaint output (plain word
 * n-grams) blended with a second opinion over the emotion model's features (negation scopes,
 * boosters, shouting, emoji keywords), both learned from GoEmotions' annoyance,
 * disappointment, disapproval and anger (Demszky et al. 2020) by scripts/train-intent.ts and
 * scripts/train-complaint.ts:
 *
 *   p = σ(w · logit(p_intent) + (1 − w) · z_complaint)
 *
 * w and the blend's decision threshold were chosen on held-out training comments; the
 * threshold is folded into z's bias, so 0.5 is the decision point.
 */
import modelJson from './models/complaint.v1.json' with { type: 'json' };
import { logit, sigmoid } from '../lib/math.js';
import { emotionFeatures } from './emotion-features.js';
import { FeatureVector, loadLinearModel, predictProba } from './linear.js';
import type { Token } from './tokenize.js';

const MODEL = loadLinearModel(modelJson);
const INTENT_WEIGHT = MODEL.thresholds['blend_intent_weight'];
if (INTENT_WEIGHT === undefined || !(INTENT_WEIGHT > 0 && INTENT_WEIGHT < 1))
  throw new Error(`complaint model ${MODEL.version} lacks a blend weight in (0, 1)`);

export const COMPLAINT_MODEL_VERSION: string = MODEL.version;

const scratch = new FeatureVector(256);

/** The blended complaint score of `tokens` (already cut to the intent model's length), given the intent model's. */
export function complaintScore(tokens: readonly Token[], intentComplaint: number): number {
  const own = predictProba(MODEL, emotionFeatures(tokens, MODEL.mask, scratch.clear()));
  return sigmoid(INTENT_WEIGHT! * logit(intentComplaint) + (1 - INTENT_WEIGHT!) * logit(own));
}
