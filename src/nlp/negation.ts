/**
 * Negators and degree adverbs, shared by sentiment and emotions. The word lists and the
 * increments are VADER's (Hutto & Gilbert 2014, vaderSentiment 3.3 / vader-sentiment-js,
 * MIT / Apache-2.0): B_INCR/B_DECR are the mean rating change a booster/dampener caused in
 * their human study, N_SCALAR the mean change a negation caused.
 */
import type { Token } from './tokenize.js';

/** mean intensity increase caused by a booster word ("very good") */
export const B_INCR = 0.293;
/** mean intensity decrease caused by a dampener ("kinda good") */
export const B_DECR = -0.293;
/** mean increase for a word in ALL CAPS while the rest of the text is not */
export const C_INCR = 0.733;
/** factor a negation applies to a valence ("not good" ≈ −0.74 × "good") */
export const N_SCALAR = -0.74;

/** VADER's negating words (contractions with n't are recognised by isNegator). */
export const NEGATOR_WORDS: readonly string[] = [
  'aint',
  'arent',
  'cannot',
  'cant',
  'couldnt',
  'darent',
  'didnt',
  'doesnt',
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neither',
  'neednt',
  'never',
  'none',
  'nope',
  'nor',
  'not',
  'nothing',
  'nowhere',
  'oughtnt',
  'shant',
  'shouldnt',
  'uhuh',
  'wasnt',
  'werent',
  'without',
  'wont',
  'wouldnt',
  'rarely',
  'seldom',
  'despite',
];

const NEGATORS: ReadonlySet<string> = new Set(NEGATOR_WORDS);

/**
 * True for a negating word: VADER's list, or any contraction ending in "n't" (norms carry
 * straight apostrophes: the tokenizer normalises ’).
 */
export function isNegator(norm: string): boolean {
  return NEGATORS.has(norm) || (norm.length > 3 && norm.endsWith("n't"));
}

const BOOSTER_ENTRIES: [string, number][] = [
  ...[
    'absolutely',
    'amazingly',
    'awfully',
    'completely',
    'considerably',
    'decidedly',
    'deeply',
    'effing',
    'enormously',
    'entirely',
    'especially',
    'exceptionally',
    'extremely',
    'fabulously',
    'flipping',
    'flippin',
    'fricking',
    'frickin',
    'frigging',
    'friggin',
    'fully',
    'fucking',
    'greatly',
    'hella',
    'highly',
    'hugely',
    'incredibly',
    'intensely',
    'majorly',
    'more',
    'most',
    'particularly',
    'purely',
    'quite',
    'really',
    'remarkably',
    'so',
    'substantially',
    'thoroughly',
    'totally',
    'tremendously',
    'uber',
    'unbelievably',
    'unusually',
    'utterly',
    'very',
  ].map((w): [string, number] => [w, B_INCR]),
  ...[
    'almost',
    'barely',
    'hardly',
    'kinda',
    'kindof',
    'less',
    'little',
    'marginally',
    'occasionally',
    'partly',
    'scarcely',
    'slightly',
    'somewhat',
    'sorta',
    'sortof',
  ].map((w): [string, number] => [w, B_DECR]),
];

/** Degree adverbs and their signed increment (B_INCR boosts, B_DECR dampens). */
export const BOOSTERS: ReadonlyMap<string, number> = new Map(BOOSTER_ENTRIES);

/**
 * Collapse letter runs of three or more to two ("sooo" → "soo", "goooood" → "good").
 * Returns the input itself when there is nothing to collapse, so the common case allocates
 * nothing.
 */
export function squashElongation(norm: string): string {
  let run = 1;
  for (let i = 1; i < norm.length; i++) {
    run = norm.charCodeAt(i) === norm.charCodeAt(i - 1) ? run + 1 : 1;
    if (run === 3) return norm.replace(/(\p{L})\1{2,}/gu, '$1$1');
  }
  return norm;
}

/** Collapse letter runs of three or more to one letter ("happyyy" → "happy", "sooo" → "so"). */
export function squashElongationToOne(norm: string): string {
  return norm.replace(/(\p{L})\1{2,}/gu, '$1');
}

/**
 * The dictionary spelling of an elongated word: runs of 3+ squashed to two letters when
 * `known` has that ("goooood" → "good"), else to one ("happyyy" → "happy"), else the
 * two-letter form. Returns `norm` itself when nothing is elongated.
 */
export function resolveElongation(norm: string, known: (word: string) => boolean): string {
  const two = squashElongation(norm);
  if (two === norm || known(two)) return two;
  const one = squashElongationToOne(norm);
  return known(one) ? one : two;
}

/** Booster increment of a (possibly elongated: "sooo", "reallyyy") word, or 0. */
export function boosterValue(norm: string): number {
  const direct = BOOSTERS.get(norm);
  if (direct !== undefined) return direct;
  const squashed = squashElongation(norm);
  if (squashed === norm) return 0;
  return BOOSTERS.get(squashed) ?? BOOSTERS.get(squashElongationToOne(norm)) ?? 0;
}

/** How many following words a negation reaches when no punctuation closes it first. */
export const NEGATION_WINDOW = 3;

const ROLE_NEGATOR = 1;
const ROLE_BUT = 2;

/**
 * Marks the word tokens that sit in the scope of a preceding negator: up to NEGATION_WINDOW
 * words after it, closed early by clause punctuation (. , ; : ! ? and "but").
 * out[i] is 1 for a negated token; the negator itself is not marked.
 */
export function markNegated(tokens: readonly Token[], out: Uint8Array): Uint8Array {
  let remaining = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out[i] = 0;
    if (t.kind === 'punct') {
      if (isClauseBreak(t.norm)) remaining = 0;
      continue;
    }
    if (t.kind !== 'word') continue;
    // what the word is to negation depends on its norm alone: worked out once per word (WordMemo)
    const role = (t.memo.negation ??= isNegator(t.norm) ? ROLE_NEGATOR : t.norm === 'but' ? ROLE_BUT : 0);
    if (role === ROLE_NEGATOR) {
      remaining = NEGATION_WINDOW;
      continue;
    }
    if (role === ROLE_BUT) {
      remaining = 0;
      continue;
    }
    if (remaining > 0) {
      out[i] = 1;
      remaining--;
    }
  }
  return out;
}

function isClauseBreak(norm: string): boolean {
  const c = norm.charCodeAt(0);
  // . , ; : ! ? and the ellipsis; emoticons (":)") are two or more characters starting with these
  // but are not clause breaks
  if (norm.length > 1 && c !== 46 && c !== 33 && c !== 63) return false;
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 0x2026;
}
