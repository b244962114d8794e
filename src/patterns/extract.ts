import { round3 } from '../lib/math.js';
import type { EmotionTrajectory } from '../nlp/emotion-trajectory.js';
import type { Sentence } from '../nlp/sentences.js';
import type { Token } from '../nlp/tokenize.js';
import {
  emotionPatterns,
  type EmotionPattern,
  type EmotionThresholds,
  type EmotionVector,
} from './emotions.js';
import { detectHooks, type HookPattern } from './hooks.js';
import { strengthBreakdown } from './strength.js';
import { analyzeStructure, structureScore, type StructurePattern } from './structure.js';
import { buildContext } from './text-context.js';

export interface Sentiment {
  compound: number;
  positive: number;
  negative: number;
  neutral: number;
}

/** What the pattern engine needs from src/nlp for one text (the shape of analyzeText). */
export interface TextAnalysis {
  tokens: readonly Token[];
  sentences: readonly Sentence[];
  sentiment: Sentiment;
  emotions: EmotionVector;
}

/** The text analysis the engine runs on: analyzeText, clickbaitScore and the emotion model's thresholds in production (nlp.ts). */
export interface Nlp {
  analyze(text: string): TextAnalysis;
  clickbait(tokens: readonly Token[]): number;
  emotionThresholds: EmotionThresholds;
  /**
   * The emotion trajectory of a text of more than one sentence, from its analysis (SPEC §2.2);
   * without it no trajectory is reported.
   */
  trajectory?(text: string, analysis: TextAnalysis): EmotionTrajectory;
}

/** Everything that depends on the content alone (cacheable by content). */
export interface ContentPatterns {
  hook_patterns: HookPattern[];
  emotion_patterns: EmotionPattern[];
  /** one element, as in the seed */
  structure_patterns: [StructurePattern];
  pattern_strength: number;
  /** added: the full emotion vector (neutral included) */
  emotion_vector: EmotionVector;
  /** added: VADER-style sentiment of the whole post */
  sentiment: Sentiment;
  /** added: how much the opening reads like an attention-engineered headline, 0..1 */
  clickbait_score: number;
  /** added: the structure input of pattern strength, 0..1 */
  structure_score: number;
  /** added: how the emotions move from sentence to sentence (posts of more than one sentence) */
  emotion_trajectory?: EmotionTrajectory;
}

export interface PatternResult extends ContentPatterns {
  /** the post's engagement_rate, as in the seed */
  engagement_score: number;
}

// Three decimals are all a client can use, and 17-digit floats tripled the response size.
function roundEmotions(e: EmotionVector): EmotionVector {
  return {
    anger: round3(e.anger),
    disgust: round3(e.disgust),
    fear: round3(e.fear),
    joy: round3(e.joy),
    sadness: round3(e.sadness),
    surprise: round3(e.surprise),
    excitement: round3(e.excitement),
    neutral: round3(e.neutral),
  };
}

function roundSentiment(s: Sentiment): Sentiment {
  return {
    compound: round3(s.compound),
    positive: round3(s.positive),
    negative: round3(s.negative),
    neutral: round3(s.neutral),
  };
}

/** Hooks, emotions, structure and strength of a text. Pure given `nlp`. */
export function extractContentPatterns(content: string, nlp: Nlp): ContentPatterns {
  const analysis = nlp.analyze(content);
  const ctx = buildContext(content, analysis.tokens, analysis.sentences);
  const clickbait = analysis.tokens.length > 0 ? nlp.clickbait(analysis.tokens) : 0;
  const hooks = detectHooks(ctx, clickbait);
  const emotions = emotionPatterns(analysis.emotions, nlp.emotionThresholds);
  const structure = analyzeStructure(ctx);
  const sScore = structureScore(structure);
  const { strength } = strengthBreakdown({
    hookConfidences: hooks.map((h) => h.confidence),
    clickbait,
    emotionEvidence: emotions.map((e) => e.intensity * e.confidence),
    structure: sScore,
  });
  const patterns: ContentPatterns = {
    hook_patterns: hooks,
    emotion_patterns: emotions,
    structure_patterns: [structure],
    pattern_strength: strength,
    emotion_vector: roundEmotions(analysis.emotions),
    sentiment: roundSentiment(analysis.sentiment),
    clickbait_score: round3(clickbait),
    structure_score: sScore,
  };
  if (nlp.trajectory && analysis.sentences.length > 1) {
    patterns.emotion_trajectory = nlp.trajectory(content, analysis);
  }
  return patterns;
}

/** Add the post-specific engagement score to content patterns (which may come from a cache). */
export function withEngagement(patterns: ContentPatterns, engagementRate: number): PatternResult {
  return { ...patterns, engagement_score: engagementRate };
}

/** Patterns of one post. */
export function extractPatterns(post: { content: string; engagement_rate: number }, nlp: Nlp): PatternResult {
  return withEngagement(extractContentPatterns(post.content, nlp), post.engagement_rate);
}
