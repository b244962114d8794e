import { clampFiniteOrZero } from '../lib/math.js';
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
  /** what decided `intent` (the model and its score, or the phrase that matched) */
  evidence?: readonly string[];
}

export interface TextAnalysis extends IntentClassification {
  /** compound sentiment −1…1 */
  sentiment: number;
  evidence: string[];
}

/** At most this many evidence strings of at most 200 characters each are stored. */
const MAX_EVIDENCE = 8;

export interface AnalyzeOptions {
  /** the creators' trigger keywords (from the enabled DM rules): a reply with one is a lead */
  keywords?: readonly string[];
}

export type Analyzer = (text: string, opts?: AnalyzeOptions) => TextAnalysis;

/**
 * Clamp a classification and a sentiment into what is stored: every score in its range and a
 * missing class at 0, so a model bug can never write NaN or a value the inbox filters misread.
 */
export function normalizeAnalysis(c: IntentClassification, sentiment: number): TextAnalysis {
  const scores = Object.fromEntries(
    INTENTS.map((i) => [i, clampFiniteOrZero(c.scores[i] ?? 0, 0, 1)]),
  ) as Record<Intent, number>;
  return {
    intent: (INTENTS as readonly string[]).includes(c.intent) ? c.intent : 'other',
    scores,
    lead_score: clampFiniteOrZero(c.lead_score, 0, 1),
    model_version: c.model_version,
    sentiment: clampFiniteOrZero(sentiment, -1, 1),
    evidence: (c.evidence ?? []).slice(0, MAX_EVIDENCE).map((e) => String(e).slice(0, 200)),
  };
}

const handle = (h: string): string => h.replace(/^@/, '').toLowerCase();

/** Whether a comment was written by the author of its post (handles compared without @, ignoring case). */
export function isCreatorReply(c: { author: string; post_author: string | null }): boolean {
  return c.post_author !== null && handle(c.author) === handle(c.post_author);
}

/**
 * The stored analysis of the creator's own reply: whatever its words ("check your DMs 📩",
 * "the link is in my bio"), it is nobody's purchase intent, question or spam — intent `other`
 * with certainty and no lead — while its sentiment stays what the text says.
 */
export function creatorReplyAnalysis(a: TextAnalysis): TextAnalysis {
  const scores = Object.fromEntries(INTENTS.map((i) => [i, i === 'other' ? 1 : 0])) as Record<Intent, number>;
  return { ...a, intent: 'other', scores, lead_score: 0, evidence: ["the post author's own reply"] };
}

/**
 * What the pipeline stores for one comment: the analyzer's reading of its text, or, for the
 * creator's own reply, creatorReplyAnalysis of it.
 */
export function analyseComment(
  c: { comment_id: string; text: string; author: string; post_author: string | null },
  analyzer: Analyzer,
): TextAnalysis & { comment_id: string } {
  const a = analyzer(c.text);
  return { comment_id: c.comment_id, ...(isCreatorReply(c) ? creatorReplyAnalysis(a) : a) };
}

/** Combine an intent classifier and a sentiment scorer into one `Analyzer`. */
export function createAnalyzer(
  classify: (text: string, opts: AnalyzeOptions) => IntentClassification,
  sentiment: (text: string) => number,
): Analyzer {
  return (text, opts = {}) => normalizeAnalysis(classify(text, opts), sentiment(text));
}
