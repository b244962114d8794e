/**
 * The model in words: what each feature does for an account ("posts with a link do 40 % worse
 * for you"), and which features pushed one prediction up or down. Effects are ratios on the
 * outcome (the model works on a log scale): a weight w is a factor e^(w·step), said as the
 * percentage it is above or below 1. Pure.
 */
import { FEATURES, FEATURE_COUNT, type FeatureGroup, type FeatureInfo } from './features.js';
import { normalQuantile, type AccountModel, type Prediction } from './model.js';

export interface FeatureEffect {
  /** `group:name` (features.ts) */
  feature: string;
  group: FeatureGroup;
  kind: FeatureInfo['kind'];
  /** the change the effect is for (1 for presence features) */
  step: number;
  /** relative change in engagement for this account: 0.4 = 40 % better, −0.4 = 40 % worse */
  effect: number;
  /** the interval of `effect` (95 % unless asked otherwise) */
  low: number;
  high: number;
  /** the effect of the prior the account was shrunk toward (its persona's, or the global one) */
  prior_effect: number;
  /** how far the account's effect was pulled toward the prior, 0..1 */
  shrinkage: number;
  /** presence: share of the account's posts that have it; graded: the mean value */
  usage: number;
  /** e.g. "posts with a link do 40 % worse for you" */
  text: string;
}

const ratio = (w: number, step: number): number => Math.exp(w * step) - 1;

/** Coverage of the interval given with each effect (the patterns page's leaderboard uses 95 % too). */
export const EFFECT_INTERVAL = 0.95;

/** "do 40 % worse", "do 12 % better", "do about as well" (under 1 %). */
export function effectWords(effect: number): string {
  const pct = Math.round(Math.abs(effect) * 100);
  if (pct < 1) return 'do about as well as the rest';
  return `do ${pct} % ${effect > 0 ? 'better' : 'worse'}`;
}

/** "posts with a link do 40 % worse for you" */
export function effectSentence(info: FeatureInfo, effect: number): string {
  return `${info.subject} ${effectWords(effect)} for you`;
}

/** Every feature's effect for the account, strongest (by |effect|) first; ties by catalogue order. */
export function featureEffects(account: AccountModel, intervalCoverage = EFFECT_INTERVAL): FeatureEffect[] {
  const z = normalQuantile(0.5 + intervalCoverage / 2);
  const effects = FEATURES.map((info, j): FeatureEffect => {
    const w = account.weights[j]!;
    const sd = Math.sqrt(account.residualVariance * account.precisionInverse[j * FEATURE_COUNT + j]!);
    const effect = ratio(w, info.step);
    return {
      feature: info.key,
      group: info.group,
      kind: info.kind,
      step: info.step,
      effect,
      low: ratio(w - z * sd, info.step),
      high: ratio(w + z * sd, info.step),
      prior_effect: ratio(account.priorWeights[j]!, info.step),
      shrinkage: account.shrinkage[j]!,
      usage: account.featureMeans[j]!,
      text: effectSentence(info, effect),
    };
  });
  return effects
    .map((e, j) => ({ e, j }))
    .sort((a, b) => Math.abs(b.e.effect) - Math.abs(a.e.effect) || a.j - b.j)
    .map(({ e }) => e);
}

export interface Reason {
  feature: string;
  group: FeatureGroup;
  /** how much this feature moves this post against the account's typical post: 0.2 = 20 % higher */
  change: number;
  /** whether the post has the feature (presence) or more of it than usual (graded) */
  present: boolean;
  /** the account-level effect, in words, and how this post stands */
  text: string;
}

/** A contribution below this (on the log scale, ≈ 2 %) is not worth a sentence. */
export const MIN_REASON = 0.02;

/** The features that pushed this prediction up or down the most, in words. */
export function explainPrediction(
  account: AccountModel,
  prediction: Pick<Prediction, 'contributions'>,
  x: ArrayLike<number>,
  limit = 3,
): Reason[] {
  return FEATURES.map((info, j) => ({ info, j, c: prediction.contributions[j]! }))
    .filter((r) => Math.abs(r.c) >= MIN_REASON)
    .sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || a.j - b.j)
    .slice(0, limit)
    .map(({ info, j, c }) => {
      const present = x[j]! > account.featureMeans[j]!;
      const sentence = effectSentence(info, ratio(account.weights[j]!, info.step));
      const how =
        info.kind === 'presence' ? (present ? 'yes' : 'no') : present ? 'more than usual' : 'less than usual';
      return {
        feature: info.key,
        group: info.group,
        change: Math.exp(c) - 1,
        present,
        text: `${sentence} (this post: ${how})`,
      };
    });
}
