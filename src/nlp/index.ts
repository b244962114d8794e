/**
 * Public API of the text analysis core: the ground floor, which imports nothing from the
 * capabilities above it.
 *
 * One rule holds for every module here: **analysis is synchronous, so a module's scratch
 * buffers are shared by all its calls.** Feature vectors, score arrays and per-token flags live
 * in module variables, cleared or grown at the start of a call and never held across an await
 * (nothing here awaits), so a call allocates little beyond its result.
 */
export { analyzeText, type TextAnalysis } from './analyze.js';
export {
  detectedEmotions,
  EMOTION_MODEL,
  EMOTION_MODEL_VERSION,
  emotions,
  loadEmotionModel,
  type EmotionModel,
  type EmotionScores,
} from './emotions.js';
export {
  EKMAN_CLASSES,
  EMOTIONS,
  ekmanOf,
  GOEMOTIONS_LABELS,
  type EkmanClass,
  type Emotion,
} from './emotion-labels.js';
export {
  BOOSTERS,
  isNegator,
  markNegated,
  NEGATION_WINDOW,
  NEGATOR_WORDS,
  squashElongation,
} from './negation.js';
export {
  loadSentimentLexicon,
  normalizeScore,
  sentiment,
  SENTIMENT_LEXICON,
  SENTIMENT_MODEL_VERSION,
  type SentimentLexicon,
  type SentimentScores,
} from './sentiment.js';
export { splitSentences, type Sentence } from './sentences.js';
export type { Token, TokenKind } from './token.js';
export { tokenize, wordCount } from './tokenize.js';
