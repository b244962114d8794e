/**
 * One pass of text analysis for the pattern engine and the comment pipeline: tokenize once,
 * then sentences, sentiment and emotions from the same tokens.
 */
import { emotions, type EmotionScores } from './emotions.js';
import { sentiment, type SentimentScores } from './sentiment.js';
import { splitSentences, type Sentence } from './sentences.js';
import { tokenize, type Token } from './tokenize.js';

export interface TextAnalysis {
  tokens: Token[];
  sentences: Sentence[];
  sentiment: SentimentScores;
  emotions: EmotionScores;
}

/** Tokens, sentences, sentiment and emotion intensities of `text`. */
export function analyzeText(text: string): TextAnalysis {
  const tokens = tokenize(text);
  return {
    tokens,
    sentences: splitSentences(text),
    sentiment: sentiment(tokens),
    emotions: emotions(tokens),
  };
}
