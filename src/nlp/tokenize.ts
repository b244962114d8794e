/**
 * Unicode-aware tokenizer for short social text.
 *
 * Speed matters here (every post and reply goes through it), so ASCII — most of any post — is
 * scanned by character code with a class table, and only a token that starts with, or runs
 * into, a non-ASCII character is matched by a sticky Unicode regex anchored at that position.
 * Every loop advances, and no regex alternative can backtrack across more than one token, so
 * 100 KB of adversarial text costs linear time.
 */
import * as chars from './chars.js';
import { emojiEnd, emoticonEnd } from './emoji.js';
import * as intern from './intern.js';
import type { Token } from './token.js';

// Module-local copies of what the scanning loops read per character (see "module-local copies"
// in nlp/index.ts): an imported binding is read through its module cell on every use.
const { APOSTROPHE, ASCII_CLASS, DIGIT, LOWER, RIGHT_SINGLE_QUOTE, SPACE, UPPER } = chars;
const { isAsciiAlnum, isAsciiLetter, isSpaceCode, isUnicodeSpace } = chars;
const { HASH_PRIME, HASH_SEED, NORM_AS_IS, NORM_LOWER, NORM_WORD, internedToken, makeToken } = intern;

export type { Token } from './token.js';

// Han, Hiragana and Katakana are written without spaces: each character is one word token, which
// is what word counts and reading time need (Hangul uses spaces and stays in ordinary words).
const CJK = String.raw`[\p{L}&&[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}]]`;
const WORD_CHAR = String.raw`[[\p{L}\p{M}]--${CJK}]`;

// Fallback for tokens that start with, or contain, a non-ASCII character. The `v` flag is for
// the set difference above; it is built with `new RegExp` because the compile target predates it.
const UNICODE_TOKEN_RE = new RegExp(
  [
    String.raw`(?<word>[\p{L}--${CJK}](?:${WORD_CHAR}|\p{N})*(?:['’]${WORD_CHAR}+)*)`,
    String.raw`(?<cjk>${CJK})`,
    String.raw`(?<number>[$€£]?\p{N}+(?:[.,:]\p{N}+)*%?)`,
    String.raw`(?<emoji>\p{RI}{2}|\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F|\u20E3|[\u{E0020}-\u{E007F}])*(?:\u200D\p{Extended_Pictographic}(?:\p{EMod}|\uFE0F|[\u{E0020}-\u{E007F}])*)*)`,
    String.raw`(?<punct>…|[^\s\p{L}\p{N}])`,
  ].join('|'),
  'vy',
);
const SKIP_RE = /[\s\p{M}\uFE0F\u200D]+/uy;
const WORD_CHAR_RE = new RegExp(WORD_CHAR, 'vy');
const MENTION_RE = /@[\p{L}\p{N}_.]*[\p{L}\p{N}_]/uy;
const HASHTAG_RE = /#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/uy;

// Number suffixes that belong to the number: 10k, 3x, 2nd, 5pm, 1990s, 30min, 2.5M.
const NUMBER_SUFFIXES = new Set([
  'k',
  'm',
  'b',
  'x',
  'st',
  'nd',
  'rd',
  'th',
  'am',
  'pm',
  's',
  'h',
  'hr',
  'hrs',
  'min',
  'mins',
  'yr',
  'yrs',
  'mo',
  'kg',
  'km',
  'lb',
  'lbs',
]);

/** Case-insensitive match of a lower-case ASCII literal at `pos`, without allocating. */
function hasPrefix(text: string, pos: number, literal: string): boolean {
  if (pos + literal.length > text.length) return false;
  for (let k = 0; k < literal.length; k++) {
    const d = text.charCodeAt(pos + k);
    const l = literal.charCodeAt(k);
    if (d !== l && !(l >= 97 && l <= 122 && d === l - 32)) return false;
  }
  return true;
}

/** End of a URL starting at `pos`, or -1. Trailing sentence punctuation is not part of it. */
function urlEnd(text: string, pos: number, n: number): number {
  let i: number;
  if (hasPrefix(text, pos, 'https://')) i = pos + 8;
  else if (hasPrefix(text, pos, 'http://')) i = pos + 7;
  else if (hasPrefix(text, pos, 'www.')) i = pos + 4;
  else return -1;
  const bodyStart = i;
  let openParens = 0;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (isSpaceCode(d) || d === 60 /* < */ || d === 62 /* > */ || d === 34 /* " */) break;
    if (d === 40) openParens++;
    else if (d === 41) openParens--;
    i++;
  }
  // "see https://x.com/a." — the full stop ends the sentence, not the link; a ")" closes a
  // bracket around the link unless the link opened one itself (wikipedia-style paths).
  while (i > bodyStart) {
    const d = text.charCodeAt(i - 1);
    if (d === 46 || d === 44 || d === 33 || d === 63 || d === 59 || d === 58 || d === 39 || d === 0x2019) i--;
    else if (d === 41 && openParens < 0) {
      openParens++;
      i--;
    } else break;
  }
  return i > bodyStart ? i : -1;
}

function unicodeToken(text: string, pos: number, tokens: Token[]): number {
  UNICODE_TOKEN_RE.lastIndex = pos;
  const m = UNICODE_TOKEN_RE.exec(text);
  if (m === null || m[0].length === 0) {
    // An unpaired surrogate or other oddity: take one code point as punctuation.
    const cp = text.codePointAt(pos) ?? 0;
    const end = pos + (cp > 0xffff ? 2 : 1);
    append(tokens, makeToken(text, 'punct', pos, end, NORM_AS_IS));
    return end;
  }
  const end = pos + m[0].length;
  const g = m.groups!;
  if (g['word'] !== undefined) append(tokens, makeToken(text, 'word', pos, end, NORM_WORD));
  else if (g['cjk'] !== undefined) append(tokens, makeToken(text, 'word', pos, end, NORM_AS_IS));
  else if (g['number'] !== undefined) append(tokens, makeToken(text, 'number', pos, end, NORM_AS_IS));
  else if (g['emoji'] !== undefined) append(tokens, makeToken(text, 'emoji', pos, end, NORM_AS_IS));
  else append(tokens, makeToken(text, 'punct', pos, end, NORM_AS_IS));
  return end;
}

/**
 * `tokens.push(t)`: TurboFan did not inline push at the tokenizer's many call sites, and the
 * builtin call per token was ~8 % of tokenizing; an indexed store at the end is inlined.
 */
function append(tokens: Token[], t: Token): void {
  tokens[tokens.length] = t;
}

/** Scan a number at `pos` (ASCII digit or currency sign known to be followed by a digit). */
function numberEnd(text: string, pos: number, n: number): number {
  let i = pos + 1;
  for (;;) {
    while (i < n && text.charCodeAt(i) < 128 && ASCII_CLASS[text.charCodeAt(i)] === DIGIT) i++;
    const d = i < n ? text.charCodeAt(i) : -1;
    const after = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if ((d === 46 || d === 44 || d === 58) && after >= 48 && after <= 57) {
      i += 1;
      continue;
    }
    break;
  }
  if (i < n && text.charCodeAt(i) === 37 /* % */) return i + 1;
  let j = i;
  while (j < n && isAsciiLetter(text.charCodeAt(j)) && j - i < 5) j++;
  if (j > i && (j >= n || !isAsciiAlnum(text.charCodeAt(j)))) {
    if (NUMBER_SUFFIXES.has(text.slice(i, j).toLowerCase())) return j;
  }
  return i;
}

/** Split text into typed tokens with offsets. Whitespace and stray joiners are skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c >= 128) {
      if (c >= 0xa9) {
        const e = emojiEnd(text, pos, n);
        if (e !== 0) {
          append(tokens, makeToken(text, e > 0 ? 'emoji' : 'punct', pos, Math.abs(e), NORM_AS_IS));
          pos = Math.abs(e);
          continue;
        }
      }
      if (c === 0xfe0f || c === 0x200d || isUnicodeSpace(c)) {
        pos++;
        continue;
      }
      SKIP_RE.lastIndex = pos;
      if (SKIP_RE.test(text)) {
        pos = SKIP_RE.lastIndex;
        continue;
      }
      if ((c === 0x20ac || c === 0xa3) && pos + 1 < n && ASCII_CLASS[text.charCodeAt(pos + 1)] === DIGIT) {
        const end = numberEnd(text, pos, n);
        append(tokens, makeToken(text, 'number', pos, end, NORM_LOWER));
        pos = end;
        continue;
      }
      pos = unicodeToken(text, pos, tokens);
      continue;
    }
    const cls = ASCII_CLASS[c]!;
    if (cls === SPACE) {
      pos++;
      continue;
    }
    if (cls === LOWER || cls === UPPER) {
      if (c === 104 || c === 119 || c === 72 || c === 87) {
        const end = urlEnd(text, pos, n);
        if (end > 0) {
          append(tokens, makeToken(text, 'url', pos, end, NORM_LOWER));
          pos = end;
          continue;
        }
      }
      let i = pos + 1;
      let upper = cls === UPPER;
      let curly = false;
      let fallback = false;
      // the interning hash, computed by this scan rather than by a second pass over the word
      let h = Math.imul(HASH_SEED ^ c, HASH_PRIME);
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128) {
          const k = ASCII_CLASS[d];
          if (k === LOWER || k === DIGIT) {
            h = Math.imul(h ^ d, HASH_PRIME);
            i++;
          } else if (k === UPPER) {
            upper = true;
            h = Math.imul(h ^ d, HASH_PRIME);
            i++;
          } else if (d === APOSTROPHE && i + 1 < n && isAsciiLetter(text.charCodeAt(i + 1))) {
            h = Math.imul(h ^ d, HASH_PRIME);
            i++;
          } else break;
        } else if (d === RIGHT_SINGLE_QUOTE && i + 1 < n && isAsciiLetter(text.charCodeAt(i + 1))) {
          curly = true;
          h = Math.imul(h ^ d, HASH_PRIME);
          i++;
        } else {
          WORD_CHAR_RE.lastIndex = i;
          fallback = WORD_CHAR_RE.test(text);
          break;
        }
      }
      if (fallback) {
        pos = unicodeToken(text, pos, tokens);
        continue;
      }
      // "xD" / "XD" laughs are emoticons, not words
      if ((c === 120 || c === 88) && i - pos >= 2 && /^[xX]D+$/.test(text.slice(pos, i))) {
        append(tokens, makeToken(text, 'punct', pos, i, NORM_LOWER));
      } else append(tokens, internedToken(text, 'word', pos, i, upper || curly ? NORM_WORD : NORM_AS_IS, h));
      pos = i;
      continue;
    }
    if (
      cls === DIGIT ||
      (c === 36 /* $ */ && pos + 1 < n && ASCII_CLASS[text.charCodeAt(pos + 1)] === DIGIT)
    ) {
      // keycap emoji "1️⃣": digit, optional VS16, combining enclosing keycap
      if (cls === DIGIT) {
        const k = pos + 1 < n && text.charCodeAt(pos + 1) === 0xfe0f ? pos + 2 : pos + 1;
        if (k < n && text.charCodeAt(k) === 0x20e3) {
          append(tokens, makeToken(text, 'emoji', pos, k + 1, NORM_AS_IS));
          pos = k + 1;
          continue;
        }
      }
      const end = numberEnd(text, pos, n);
      const start = pos;
      pos = end;
      // a digit run glued to letters that are not a suffix ("4ever") stays a number; the letters follow as a word
      append(tokens, makeToken(text, 'number', start, end, NORM_LOWER));
      continue;
    }
    // ASCII punctuation and symbols
    if (c === 64 /* @ */ || c === 35 /* # */) {
      const prev = pos > 0 ? text.charCodeAt(pos - 1) : 32;
      // "bob@mail.com" and "C#" are not mentions or hashtags
      if (!isAsciiAlnum(prev)) {
        const re = c === 64 ? MENTION_RE : HASHTAG_RE;
        re.lastIndex = pos;
        if (re.test(text)) {
          const end = re.lastIndex;
          append(tokens, makeToken(text, c === 64 ? 'mention' : 'hashtag', pos, end, NORM_LOWER));
          pos = end;
          continue;
        }
      }
    }
    const emo = emoticonEnd(text, pos, n);
    if (emo > 0) {
      append(tokens, makeToken(text, 'punct', pos, emo, NORM_LOWER));
      pos = emo;
      continue;
    }
    let end = pos + 1;
    if (c === 33 || c === 63) {
      while (end < n && (text.charCodeAt(end) === 33 || text.charCodeAt(end) === 63)) end++;
    } else if (c === 46) {
      while (end < n && text.charCodeAt(end) === 46) end++;
    }
    append(tokens, makeToken(text, 'punct', pos, end, NORM_AS_IS));
    pos = end;
  }
  return tokens;
}

/**
 * Words as a reader counts them: word, number, hashtag, mention and link tokens (each CJK
 * character is its own word token); emoji and punctuation are not words.
 */
export function wordCount(tokens: readonly Token[]): number {
  let count = 0;
  for (const t of tokens) if (t.kind !== 'punct' && t.kind !== 'emoji') count++;
  return count;
}
