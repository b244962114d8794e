/**
 * Sentence splitting of short social text.
 */
import * as chars from './chars.js';

// module-local copies, read per character (see "module-local copies" in nlp/index.ts)
const { ASCII_CLASS, LOWER, UPPER, isAsciiLetter, isSpaceCode } = chars;

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
