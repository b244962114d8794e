/**
 * Unicode-aware tokenizer for short social text. One linear pass of a single sticky regex:
 * every alternative is anchored at the current position and none can backtrack across the
 * input, so 100 KB of adversarial text costs linear time.
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
}

// Order matters: URLs before words, numbers before words, emoji sequences (ZWJ, modifiers, flags).
const TOKEN_RE = new RegExp(
  [
    String.raw`(?<url>(?:https?:\/\/|www\.)[^\s<>"]+)`,
    String.raw`(?<mention>@[\p{L}\p{N}_.]+)`,
    String.raw`(?<hashtag>#[\p{L}\p{N}_]+)`,
    String.raw`(?<number>[$€£]?\p{N}+(?:[.,:]\p{N}+)*(?:%|x\b|k\b|m\b)?)`,
    String.raw`(?<word>[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)`,
    String.raw`(?<emoji>\p{Regional_Indicator}{2}|\p{Extended_Pictographic}\p{EMod}?\uFE0F?(?:\u200D\p{Extended_Pictographic}\p{EMod}?\uFE0F?)*)`,
    String.raw`(?<punct>[!?]+|\.{2,}|…|[^\s\p{L}\p{N}])`,
  ].join('|'),
  'guy',
);

const KINDS: TokenKind[] = ['url', 'mention', 'hashtag', 'number', 'word', 'emoji', 'punct'];
const SKIP_RE = /[\s\p{M}\uFE0F\u200D]+/uy;

/** Split text into typed tokens with offsets. Whitespace and stray joiners are skipped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    SKIP_RE.lastIndex = pos;
    if (SKIP_RE.exec(text)) {
      pos = SKIP_RE.lastIndex;
      if (pos >= n) break;
    }
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m || m[0].length === 0) {
      // An unpaired surrogate or other oddity: take one code point as punctuation.
      const cp = text.codePointAt(pos) ?? 0;
      const len = cp > 0xffff ? 2 : 1;
      const t = text.slice(pos, pos + len);
      tokens.push({ text: t, norm: t, kind: 'punct', start: pos, end: pos + len });
      pos += len;
      continue;
    }
    const groups = m.groups ?? {};
    let kind: TokenKind = 'punct';
    for (const k of KINDS) {
      if (groups[k] !== undefined) {
        kind = k;
        break;
      }
    }
    const t = m[0];
    const norm = kind === 'emoji' ? t : t.toLowerCase().replace(/’/g, "'");
    tokens.push({ text: t, norm, kind, start: pos, end: pos + t.length });
    pos += t.length;
  }
  return tokens;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// A sentence ends at . ! ? … (runs), or a line break; common abbreviations and decimals do not end one.
const SENTENCE_END_RE = /[.!?…。！？]+["')\]]*(?=\s|$)|\n+/gu;
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'u.s', 'inc', 'ltd', 'no']);

/** Split text into sentences (line breaks end a sentence: posts use them as full stops). */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  SENTENCE_END_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_END_RE.exec(text)) !== null) {
    const end = m.index + m[0].length;
    if (m[0] === '.') {
      const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(start, m.index - 6), m.index));
      if (before && ABBREVIATIONS.has(before[1]!.toLowerCase())) continue;
    }
    pushSentence(text, start, end, out);
    start = end;
  }
  pushSentence(text, start, text.length, out);
  return out;
}

function pushSentence(text: string, start: number, end: number, out: Sentence[]): void {
  const raw = text.slice(start, end);
  const trimmedStart = raw.length - raw.trimStart().length;
  const body = raw.trim();
  // A "sentence" of only punctuation/whitespace is not one.
  if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(body)) return;
  out.push({ text: body, start: start + trimmedStart, end: start + trimmedStart + body.length });
}
