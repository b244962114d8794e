/**
 * Hashed features of the emotion model, shared by training (scripts/train-emotions.ts) and
 * inference (emotions.ts) so both see exactly the same vector.
 *
 * - unigrams of word, emoji, emoticon and punctuation terms; elongations resolved to their
 *   dictionary spelling ("goooood" → "good", "happyyy" → "happy"), emoji without skin tone or
 *   variation selector, hashtags by their word, numbers / links / mentions as placeholders;
 * - emoji also add the word features of their emojilib keywords (😡 → angry, mad, rage…);
 * - negation: a word in the scope of a negator (negation.ts) becomes its own feature
 *   "NOT_word" (Das & Chen 2001; Pang, Lee & Vaithyanathan 2002), so "not happy" does not
 *   carry the evidence of "happy";
 * - intensity: the feature value of a word is scaled ×1.5 after a booster ("so happy"), ×0.5
 *   after a dampener ("kinda happy"), ×1.5 when the word alone is in ALL CAPS or elongated.
 *   Boosters themselves are not features, so an intensifier can only strengthen what the
 *   word already says, whichever way the model learned it;
 * - bigrams of adjacent terms (boosters skipped), with sentence-start and end markers;
 * - cues: number of "!" (capped), of emoji, and whether the text shouts (ALL CAPS);
 * - excitement cues (emotion-hype-cues.ts): how many hype words, phrases and emoji the text has
 *   (`ec:hype`, capped at 2; a negated word does not count) and how many superlatives
 *   (`ec:hype_weak`): one shared weight per list, so the rare members borrow the evidence of
 *   the frequent ones.
 */
import { fnv1a, type FeatureVector } from './linear.js';
import emojilib from 'emojilib' with { type: 'json' };
import { BOOSTERS, markNegated, resolveElongation, squashElongation } from './negation.js';
import {
  HYPE_EMOJI,
  HYPE_PHRASES,
  HYPE_WEAK_WORDS,
  HYPE_WORDS,
  MAX_HYPE_COUNT,
} from './emotion-hype-cues.js';
import { SENTIMENT_LEXICON } from './sentiment.js';
import type { EmotionWord } from './token.js';
import type { Token } from './tokenize.js';

/** Bump when anything below changes the vector: a model records the version it was trained with. */
export const EMOTION_FEATURES_VERSION = 'emotion-features.v2';

const NS_UNIGRAM = fnv1a('eu:');
const NS_NEGATED = fnv1a('en:');
const NS_BIGRAM = fnv1a('eb:');
const NS_CUE = fnv1a('ec:');
const FNV_PRIME = 0x01000193;
const H_BOS = Math.imul(fnv1a('<s>', NS_BIGRAM) ^ 0x20, FNV_PRIME) >>> 0;
const H_EOS = '</s>';
const CUE_EXCLAMATION = fnv1a('exclamations', NS_CUE);
const CUE_EMOJI = fnv1a('emoji', NS_CUE);
const CUE_SHOUT = fnv1a('shout', NS_CUE);
const CUE_QUESTION = fnv1a('question', NS_CUE);
const CUE_HYPE = fnv1a('hype', NS_CUE);
const CUE_HYPE_WEAK = fnv1a('hype_weak', NS_CUE);

/**
 * Hashes of the features that only the excitement output learns from: the Ekman outputs are
 * trained without them (scripts/train-emotions.ts), so adding the excitement cues left Ekman's
 * six and neutral exactly as they were.
 */
export const EXCITEMENT_ONLY_FEATURES: readonly number[] = [CUE_HYPE, CUE_HYPE_WEAK];

const BOOST = 1.5;
const DAMPEN = 0.5;
const EMPHASIS = 1.5;

const EMOJI_VARIANTS_RE = /[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu;

function stripEmojiVariants(emoji: string): string {
  return emoji.replace(EMOJI_VARIANTS_RE, '') || emoji;
}

/** A word VADER's lexicon (or its booster/negation lists) knows: the dictionary for elongations. */
function isKnownWord(word: string): boolean {
  return KNOWN_WORDS.has(word);
}

const MAX_EMOJI_KEYWORDS = 8;

/**
 * Emoji → descriptive keywords from emojilib (muan/emojilib: "angry", "mad", "rage" for 😡).
 * An emoji also contributes its keywords' word features, so the many emoji that Reddit
 * comments rarely use still carry the evidence the model learned for those words.
 */
const EMOJI_KEYWORDS: ReadonlyMap<string, { hashes: Int32Array; value: number }> = new Map(
  Object.entries(emojilib as unknown as Record<string, unknown>).map(([emoji, words]) => {
    const list: unknown[] = Array.isArray(words) ? words : [];
    const keywords = list
      .filter((w): w is string => typeof w === 'string' && /^[a-z]+$/.test(w))
      .slice(0, MAX_EMOJI_KEYWORDS);
    return [
      stripEmojiVariants(emoji),
      {
        hashes: Int32Array.from(keywords, (w) => fnv1a(w, NS_UNIGRAM)),
        // unit total weight, so an emoji counts like one word however many keywords it has
        value: keywords.length > 0 ? 1 / Math.sqrt(keywords.length) : 0,
      },
    ];
  }),
);

/** The term a token contributes, or '' when it contributes none. */
export function emotionTerm(t: Token): string {
  switch (t.kind) {
    case 'word':
      return resolveElongation(t.norm, isKnownWord);
    case 'emoji':
      return t.norm.length > 1 ? stripEmojiVariants(t.norm) : t.norm;
    case 'hashtag':
      return resolveElongation(t.norm.slice(1), isKnownWord);
    case 'number':
      return '<num>';
    case 'url':
      return '<url>';
    case 'mention':
      return '<mention>';
    case 'punct':
      return punctTerm(t.norm);
  }
}

function punctTerm(norm: string): string {
  const c = norm.charCodeAt(0);
  if (c !== 33 && c !== 63) return norm.charCodeAt(0) === 46 && norm.length > 1 ? '...' : norm;
  // "!!!!" → "!!", "?!?" → "?!": runs longer than two add nothing a cue does not say
  let bang = false;
  let question = false;
  for (let i = 0; i < norm.length; i++) {
    if (norm.charCodeAt(i) === 33) bang = true;
    else question = true;
  }
  if (bang && question) return '?!';
  if (norm.length === 1) return norm;
  return bang ? '!!' : '??';
}

function isUpperWord(text: string): boolean {
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper++;
  }
  return upper >= 2;
}

function isClauseBreak(t: Token): boolean {
  if (t.kind !== 'punct') return false;
  const c = t.norm.charCodeAt(0);
  return c === 46 || c === 33 || c === 63 || c === 44 || c === 59 || c === 0x2026;
}

let negatedScratch = new Uint8Array(256);
let upperScratch = new Uint8Array(256);
const KNOWN_WORDS = SENTIMENT_LEXICON.words;
const BOOSTER_OF = BOOSTERS;

// Results of hashTerm, kept in module variables so the hot loop allocates nothing.
let hUnigram = 0;
let hBigram = 0;
let hNext = 0;

/** FNV-1a of `term` from three seeds in one pass: its unigram, its bigram after the previous term, and the seed of the next bigram. */
function hashTerm(term: string, unigramSeed: number, bigramSeed: number): void {
  let a = unigramSeed;
  let b = bigramSeed;
  let c = NS_BIGRAM;
  for (let k = 0; k < term.length; k++) {
    const code = term.charCodeAt(k);
    a = Math.imul(a ^ code, FNV_PRIME) >>> 0;
    b = Math.imul(b ^ code, FNV_PRIME) >>> 0;
    c = Math.imul(c ^ code, FNV_PRIME) >>> 0;
  }
  hUnigram = a;
  hBigram = b;
  hNext = Math.imul(c ^ 0x20, FNV_PRIME) >>> 0;
}

/** What a word contributes, from its norm alone (kept on the token's WordMemo by the caller). */
function wordInfo(norm: string): EmotionWord {
  const two = squashElongation(norm);
  const term = two === norm ? norm : resolveElongation(norm, isKnownWord);
  hashTerm(term, NS_UNIGRAM, 0);
  const unigram = hUnigram;
  const next = hNext;
  const hype =
    HYPE_WORDS.has(term) || (two !== norm && HYPE_WORDS.has(two)) ? 1 : HYPE_WEAK_WORDS.has(term) ? 2 : 0;
  return {
    term,
    elongated: term !== norm,
    booster: BOOSTER_OF.get(term),
    unigram,
    negated: fnv1a(term, NS_NEGATED),
    next,
    hype,
    phrase: HYPE_PHRASES.get(term),
  };
}

function isHyphen(t: Token): boolean {
  return t.kind === 'punct' && (t.norm === '-' || t.norm === '\u2010' || t.norm === '\u2011');
}

/**
 * Append the emotion features of `tokens` to `out` (bucket = hash & mask).
 * Linear in the number of tokens; allocates only when a term needs squashing or `out` grows.
 */
export function emotionFeatures(tokens: readonly Token[], mask: number, out: FeatureVector): FeatureVector {
  const n = tokens.length;
  if (negatedScratch.length < n) {
    negatedScratch = new Uint8Array(n * 2);
    upperScratch = new Uint8Array(n * 2);
  }
  const negated = markNegated(tokens, negatedScratch);
  const upper = upperScratch;
  let words = 0;
  let upperWords = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    upper[i] = 0;
    if (t.kind === 'word' && t.text.length >= 2) {
      words++;
      if (isUpperWord(t.text)) {
        upper[i] = 1;
        upperWords++;
      }
    }
  }
  const shouting = words >= 2 && upperWords === words;

  let prevBigram = H_BOS;
  let scale = 1;
  let exclamations = 0;
  let questions = 0;
  let emoji = 0;
  let hype = 0;
  let hypeWeak = 0;
  let phrase: ReadonlySet<string> | undefined;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const value = scale;
    if (t.kind === 'word') {
      const w = (t.memo.emotion ??= wordInfo(t.norm));
      if (phrase !== undefined && phrase.has(w.term)) hype++;
      if (w.hype !== 0 && negated[i] !== 1) {
        if (w.hype === 1) hype++;
        else hypeWeak++;
      }
      phrase = w.phrase;
      if (w.booster !== undefined) {
        // "so", "really", "kinda": no feature of their own, they scale the next word
        scale = w.booster > 0 ? BOOST : DAMPEN;
        continue;
      }
      let v = value;
      if (!shouting && upper[i] === 1) v *= EMPHASIS;
      if (w.elongated) v *= EMPHASIS;
      let b = prevBigram;
      const term = w.term;
      for (let k = 0; k < term.length; k++) b = Math.imul(b ^ term.charCodeAt(k), FNV_PRIME) >>> 0;
      out.add(negated[i] === 1 ? w.negated : w.unigram, mask, v);
      out.add(b, mask);
      prevBigram = w.next;
      scale = 1;
      continue;
    }
    if (!isHyphen(t)) phrase = undefined;
    if (t.kind === 'emoji') emoji++;
    else if (t.kind === 'punct') {
      for (let k = 0; k < t.norm.length; k++) {
        const c = t.norm.charCodeAt(k);
        if (c === 33) exclamations++;
        else if (c === 63) questions++;
      }
    }
    const term = emotionTerm(t);
    hashTerm(term, negated[i] === 1 ? NS_NEGATED : NS_UNIGRAM, prevBigram);
    out.add(hUnigram, mask, value);
    if (t.kind === 'emoji') {
      if (HYPE_EMOJI.has(term)) hype++;
      const keywords = EMOJI_KEYWORDS.get(term);
      if (keywords !== undefined) {
        for (let k = 0; k < keywords.hashes.length; k++)
          out.add(keywords.hashes[k]!, mask, keywords.value * value);
      }
    }
    out.add(hBigram, mask);
    prevBigram = hNext;
    if (isClauseBreak(t)) scale = 1;
  }
  if (n > 0) out.add(fnv1a(H_EOS, prevBigram), mask);
  if (exclamations > 0) out.add(CUE_EXCLAMATION, mask, Math.min(exclamations, 3));
  if (questions > 0) out.add(CUE_QUESTION, mask, Math.min(questions, 3));
  if (emoji > 0) out.add(CUE_EMOJI, mask, Math.min(emoji, 3));
  if (shouting) out.add(CUE_SHOUT, mask);
  if (hype > 0) out.add(CUE_HYPE, mask, Math.min(hype, MAX_HYPE_COUNT));
  if (hypeWeak > 0) out.add(CUE_HYPE_WEAK, mask, Math.min(hypeWeak, MAX_HYPE_COUNT));
  return out;
}
