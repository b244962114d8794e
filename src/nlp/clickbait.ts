/**
 * Clickbait / hook score: how much a text's opening reads like an attention-engineered
 * headline (BuzzFeed, Upworthy…) rather than plain news. A logistic model over hashed word
 * n-grams and hook cues (src/nlp/clickbait-features.ts), trained by
 * scripts/train-clickbait.ts on the "Stop Clickbait" headlines (Chakraborty et al. 2016).
 * The pattern engine uses it as evidence for hook confidence.
 */
import modelJson from './models/clickbait.v1.json' with { type: 'json' };
import { clickbaitFeatures, clickbaitOpening, clickbaitOpeningOf } from './clickbait-features.js';
import { FeatureVector, loadLinearModel, predictProba } from './linear.js';
import type { Token } from './tokenize.js';

const MODEL = loadLinearModel(modelJson);

export const CLICKBAIT_MODEL_VERSION: string = MODEL.version;

/** Decision threshold chosen by cross-validation on the training split. */
export const CLICKBAIT_THRESHOLD: number = MODEL.thresholds['clickbait'] ?? 0.5;

const scratch = new FeatureVector(256);

/**
 * P(clickbait) ∈ [0, 1] of the opening of `input` (its first 40 tokens: the hook).
 * Pass tokens when you already have them (the pattern engine does) to skip tokenising.
 */
export function clickbaitScore(input: string | readonly Token[]): number {
  const opening = typeof input === 'string' ? clickbaitOpeningOf(input) : clickbaitOpening(input);
  return predictProba(MODEL, clickbaitFeatures(opening, MODEL.mask, scratch.clear()));
}

/** clickbaitScore ≥ CLICKBAIT_THRESHOLD. */
export function isClickbait(input: string | readonly Token[]): boolean {
  return clickbaitScore(input) >= CLICKBAIT_THRESHOLD;
}
