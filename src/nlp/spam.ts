/**
 * Comment spam: P(spam) from a logistic model over hashed word n-grams and spam cues
 * (src/nlp/spam-features.ts), trained by scripts/train-spam.ts on the YouTube Spam Collection
 * (Alberto, Lochter, Almeida, "TubeSpam", ICMLA 2015) with real people's non-spam text as
 * negatives as well (GoEmotions train, Demszky et al. 2020; tweet-acts, Saha et al. 2019).
 * Spam-classified replies never trigger a DM.
 */
import modelJson from './models/spam.v2.json' with { type: 'json' };
import { FeatureVector, loadLinearModel, predictProba } from './linear.js';
import { spamFeatures, spamTokens, spamTokensOf } from './spam-features.js';
import type { Token } from './tokenize.js';

const MODEL = loadLinearModel(modelJson);

export const SPAM_MODEL_VERSION: string = MODEL.version;

/**
 * Decision threshold: the best video-fold spam F1 among thresholds whose out-of-fold
 * false-positive rate on each real non-spam set stayed ≤ 0.4 % (scripts/train-spam.ts).
 */
export const SPAM_THRESHOLD: number = MODEL.thresholds['spam'] ?? 0.5;

/**
 * The false-positive rate on real people's non-spam text that training measured for this model
 * (the worse of its cross-validated rate over both real sets and its rate on the held-out
 * tweets). A spam label may take a reply out of the DM rules only while this stays below 1 %;
 * a test holds every committed model to it.
 */
const TRAINING_METRICS: Partial<Record<string, number>> =
  (modelJson as { metrics?: Record<string, number> }).metrics ?? {};
export const SPAM_REAL_TEXT_FPR: number = Math.max(
  TRAINING_METRICS['cv_real_fpr'] ?? 1,
  TRAINING_METRICS['held_out_tweet_acts_fpr'] ?? 1,
);

// Scoring is synchronous, so one scratch vector serves every call without allocation.
const scratch = new FeatureVector(256);

/**
 * P(spam) ∈ [0, 1] of a comment, read from its first 2,000 chars. Pass its tokens when you
 * already have them (they must come from `tokenize` of the same text).
 */
export function spamScore(input: string | readonly Token[]): number {
  const tokens = typeof input === 'string' ? spamTokens(input) : spamTokensOf(input);
  // The shipped spec has no char n-grams; a model that has them reads the text (or, from
  // tokens alone, their texts joined by spaces).
  const text =
    MODEL.features.charNgrams === null ? '' : typeof input === 'string' ? input : joinTokens(tokens);
  return predictProba(MODEL, spamFeatures(tokens, text, MODEL.mask, scratch.clear(), MODEL.features));
}

/** spamScore ≥ SPAM_THRESHOLD. */
export function isSpam(input: string | readonly Token[]): boolean {
  return spamScore(input) >= SPAM_THRESHOLD;
}

function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join(' ');
}
