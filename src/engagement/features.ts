/**
 * What the engagement model reads in a post: every feature the pattern engine extracts, as one
 * fixed-length vector of numbers. Format and structure, the 14 hooks (their confidence), the
 * emotion vector and its intensity, sentiment, the clickbait and pattern-strength scores, and
 * when the post went out (hour of the UTC day in 4-hour bins, weekend).
 *
 * The catalogue below is the single place a feature is named, grouped and said in words; the
 * vector's order is the catalogue's order. Pure: no I/O, no clock (the publishing time is given).
 */
import { EMOTION_TYPES, HOOK_TYPES, type ContentPatterns } from '../patterns/index.js';

export const FEATURE_GROUPS = ['format', 'hook', 'emotion', 'sentiment', 'score', 'timing'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

export interface FeatureInfo {
  /** `group:name`, e.g. `format:link`, `hook:question`, `timing:hour_16_20` */
  key: string;
  group: FeatureGroup;
  /**
   * `presence`: 0/1 (or a hook's confidence, 1 = surely there); its effect is said for posts that
   * have it. `graded`: a quantity; its effect is said per `step`.
   */
  kind: 'presence' | 'graded';
  /** the posts the effect is about, as the subject of "… do 40 % worse for you" */
  subject: string;
  /** graded features: the change the effect is reported for, in the feature's units */
  step: number;
}

const presence = (key: string, group: FeatureGroup, subject: string): FeatureInfo => ({
  key,
  group,
  kind: 'presence',
  subject,
  step: 1,
});
const graded = (key: string, group: FeatureGroup, subject: string, step: number): FeatureInfo => ({
  key,
  group,
  kind: 'graded',
  subject,
  step,
});

const HOOK_WORDS: Record<(typeof HOOK_TYPES)[number], string> = {
  discovery: 'a discovery hook ("just discovered")',
  statistical: 'a number hook ("up 40 %")',
  transformation_story: 'a before-and-after hook',
  curiosity_gap: 'a curiosity-gap hook ("here\'s why")',
  urgency: 'an urgency hook ("breaking")',
  question: 'a question hook',
  listicle: 'a list hook ("7 ways")',
  how_to: 'a how-to hook',
  contrarian: 'a contrarian hook ("unpopular opinion")',
  personal_story: 'a personal-story hook',
  social_proof: 'a social-proof hook ("10k people")',
  direct_address: 'a direct-address hook ("if you\'re…")',
  scarcity: 'a scarcity hook ("last chance")',
  call_to_action: 'a call to action',
};

/** Posting hours are binned by 4 hours of the UTC day (the account's time zone is not known). */
export const HOUR_BIN_HOURS = 4;
const HOUR_BINS = 24 / HOUR_BIN_HOURS;
const pad2 = (h: number): string => String(h).padStart(2, '0');

/** The features, in vector order. */
export const FEATURES: readonly FeatureInfo[] = [
  presence('format:link', 'format', 'posts with a link'),
  presence('format:hashtags', 'format', 'posts with hashtags'),
  presence('format:mentions', 'format', 'posts that mention an account'),
  presence('format:emoji', 'format', 'posts with emoji'),
  presence('format:ends_with_question', 'format', 'posts that end with a question'),
  presence('format:thread', 'format', 'posts marked as a thread'),
  presence('format:list', 'format', 'posts laid out as a list'),
  presence('format:line_breaks', 'format', 'posts over several lines'),
  graded('format:length', 'format', 'posts twice as long', 1),
  graded('format:sentences', 'format', 'posts with one more sentence', 1),
  presence('format:digits', 'format', 'posts with figures in the text'),
  presence('format:capitals', 'format', 'posts with a word in capitals'),
  presence('format:exclamation', 'format', 'posts with an exclamation mark'),
  ...HOOK_TYPES.map((h) => presence(`hook:${h}`, 'hook', `posts with ${HOOK_WORDS[h]}`)),
  graded('emotion:intensity', 'emotion', 'more emotional posts (+0.25 emotional intensity)', 0.25),
  ...EMOTION_TYPES.map((e) => graded(`emotion:${e}`, 'emotion', `posts with more ${e} (+0.25)`, 0.25)),
  graded('sentiment:compound', 'sentiment', 'more positive posts (+0.5 sentiment)', 0.5),
  graded('sentiment:negative', 'sentiment', 'posts with more negative wording (+0.25)', 0.25),
  graded('score:clickbait', 'score', 'more headline-like openings (+0.25 clickbait score)', 0.25),
  graded('score:pattern_strength', 'score', 'posts with more pattern craft (+0.25 pattern strength)', 0.25),
  ...Array.from({ length: HOUR_BINS }, (_, b) => {
    const from = b * HOUR_BIN_HOURS;
    return presence(
      `timing:hour_${pad2(from)}_${pad2(from + HOUR_BIN_HOURS)}`,
      'timing',
      `posts published ${pad2(from)}:00–${pad2(from + HOUR_BIN_HOURS)}:00 UTC`,
    );
  }),
  presence('timing:weekend', 'timing', 'posts published at the weekend (UTC)'),
];

export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_KEYS: readonly string[] = FEATURES.map((f) => f.key);

/** A post as the model reads it: its text, the engine's patterns of that text, and when it went out. */
export interface FeatureInput {
  content: string;
  patterns: ContentPatterns;
  /** publishing (or planned) time, ms since the epoch */
  publishedAt: number;
}

// Links, mentions and hashtags are stripped before the figure and capitals checks: "#2A" and a
// URL's digits are not figures the reader sees in the sentence. Each pattern is one character
// class repeated, so the scan is linear.
const NOT_PROSE = /(?:https?:\/\/|www\.)\S*|[@#][\p{L}\p{N}_]+/giu;
const DIGIT = /\p{Nd}/u;
// a word of two or more letters, all capitals ("NOW", "ACA"), not glued to other letters
const CAPITAL_WORD = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/u;
const EXCLAMATION = /[!！]/u;

/** The post's feature vector, in FEATURES order. */
export function engagementFeatures(input: FeatureInput): Float64Array {
  const { patterns } = input;
  const s = patterns.structure_patterns[0];
  const prose = input.content.replace(NOT_PROSE, ' ');
  const x = new Float64Array(FEATURE_COUNT);
  let i = 0;
  x[i++] = s.link_count > 0 ? 1 : 0;
  x[i++] = s.hashtag_count > 0 ? 1 : 0;
  x[i++] = s.mention_count > 0 ? 1 : 0;
  x[i++] = s.emoji_count > 0 ? 1 : 0;
  x[i++] = s.ends_with_question ? 1 : 0;
  x[i++] = s.has_thread_indicator ? 1 : 0;
  x[i++] = s.has_list ? 1 : 0;
  x[i++] = s.line_count > 1 ? 1 : 0;
  x[i++] = Math.log2(1 + s.word_count);
  // past five sentences a post is simply long; the length feature already says so
  x[i++] = Math.min(s.sentence_count, 5);
  x[i++] = DIGIT.test(prose) ? 1 : 0;
  x[i++] = CAPITAL_WORD.test(prose) ? 1 : 0;
  x[i++] = EXCLAMATION.test(prose) ? 1 : 0;
  for (const type of HOOK_TYPES) {
    let confidence = 0;
    for (const h of patterns.hook_patterns)
      if (h.type === type) confidence = Math.max(confidence, h.confidence);
    x[i++] = confidence;
  }
  const e = patterns.emotion_vector;
  x[i++] = 1 - e.neutral;
  for (const type of EMOTION_TYPES) x[i++] = e[type];
  x[i++] = patterns.sentiment.compound;
  x[i++] = patterns.sentiment.negative;
  x[i++] = patterns.clickbait_score;
  x[i++] = patterns.pattern_strength;
  const at = new Date(input.publishedAt);
  const bin = Math.floor(at.getUTCHours() / HOUR_BIN_HOURS);
  for (let b = 0; b < HOUR_BINS; b++) x[i++] = b === bin ? 1 : 0;
  const day = at.getUTCDay();
  x[i++] = day === 0 || day === 6 ? 1 : 0;
  return x;
}
