import { INTENTS, type Intent } from './schemas.js';

/**
 * What the pipeline stores for one comment, and how it is computed from the NLP functions.
 * The classifier and the sentiment scorer are passed in (composition root), so jobs and tests
 * can run with the real models or a fixed stand-in.
 */

export interface IntentClassification {
  intent: Intent;
  scores: Record<Intent, number>;
  /** 0…1 */
  lead_score: number;
  model_version: string;
}

export interface TextAnalysis extends IntentClassification {
  /** compound sentiment −1…1 */
  sentiment: number;
}

export interface AnalyzeOptions {
  /** the creators' trigger keywords (from the enabled DM rules): a reply with one is a lead */
  keywords?: readonly string[];
}

export type Analyzer = (text: string, opts?: AnalyzeOptions) => TextAnalysis;

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0;
}

/**
 * Clamp a classification and a sentiment into what is stored: every score in its range and a
 * missing class at 0, so a model bug can never write NaN or a value the inbox filters misread.
 */
export function normalizeAnalysis(c: IntentClassification, sentiment: number): TextAnalysis {
  const scores = Object.fromEntries(INTENTS.map((i) => [i, clamp(c.scores[i] ?? 0, 0, 1)])) as Record<
    Intent,
    number
  >;
  return {
    intent: (INTENTS as readonly string[]).includes(c.intent) ? c.intent : 'other',
    scores,
    lead_score: clamp(c.lead_score, 0, 1),
    model_version: c.model_version,
    sentiment: clamp(sentiment, -1, 1),
  };
}

/** Combine an intent classifier and a sentiment scorer into one `Analyzer`. */
export function createAnalyzer(
  classify: (text: string, opts: AnalyzeOptions) => IntentClassification,
  sentiment: (text: string) => number,
): Analyzer {
  return (text, opts = {}) => normalizeAnalysis(classify(text, opts), sentiment(text));
}
