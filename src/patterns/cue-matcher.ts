import type { Token } from '../nlp/tokenize.js';
import { CUE_WORD_SETS, NUMBER_WORDS } from './cue-words.js';
import type { TextContext } from './text-context.js';

/**
 * A small phrase matcher over tokens, in place of one regex per cue.
 *
 * Why tokens and not regexes: word boundaries come for free (a token is a whole word, so
 * "heartbreaking" never contains "breaking"), case and curly apostrophes are already
 * normalised, and every cue is indexed by its first token, so a post costs one Map lookup per
 * token instead of one regex scan per cue. Gaps are bounded (`..8` = up to 8 tokens), so the
 * worst case is linear in the number of tokens times a small constant.
 *
 * Cue syntax (space-separated elements):
 *   word        token whose normalised form is `word`; `a|b|c` any of them
 *   =WORD       token whose text is exactly `WORD` (case-sensitive)
 *   #num #pct #mult #money #many #count #caps #ing #word #emoji   token classes (numberClasses, tokenClasses)
 *   @name       a named word set (CUE_WORD_SETS in cue-words.ts)
 *   ?elem       optional: the rest is tried with it, then without it
 *   ..N         gap of 0..N tokens inside the sentence;  ...N  gap that may cross sentences
 * Emoji are compared without variation selectors and skin-tone modifiers.
 */

export interface CueSpec {
  /** the phrase, in the syntax above */
  p: string;
  /** evidence weight in (0, 1): how strongly this cue alone signals the pattern */
  w: number;
  /** where the first token must be: first word of a sentence, first token of a line or of the post */
  at?: 'sentence' | 'line' | 'post';
}

/** Token classes a cue can name, as bits so a token's classes are computed once. */
const CLASS_BITS = {
  num: 1 << 0,
  pct: 1 << 1,
  mult: 1 << 2,
  money: 1 << 3,
  many: 1 << 4,
  count: 1 << 5,
  caps: 1 << 6,
  ing: 1 << 7,
  word: 1 << 8,
  emoji: 1 << 9,
} as const;
const CLASS_COUNT = 10;

interface TokElem {
  kind: 'tok';
  optional: boolean;
  /** normalised keys (word norms, emoji keys) any of which matches */
  lits: ReadonlySet<string> | null;
  /**
   * Where `lits` lives in its index's membership bitset (CueIndex): the word of a key's row
   * and the bit in it; `litBit` 0 when there are no literals. Set when the index is built.
   */
  litWord: number;
  litBit: number;
  /** exact token text (case-sensitive) */
  exact: string | null;
  /** class bits any of which matches */
  mask: number;
}

type Elem = TokElem | { kind: 'gap'; max: number; crossSentence: boolean };

export interface CompiledCue {
  id: number;
  /** the phrase the cue is compiled from */
  phrase: string;
  weight: number;
  at: CueSpec['at'];
  elems: Elem[];
  group: number;
  /** the second element when it is a required token: checked before a full match is attempted */
  second: TokElem | null;
}

export interface CueMatch {
  cue: CompiledCue;
  /** token index range, end exclusive */
  from: number;
  to: number;
}

/** Emoji key without presentation selectors and skin tones, so "⚠️" and "⚠" are one cue. */
export function emojiKey(norm: string): string {
  let out = '';
  let dropped = false;
  for (const ch of norm) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0e || cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff)) dropped = true;
    else out += ch;
  }
  return dropped ? out : norm;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Class bits of a number token, by character codes (runs once per number token). */
function numberClasses(norm: string): number {
  let bits = CLASS_BITS.num;
  const first = norm.charCodeAt(0);
  if (first === 36 || first === 0x20ac || first === 0xa3) return bits | CLASS_BITS.money;
  const last = norm.charCodeAt(norm.length - 1);
  if (last === 37) return bits | CLASS_BITS.pct;
  let digits = 0;
  let plain = true;
  let i = 0;
  for (; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c !== 44 && c !== 46) break;
    else plain = false;
  }
  const suffix = norm.slice(i);
  if (suffix === 'x') return bits | CLASS_BITS.mult;
  if (suffix === 'k' || suffix === 'm' || suffix === 'b') return bits | CLASS_BITS.many;
  if (suffix !== '') return bits;
  const value = Number.parseFloat(norm.replaceAll(',', ''));
  // "10k", "2,000", "500" impress; a year does not
  const year = digits === 4 && plain && (norm.startsWith('19') || norm.startsWith('20'));
  if (value >= 100 && !year) bits |= CLASS_BITS.many;
  if (plain && digits <= 3 && value >= 2) bits |= CLASS_BITS.count;
  return bits;
}

/** No lower-case letter (checked by code so that no upper-cased copy is allocated per word). */
function isAllCaps(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 128 && text[i] !== text[i]!.toUpperCase()) return false;
  }
  return true;
}

function tokenClasses(t: Token): number {
  switch (t.kind) {
    case 'number':
      return numberClasses(t.norm);
    case 'word': {
      let bits = CLASS_BITS.word;
      if (NUMBER_WORDS.has(t.norm)) bits |= CLASS_BITS.count;
      if (t.norm.length >= 5 && t.norm.endsWith('ing')) bits |= CLASS_BITS.ing;
      if (t.text.length >= 2 && t.text !== t.norm && isAllCaps(t.text)) bits |= CLASS_BITS.caps;
      return bits;
    }
    case 'emoji':
      return CLASS_BITS.emoji;
    case 'url':
    case 'mention':
    case 'hashtag':
    case 'punct':
      return 0;
  }
}

const isEmojiLiteral = (s: string): boolean => /\p{Extended_Pictographic}/u.test(s);

function parseElem(raw: string): Elem {
  const gap = /^(\.{2,3})(\d{1,2})$/.exec(raw);
  if (gap) return { kind: 'gap', max: Number(gap[2]), crossSentence: gap[1] === '...' };
  const optional = raw.length > 1 && raw.startsWith('?');
  const body = optional ? raw.slice(1) : raw;
  if (body.startsWith('=') && body.length > 1) {
    return { kind: 'tok', optional, lits: null, litWord: 0, litBit: 0, exact: body.slice(1), mask: 0 };
  }
  const lits = new Set<string>();
  let mask = 0;
  for (const alt of body.split('|').filter(Boolean)) {
    if (alt.startsWith('#') && alt.length > 1) {
      const bit = CLASS_BITS[alt.slice(1) as keyof typeof CLASS_BITS] as number | undefined;
      if (bit === undefined) throw new Error(`unknown token class ${alt}`);
      mask |= bit;
    } else if (alt.startsWith('@') && alt.length > 1) {
      const set = CUE_WORD_SETS[alt.slice(1)];
      if (!set) throw new Error(`unknown word set ${alt}`);
      for (const w of set) lits.add(w);
    } else lits.add(isEmojiLiteral(alt) ? emojiKey(alt) : alt);
  }
  return {
    kind: 'tok',
    optional,
    lits: lits.size > 0 ? lits : null,
    litWord: 0,
    litBit: 0,
    exact: null,
    mask,
  };
}

declare module '../nlp/token.js' {
  /** What a token is to one cue index, kept on its WordMemo (the `extension` slot). */
  interface WordMemoExtension {
    index: CueIndex;
    /** the memo is per text; the classes also depend on the kind the tokenizer gave it */
    kind: Token['kind'];
    classes: number;
    starts: StartCues | undefined;
    /** offset of the key's row in the index's membership bitset (0: the empty row) */
    row: number;
  }
}

/** The cues that start with one key or one token class. */
interface StartCues {
  cues: CompiledCue[];
  /**
   * A token the next one must be for any of `cues` to match — the union of their required
   * second tokens — or null when one of them has no such requirement. Most tries of a common
   * opener ("i" starts 17 cues) end at the second token, so one test skips them all.
   */
  next: TokElem | null;
}

/** The union of the cues' required second tokens as one element, when every cue has a literal one. */
function nextFilter(cues: readonly CompiledCue[]): TokElem | null {
  const lits = new Set<string>();
  for (const cue of cues) {
    const second = cue.second;
    if (second === null || second.lits === null || second.mask !== 0 || second.exact !== null) return null;
    for (const lit of second.lits) lits.add(lit);
  }
  return { kind: 'tok', optional: false, lits, litWord: 0, litBit: 0, exact: null, mask: 0 };
}

/** Per-token class bits and membership rows, computed once per text. */
interface Scan {
  ctx: TextContext;
  classes: Uint16Array;
  rows: Int32Array;
  member: Uint32Array;
}

function test(e: TokElem, scan: Scan, i: number): boolean {
  if ((e.mask & scan.classes[i]!) !== 0) return true;
  if ((scan.member[scan.rows[i]! + e.litWord]! & e.litBit) !== 0) return true;
  return e.exact !== null && scan.ctx.tokens[i]!.text === e.exact;
}

/**
 * Cues compiled and indexed by the key or class their first token must have, so matching a
 * post costs one Map lookup per token plus the cues of that token's classes.
 *
 * Matching is synchronous and reuses per-index scratch arrays (keys, classes, per-cue stamps)
 * instead of allocating them for every post: at ~60 tokens a post, allocation was a visible
 * share of the cost.
 */
export class CueIndex {
  private readonly byKey = new Map<string, StartCues>();
  private readonly byClass: StartCues[] = Array.from({ length: CLASS_COUNT }, () => ({
    cues: [],
    next: null,
  }));
  readonly cues: CompiledCue[] = [];
  /**
   * Which elements' literal sets hold each key, as one row of bits per key (one bit per element
   * with literals; row 0 is every key no element holds). A token's row is found once per word,
   * so testing an element is a read from this small array instead of a probe of its Set: under
   * a cold cache (between HTTP requests) the Set probes were a visible share of hook detection.
   */
  private readonly rowOf = new Map<string, number>();
  private member = new Uint32Array(0);
  private rows = new Int32Array(256);
  /** per token: the cues that start with its key */
  private starts: (StartCues | undefined)[] = [];
  private classes = new Uint16Array(256);
  /** per cue: the call and token it was last tried at, and how often it matched in that call */
  private triedCall = new Int32Array(0);
  private triedAt = new Int32Array(0);
  private countCall = new Int32Array(0);
  private count = new Int32Array(0);
  private call = 0;
  /** class bits that some cue starts with */
  private startClasses = 0;

  /** `groups[g]` are the cues of group g (a hook type); matches report the group. */
  constructor(groups: readonly (readonly CueSpec[])[]) {
    groups.forEach((specs, group) => {
      for (const spec of specs) {
        const elems = spec.p.split(' ').filter(Boolean).map(parseElem);
        const first = elems[0];
        if (!first || first.kind !== 'tok' || first.optional)
          throw new Error(`cue "${spec.p}" must start with a token`);
        if (elems.at(-1)?.kind === 'gap') throw new Error(`cue "${spec.p}" must not end with a gap`);
        if (elems.filter((e) => e.kind === 'gap').length > 2)
          throw new Error(`cue "${spec.p}": at most 2 gaps`);
        if (!(spec.w > 0 && spec.w < 1)) throw new Error(`cue "${spec.p}": weight must be in (0, 1)`);
        const next = elems[1];
        const second = next !== undefined && next.kind === 'tok' && !next.optional ? next : null;
        const cue: CompiledCue = {
          id: this.cues.length,
          phrase: spec.p,
          weight: spec.w,
          at: spec.at,
          elems,
          group,
          second,
        };
        this.cues.push(cue);
        const keys = first.exact !== null ? [first.exact.toLowerCase()] : [...(first.lits ?? [])];
        for (const key of keys) {
          const start = this.byKey.get(key) ?? { cues: [], next: null };
          start.cues.push(cue);
          this.byKey.set(key, start);
        }
        for (let b = 0; b < CLASS_COUNT; b++) if (first.mask & (1 << b)) this.byClass[b]!.cues.push(cue);
        this.startClasses |= first.mask;
      }
    });
    for (const start of this.allStarts()) start.next = nextFilter(start.cues);
    this.buildMembership();
    const c = this.cues.length;
    this.triedCall = new Int32Array(c).fill(-1);
    this.triedAt = new Int32Array(c);
    this.countCall = new Int32Array(c).fill(-1);
    this.count = new Int32Array(c);
  }

  private allStarts(): StartCues[] {
    return [...this.byKey.values(), ...this.byClass];
  }

  private buildMembership(): void {
    const withLits: TokElem[] = [];
    for (const cue of this.cues)
      for (const e of cue.elems) if (e.kind === 'tok' && e.lits !== null) withLits.push(e);
    for (const start of this.allStarts()) if (start.next !== null) withLits.push(start.next);
    const words = Math.max(1, Math.ceil(withLits.length / 32));
    const keys = new Set(withLits.flatMap((e) => [...e.lits!]));
    this.member = new Uint32Array((keys.size + 1) * words);
    let row = words;
    for (const key of keys) {
      this.rowOf.set(key, row);
      row += words;
    }
    withLits.forEach((e, bit) => {
      e.litWord = bit >>> 5;
      e.litBit = 1 << (bit & 31);
      for (const key of e.lits!) this.member[this.rowOf.get(key)! + e.litWord]! |= e.litBit;
    });
  }

  /**
   * Every cue match in the context, in token order; each cue is reported at most `maxPerCue`
   * times (later repeats add nothing a caller would use, and an adversarial input could
   * otherwise repeat one cue 50,000 times).
   */
  matchAll(ctx: TextContext, maxPerCue: number = Number.POSITIVE_INFINITY): CueMatch[] {
    const { tokens } = ctx;
    const n = tokens.length;
    if (this.classes.length < n) {
      this.classes = new Uint16Array(Math.max(n, this.classes.length * 2));
      this.rows = new Int32Array(this.classes.length);
    }
    const rows = this.rows;
    const classes = this.classes;
    const starts = this.starts;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      // what a token is to this index depends on its text and kind: worked out once per word
      let m = t.memo.extension;
      if (m === undefined || m.index !== this || m.kind !== t.kind) {
        const key = t.kind === 'emoji' ? emojiKey(t.norm) : t.norm;
        m = {
          index: this,
          kind: t.kind,
          classes: tokenClasses(t),
          starts: this.byKey.get(key),
          row: this.rowOf.get(key) ?? 0,
        };
        t.memo.extension = m;
      }
      rows[i] = m.row;
      classes[i] = m.classes;
      starts[i] = m.starts;
    }
    // the call counter wraps long before it could collide with a stale stamp
    this.call = (this.call + 1) & 0x3fffffff;
    const scan: Scan = { ctx, classes, rows, member: this.member };
    const out: CueMatch[] = [];
    for (let i = 0; i < n; i++) {
      const start = starts[i];
      if (start !== undefined) this.tryStart(start, scan, i, maxPerCue, out);
      // only the classes some cue starts with: a plain word usually has none
      for (let bits = classes[i]! & this.startClasses; bits !== 0; bits &= bits - 1) {
        this.tryStart(this.byClass[31 - Math.clz32(bits & -bits)]!, scan, i, maxPerCue, out);
      }
    }
    if (starts.length > 4096) starts.length = 0;
    return out;
  }

  private tryStart(start: StartCues, scan: Scan, i: number, maxPerCue: number, out: CueMatch[]): void {
    if (start.next !== null && (i + 1 >= scan.ctx.tokens.length || !test(start.next, scan, i + 1))) return;
    const call = this.call;
    for (const cue of start.cues) {
      const id = cue.id;
      // a cue reachable from two of a token's keys or classes is tried once per token
      if (this.triedCall[id] === call && this.triedAt[id] === i) continue;
      this.triedCall[id] = call;
      this.triedAt[id] = i;
      const matched = this.countCall[id] === call ? this.count[id]! : 0;
      if (matched >= maxPerCue) continue;
      // most tries fail on the second token ("i" is followed by "was" far more often than by "discovered")
      if (cue.second !== null && (i + 1 >= scan.ctx.tokens.length || !test(cue.second, scan, i + 1)))
        continue;
      if (!anchored(cue.at, scan.ctx, i)) continue;
      const end = matchFrom(cue.elems, 0, scan, i);
      if (end > i) {
        out.push({ cue, from: i, to: end });
        this.countCall[id] = call;
        this.count[id] = matched + 1;
      }
    }
  }
}

function anchored(at: CueSpec['at'], ctx: TextContext, i: number): boolean {
  switch (at) {
    case undefined:
      return true;
    case 'sentence':
      return ctx.sentenceStart[i] === 1;
    case 'line':
      return ctx.lineStart[i] === 1;
    case 'post':
      return ctx.sentenceStart[i] === 1 && ctx.sentenceOf[i] === 0;
  }
}

/**
 * Match `elems[k..]` starting at token `j`; returns the end token index (exclusive) or -1.
 * A gap tries each position up to its bound for the element after it, and an optional element
 * is tried with and without; cues hold at most two gaps and a few optionals, so this stays a
 * small constant per start token.
 */
function matchFrom(elems: readonly Elem[], k: number, scan: Scan, j: number): number {
  const { ctx } = scan;
  const n = ctx.tokens.length;
  while (k < elems.length) {
    const e = elems[k]!;
    if (e.kind === 'gap') {
      const next = elems[k + 1];
      if (!next || next.kind !== 'tok') return -1;
      const sentence = j > 0 ? ctx.sentenceOf[j - 1]! : 0;
      for (let g = 0; g <= e.max && j + g < n; g++) {
        const idx = j + g;
        if (!e.crossSentence && ctx.sentenceOf[idx] !== sentence) break;
        if (test(next, scan, idx)) {
          const end = matchFrom(elems, k + 2, scan, idx + 1);
          if (end >= 0) return end;
        }
      }
      return -1;
    }
    if (e.optional) {
      if (j < n && test(e, scan, j)) {
        const end = matchFrom(elems, k + 1, scan, j + 1);
        if (end >= 0) return end;
      }
      k++;
      continue;
    }
    if (j >= n || !test(e, scan, j)) return -1;
    j++;
    k++;
  }
  return j;
}
