import { EMOTION_TYPES, type EmotionType } from './pattern-types.js';

/** The emotion vector of src/nlp/analyze.ts: each emotion's intensity 0..1, neutral included. */
export type EmotionVector = Record<EmotionType | 'neutral', number>;

export interface EmotionPattern {
  type: EmotionType;
  /** how strongly the emotion is expressed, 0..1 (the analyser's score) */
  intensity: number;
  /** how clearly it stands out from a neutral reading and from the other emotions, 0..1 */
  confidence: number;
}

/** Emotions weaker than this are part of the vector but not reported as patterns. */
export const EMOTION_MIN_INTENSITY = 0.25;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Emotion patterns from the analyser's vector: every non-neutral emotion at or above
 * EMOTION_MIN_INTENSITY, strongest first.
 *
 * confidence = v / (v + max(neutral, strongest other emotion)) — an emotion that dominates the
 * reading is clear (→ 1), one level with neutral or with a rival emotion is a toss-up (0.5).
 */
export function emotionPatterns(vector: EmotionVector): EmotionPattern[] {
  const out: EmotionPattern[] = [];
  for (const type of EMOTION_TYPES) {
    const v = clean(vector[type]);
    if (v < EMOTION_MIN_INTENSITY) continue;
    let rival = clean(vector.neutral);
    for (const other of EMOTION_TYPES) if (other !== type) rival = Math.max(rival, clean(vector[other]));
    out.push({ type, intensity: round3(v), confidence: round3(v / (v + rival)) });
  }
  out.sort(
    (a, b) => b.intensity - a.intensity || EMOTION_TYPES.indexOf(a.type) - EMOTION_TYPES.indexOf(b.type),
  );
  return out;
}

function clean(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
