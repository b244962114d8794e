/**
 * The tokenizer's intern table: token texts and norms seen before, each with the WordMemo its
 * tokens share.
 */
import { WordMemo, type Token, type TokenKind } from './token.js';

// How a token's norm derives from its text.
export const NORM_AS_IS = 0;
export const NORM_LOWER = 1;
export const NORM_WORD = 2;

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
// string keeps its cached hash, so every later Map or Set lookup on its norm (the later
// stages' dictionaries) skips hashing it again. Bounded: a slot is
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

export const HASH_SEED = 0x811c9dc5;
export const HASH_PRIME = 0x01000193;

export function makeToken(text: string, kind: TokenKind, start: number, end: number, mode: number): Token {
  if (end - start > INTERN_MAX_LENGTH) return internedToken(text, kind, start, end, mode, 0);
  let h = HASH_SEED;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), HASH_PRIME);
  return internedToken(text, kind, start, end, mode, h);
}

/** `h`: FNV-1a of text[start, end) from HASH_SEED (computed by the caller's scan when it can). */
export function internedToken(
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
