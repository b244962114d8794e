import { classifyIntent } from '../nlp/intent.js';
import { sentiment } from '../nlp/sentiment.js';
import { tokenize } from '../nlp/tokenize.js';
import { normalizeAnalysis, type Analyzer } from './intents.js';

/** Replies longer than this are analysed on their head: the intent model reads ≤ 80 tokens anyway. */
const MAX_ANALYZED_CHARS = 2_000;

/**
 * The production analyzer: the reply-intent classifier (src/nlp/intent.ts) and VADER compound
 * sentiment (src/nlp/sentiment.ts), sharing one tokenization per comment.
 */
export const defaultAnalyzer: Analyzer = (text, opts = {}) => {
  const tokens = tokenize(text.length > MAX_ANALYZED_CHARS ? text.slice(0, MAX_ANALYZED_CHARS) : text);
  const c = classifyIntent(text, { tokens, ...(opts.keywords ? { keywords: opts.keywords } : {}) });
  return normalizeAnalysis(c, sentiment(tokens).compound);
};
