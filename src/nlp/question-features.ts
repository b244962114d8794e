/**
 * Features of the question model (is this reply a question to someone?): the shape of a
 * question, which carries from one topic to another where the
 * words do not — a "?" and where it stands, the opening of the sentence that holds it (a
 * wh-word, an auxiliary before its subject: "is this", "do you"), whether it speaks to "you",
 * an @reply, a retweet, links and hashtags (a headline teaser "PEACEFUL PROTEST? …" ends in a
 * link), a one- or two-word echo ("Antarctica?"), and questions without "?": "wondering if",
 * "any chance", "is there a way", "I'd like to know", "can someone tell me". Shared by
 * src/nlp/question.ts and scripts/train-question.ts.
 */
import { FeatureVector, cueHash, extractFeatures, type FeatureSpec } from './linear.js';
import { PhraseIndex } from './phrases.js';
import type { Token } from './tokenize.js';

/**
 * Shape cues only, no words: with word unigrams and bigrams as well, 5-fold CV F1 on tweet-acts
 * was the same (0.80 vs 0.80) and the words were the tweets' topics (Harry Potter, Gaza, the
 * travel ban), which a creator's replies do not share.
 */
export const QUESTION_FEATURES: FeatureSpec = { unigrams: false, bigrams: false, charNgrams: null };

/** Replies are short; past 80 tokens the extra words add noise, not evidence. */
export const QUESTION_MAX_TOKENS = 80;

export const WH_WORDS = new Set([
  'how',
  'what',
  'where',
  'when',
  'why',
  'who',
  'whom',
  'whose',
  'which',
  'whats',
  "what's",
  "where's",
  "how's",
  "who's",
  "why's",
  "when's",
  'wat',
  'wut',
]);

export const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'am',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'shall',
  'may',
  'might',
  'has',
  'have',
  'had',
  "isn't",
  "aren't",
  "don't",
  "doesn't",
  "didn't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "shouldn't",
  "haven't",
  "hasn't",
  'r',
  'u',
]);

export const SUBJECTS = new Set([
  'this',
  'it',
  'that',
  'these',
  'those',
  'you',
  'u',
  'ya',
  'he',
  'she',
  'they',
  'we',
  'i',
  'there',
  'the',
  'your',
  'ur',
  'my',
  'a',
  'an',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'any',
  'he',
  'his',
  'her',
  'their',
]);

/** Words that may come before a question's opening ("hey, do you…", "ok so why…"). */
export const LEAD_INS = new Set([
  'hi',
  'hey',
  'hello',
  'hiya',
  'dear',
  'wait',
  'so',
  'ok',
  'okay',
  'oh',
  'but',
  'and',
  'um',
  'umm',
  'hmm',
  'also',
  'btw',
  'honestly',
  'genuinely',
  'seriously',
  'quick',
  'question',
  'sorry',
  'excuse',
  'me',
  'pls',
  'please',
  'rt',
]);

const SECOND_PERSON = new Set(['you', 'your', 'u', 'ur', 'ya', "you're", 'youre', 'yours', 'yourself']);

/** Questions and requests for an answer that need no "?". */
export const INDIRECT_QUESTION_PHRASES: readonly string[] = [
  'wondering if',
  'wondering whether',
  'wondering how',
  'wondering what',
  'wondering when',
  'wondering where',
  'wondering why',
  'i wonder if',
  'i wonder how',
  'i wonder what',
  'any chance',
  'is there a way',
  'is there any way',
  'is there anyway',
  'anyone know',
  'anybody know',
  'does anyone',
  'does anybody',
  'do you know',
  'do u know',
  'can anyone',
  'can someone',
  'could anyone',
  'could someone',
  'can you tell',
  'could you tell',
  'can u tell',
  'tell me',
  'please tell',
  'pls tell',
  'let me know',
  'lmk',
  'want to know',
  'wanna know',
  'like to know',
  'need to know',
  'would love to know',
  'curious',
  'any idea',
  'any ideas',
  'any tips',
  'any advice',
  'any recommendations',
  'any suggestions',
  'recommend',
  'how about',
  'what about',
  'a question',
  'quick question',
  'my question',
  'explain',
  'help me understand',
  'how do i',
  'how do you',
  'how can i',
  'where do i',
  'where can i',
  'what is the',
  'what are the',
];

const INDIRECT = new PhraseIndex(INDIRECT_QUESTION_PHRASES.map((p) => [p, true] as const));

const CUE = {
  qmark: cueHash('q:qmark'),
  qmarks: cueHash('q:qmark_count'),
  endsQ: cueHash('q:ends_with_qmark'),
  qWh: cueHash('q:qsentence_wh_open'),
  qAux: cueHash('q:qsentence_aux_open'),
  qYou: cueHash('q:qsentence_you'),
  qEcho: cueHash('q:qsentence_echo'),
  qExcl: cueHash('q:interrobang'),
  noQWh: cueHash('q:no_qmark_wh_open'),
  noQAux: cueHash('q:no_qmark_aux_subject'),
  whAnywhere: cueHash('q:wh_word'),
  indirect: cueHash('q:indirect'),
  reply: cueHash('q:reply'),
  retweet: cueHash('q:retweet'),
  url: cueHash('q:url'),
  hashtags: cueHash('q:hashtags'),
  exclamation: cueHash('q:exclamation'),
  length: [cueHash('q:len_0_3'), cueHash('q:len_4_10'), cueHash('q:len_11_25'), cueHash('q:len_26_plus')],
};

/** The tokens the question model reads. */
export function questionTokens(tokens: readonly Token[]): readonly Token[] {
  return tokens.length > QUESTION_MAX_TOKENS ? tokens.slice(0, QUESTION_MAX_TOKENS) : tokens;
}

const isBoundary = (t: Token): boolean =>
  t.kind === 'punct' && (t.norm.includes('.') || t.norm.includes('!') || t.norm.includes('?'));

/** Index of the first word of the sentence starting at `from`, skipping @handles, "RT", lead-ins, commas. */
function openingWord(tokens: readonly Token[], from: number, to: number): number {
  let i = from;
  let skipped = 0;
  while (i < to) {
    const t = tokens[i]!;
    if (t.kind === 'mention' || t.kind === 'emoji' || (t.kind === 'punct' && !isBoundary(t))) i++;
    else if (t.kind === 'word' && LEAD_INS.has(t.norm) && skipped < 3) {
      i++;
      skipped++;
    } else break;
  }
  return i < to && tokens[i]!.kind === 'word' ? i : -1;
}

export interface QuestionShape {
  /** how the opening of the first question-marked sentence (or of the text) reads */
  opening: 'wh' | 'aux' | 'none';
  questionMark: boolean;
  indirect: boolean;
  /** short (≤ 15 words), with no link, no hashtag, not a retweet: a reply, not a headline */
  plain: boolean;
  /**
   * Without "?": the text opens (after @handles and a greeting) like a question and nothing
   * else — "is this beginner friendly", "how often should I…", "wait, why does that work" —
   * and not like an exclamation ("what a legend", "so are you").
   */
  clearOpening: boolean;
}

const GREETINGS = new Set([
  'hi',
  'hey',
  'hello',
  'hiya',
  'ok',
  'okay',
  'wait',
  'quick',
  'question',
  'hmm',
  'um',
]);
const AFTER_WH = new Set(['if', 'often', 'long', 'much', 'many', 'else', 'about', 'kind', 'time', 'one']);
const ASKED_SUBJECTS = new Set([
  'this',
  'it',
  'that',
  'these',
  'those',
  'you',
  'u',
  'there',
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'he',
  'she',
  'they',
  'we',
  'i',
]);

function clearOpening(tokens: readonly Token[], open: number): boolean {
  for (let i = 0; i < open; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && !GREETINGS.has(t.norm)) return false;
  }
  const w = tokens[open]!.norm;
  const next = tokens[open + 1];
  if (next === undefined || next.kind !== 'word') return false;
  if (WH_WORDS.has(w))
    return AUXILIARIES.has(next.norm) || ASKED_SUBJECTS.has(next.norm) || AFTER_WH.has(next.norm);
  return AUXILIARIES.has(w) && ASKED_SUBJECTS.has(next.norm);
}

/**
 * Append the question features of a reply's tokens (already cut to QUESTION_MAX_TOKENS) to
 * `out`, and say what shape was found (src/nlp/intent.ts names it as evidence).
 */
export function questionFeatures(
  tokens: readonly Token[],
  mask: number,
  out: FeatureVector,
): { features: FeatureVector; shape: QuestionShape } {
  extractFeatures(tokens, '', QUESTION_FEATURES, mask, out);
  const shape: QuestionShape = {
    opening: 'none',
    questionMark: false,
    indirect: false,
    plain: false,
    clearOpening: false,
  };
  const n = tokens.length;
  if (n === 0) return { features: out, shape };

  let qmarks = 0;
  let words = 0;
  let urls = 0;
  let hashtags = 0;
  let exclamation = false;
  let interrobang = false;
  let wh = false;
  let lastContent = -1;
  let sentenceStart = 0;
  let firstQSentence: [number, number] | undefined;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      words++;
      if (WH_WORDS.has(t.norm)) wh = true;
      if (!shape.indirect) INDIRECT.forEachAt(tokens, i, () => (shape.indirect = true));
    } else if (t.kind === 'url') urls++;
    else if (t.kind === 'hashtag') hashtags++;
    if (t.kind !== 'url' && t.kind !== 'hashtag' && t.kind !== 'mention' && t.kind !== 'emoji')
      lastContent = i;
    if (t.kind === 'punct') {
      const q = t.norm.includes('?');
      const e = t.norm.includes('!');
      if (e) exclamation = true;
      if (q && e) interrobang = true;
      if (q) {
        qmarks++;
        if (firstQSentence === undefined) firstQSentence = [sentenceStart, i];
      }
      if (isBoundary(t)) sentenceStart = i + 1;
    }
  }

  const add = (h: number, v = 1): void => out.add(h, mask, v);
  if (qmarks > 0) {
    shape.questionMark = true;
    add(CUE.qmark);
    add(CUE.qmarks, Math.min(qmarks, 3));
    if (lastContent >= 0 && tokens[lastContent]!.norm.includes('?')) add(CUE.endsQ);
    if (interrobang) add(CUE.qExcl);
    const [from, to] = firstQSentence!;
    const open = openingWord(tokens, from, to);
    let sentenceWords = 0;
    let you = false;
    for (let i = from; i < to; i++) {
      const t = tokens[i]!;
      if (t.kind === 'word') {
        sentenceWords++;
        if (SECOND_PERSON.has(t.norm)) you = true;
      }
    }
    if (open >= 0) {
      const w = tokens[open]!.norm;
      if (WH_WORDS.has(w)) shape.opening = 'wh';
      else if (AUXILIARIES.has(w)) shape.opening = 'aux';
    }
    if (shape.opening === 'wh') add(CUE.qWh);
    if (shape.opening === 'aux') add(CUE.qAux);
    if (you) add(CUE.qYou);
    if (sentenceWords <= 2) add(CUE.qEcho);
  } else {
    const open = openingWord(tokens, 0, n);
    if (open >= 0) {
      const w = tokens[open]!.norm;
      const next = tokens[open + 1];
      if (WH_WORDS.has(w)) {
        shape.opening = 'wh';
        add(CUE.noQWh);
      } else if (AUXILIARIES.has(w) && next !== undefined && SUBJECTS.has(next.norm)) {
        shape.opening = 'aux';
        add(CUE.noQAux);
      }
      shape.clearOpening = clearOpening(tokens, open);
    }
  }
  shape.plain = words <= 15 && urls === 0 && hashtags === 0 && tokens[0]!.norm !== 'rt';
  if (wh) add(CUE.whAnywhere);
  if (shape.indirect) add(CUE.indirect);
  if (tokens[0]!.kind === 'mention') add(CUE.reply);
  if (tokens[0]!.norm === 'rt' && tokens[1]?.kind === 'mention') add(CUE.retweet);
  if (urls > 0) add(CUE.url);
  if (hashtags > 0) add(CUE.hashtags, Math.min(hashtags, 3));
  if (exclamation) add(CUE.exclamation);
  add(CUE.length[words <= 3 ? 0 : words <= 10 ? 1 : words <= 25 ? 2 : 3]!);
  return { features: out, shape };
}
