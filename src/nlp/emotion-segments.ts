/**
 * The segments an emotion trajectory is measured over (SPEC §2.2): the parts of a numbered
 * thread ("1/", "2/5", "(3/5)", "1/n" opening consecutive lines), otherwise the sentences.
 *
 * A text of more than MAX_SEGMENTS sentences is cut into MAX_SEGMENTS runs of consecutive
 * sentences of near-equal count, so the arc keeps its shape at a coarser grain and the answer
 * stays bounded (a 10,000-character post of one-word lines would otherwise carry thousands of
 * segments). Pure and linear in the length of the text.
 */
import { splitSentences, type Sentence } from './sentences.js';

export interface TextSegment {
  text: string;
  /** UTF-16 offsets into the text, end exclusive */
  start: number;
  end: number;
}

/** How the segments were found: numbered thread parts, sentences, or given by the caller. */
export type Segmentation = 'thread_parts' | 'sentences' | 'given';

export interface Segments {
  segmentation: Segmentation;
  segments: TextSegment[];
}

export const MAX_SEGMENTS = 100;

const MAX_PART_NUMBER = 999;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

/** Letters, digits and "." after the slash mean a date or a fraction ("1/2cup", "1/5th"), not a part marker. */
function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
}

/**
 * The part number of a line opening like "3/", "3/10", "(3/10)" or "1/n", or 0 ("1/2cup",
 * "12/05/2024" and "1/5th" are not markers). Reads at most
 * a few characters past `i`, so the scan of all lines stays linear.
 */
function partNumberAt(text: string, i: number): number {
  const n = text.length;
  let k = i;
  let spaces = 0;
  while (k < n && isSpace(text.charCodeAt(k)) && spaces < 8) {
    k++;
    spaces++;
  }
  if (k < n && text.charCodeAt(k) === 40) k++; // "("
  let value = 0;
  let digits = 0;
  while (k < n && isDigit(text.charCodeAt(k)) && digits < 4) {
    value = value * 10 + text.charCodeAt(k) - 48;
    k++;
    digits++;
  }
  if (digits === 0 || digits > 3 || value === 0 || value > MAX_PART_NUMBER) return 0;
  if (k >= n || text.charCodeAt(k) !== 47) return 0; // "/"
  k++;
  const c = k < n ? text.charCodeAt(k) : 32;
  // "1/n", "1/x": the total not yet known
  if ((c === 110 || c === 120) && !(k + 1 < n && isWordChar(text.charCodeAt(k + 1)))) return value;
  let totalDigits = 0;
  while (k < n && isDigit(text.charCodeAt(k)) && totalDigits < 4) {
    k++;
    totalDigits++;
  }
  if (totalDigits > 3) return 0;
  if (k < n && text.charCodeAt(k) === 41) k++; // ")"
  if (k < n && (isWordChar(text.charCodeAt(k)) || text.charCodeAt(k) === 47)) return 0;
  return value;
}

/**
 * The numbered parts of a thread written in one text: lines opening with part markers numbered
 * 1, 2, 3… in order (at least two). Text before the "1/" line belongs to part 1. Null when the
 * text is not such a thread (no markers, one part, or numbers out of sequence as in a recipe's
 * "1/2 cup" lines).
 */
export function threadParts(text: string): TextSegment[] | null {
  const starts: number[] = [];
  let expected = 1;
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? n : nl;
    const number = partNumberAt(text, lineStart);
    if (number !== 0) {
      if (number !== expected) return null;
      starts.push(expected === 1 ? 0 : lineStart);
      expected++;
    }
    if (nl < 0) break;
    lineStart = lineEnd + 1;
  }
  if (starts.length < 2) return null;
  const parts: TextSegment[] = [];
  for (let p = 0; p < starts.length; p++) {
    const segment = trimmed(text, starts[p]!, p + 1 < starts.length ? starts[p + 1]! : n);
    if (segment) parts.push(segment);
  }
  return parts.length >= 2 ? parts : null;
}

function trimmed(text: string, start: number, end: number): TextSegment | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return s < e ? { text: text.slice(s, e), start: s, end: e } : null;
}

/**
 * Runs of consecutive sentences: all of them when there are at most `max`, otherwise `max`
 * runs whose sizes differ by at most one (the first runs take the remainder).
 */
export function groupSentences(
  text: string,
  sentences: readonly Sentence[],
  max = MAX_SEGMENTS,
): TextSegment[] {
  const n = sentences.length;
  if (n <= max) return sentences.map((s) => ({ text: s.text, start: s.start, end: s.end }));
  const out: TextSegment[] = [];
  const base = Math.floor(n / max);
  const extra = n % max;
  let i = 0;
  for (let g = 0; g < max; g++) {
    const size = base + (g < extra ? 1 : 0);
    const start = sentences[i]!.start;
    const end = sentences[i + size - 1]!.end;
    out.push({ text: text.slice(start, end), start, end });
    i += size;
  }
  return out;
}

/** The segments of `text`: its thread parts when it is a numbered thread, else its sentences. */
export function segmentText(text: string, sentences: readonly Sentence[] = splitSentences(text)): Segments {
  const parts = threadParts(text);
  if (parts) {
    return {
      segmentation: 'thread_parts',
      segments: parts.length <= MAX_SEGMENTS ? parts : groupSentences(text, parts, MAX_SEGMENTS),
    };
  }
  return { segmentation: 'sentences', segments: groupSentences(text, sentences) };
}
