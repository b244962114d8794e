/**
 * Intent of a reply on a creator's post: purchase intent, question, praise, complaint, spam or
 * other, each with a score in 0..1, plus a lead score.
 *
 * Evidence:
 * - learned: question / praise / complaint / interest outputs of a one-vs-rest model trained on
 *   GoEmotions (Demszky et al. 2020; curiosity+confusion → question, gratitude+admiration+
 *   approval → praise, annoyance+disappointment+disapproval+anger → complaint, desire →
 *   interest) by scripts/train-intent.ts; each output's F1-best threshold is folded into its
 *   bias, so 0.5 is its decision point;
 * - spam: src/nlp/spam.ts (YouTube Spam Collection);
 * - explicit cues: purchase phrases ("how much", "where can I buy", "take my money", "link?",
 *   a one-word "LINK" reply, the creator's own keywords), question shape ("?", wh-opening),
 *   complaint and praise phrases and emoji the Reddit data rarely shows.
 *
 * Scores (each 0..1), with noisyOr(a, b) = 1 − (1 − a)(1 − b):
 *   question  = noisyOr(model.question, cue.question)
 *   praise    = noisyOr(model.praise, cue.praise)
 *   complaint = noisyOr(model.complaint, cue.complaint)
 *   purchase_intent = noisyOr(cue.purchase, 0.6 · model.interest) · (1 − 0.6 · cue.complaint)
 *                     ("never received my order" is a complaint, not a buyer)
 *   spam      = σ(logit(spamScore) − 3 · cue.purchase)   (buyers write "DM me the link" too)
 *   other     = 1 − max(all five above)
 * intent = the first of spam, purchase_intent, complaint, question, praise whose score ≥ 0.5,
 * else other. The order puts what must never get a DM first, then the most valuable lead,
 * then what needs an answer. Spam uses 0.5 here, stricter than isSpam's F1-tuned threshold
 * on the half-spam YouTube collection: real reply streams hold far less spam, and a false
 * spam label silently drops a lead.
 *
 *   lead_score = (1 − spam) · noisyOr(purchase_intent, 0.5 · question, 0.3 · model.interest)
 *
 * Sentiment does not enter the lead score: an annoyed "is this back in stock??" is a lead.
 */
import modelJson from './models/intent.v1.json' with { type: 'json' };
import { INTENT_MAX_TOKENS, QUESTION_OPENERS, intentFeatures, intentTokens } from './intent-features.js';
import { FeatureVector, loadLinearModel, predictScores } from './linear.js';
import { PhraseIndex } from './phrases.js';
import { SPAM_MODEL_VERSION, spamScore } from './spam.js';
import { tokenize, type Token } from './tokenize.js';

export const INTENTS = ['purchase_intent', 'question', 'praise', 'complaint', 'spam', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentResult {
  intent: Intent;
  scores: Record<Intent, number>;
  lead_score: number;
  model_version: string;
}

export interface IntentOptions {
  /** the creator's trigger keywords ("LINK", "GUIDE"): a reply containing one is purchase intent */
  keywords?: readonly string[];
  /** tokens of `text`, when the caller already has them */
  tokens?: readonly Token[];
}

const MODEL = loadLinearModel(modelJson);
const OUT = {
  question: MODEL.outputs.indexOf('question'),
  praise: MODEL.outputs.indexOf('praise'),
  complaint: MODEL.outputs.indexOf('complaint'),
  interest: MODEL.outputs.indexOf('interest'),
};
if (Object.values(OUT).some((i) => i < 0)) throw new Error(`intent model ${MODEL.version} lacks an output`);

/** Bump when a cue list or the combination above changes. */
const RULES_VERSION = 'rules.v3';
export const INTENT_MODEL_VERSION = `${MODEL.version}+${SPAM_MODEL_VERSION}+${RULES_VERSION}`;

type CueClass = 'purchase' | 'question' | 'praise' | 'complaint' | 'spam';

// [class, strength, phrases]: strength = how sure the phrase alone makes us; several cues of a
// class count as the strongest one.
const CUE_PHRASES: [CueClass, number, readonly string[]][] = [
  [
    'purchase',
    0.9,
    [
      'how much',
      'price',
      'prices',
      'pricing',
      'cost',
      'costs',
      'where can i buy',
      'where can i get',
      'where do i buy',
      'where do i get',
      'where to buy',
      'where did you get',
      "where'd you get",
      'how do i get',
      'how can i get',
      'how do i order',
      'can i order',
      'where do i pay',
      'how do i pay',
      "i'd pay",
      'i would pay',
      'would pay for',
      'want to buy',
      'wanna buy',
      "i'll buy",
      'buy',
      'buying',
      'purchase',
      'preorder',
      'pre-order',
      'take my money',
      'i want this',
      'i want one',
      'i want it',
      'want it',
      'i need this',
      'i need one',
      'need this',
      'want this',
      'sign me up',
      'count me in',
      'link?',
      'link please',
      'link pls',
      'link plz',
      'send link',
      'send me the link',
      'drop the link',
      'dm me',
      'pm me',
      "dm'd",
      'sent you a dm',
      'just commented',
      "didn't get the dm",
      'still available',
      'is this available',
      'is it available',
      'available in',
      'lifetime access',
      'in stock',
      'restock',
      'sold out',
      'shipping',
      'ship to',
      'do you ship',
      'discount code',
      'coupon',
      'waitlist',
      'add to cart',
      'checkout',
    ],
  ],
  [
    'purchase',
    0.6,
    [
      'i need the',
      'i want the',
      'come with',
      'comes with',
      'interested',
      'available',
      'details',
      'info',
      'sizes',
    ],
  ],
  [
    'question',
    0.8,
    [
      'anyone know',
      'does anyone',
      'any tips',
      'any advice',
      'can you share',
      'can you explain',
      'what app',
      'which app',
      'what camera',
      'what brand',
      'wondering',
      'curious',
    ],
  ],
  [
    'complaint',
    0.8,
    [
      'scam',
      'refund',
      'broken',
      "doesn't work",
      'doesnt work',
      "didn't work",
      'not working',
      'keeps crashing',
      'crashing',
      'never arrived',
      'never received',
      'never got',
      'waste of money',
      'not worth',
      'too expensive',
      'rip off',
      'ripoff',
      'overpriced',
      'no thanks',
      'terrible',
      'awful',
      'worst',
      'disappointed',
      'disappointing',
      'unfollow',
      'unfollowing',
      'misleading',
      'clickbait',
      'bad advice',
      'dangerous',
      'garbage',
      'hate this',
      'stop posting',
      '👎',
      '😡',
      '🤬',
      '😤',
    ],
  ],
  [
    'praise',
    0.8,
    [
      'love this',
      'love it',
      'loved this',
      'so good',
      'great post',
      'great content',
      'great tips',
      'best one',
      'never miss',
      'underrated',
      'amazing',
      'awesome',
      'thank you',
      'thanks',
      'so helpful',
      'helpful',
      'brilliant',
      'beautiful',
      'gorgeous',
      'well said',
      'so true',
      'spot on',
      'facts',
      'agree',
      'needed this',
      'needed to hear',
      'wish i knew this',
      'bookmarking',
      'bookmarked',
      'saving this',
      'saved this',
      'obsessed',
      'inspiring',
      'goals',
      'gold',
      'legend',
      'genius',
      'iconic',
      'goat',
      '🐐',
    ],
  ],
  // Emoji alone are weak praise: a ❤️ ends many replies that praise nothing.
  ['praise', 0.3, ['🔥', '❤️', '😍', '👏', '🙌', '💯', '🥰', '💕', '💖', '🤩', '👌']],
  [
    // Threads-era spam the 2013–15 YouTube collection has little of: follow-back rings, DM
    // scams, crypto, promotion services and follower sellers (whose "buy" is no purchase intent).
    'spam',
    0.9,
    [
      'buy followers',
      'buy likes',
      'buy views',
      'cheap followers',
      'followers cheap',
      'free followers',
      'free likes',
      'follow back',
      'follow for follow',
      'f4f',
      'i follow everyone back',
      'check your dm',
      'check your dms',
      'check your inbox',
      'hey dear',
      'investment opportunity',
      'passive income',
      'forex',
      'crypto',
      'bitcoin',
      'promote your account',
      'grow your account',
      'for collab',
      'collab?',
      'sugar daddy',
      'cash app',
    ],
  ],
];

const CUES = new PhraseIndex(
  CUE_PHRASES.flatMap(([cls, strength, phrases]) => phrases.map((p) => [p, { cls, strength }] as const)),
);

/** A reply that is nothing but one or two of these words is the "comment LINK to get it" move. */
const KEYWORD_REPLIES = new Set([
  'link',
  'links',
  'info',
  'me',
  'yes',
  'want',
  'interested',
  'price',
  'guide',
  'details',
  'send',
  'please',
  'pls',
  'plz',
  'mine',
]);
const POLITE = new Set(['please', 'pls', 'plz']);
/** Shouting these is not a keyword request. */
const CAPS_INTERJECTIONS = new Set([
  'lol',
  'lmao',
  'omg',
  'wtf',
  'yes',
  'yess',
  'no',
  'nope',
  'wow',
  'same',
  'ok',
  'okay',
  'fr',
  'tbh',
  'idk',
  'ngl',
]);
/** Fillers that may precede a question's opening word ("wait, why does that work"). */
const LEAD_INS = new Set([
  'wait',
  'so',
  'ok',
  'okay',
  'hey',
  'but',
  'and',
  'um',
  'hmm',
  'also',
  'btw',
  'honestly',
  'genuinely',
  'quick',
  'question',
]);
const AUXILIARIES = new Set([
  'is',
  'are',
  'do',
  'does',
  'did',
  'can',
  'could',
  'will',
  'would',
  'should',
  'has',
  'have',
]);
const SUBJECTS = new Set([
  'this',
  'it',
  'that',
  'these',
  'you',
  'he',
  'she',
  'they',
  'we',
  'i',
  'there',
  'the',
  'your',
  'my',
  'a',
]);

const scratch = new FeatureVector(128);
const modelScores = new Float64Array(MODEL.outputs.length);

/** Classify one reply. Pure; about 3–6 µs for a typical reply. */
export function classifyIntent(text: string, opts: IntentOptions = {}): IntentResult {
  const tokens = opts.tokens ?? tokenize(text.length > 2000 ? text.slice(0, 2000) : text);
  const head = tokens.length > INTENT_MAX_TOKENS ? tokens.slice(0, INTENT_MAX_TOKENS) : tokens;
  predictScores(MODEL, intentFeatures(intentTokens(head), MODEL.mask, scratch.clear()), modelScores);
  const cue = explicitCues(head, opts.keywords);
  const interest = modelScores[OUT.interest]!;

  const question = noisyOr(modelScores[OUT.question]!, cue.question);
  // An explicit phrase of one polarity outweighs the model's guess of the other ("you never miss").
  const praise = noisyOr(modelScores[OUT.praise]! * (1 - 0.5 * cue.complaint), cue.praise);
  const complaint = noisyOr(modelScores[OUT.complaint]! * (1 - 0.5 * cue.praise), cue.complaint);
  const purchase = noisyOr(cue.purchase, 0.6 * interest) * (1 - 0.6 * cue.complaint);
  const spam = noisyOr(sigmoid(logit(spamScore(tokens)) - 3 * cue.purchase), cue.spam);
  const other = 1 - Math.max(question, praise, complaint, purchase, spam);

  const scores: Record<Intent, number> = {
    purchase_intent: round4(purchase),
    question: round4(question),
    praise: round4(praise),
    complaint: round4(complaint),
    spam: round4(spam),
    other: round4(other),
  };
  const intent: Intent =
    spam >= 0.5
      ? 'spam'
      : purchase >= 0.5
        ? 'purchase_intent'
        : complaint >= 0.5
          ? 'complaint'
          : question >= 0.5
            ? 'question'
            : praise >= 0.5
              ? 'praise'
              : 'other';
  const lead = (1 - spam) * (1 - (1 - purchase) * (1 - 0.5 * question) * (1 - 0.3 * interest));
  return { intent, scores, lead_score: round4(lead), model_version: INTENT_MODEL_VERSION };
}

interface CueStrengths {
  purchase: number;
  question: number;
  praise: number;
  complaint: number;
  spam: number;
}

function explicitCues(tokens: readonly Token[], keywords: readonly string[] | undefined): CueStrengths {
  const cue: CueStrengths = { purchase: 0, question: 0, praise: 0, complaint: 0, spam: 0 };
  const n = tokens.length;
  let questionMark = false;
  let words = 0;
  let keywordWords = 0;
  let politeWords = 0;
  let capsWord = '';
  let otherWord = '';
  const visit = (c: { cls: CueClass; strength: number }): void => {
    if (c.strength > cue[c.cls]) cue[c.cls] = c.strength;
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.norm.includes('?')) questionMark = true;
    if (t.kind === 'word' || t.kind === 'hashtag') {
      words++;
      if (KEYWORD_REPLIES.has(t.norm)) keywordWords++;
      if (POLITE.has(t.norm)) politeWords++;
      else if (isShouted(t) && !CAPS_INTERJECTIONS.has(t.norm))
        capsWord = capsWord === '' || capsWord === t.norm ? t.norm : '-';
      else otherWord = otherWord === '' || otherWord === t.norm ? t.norm : '-';
      if (keywords && keywords.length > 0 && matchesKeyword(t, keywords))
        cue.purchase = Math.max(cue.purchase, 0.95);
    }
    CUES.forEachAt(tokens, i, visit);
  }
  if (words > 0 && words <= 2 && keywordWords === words) cue.purchase = Math.max(cue.purchase, 0.9);
  // "RECIPE", "PLAN PLAN", "GUIDE please 🙏": one shouted word, maybe repeated, maybe polite —
  // the reply a "comment GUIDE and I'll DM you" post asks for, whatever the keyword is.
  const sentiment = Math.max(cue.praise, cue.complaint) >= 0.8; // "FACTS", "WORST" are verdicts
  if (words <= 4 && capsWord !== '' && capsWord !== '-' && otherWord === '' && !sentiment) {
    cue.purchase = Math.max(cue.purchase, 0.85);
  } else if (
    words === 2 &&
    politeWords === 1 &&
    otherWord !== '' &&
    otherWord !== '-' &&
    capsWord === '' &&
    !sentiment
  ) {
    cue.purchase = Math.max(cue.purchase, 0.6); // "recipe please"
  }
  cue.question = Math.max(cue.question, questionShape(tokens, questionMark));
  return cue;
}

/** How much the reply is shaped like a question, from "?" and its opening words. */
function questionShape(tokens: readonly Token[], questionMark: boolean): number {
  let at = 0;
  while (at < tokens.length && at < 3 && (tokens[at]!.kind === 'punct' || LEAD_INS.has(tokens[at]!.norm)))
    at++;
  const first = tokens[at];
  const second = tokens[at + 1];
  if (first === undefined || first.kind !== 'word') return questionMark ? 0.7 : 0;
  const opens = QUESTION_OPENERS.has(first.norm);
  if (questionMark) return opens ? 0.9 : 0.7;
  // "is this beginner friendly", "does it work offline": auxiliary + subject is inversion
  if (AUXILIARIES.has(first.norm) && second !== undefined && SUBJECTS.has(second.norm)) return 0.7;
  return opens ? 0.4 : 0;
}

function isShouted(t: Token): boolean {
  if (t.kind !== 'word' || t.text.length < 3) return false;
  return t.text !== t.norm && t.text === t.text.toUpperCase();
}

function matchesKeyword(token: Token, keywords: readonly string[]): boolean {
  const norm = token.kind === 'hashtag' ? token.norm.slice(1) : token.norm;
  for (const k of keywords) if (k.toLowerCase() === norm) return true;
  return false;
}

function noisyOr(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
