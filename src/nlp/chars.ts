/**
 * Character classes of the tokenizer and the sentence splitter: ASCII by a class table, the
 * Unicode white space beyond it by comparison, so the scanners never call a regex for them.
 */
export const SPACE = 1;
export const LOWER = 2;
export const UPPER = 3;
export const DIGIT = 4;

// class 0 is "other" (punctuation and symbols)
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === 32 || (c >= 9 && c <= 13)) ASCII_CLASS[c] = SPACE;
  else if (c >= 97 && c <= 122) ASCII_CLASS[c] = LOWER;
  else if (c >= 65 && c <= 90) ASCII_CLASS[c] = UPPER;
  else if (c >= 48 && c <= 57) ASCII_CLASS[c] = DIGIT;
}

export const APOSTROPHE = 39;
export const RIGHT_SINGLE_QUOTE = 0x2019;

// The predicates below read no module binding (an exported one, even in its own module, is
// read through its module cell: "module-local copies" in nlp/index.ts), so they compare codes.

export function isAsciiLetter(c: number): boolean {
  const folded = c | 32; // A–Z onto a–z; no other code lands in a–z
  return folded >= 97 && folded <= 122;
}

export function isAsciiAlnum(c: number): boolean {
  const folded = c | 32;
  return (folded >= 97 && folded <= 122) || (c >= 48 && c <= 57);
}

/** Unicode white space beyond ASCII (the `\s` set), checked without a regex. */
export function isUnicodeSpace(c: number): boolean {
  return unicodeSpace(c);
}

export function isSpaceCode(c: number): boolean {
  return c < 128 ? c === 32 || (c >= 9 && c <= 13) : unicodeSpace(c);
}

function unicodeSpace(c: number): boolean {
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
