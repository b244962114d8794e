/**
 * Unicode-aware tokenizer for short social text.
 *
 * Speed matters here (every post and reply goes through it), so ASCII — most of any post — is
 * scanned by character code with a class table, and only a token that starts with, or runs
 * into, a non-ASCII character is matched by a sticky Unicode regex anchored at that position.
 * Every loop advances, and no regex alternative can backtrack across more than one token, so
 * 100 KB of adversarial text costs linear time.
 */
export type TokenKind = 'url' | 'mention' | 'hashtag' | 'number' | 'word' | 'emoji' | 'punct';

export interface Token {
  /** the text as written */
  text: string;
  /** lower-cased, apostrophes normalised; for emoji the emoji itself */
  norm: string;
  kind: TokenKind;
  /** UTF-16 offsets into the input, end exclusive */
  start: number;
  end: number;
  /** per-word results of later stages, shared by the tokens of one interned text (WordMemo) */
  memo: WordMemo;
}

/**
 * What later stages work out about a word from its text alone (sentiment's lexicon entry, the
 * emotion features' hashes, the clickbait word bits, the hook cues it can start, its role in
 * negation), kept on the tokenizer's intern slot: every token of a recurring text shares one
 * memo, so a stage finds its per-word result on the token instead of by a Map lookup of its own.
 * Those lookups were the part of the extraction that suffered most when it ran cache-cold
 * between HTTP requests. Each field belongs to one stage, which alone reads and writes it; a
 * memo lives as long as its intern slot (a token that is not interned, because it is long or
 * seen for the first time, gets a fresh one).
 */
export class WordMemo {
  sentiment: unknown = undefined;
  emotion: unknown = undefined;
  clickbait: number | undefined = undefined;
  cues: unknown = undefined;
  negation: number | undefined = undefined;
}

const SPACE = 1;
const LOWER = 2;
const UPPER = 3;
const DIGIT = 4;

// class 0 is "other" (punctuation and symbols)
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === 32 || (c >= 9 && c <= 13)) ASCII_CLASS[c] = SPACE;
  else if (c >= 97 && c <= 122) ASCII_CLASS[c] = LOWER;
  else if (c >= 65 && c <= 90) ASCII_CLASS[c] = UPPER;
  else if (c >= 48 && c <= 57) ASCII_CLASS[c] = DIGIT;
}

const APOSTROPHE = 39;
const RIGHT_SINGLE_QUOTE = 0x2019;

function isAsciiLetter(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c] === LOWER || ASCII_CLASS[c] === UPPER);
}

function isAsciiAlnum(c: number): boolean {
  return c < 128 && ASCII_CLASS[c]! >= LOWER;
}

/** Unicode white space beyond ASCII (the `\s` set), checked without a regex. */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isSpaceCode(c: number): boolean {
  return c < 128 ? ASCII_CLASS[c] === SPACE : isUnicodeSpace(c);
}

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
// Extended_Pictographic as a bitmap over the only blocks that hold it (U+00A9, U+00AE,
// U+2000–U+32FF, U+1F000–U+1FFFF), filled once from the engine's own Unicode tables so that
// emoji — frequent and often in long runs — are scanned without a regex call each.
const PICT_BMP = new Uint8Array(0x3300 >> 3);
const PICT_SMP = new Uint8Array(0x1000 >> 3);
{
  let candidates = '\u00a9\u00ae';
  for (let cp = 0x2000; cp < 0x3300; cp++) candidates += String.fromCharCode(cp);
  for (let cp = 0x1f000; cp < 0x20000; cp++) candidates += String.fromCodePoint(cp);
  for (const m of candidates.matchAll(/\p{Extended_Pictographic}/gu)) {
    const cp = m[0].codePointAt(0)!;
    if (cp < 0x3300) PICT_BMP[cp >> 3]! |= 1 << (cp & 7);
    else PICT_SMP[(cp - 0x1f000) >> 3]! |= 1 << (cp & 7);
  }
}

function isPictographic(cp: number): boolean {
  if (cp < 0x3300) return (PICT_BMP[cp >> 3]! & (1 << (cp & 7))) !== 0;
  if (cp >= 0x1f000 && cp < 0x20000) return (PICT_SMP[(cp - 0x1f000) >> 3]! & (1 << (cp & 7))) !== 0;
  return false;
}

function isEmojiModifierOrTag(cp: number): boolean {
  return (
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0xfe0f || cp === 0x20e3 || (cp >= 0xe0020 && cp <= 0xe007f)
  );
}

function isRegionalIndicator(cp: number): boolean {
  return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

/**
 * End of an emoji sequence at `pos` — a flag (two regional indicators), or a pictograph with
 * its modifiers, variation selector, keycap or tag characters, ZWJ-joined to further
 * pictographs — or -1. Lone modifiers and regional indicators return their own end as `-end`.
 */
function emojiEnd(text: string, pos: number, n: number): number {
  const cp = text.codePointAt(pos)!;
  const len = cp > 0xffff ? 2 : 1;
  if (isRegionalIndicator(cp)) {
    const next = pos + 2 < n ? text.codePointAt(pos + 2)! : 0;
    return isRegionalIndicator(next) ? pos + 4 : -(pos + 2);
  }
  if (!isPictographic(cp)) return isEmojiModifierOrTag(cp) && len === 2 ? -(pos + 2) : 0;
  let i = pos + len;
  for (;;) {
    while (i < n) {
      const d = text.codePointAt(i)!;
      if (!isEmojiModifierOrTag(d)) break;
      i += d > 0xffff ? 2 : 1;
    }
    if (i + 1 < n && text.charCodeAt(i) === 0x200d) {
      const d = text.codePointAt(i + 1)!;
      if (isPictographic(d)) {
        i += 1 + (d > 0xffff ? 2 : 1);
        continue;
      }
    }
    return i;
  }
}

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

// How a token's norm derives from its text.
const NORM_AS_IS = 0;
const NORM_LOWER = 1;
const NORM_WORD = 2;

// Called through the prototype's functions, not as `t.toLowerCase()`: a token's text is a slice,
// a flat or an internalised string of one or two bytes per character depending on where the
// text came from, and once a server has fed all those string maps to the method lookup it goes
// megamorphic, a global stub-cache probe per call that other code keeps evicting (seen as
// LoadIC_Megamorphic under the tokenizer in profiles of the server, never of a tight loop).
const toLowerCase = String.prototype.toLowerCase;
const replaceAll: (this: string, search: string, replacement: string) => string = String.prototype.replaceAll;

function normOf(t: string, mode: number): string {
  if (mode === NORM_AS_IS) return t;
  const lower = toLowerCase.call(t);
  return mode === NORM_WORD ? replaceAll.call(lower, '’', "'") : lower;
}

// A direct-mapped cache of token texts and norms seen before: the words every post repeats
// ("the", "you", "I") cost a hash and a compare instead of two fresh strings, and a reused
// string keeps its cached hash, so every later Map or Set lookup on its norm (sentiment,
// emotion, clickbait and cue dictionaries) skips hashing it again. Bounded: a slot is
// overwritten on collision, and long tokens are not cached.
const INTERN_BITS = 12;
const INTERN_MASK = (1 << INTERN_BITS) - 1;
const INTERN_MAX_LENGTH = 24;
const internText: string[] = new Array<string>(1 << INTERN_BITS).fill('');
const internNorm: string[] = new Array<string>(1 << INTERN_BITS).fill('');
const internMode = new Uint8Array(1 << INTERN_BITS);
const internMemo: WordMemo[] = Array.from({ length: 1 << INTERN_BITS }, () => new WordMemo());

// Admission: a text takes a slot only at its second sighting, while the first is still recorded
// here (the hash of the last text that missed, per doorkeeper slot). Posts are full of one-off
// tokens (counters, prices, names); admitted at once, each evicted a recurring word and kept its
// memo, with what every stage had worked out on it, alive long enough to be promoted to the old
// generation: ~70 KB per young-generation collection of the synthetic benchmark, whose copying,
// page faults and old-space growth cost more than the stages' work on those tokens. A token
// that is not admitted gets a memo of its own, which dies young with the token.
const DOOR_BITS = 12;
const DOOR_MASK = (1 << DOOR_BITS) - 1;
const doorkeeper = new Int32Array(1 << DOOR_BITS);

const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

function makeToken(text: string, kind: TokenKind, start: number, end: number, mode: number): Token {
  if (end - start > INTERN_MAX_LENGTH) return internedToken(text, kind, start, end, mode, 0);
  let h = HASH_SEED;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), HASH_PRIME);
  return internedToken(text, kind, start, end, mode, h);
}

/** `h`: FNV-1a of text[start, end) from HASH_SEED (computed by the caller's scan when it can). */
function internedToken(
  text: string,
  kind: TokenKind,
  start: number,
  end: number,
  mode: number,
  h: number,
): Token {
  const len = end - start;
  if (len > INTERN_MAX_LENGTH) {
    const t = text.slice(start, end);
    return { text: t, norm: normOf(t, mode), kind, start, end, memo: new WordMemo() };
  }
  const slot = (h ^ (h >>> 15) ^ mode) & INTERN_MASK;
  const cached = internText[slot]!;
  if (cached.length === len && internMode[slot] === mode) {
    let k = 0;
    while (k < len && cached.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === len)
      return { text: cached, norm: internNorm[slot]!, kind, start, end, memo: internMemo[slot]! };
  }
  const t = text.slice(start, end);
  const norm = normOf(t, mode);
  const seen = h ^ mode;
  const door = (h ^ (h >>> 19) ^ (h >>> 7)) & DOOR_MASK;
  if (doorkeeper[door] !== seen) {
    doorkeeper[door] = seen;
    return { text: t, norm, kind, start, end, memo: new WordMemo() };
  }
  internText[slot] = t;
  internNorm[slot] = norm;
  internMode[slot] = mode;
  const memo = new WordMemo();
  internMemo[slot] = memo;
  return { text: t, norm, kind, start, end, memo };
}

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

// Emoticon mouths after eyes ":" ";" "=": ":)" ":D" ":P" ":/" ":(" ":o" ":3" ":*" ":|" ":$" ":@" ":S" ":X" ":]" ":["
const MOUTH = new Uint8Array(128);
for (const ch of ')(][}{DPpOo3/\\|*$@SsXxcC') MOUTH[ch.charCodeAt(0)] = 1;

/** End of an ASCII emoticon starting at `pos`, or -1. Conservative: must stand apart from words. */
function emoticonEnd(text: string, pos: number, n: number): number {
  const c = text.charCodeAt(pos);
  const next = pos + 1 < n ? text.charCodeAt(pos + 1) : -1;
  const leftFree = pos === 0 || isSpaceCode(text.charCodeAt(pos - 1));
  let i = -1;
  if (c === 58 || c === 59 || c === 61 || (c === 62 && (next === 58 || next === 59))) {
    // eyes first: ":)", ";-)", ":'(", ">:(", ":)))"
    i = c === 62 ? pos + 2 : pos + 1;
    let d = i < n ? text.charCodeAt(i) : -1;
    if (d === 45 || d === APOSTROPHE || d === 94) {
      i++;
      d = i < n ? text.charCodeAt(i) : -1;
    }
    if (d < 0 || d >= 128 || MOUTH[d] !== 1) return -1;
    i++;
    if (d === 41 || d === 40 || d === 68) while (i < n && text.charCodeAt(i) === d) i++;
    if (i < n && isAsciiAlnum(text.charCodeAt(i))) return -1;
    return i;
  }
  if (c === 60 /* < */) {
    // "<3", "</3"
    i = pos + 1;
    if (next === 47 || next === 92) i++;
    if (i >= n || text.charCodeAt(i) !== 51) return -1;
    i++;
    while (i < n && text.charCodeAt(i) === 51) i++;
    if (i < n && isAsciiAlnum(text.charCodeAt(i))) return -1;
    return i;
  }
  if ((c === 40 || c === 41 || c === 91 || c === 93) && leftFree) {
    // mirrored "(:", "):", "(-:" — only between spaces, so "(a lot):" stays punctuation
    i = pos + 1;
    let d = next;
    if (d === 45 || d === APOSTROPHE || d === 94) {
      i++;
      d = i < n ? text.charCodeAt(i) : -1;
    }
    if (d !== 58 && d !== 59 && d !== 61) return -1;
    i++;
    if (i < n && !isSpaceCode(text.charCodeAt(i))) return -1;
    return i;
  }
  if (c === 94 /* ^ */) {
    // "^^", "^_^", "^.^", "^-^"
    if (next === 94) i = pos + 2;
    else if ((next === 95 || next === 46 || next === 45) && pos + 2 < n && text.charCodeAt(pos + 2) === 94)
      i = pos + 3;
    else return -1;
    if (i < n && isAsciiAlnum(text.charCodeAt(i))) return -1;
    return i;
  }
  if ((c === 45 || c === 62) && next === 95 && pos + 2 < n) {
    // "-_-", ">_<"
    const last = text.charCodeAt(pos + 2);
    if ((c === 45 && last === 45) || (c === 62 && last === 60)) {
      i = pos + 3;
      if (i < n && isAsciiAlnum(text.charCodeAt(i))) return -1;
      return i;
    }
  }
  return -1;
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

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'u.s',
  'inc',
  'ltd',
]);

function isTerminator(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x2026 || c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

function isCjkTerminator(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 93 || c === 0x201d || c === 0x2019 || c === 0xbb;
}

/** True when the single "." at `dot` follows an abbreviation ("Dr.", "e.g.") or an initial ("J."). */
function followsAbbreviation(text: string, dot: number, floor: number): boolean {
  let i = dot;
  while (i > floor && dot - i < 5 && isAbbreviationChar(text.charCodeAt(i - 1))) i--;
  if (i === dot || (i > floor && isAbbreviationChar(text.charCodeAt(i - 1)))) return false;
  if (dot - i === 1) return ASCII_CLASS[text.charCodeAt(i)] === UPPER;
  return ABBREVIATIONS.has(text.slice(i, dot).toLowerCase());
}

function isAbbreviationChar(c: number): boolean {
  return c === 46 || isAsciiLetter(c);
}

const CONTENT_RE = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
/** what can end a sentence: a line break or a terminator (isTerminator) */
const SENTENCE_MARK_RE = /[\n\r.!?\u2026\u3002\uff01\uff1f]/g;

/**
 * Split text into sentences. A sentence ends at a run of . ! ? … (followed by space or the
 * end), at 。！？, or at a line break (posts use line breaks as full stops); abbreviations,
 * initials and decimals do not end one. Pieces with no letter, digit or emoji are dropped.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  for (;;) {
    // jump to the next line break or terminator (the regex engine scans faster than a charCodeAt loop)
    SENTENCE_MARK_RE.lastIndex = i;
    if (!SENTENCE_MARK_RE.test(text)) break;
    i = SENTENCE_MARK_RE.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      pushSentence(text, start, i, out);
      start = i + 1;
      i++;
      continue;
    }
    let j = i + 1;
    let cjk = isCjkTerminator(c);
    while (j < n && isTerminator(text.charCodeAt(j))) {
      if (isCjkTerminator(text.charCodeAt(j))) cjk = true;
      j++;
    }
    while (j < n && isCloser(text.charCodeAt(j))) j++;
    const ends = cjk || j === n || isSpaceCode(text.charCodeAt(j));
    if (ends && !(c === 46 && j - i === 1 && followsAbbreviation(text, i, start))) {
      pushSentence(text, start, j, out);
      start = j;
    }
    i = j;
  }
  pushSentence(text, start, n, out);
  return out;
}

function pushSentence(text: string, start: number, end: number, out: Sentence[]): void {
  let s = start;
  let e = end;
  while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
  if (s === e) return;
  // A "sentence" of only punctuation/whitespace is not one.
  let content = false;
  let nonAscii = false;
  for (let k = s; k < e; k++) {
    const d = text.charCodeAt(k);
    if (d >= 128) nonAscii = true;
    else if (ASCII_CLASS[d]! >= LOWER) {
      content = true;
      break;
    }
  }
  if (!content && !(nonAscii && CONTENT_RE.test(text.slice(s, e)))) return;
  out.push({ text: text.slice(s, e), start: s, end: e });
}
