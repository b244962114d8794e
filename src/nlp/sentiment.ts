/**
 * Sentiment of short social text: VADER (Hutto & Gilbert, ICWSM 2014) run over our tokens.
 *
 * The rules follow vaderSentiment 3.3.2 — boosters and dampeners up to three words back,
 * negation (incl. "no" before a rated word, "never so", "at least"), ALL CAPS emphasis when
 * the rest of the text is not in caps, "but" shifting weight to the second clause, ! and ?
 * emphasis, idioms — and the lexicon is VADER's own human-rated one
 * (models/sentiment.v1.json, built by scripts/train-sentiment.ts), plus emoji rated by
 * emoji-emotion. Two additions for social text, each measured in docs/evaluation.md:
 * elongated words ("goooood", "sooo") are looked up squashed and count as emphasised, and a
 * hashtag is scored by its word ("#blessed").
 *
 * Working on tokens rather than VADER's whitespace split means emoticons glued to words
 * ("great:)") and curly apostrophes are handled, and the caller tokenizes once for everything.
 */
import lexiconJson from './models/sentiment.v1.json' with { type: 'json' };
import {
  B_DECR,
  B_INCR,
  BOOSTERS,
  C_INCR,
  isNegator,
  N_SCALAR,
  NEGATOR_WORDS,
  resolveElongation,
} from './negation.js';
import type { SentimentWord } from './token.js';
import { tokenize, type Token } from './tokenize.js';

export interface SentimentScores {
  /** normalised sum of valences, −1 (most negative) … 1 (most positive) */
  compound: number;
  /** shares of the text that read positive, negative and neutral; they sum to 1 (or are all 0 for empty text) */
  positive: number;
  negative: number;
  neutral: number;
}

// vaderSentiment 3.3.2 SPECIAL_CASES: multi-word expressions whose valence replaces the word's.
const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.1],
  ['broken heart', -2.9],
]);

const IDIOM_WORDS: ReadonlySet<string> = new Set([...IDIOMS.keys()].flatMap((k) => k.split(' ')));

export interface SentimentLexicon {
  readonly version: string;
  /** lower-case word, emoticon or emoji (without skin tone / variation selector) → valence −4…4 */
  readonly valences: ReadonlyMap<string, number>;
  /** everything the rules need to know about a word, resolved with one lookup */
  readonly words: ReadonlyMap<string, WordInfo>;
}

/** What the rules know about one word. */
interface WordInfo {
  /** lexicon valence, NaN when the word is not rated */
  readonly valence: number;
  /** booster/dampener increment, 0 when none */
  readonly booster: number;
  readonly negator: boolean;
  /** one of the SPECIAL codes, 0 for an ordinary word */
  readonly code: number;
  /** part of an idiom (IDIOMS) */
  readonly idiom: boolean;
}

// Words individual rules look for, as small integers so the rules compare numbers.
const W_BUT = 1;
const W_NEVER = 2;
const W_SO = 3;
const W_THIS = 4;
const W_WITHOUT = 5;
const W_DOUBT = 6;
const W_LEAST = 7;
const W_AT = 8;
const W_VERY = 9;
const W_KIND = 10;
const W_SORT = 11;
const W_OF = 12;
const W_JUST = 13;
const W_ENOUGH = 14;
const W_IDIOM = 15;
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['but', W_BUT],
  ['never', W_NEVER],
  ['so', W_SO],
  ['this', W_THIS],
  ['without', W_WITHOUT],
  ['doubt', W_DOUBT],
  ['least', W_LEAST],
  ['at', W_AT],
  ['very', W_VERY],
  ['kind', W_KIND],
  ['sort', W_SORT],
  ['of', W_OF],
  ['just', W_JUST],
  ['enough', W_ENOUGH],
]);

/** Validate the lexicon file and index it. */
export function loadSentimentLexicon(json: unknown): SentimentLexicon {
  const file = json as { version?: unknown; lexicon?: unknown; emoji?: unknown };
  if (typeof file.version !== 'string') throw new Error('sentiment lexicon: version must be a string');
  const valences = new Map<string, number>();
  for (const field of ['lexicon', 'emoji'] as const) {
    const entries = file[field];
    if (!Array.isArray(entries)) throw new Error(`sentiment lexicon: ${field} must be an array`);
    entries.forEach((entry: unknown, i) => {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') {
        throw new Error(`sentiment lexicon: ${field}[${i}] must be [string, number]`);
      }
      valences.set(entry[0], entry[1]);
    });
  }
  const keys = new Set([...valences.keys(), ...BOOSTERS.keys(), ...SPECIAL.keys(), ...IDIOM_WORDS]);
  const words = new Map<string, WordInfo>();
  for (const key of keys) {
    words.set(key, {
      valence: valences.get(key) ?? Number.NaN,
      booster: BOOSTERS.get(key) ?? 0,
      negator: isNegator(key),
      code: SPECIAL.get(key) ?? (IDIOM_WORDS.has(key) ? W_IDIOM : 0),
      idiom: IDIOM_WORDS.has(key),
    });
  }
  for (const key of NEGATOR_WORDS) {
    if (!words.has(key))
      words.set(key, { valence: Number.NaN, booster: 0, negator: true, code: 0, idiom: false });
  }
  return { version: file.version, valences, words };
}

export const SENTIMENT_LEXICON: SentimentLexicon = loadSentimentLexicon(lexiconJson);
export const SENTIMENT_MODEL_VERSION = SENTIMENT_LEXICON.version;

const EMPTY: SentimentScores = Object.freeze({ compound: 0, positive: 0, negative: 0, neutral: 0 });

/** VADER's normalisation: x / √(x² + α), α = 15 approximating the largest expected sum. */
export function normalizeScore(score: number, alpha = 15): number {
  const n = score / Math.sqrt(score * score + alpha);
  return n < -1 ? -1 : n > 1 ? 1 : n;
}

let cap = 64;
let keys: string[] = [];
let rated = new Float64Array(cap);
let boost = new Float64Array(cap);
let codes = new Uint8Array(cap);
let flags = new Uint8Array(cap);
let clauses = new Int32Array(cap);
let valences = new Float64Array(cap);
const F_NEGATOR = 1;
const F_UPPER = 2;
const F_ELONGATED = 4;
const F_IDIOM = 8;

function ensureCapacity(n: number): void {
  if (n < cap) return;
  cap = n * 2;
  const r = new Float64Array(cap);
  r.set(rated);
  rated = r;
  const b = new Float64Array(cap);
  b.set(boost);
  boost = b;
  const c = new Uint8Array(cap);
  c.set(codes);
  codes = c;
  const f = new Uint8Array(cap);
  f.set(flags);
  flags = f;
  const k = new Int32Array(cap);
  k.set(clauses);
  clauses = k;
  valences = new Float64Array(cap);
}

/** Whether a token takes part as a word (VADER's whitespace tokens of length ≥ 2, punctuation stripped). */
function isItem(t: Token): boolean {
  switch (t.kind) {
    case 'word':
    case 'number':
      return t.text.length >= 2;
    case 'emoji':
    case 'hashtag':
    case 'mention':
    case 'url':
      return true;
    case 'punct': {
      // emoticons; runs of ! ? . are emphasis, not words
      if (t.text.length < 2) return false;
      const c = t.text.charCodeAt(0);
      return !(c === 33 || c === 63 || c === 46);
    }
  }
}

function endsClause(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 46 || c === 33 || c === 63 || c === 0x2026 || (c === 59 && text.length === 1);
}

/** Python's str.isupper(): at least one cased letter and no lower-case one (ASCII, as VADER). */
function isUpper(text: string): boolean {
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper;
}

const EMOJI_VARIANTS_RE = /[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu;

function resolveWord(norm: string, words: ReadonlyMap<string, WordInfo>): SentimentWord {
  let key = norm;
  let info = words.get(key);
  let f = 0;
  if (info === undefined) {
    const resolved = resolveElongation(key, (w) => words.has(w));
    if (resolved !== key) {
      info = words.get(resolved);
      if (info !== undefined) {
        key = resolved;
        f |= F_ELONGATED;
      }
    }
    // contractions outside the list: "shouldn't", "mightn't"
    if (info === undefined && key.endsWith("n't")) f |= F_NEGATOR;
  }
  return resolved('word', key, info, f);
}

/** A token other than a word: a hashtag by its word, an emoji also without variation selectors. */
function resolveOther(t: Token, words: ReadonlyMap<string, WordInfo>): SentimentWord {
  let key = t.kind === 'hashtag' ? t.norm.slice(1) : t.norm;
  let info = words.get(key);
  if (info === undefined && t.kind === 'emoji') {
    key = key.replace(EMOJI_VARIANTS_RE, '');
    info = words.get(key);
  }
  return resolved(t.kind, key, info, 0);
}

function resolved(kind: Token['kind'], key: string, info: WordInfo | undefined, f: number): SentimentWord {
  if (info === undefined) return { kind, key, valence: Number.NaN, booster: 0, code: 0, flags: f };
  return {
    kind,
    key,
    valence: info.valence,
    booster: info.booster,
    code: info.code,
    flags: (info.negator ? f | F_NEGATOR : f) | (info.idiom ? F_IDIOM : 0),
  };
}

function resolveToken(t: Token, words: ReadonlyMap<string, WordInfo>): SentimentWord {
  return t.kind === 'word' ? resolveWord(t.norm, words) : resolveOther(t, words);
}

/**
 * The default lexicon's resolution of a token, kept on its WordMemo: how a token resolves
 * depends on its text and kind alone.
 */
function defaultResolution(t: Token): SentimentWord {
  const r = t.memo.sentiment;
  if (r !== undefined && r.kind === t.kind) return r;
  return (t.memo.sentiment = resolveToken(t, SENTIMENT_LEXICON.words));
}

/** Resolve a token: its WordInfo, trying the squashed spelling of elongated words ("sooo", "gooood"). */
function resolve(t: Token, words: ReadonlyMap<string, WordInfo>, i: number): void {
  const upper = isUpper(t.text) ? F_UPPER : 0;
  let r: SentimentWord;
  if (words === SENTIMENT_LEXICON.words) r = defaultResolution(t);
  else r = resolveToken(t, words);
  store(i, r, upper);
}

function store(i: number, r: SentimentWord, upper: number): void {
  keys[i] = r.key;
  rated[i] = r.valence;
  boost[i] = r.booster;
  codes[i] = r.code;
  flags[i] = r.flags | upper;
}

/**
 * Sentiment of a text (or of its tokens, when the caller already has them).
 * compound = normalizeScore(Σ valences ± punctuation emphasis) ∈ [−1, 1].
 */
export function sentiment(
  input: string | readonly Token[],
  lexicon: SentimentLexicon = SENTIMENT_LEXICON,
): SentimentScores {
  const tokens = typeof input === 'string' ? tokenize(input) : input;
  const words = lexicon.words;
  let n = 0;
  let exclamations = 0;
  let questions = 0;
  let upperItems = 0;
  let clause = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      for (let i = 0; i < t.text.length; i++) {
        const c = t.text.charCodeAt(i);
        if (c === 33) exclamations++;
        else if (c === 63) questions++;
      }
      if (endsClause(t.text)) clause++;
    }
    if (!isItem(t)) continue;
    ensureCapacity(n + 1);
    clauses[n] = clause;
    resolve(t, words, n);
    if ((flags[n]! & F_UPPER) !== 0) upperItems++;
    n++;
  }
  if (n === 0) return { ...EMPTY };
  const capDiff = upperItems > 0 && upperItems < n;

  let butIndex = -1;
  for (let i = 0; i < n; i++) {
    if (codes[i] === W_BUT) {
      butIndex = i;
      break;
    }
  }

  for (let i = 0; i < n; i++) {
    valences[i] = 0;
    const isKindOf = codes[i] === W_KIND && i + 1 < n && codes[i + 1] === W_OF;
    if (boost[i] !== 0 || isKindOf || Number.isNaN(rated[i]!)) continue;
    valences[i] = itemValence(i, n, capDiff);
  }

  let sum = 0;
  let posSum = 0;
  let negSum = 0;
  let neutralCount = 0;
  for (let i = 0; i < n; i++) {
    let v = valences[i]!;
    // "but" shifts the weight to what follows it (VADER: ×0.5 before, ×1.5 after)
    if (butIndex >= 0 && i !== butIndex) v *= i < butIndex ? 0.5 : 1.5;
    sum += v;
    if (v > 0) posSum += v + 1;
    else if (v < 0) negSum += v - 1;
    else neutralCount++;
  }
  // drop references to the caller's strings
  if (n > 256) keys = [];
  else for (let i = 0; i < n; i++) keys[i] = '';

  // ! adds 0.292 each (up to 4); 2–3 ? add 0.18 each, more add 0.96 (VADER's measured increments)
  const emphasis =
    Math.min(exclamations, 4) * 0.292 + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  if (posSum > -negSum) posSum += emphasis;
  else if (posSum < -negSum) negSum -= emphasis;
  const total = posSum - negSum + neutralCount;
  return {
    compound: normalizeScore(sum),
    positive: total === 0 ? 0 : posSum / total,
    negative: total === 0 ? 0 : Math.abs(negSum) / total,
    neutral: total === 0 ? 0 : neutralCount / total,
  };
}

function itemValence(i: number, n: number, capDiff: boolean): number {
  let valence = rated[i]!;
  // ALL CAPS adds VADER's C_INCR; an elongated word ("goood") counts as boosted (B_INCR)
  const f = flags[i]!;
  const emphasis = capDiff && (f & F_UPPER) !== 0 ? C_INCR : (f & F_ELONGATED) !== 0 ? B_INCR : 0;
  if (emphasis !== 0) valence += valence > 0 ? emphasis : -emphasis;

  for (let back = 0; back < 3; back++) {
    const j = i - back - 1;
    // unlike VADER's plain three-word window, a negation or booster does not reach across . ! ? ;
    if (j < 0 || clauses[j] !== clauses[i]) break;
    if (!Number.isNaN(rated[j]!)) continue;
    let s = boost[j]!;
    if (s !== 0) {
      if (valence < 0) s = -s;
      if (capDiff && (flags[j]! & F_UPPER) !== 0) s += valence > 0 ? C_INCR : -C_INCR;
      if (back === 1) s *= 0.95;
      else if (back === 2) s *= 0.9;
      valence += s;
    }
    valence = negationCheck(valence, back, i);
    // where VADER looks for idioms: only with three unrated words before (its rule, kept because
    // firing idioms more widely measured worse on tweets)
    if (back === 2) valence = idiomCheck(valence, i, n);
  }
  // "least good" negates; "at least good" and "very least" do not
  if (i > 0 && codes[i - 1] === W_LEAST && Number.isNaN(rated[i - 1]!)) {
    if (i === 1 || (codes[i - 2] !== W_AT && codes[i - 2] !== W_VERY)) valence *= N_SCALAR;
  }
  return valence;
}

function negated(j: number): boolean {
  return (flags[j]! & F_NEGATOR) !== 0;
}

function negationCheck(valence: number, back: number, i: number): number {
  if (back === 0) return negated(i - 1) ? valence * N_SCALAR : valence;
  const c1 = codes[i - 1];
  const c2 = codes[i - 2];
  if (back === 1) {
    if (c2 === W_NEVER && (c1 === W_SO || c1 === W_THIS)) return valence * 1.25;
    if (c2 === W_WITHOUT && c1 === W_DOUBT) return valence;
    return negated(i - 2) ? valence * N_SCALAR : valence;
  }
  const c3 = codes[i - 3];
  if ((c3 === W_NEVER && (c2 === W_SO || c2 === W_THIS)) || c1 === W_SO || c1 === W_THIS)
    return valence * 1.25;
  if (c3 === W_WITHOUT && (c2 === W_DOUBT || c1 === W_DOUBT)) return valence;
  return negated(i - 3) ? valence * N_SCALAR : valence;
}

/**
 * The valence of the idiom that items from..from+count-1 form, if they form one: looked up only
 * when each of them is an idiom word.
 */
function idiomAt(from: number, count: number): number | undefined {
  if (from < 0) return undefined;
  for (let j = from; j < from + count; j++) if ((flags[j]! & F_IDIOM) === 0) return undefined;
  const two = `${keys[from]!} ${keys[from + 1]!}`;
  return IDIOMS.get(count === 2 ? two : `${two} ${keys[from + 2]!}`);
}

function idiomCheck(valence: number, i: number, n: number): number {
  let v = valence;
  // strings are built only when an idiom word is near, which is rare
  if (
    codes[i] === W_IDIOM ||
    codes[i - 1] === W_IDIOM ||
    codes[i - 2] === W_IDIOM ||
    (i + 1 < n && codes[i + 1] === W_IDIOM)
  ) {
    v =
      idiomAt(i - 1, 2) ??
      idiomAt(i - 2, 3) ??
      idiomAt(i - 2, 2) ??
      idiomAt(i - 3, 3) ??
      idiomAt(i - 3, 2) ??
      v;
    if (i + 1 < n) v = idiomAt(i, 2) ?? v;
    if (i + 2 < n) v = idiomAt(i, 3) ?? v;
  }
  // "kind of good", "sort of nice", "just enough": a two-word dampener right before the word
  const dampened =
    ((codes[i - 2] === W_KIND || codes[i - 2] === W_SORT) && codes[i - 1] === W_OF) ||
    (codes[i - 2] === W_JUST && codes[i - 1] === W_ENOUGH) ||
    ((codes[i - 3] === W_KIND || codes[i - 3] === W_SORT) && codes[i - 2] === W_OF) ||
    (codes[i - 3] === W_JUST && codes[i - 2] === W_ENOUGH);
  if (dampened) v += v > 0 ? B_DECR : -B_DECR;
  return v;
}
