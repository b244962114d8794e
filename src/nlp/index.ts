/** Public API of the text analysis core. */
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
export {
  splitSentences,
  tokenize,
  wordCount,
  type Sentence,
  type Token,
  type TokenKind,
} from './tokenize.js';
