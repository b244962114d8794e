/**
 * Public API of the text analysis core: the ground floor, which imports nothing from the
 * capabilities above it.
 *
 * One rule holds for every module here: **analysis is synchronous, so a module's scratch
 * buffers are shared by all its calls.** Feature vectors, score arrays and per-token flags live
 * in module variables, cleared or grown at the start of a call and never held across an await
 * (nothing here awaits), so a call allocates little beyond its result.
 *
 * And one for the hot loops: **they read module-local copies, not imported bindings.** An
 * import is a live binding: V8 reads it through the exporting module's cell, with a check that
 * it is initialised, on every use, even in optimised code (a module's own exported `const`s
 * too), while a module-local `const` costs what a literal does (measured with callgrind). A
 * scanner therefore copies what its per-character or per-token loops read
 * (`const { ASCII_CLASS, LOWER } = chars;` after `import * as chars from './chars.js'`).
 * Splitting tokenize.ts into modules without this cost the tokenizer ~20 % more instructions
 * (issue 18, docs/benchmarks.md).
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
