/**
 * Features of the clickbait / hook scorer: hashed word unigrams and bigrams plus hook cues the
 * clickbait literature names (Chakraborty et al. 2016; Blom & Hansen 2015 on forward
 * reference): question openings, listicle numbers ("7 ways"), second-person address,
 * superlatives and hyperbole, forward-referring "this is why", quiz phrasing.
 *
 * Shared by the scorer (src/nlp/clickbait.ts) and its training script, so both see exactly
 * the same features. Letter case is ignored on purpose: the training headlines are
 * Title Case from BuzzFeed and mixed case from news sites, and a casing cue would learn the
 * publisher's style guide rather than the hook.
 */
import { FeatureVector, cueHash, extractFeatures, type FeatureSpec } from './linear.js';
import { PhraseIndex, phraseEntries } from './phrases.js';
import { QUESTION_OPENERS } from './question-openers.js';
import { tokenize, type Token } from './tokenize.js';

export const CLICKBAIT_FEATURES: FeatureSpec = { unigrams: true, bigrams: true, charNgrams: null };

/**
 * Only the opening is scored: training headlines are at most 21 words, and the hook of a
 * post is its first line. A longer text would otherwise pile up evidence no headline had.
 */
export const CLICKBAIT_MAX_TOKENS = 40;

const DEMONSTRATIVE_OPENERS = new Set(['this', 'these', 'here', "here's", 'that', 'those']);
const SECOND_PERSON = new Set([
  'you',
  'your',
  "you're",
  'yourself',
  'yours',
  "you'll",
  "you've",
  "you'd",
  'u',
  'ur',
  'youre',
]);
const SUPERLATIVES = new Set([
  'best',
  'worst',
  'most',
  'least',
  'greatest',
  'biggest',
  'ever',
  'ultimate',
  'perfect',
  'cutest',
  'funniest',
  'weirdest',
  'craziest',
  'only',
  'absolutely',
  'literally',
  'totally',
  'seriously',
]);
const LISTICLE_NOUNS = new Set([
  'ways',
  'things',
  'reasons',
  'signs',
  'times',
  'people',
  'facts',
  'tips',
  'photos',
  'pictures',
  'pics',
  'questions',
  'moments',
  'tweets',
  'secrets',
  'mistakes',
  'lessons',
  'habits',
  'tricks',
  'hacks',
  'steps',
  'rules',
  'ideas',
  'books',
  'movies',
  'songs',
  'products',
  'struggles',
  'gifs',
  'celebrities',
  'words',
  'quotes',
  'places',
  'foods',
  'truths',
  'problems',
  'questions',
  'stories',
]);

/** Multi-word hook phrases by cue; matched on normalised tokens. */
const PHRASES: Record<string, string[]> = {
  hyperbole: [
    'blow your mind',
    'mind blowing',
    'mind-blowing',
    "won't believe",
    'wont believe',
    "can't believe",
    'will make you',
    'make you',
    'omg',
    'wtf',
    'insane',
    'amazing',
    'incredible',
    'epic',
    'unbelievable',
    'jaw dropping',
    'jaw-dropping',
    'adorable',
    'hilarious',
    'so good',
    'so much',
    'too much',
    'genius',
    'shocking',
    'crazy',
  ],
  forward_reference: [
    'this is why',
    "here's why",
    'here is why',
    'this is what',
    "here's what",
    'here is what',
    'this is how',
    "here's how",
    'the reason',
    'what happens',
    'what happened',
    'happened next',
    'need to know',
    'need to see',
    'the truth',
    'secret',
    'secrets',
    'nobody',
    'no one',
    'everyone',
    "what it's like",
    'find out',
    'the one thing',
    'this one',
    'these are',
  ],
  quiz: [
    'are you',
    'do you',
    'can you',
    'should you',
    'quiz',
    'how well do you',
    'how many',
    'what kind of',
    'which of',
    'tell us',
    'we know',
    'based on',
  ],
};

const PHRASE_CUES = new PhraseIndex(phraseEntries(PHRASES, (cue) => cueHash(cue)));

const CUE = {
  questionOpen: cueHash('question_open'),
  questionMark: cueHash('question_mark'),
  questionEnd: cueHash('question_end'),
  numberOpen: cueHash('number_open'),
  listicle: cueHash('listicle'),
  secondPerson: cueHash('second_person'),
  superlative: cueHash('superlative'),
  demonstrativeOpen: cueHash('demonstrative_open'),
  exclamation: cueHash('exclamation'),
  emoji: cueHash('emoji'),
  length: [cueHash('len_0_4'), cueHash('len_5_8'), cueHash('len_9_12'), cueHash('len_13_plus')],
};

// Enough text for 40 tokens in all but degenerate input; the tokenizer is greedy left to right,
// so when the prefix yields more than 40 tokens its first 40 equal those of the whole text.
const OPENING_CHARS = 1000;

/** The opening tokens of a text without tokenising all of a long one. */
export function clickbaitOpeningOf(text: string): readonly Token[] {
  if (text.length > OPENING_CHARS) {
    const head = tokenize(text.slice(0, OPENING_CHARS));
    if (head.length > CLICKBAIT_MAX_TOKENS) return head.slice(0, CLICKBAIT_MAX_TOKENS);
  }
  return clickbaitOpening(tokenize(text));
}

/** The opening tokens a score is computed on (see CLICKBAIT_MAX_TOKENS). */
export function clickbaitOpening(tokens: readonly Token[]): readonly Token[] {
  return tokens.length > CLICKBAIT_MAX_TOKENS ? tokens.slice(0, CLICKBAIT_MAX_TOKENS) : tokens;
}

const SECOND_PERSON_BIT = 1;
const SUPERLATIVE_BIT = 2;
const PHRASE_START_BIT = 4;

/** The word cues of a norm (kept on the token's WordMemo by the caller). */
function wordBits(norm: string): number {
  let bits = 0;
  if (SECOND_PERSON.has(norm)) bits |= SECOND_PERSON_BIT;
  if (SUPERLATIVES.has(norm) || (norm.length > 5 && norm.endsWith('iest'))) bits |= SUPERLATIVE_BIT;
  if (PHRASE_CUES.startsWith(norm)) bits |= PHRASE_START_BIT;
  return bits;
}

/** Append n-gram and hook-cue features of the (already trimmed) opening tokens to `out`. */
export function clickbaitFeatures(tokens: readonly Token[], mask: number, out: FeatureVector): FeatureVector {
  extractFeatures(tokens, '', CLICKBAIT_FEATURES, mask, out);
  const n = tokens.length;
  if (n === 0) return out;

  let firstWord = -1;
  let secondPerson = 0;
  let superlative = 0;
  let questionMark = false;
  let exclamation = false;
  let emoji = 0;
  let listicle = false;
  let words = 0;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case 'word': {
        words++;
        if (firstWord < 0) firstWord = i;
        const bits = (t.memo.clickbait ??= wordBits(t.norm));
        if ((bits & SECOND_PERSON_BIT) !== 0) secondPerson++;
        if ((bits & SUPERLATIVE_BIT) !== 0) superlative++;
        if ((bits & PHRASE_START_BIT) !== 0) PHRASE_CUES.forEachAt(tokens, i, (cue) => out.add(cue, mask));
        break;
      }
      case 'number': {
        // "7 Ways…", "The 21 Best…": a count near the start followed by a plural noun
        if (i <= 2) {
          const next = tokens[i + 1];
          const after = tokens[i + 2];
          if (isListNoun(next) || (next?.kind === 'word' && isListNoun(after))) listicle = true;
        }
        break;
      }
      case 'punct':
        if (t.norm.includes('?')) questionMark = true;
        if (t.norm.includes('!')) exclamation = true;
        break;
      case 'emoji':
        emoji++;
        break;
      case 'url':
      case 'mention':
      case 'hashtag':
        break;
    }
  }

  const first = tokens[0]!;
  if (first.kind === 'number') out.add(CUE.numberOpen, mask);
  if (firstWord === 0 && QUESTION_OPENERS.has(first.norm)) out.add(CUE.questionOpen, mask);
  if (firstWord === 0 && DEMONSTRATIVE_OPENERS.has(first.norm)) out.add(CUE.demonstrativeOpen, mask);
  if (listicle) out.add(CUE.listicle, mask);
  if (questionMark) out.add(CUE.questionMark, mask);
  if (tokens[n - 1]!.norm.includes('?')) out.add(CUE.questionEnd, mask);
  if (exclamation) out.add(CUE.exclamation, mask);
  if (secondPerson > 0) out.add(CUE.secondPerson, mask, Math.min(secondPerson, 3));
  if (superlative > 0) out.add(CUE.superlative, mask, Math.min(superlative, 3));
  if (emoji > 0) out.add(CUE.emoji, mask, Math.min(emoji, 3));
  out.add(CUE.length[words <= 4 ? 0 : words <= 8 ? 1 : words <= 12 ? 2 : 3]!, mask);
  return out;
}

function isListNoun(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'word' && LISTICLE_NOUNS.has(t.norm);
}
