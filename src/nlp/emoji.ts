/**
 * Emoji sequences and ASCII emoticons, recognised by the tokenizer's scan without a regex call
 * each.
 */
import * as chars from './chars.js';

// module-local copies, read per character (see "module-local copies" in nlp/index.ts)
const { APOSTROPHE, isAsciiAlnum, isSpaceCode } = chars;

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
export function emojiEnd(text: string, pos: number, n: number): number {
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

// Emoticon mouths after eyes ":" ";" "=": ":)" ":D" ":P" ":/" ":(" ":o" ":3" ":*" ":|" ":$" ":@" ":S" ":X" ":]" ":["
const MOUTH = new Uint8Array(128);
for (const ch of ')(][}{DPpOo3/\\|*$@SsXxcC') MOUTH[ch.charCodeAt(0)] = 1;

/** End of an ASCII emoticon starting at `pos`, or -1. Conservative: must stand apart from words. */
export function emoticonEnd(text: string, pos: number, n: number): number {
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
