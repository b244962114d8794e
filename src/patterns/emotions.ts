import { round3 } from '../lib/math.js';
import { EMOTION_TYPES, type EmotionType } from './pattern-types.js';

/** The emotion vector of src/nlp/analyze.ts: each emotion's intensity 0..1, neutral included. */
export type EmotionVector = Record<EmotionType | 'neutral', number>;

/** Per-emotion decision thresholds: the intensity from which an emotion counts as present. */
export type EmotionThresholds = Record<EmotionType, number>;

export interface EmotionPattern {
  type: EmotionType;
  /** the analyser's intensity: the probability an annotator would tag the text with it, 0..1 */
  intensity: number;
  /** how far the intensity clears the emotion's threshold: 0.5 at the threshold, 1 at certainty */
  confidence: number;
}

/**
 * Emotion patterns from the analyser's vector: every non-neutral emotion whose intensity
 * reaches its threshold, strongest first, except that excitement is listed before joy when
 * both are present: GoEmotions counts excitement as one kind of joy, and the more specific name
 * describes the post better ("Can't wait to launch this 🚀" is excitement first, joy second).
 *
 * The thresholds are the emotion model's own (chosen on held-out GoEmotions data to maximise
 * F1, so a rare emotion such as fear counts from a lower probability than joy). At the
 * threshold the call is a toss-up, so confidence = 0.5 + 0.5 · (v − t) / (1 − t).
 */
export function emotionPatterns(vector: EmotionVector, thresholds: EmotionThresholds): EmotionPattern[] {
  const out: EmotionPattern[] = [];
  for (const type of EMOTION_TYPES) {
    const v = clean(vector[type]);
    const t = Math.min(0.99, Math.max(0.01, thresholds[type]));
    if (v < t) continue;
    out.push({ type, intensity: round3(v), confidence: round3(0.5 + (0.5 * (v - t)) / (1 - t)) });
  }
  out.sort(
    (a, b) => b.intensity - a.intensity || EMOTION_TYPES.indexOf(a.type) - EMOTION_TYPES.indexOf(b.type),
  );
  const excitement = out.findIndex((e) => e.type === 'excitement');
  const joy = out.findIndex((e) => e.type === 'joy');
  if (joy >= 0 && excitement > joy) out.splice(joy, 0, ...out.splice(excitement, 1));
  return out;
}

function clean(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
