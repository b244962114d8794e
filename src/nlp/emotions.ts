/**
 * Emotion intensities of a text: Ekman's six, neutral and excitement, each 0–1.
 *
 * One-vs-rest logistic models over hashed unigrams/bigrams with negation scopes and
 * intensifier scaling (emotion-features.ts), learned from GoEmotions (Demszky et al. 2020) by
 * scripts/train-emotions.ts into models/emotions.v3.json. An intensity is the model's
 * probability that a human annotator would tag the text with that emotion; `thresholds`
 * (chosen on held-out training data to maximise F1) turn intensities into labels.
 */
import modelJson from './models/emotions.v3.json' with { type: 'json' };
import { EMOTIONS, type Emotion } from './emotion-labels.js';
import { emotionFeatures } from './emotion-features.js';
import { FeatureVector, loadLinearModel, predictScores, type LinearModel } from './linear.js';
import { tokenize, type Token } from './tokenize.js';

export { EMOTIONS, type Emotion } from './emotion-labels.js';

export type EmotionScores = Record<Emotion, number>;

export interface EmotionModel {
  readonly version: string;
  readonly linear: LinearModel;
  /** output index of each emotion in the linear model */
  readonly index: Readonly<Record<Emotion, number>>;
  /** per-emotion decision threshold on the intensity */
  readonly thresholds: Readonly<Record<Emotion, number>>;
}

/** Validate a model file: every emotion must be an output with a threshold. */
export function loadEmotionModel(json: unknown): EmotionModel {
  const linear = loadLinearModel(json);
  const index = {} as Record<Emotion, number>;
  const thresholds = {} as Record<Emotion, number>;
  for (const emotion of EMOTIONS) {
    const k = linear.outputs.indexOf(emotion);
    if (k < 0) throw new Error(`emotion model ${linear.version}: no output "${emotion}"`);
    const t = linear.thresholds[emotion];
    if (t === undefined || !(t > 0 && t < 1)) {
      throw new Error(`emotion model ${linear.version}: threshold of "${emotion}" must be in (0, 1)`);
    }
    index[emotion] = k;
    thresholds[emotion] = t;
  }
  return { version: linear.version, linear, index, thresholds };
}

export const EMOTION_MODEL: EmotionModel = loadEmotionModel(modelJson);
export const EMOTION_MODEL_VERSION = EMOTION_MODEL.version;

const features = new FeatureVector(512);
let scratch = new Float64Array(EMOTIONS.length);

/** Intensity 0–1 of each emotion in `input` (text, or its tokens when the caller has them). */
export function emotions(
  input: string | readonly Token[],
  model: EmotionModel = EMOTION_MODEL,
): EmotionScores {
  const tokens = typeof input === 'string' ? tokenize(input) : input;
  emotionFeatures(tokens, model.linear.mask, features.clear());
  if (scratch.length !== model.linear.outputs.length) scratch = new Float64Array(model.linear.outputs.length);
  const p = predictScores(model.linear, features, scratch);
  const i = model.index;
  return {
    anger: p[i.anger]!,
    disgust: p[i.disgust]!,
    fear: p[i.fear]!,
    joy: p[i.joy]!,
    sadness: p[i.sadness]!,
    surprise: p[i.surprise]!,
    neutral: p[i.neutral]!,
    excitement: p[i.excitement]!,
  };
}

/** The emotions whose intensity reaches the model's threshold, strongest first. */
export function detectedEmotions(scores: EmotionScores, model: EmotionModel = EMOTION_MODEL): Emotion[] {
  return EMOTIONS.filter((e) => scores[e] >= model.thresholds[e]).sort((a, b) => scores[b] - scores[a]);
}
