import { round3 } from '../lib/math.js';
import { wordCount } from '../nlp/tokenize.js';
import { emojiKey } from './cue-matcher.js';
import type { TextContext } from './text-context.js';

export type LengthCategory = 'short' | 'medium' | 'long';

/**
 * The seed's five structure fields plus the rest of SPEC §2.2. Counts are Unicode-aware: a
 * word is a word, number, hashtag, mention or link token, each CJK character is one word, and
 * emoji are counted apart (see src/nlp/tokenize.ts).
 */
export interface StructurePattern {
  length_category: LengthCategory;
  has_thread_indicator: boolean;
  sentence_count: number;
  /** at 200 words per minute, rounded up to the whole second (1 word → 1 s, 16 words → 5 s) */
  reading_time_seconds: number;
  word_count: number;
  /** non-empty lines */
  line_count: number;
  /** which thread markers were found: "🧵", "1/", "(thread)", "thread:" */
  thread_markers: string[];
  /** lines that start with a bullet, "1." / "1)" or a keycap emoji */
  list_item_count: number;
  has_list: boolean;
  hashtags: string[];
  hashtag_count: number;
  mentions: string[];
  mention_count: number;
  link_count: number;
  emoji_count: number;
  /** emoji per word (0 when there are no words) */
  emoji_density: number;
  /** the last sentence ends with "?" (trailing emoji and hashtags ignored) */
  ends_with_question: boolean;
}

export const WORDS_PER_MINUTE = 200;
export const SHORT_BELOW_WORDS = 20;
export const MEDIUM_BELOW_WORDS = 100;

/** Seconds to read `words` words at 200 wpm, rounded up: ⌈words · 60 / 200⌉. */
export function readingTimeSeconds(words: number): number {
  return Math.ceil((words * 60) / WORDS_PER_MINUTE);
}

export function lengthCategory(words: number): LengthCategory {
  if (words < SHORT_BELOW_WORDS) return 'short';
  if (words < MEDIUM_BELOW_WORDS) return 'medium';
  return 'long';
}

/**
 * "1/" opening a thread, not a fraction or a date: the "1" stands alone (not "21/7", "11/"), and
 * what follows is a space, the end of a line, an emoji, a bracket, "n"/"x" ("1/n"), or a total
 * that ends the line or precedes an emoji ("1/5 🧵"). "1/2 cup" is a fraction. Every quantifier
 * is bounded and the lookbehind is one character, so the scan is linear.
 */
const THREAD_COUNTER_RE =
  /(?<![\p{L}\p{N}/.,])1\/(?:[nx](?![\p{L}\p{N}])|\d{1,3}(?=[ \t]{0,8}(?:$|[)\]]|\p{Extended_Pictographic}))|(?=\s|$|[)\]]|\p{Extended_Pictographic}))/imu;

const BULLETS = new Set(['-', '•', '*', '–', '—', '▪', '▸', '►', '→', '·', '◦']);
const BULLET_EMOJI = new Set([
  '✅',
  '✔',
  '☑',
  '👉',
  '➡',
  '🔹',
  '🔸',
  '▶',
  '📌',
  '💡',
  '⚡',
  '🔥',
  '✨',
  '❌',
]);
const KEYCAP_RE = /^[0-9#*]\uFE0F?\u20E3$/u;

/** Structure of a post from its context. */
export function analyzeStructure(ctx: TextContext): StructurePattern {
  const { tokens } = ctx;
  const words = wordCount(tokens);
  const hashtags: string[] = [];
  const mentions: string[] = [];
  const markers: string[] = [];
  let links = 0;
  let emoji = 0;
  let listItems = 0;
  let threadWord = false;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case 'hashtag':
        if (!hashtags.includes(t.norm) && hashtags.length < 30) hashtags.push(t.norm);
        break;
      case 'mention':
        if (!mentions.includes(t.norm) && mentions.length < 30) mentions.push(t.norm);
        break;
      case 'url':
        links++;
        break;
      case 'emoji':
        emoji++;
        if (!markers.includes('🧵') && emojiKey(t.norm) === '🧵') markers.push('🧵');
        break;
      case 'word':
        if (t.norm === 'thread') threadWord = true;
        break;
      case 'number':
      case 'punct':
        break;
    }
    if (ctx.lineStart[i] === 1 && isListMarker(ctx, i)) listItems++;
  }

  if (threadWord) {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.norm !== 'thread') continue;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (prev?.norm === '(' && next?.norm === ')' && !markers.includes('(thread)')) markers.push('(thread)');
      if (next?.norm === ':' && next.start === tokens[i]!.end && !markers.includes('thread:'))
        markers.push('thread:');
    }
  }
  if (THREAD_COUNTER_RE.test(ctx.text)) markers.push('1/');

  return {
    length_category: lengthCategory(words),
    has_thread_indicator: markers.length > 0,
    sentence_count: ctx.sentences.length,
    reading_time_seconds: readingTimeSeconds(words),
    word_count: words,
    line_count: ctx.lineCount,
    thread_markers: markers,
    list_item_count: listItems,
    has_list: listItems >= 2,
    hashtags,
    hashtag_count: hashtags.length,
    mentions,
    mention_count: mentions.length,
    link_count: links,
    emoji_count: emoji,
    emoji_density: words > 0 ? round3(emoji / words) : 0,
    ends_with_question: endsWithQuestion(ctx),
  };
}

function isListMarker(ctx: TextContext, i: number): boolean {
  const t = ctx.tokens[i]!;
  const next = ctx.tokens[i + 1];
  switch (t.kind) {
    case 'punct':
      return BULLETS.has(t.norm) && next !== undefined && ctx.lineOf[i + 1] === ctx.lineOf[i];
    case 'emoji':
      return KEYCAP_RE.test(t.norm) || BULLET_EMOJI.has(emojiKey(t.norm));
    case 'number':
      // "1." / "2)" glued to the number; "1.5" is one number token, so it never gets here
      return (
        /^\d{1,2}$/.test(t.norm) &&
        next !== undefined &&
        next.start === t.end &&
        (next.norm === '.' || next.norm === ')') &&
        ctx.lineOf[i + 1] === ctx.lineOf[i]
      );
    case 'word':
    case 'url':
    case 'mention':
    case 'hashtag':
      return false;
  }
}

function endsWithQuestion(ctx: TextContext): boolean {
  const { tokens } = ctx;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'emoji' || t.kind === 'hashtag') continue;
    return t.kind === 'punct' && (t.norm.includes('?') || t.norm.includes('？'));
  }
  return false;
}

/**
 * How much the layout itself helps a post travel, 0..1 (the structure input of pattern strength):
 *   0.30 · length fit   (medium 1; short ≥ 8 words 0.6; short < 8 words 0.3; long 0.5, or 1 as a thread)
 * + 0.25 · scannable    (≥ 3 lines or a list 1; 2 lines 0.6; 1 line 0)
 * + 0.15 · thread indicator
 * + 0.15 · ends with a question (invites replies)
 * + 0.10 · emoji        (0 < per word ≤ 0.2: 1; more: 0.4; none: 0)
 * + 0.05 · hashtags     (1–3: 1; otherwise 0)
 */
export function structureScore(s: StructurePattern): number {
  const lengthFit =
    s.length_category === 'medium'
      ? 1
      : s.length_category === 'long'
        ? s.has_thread_indicator
          ? 1
          : 0.5
        : s.word_count >= 8
          ? 0.6
          : 0.3;
  const scannable = s.line_count >= 3 || s.has_list ? 1 : s.line_count === 2 ? 0.6 : 0;
  const emoji = s.emoji_count === 0 ? 0 : s.emoji_density <= 0.2 ? 1 : 0.4;
  const hashtags = s.hashtag_count >= 1 && s.hashtag_count <= 3 ? 1 : 0;
  const score =
    0.3 * lengthFit +
    0.25 * scannable +
    0.15 * (s.has_thread_indicator ? 1 : 0) +
    0.15 * (s.ends_with_question ? 1 : 0) +
    0.1 * emoji +
    0.05 * hashtags;
  return round3(Math.min(1, score));
}
