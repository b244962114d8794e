/**
 * Features of the reply-intent model (question / praise / complaint / interest, learned from
 * GoEmotions): hashed word unigrams and bigrams plus a few sentence-shape cues that the
 * Reddit training text under-represents in short social replies (a bare "?", a question
 * opening, emoji). Shared by src/nlp/intent.ts and scripts/train-intent.ts.
 */
import { FeatureVector, cueHash, extractFeatures, type FeatureSpec } from './linear.js';
import { QUESTION_OPENERS } from './question-openers.js';
import type { Token } from './tokenize.js';

export const INTENT_FEATURES: FeatureSpec = { unigrams: true, bigrams: true, charNgrams: null };

/** The GoEmotions labels behind each learned output (datasets README, "how they map"). */
export const INTENT_EMOTION_GROUPS = {
  question: ['curiosity', 'confusion'],
  praise: ['gratitude', 'admiration', 'approval'],
  complaint: ['annoyance', 'disappointment', 'disapproval', 'anger'],
  interest: ['desire'],
} as const;

export type LearnedIntent = keyof typeof INTENT_EMOTION_GROUPS;
export const LEARNED_INTENTS = Object.keys(INTENT_EMOTION_GROUPS) as LearnedIntent[];

/** Replies are short; past 80 tokens the extra words add noise, not evidence. */
export const INTENT_MAX_TOKENS = 80;

const CUE = {
  questionMark: cueHash('intent:question_mark'),
  questionEnd: cueHash('intent:question_end'),
  questionOpen: cueHash('intent:question_open'),
  exclamation: cueHash('intent:exclamation'),
  emoji: cueHash('intent:emoji'),
};

/** Append the intent features of a reply's tokens (already cut to INTENT_MAX_TOKENS) to `out`. */
export function intentFeatures(tokens: readonly Token[], mask: number, out: FeatureVector): FeatureVector {
  extractFeatures(tokens, '', INTENT_FEATURES, mask, out);
  const n = tokens.length;
  if (n === 0) return out;
  let questionMark = false;
  let exclamation = false;
  let emoji = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (t.norm.includes('?')) questionMark = true;
      if (t.norm.includes('!')) exclamation = true;
    } else if (t.kind === 'emoji') emoji++;
  }
  if (questionMark) out.add(CUE.questionMark, mask);
  if (tokens[n - 1]!.norm.includes('?')) out.add(CUE.questionEnd, mask);
  if (tokens[0]!.kind === 'word' && QUESTION_OPENERS.has(tokens[0]!.norm)) out.add(CUE.questionOpen, mask);
  if (exclamation) out.add(CUE.exclamation, mask);
  if (emoji > 0) out.add(CUE.emoji, mask, Math.min(emoji, 3));
  return out;
}

/** The tokens the intent model reads. */
export function intentTokens(tokens: readonly Token[]): readonly Token[] {
  return tokens.length > INTENT_MAX_TOKENS ? tokens.slice(0, INTENT_MAX_TOKENS) : tokens;
}
