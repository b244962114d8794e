import { analyzeText } from '../nlp/analyze.js';
import { clickbaitScore } from '../nlp/clickbait.js';
import { emotionTrajectory } from '../nlp/emotion-trajectory.js';
import { EMOTION_MODEL } from '../nlp/emotions.js';
import type { Nlp } from './extract.js';

/** The production text analysis: src/nlp's analyzeText, clickbait score, emotion thresholds and trajectory. */
export const DEFAULT_NLP: Nlp = {
  analyze: analyzeText,
  clickbait: clickbaitScore,
  emotionThresholds: {
    anger: EMOTION_MODEL.thresholds.anger,
    disgust: EMOTION_MODEL.thresholds.disgust,
    fear: EMOTION_MODEL.thresholds.fear,
    joy: EMOTION_MODEL.thresholds.joy,
    sadness: EMOTION_MODEL.thresholds.sadness,
    surprise: EMOTION_MODEL.thresholds.surprise,
    excitement: EMOTION_MODEL.thresholds.excitement,
  },
  trajectory: (text, analysis) => emotionTrajectory(text, analysis),
};
