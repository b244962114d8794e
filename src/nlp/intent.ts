/**
 * Intent of a reply on a creator's post: purchase intent, question, praise, complaint, spam or
 * other, each with a score in 0..1, a lead score, and the evidence that decided the label.
 *
 * Evidence:
 * - learned, GoEmotions (Demszky et al. 2020): praise / complaint / interest outputs of a
 *   one-vs-rest model (gratitude+admiration+approval → praise, annoyance+disappointment+
 *   disapproval+anger → complaint, desire → interest) by scripts/train-intent.ts; each
 *   output's F1-best threshold is folded into its bias, so 0.5 is its decision point. (Its
 *   curiosity+confusion → question output is kept in the file but no longer decides: curiosity
 *   is not a question, and on real tweets it cost precision.) The complaint output is blended
 *   with a second complaint model over the emotion model's features, src/nlp/complaint.ts
 *   (model.complaint below is that blend);
 * - learned, tweet-acts (Saha et al. 2019): the question model, src/nlp/question.ts — the
 *   shape of a question, with or without "?" ("wondering if", "any chance", "is there a way");
 * - spam: src/nlp/spam.ts (YouTube Spam Collection with real non-spam text as negatives),
 *   read at its own threshold (chosen for a false-positive rate on real text ≤ 0.4 %);
 * - explicit cues: purchase phrases ("how much", "where can I buy", "take my money", "link?",
 *   a one-word "LINK" reply, the creator's own keywords), complaint phrases (grievances, 0.8:
 *   dissatisfaction, refunds and fixes, "where is my…", boycotts, insults: "you suck", "BOO",
 *   "YUK"; annoyance, disagreement and insults said to the reader, 0.7: "so annoying",
 *   "i disagree", "shut up"), praise phrases and emoji the Reddit data rarely shows, Threads-era
 *   spam phrases — all in src/nlp/intent-cues.ts.
 *
 * Scores (each 0..1), with noisyOr(a, b) = 1 − (1 − a)(1 − b):
 *   question  = noisyOr(questionModel, cue.question)
 *   praise    = noisyOr(model.praise · (1 − 0.5 · cue.complaint), cue.praise)
 *   complaint = noisyOr(model.complaint · (1 − 0.5 · cue.praise), cue.complaint)
 *   purchase_intent = noisyOr(cue.purchase, 0.6 · model.interest) · (1 − cue.complaint)
 *                     ("never received my order" is a complaint, not a buyer)
 *   spam      = noisyOr(σ(logit(spamScore) − logit(SPAM_THRESHOLD) − 3 · cue.purchase
 *                         − 2 · cue.complaint), cue.spam)
 *               (buyers write "DM me the link" too; a customer's grievance with a link is no plug)
 *   other     = 1 − max(all five above)
 * intent = the first of spam, purchase_intent, complaint, question, praise whose score ≥ 0.5,
 * else other — except that a question (≥ 0.5) outranks a complaint that has no grievance
 * phrase (only the learned models, a milder phrase or a weak verdict like "terrible" saw it),
 * and praise in so many words (a praise phrase ≥ 0.8, praise above complaint) outranks such a
 * complaint too ("thanks, I hate it" is a joke of thanks). A short reply
 * that opens like a question without "?" ("is this beginner friendly") adds 0.6 to cue.question.
 * The order puts what must never get a DM first, then the most valuable lead, then what needs
 * an answer.
 *
 *   lead_score = (1 − spam) · noisyOr(purchase_intent, 0.5 · question · (1 − complaint),
 *                                     0.3 · model.interest · (1 − complaint))
 *
 * A complaint about an order is not a purchase lead; a question about price or availability
 * is (its purchase phrase makes it purchase intent). Sentiment does not enter the lead score:
 * an annoyed "is this back in stock??" is a lead.
 */
import modelJson from './models/intent.v3.json' with { type: 'json' };
import {
  CAPS_INTERJECTIONS,
  INTENT_CUE_PHRASES,
  KEYWORD_REPLIES,
  POLITE,
  type CueClass,
} from './intent-cues.js';
import { logit, noisyOr, sigmoid } from '../lib/math.js';
import { COMPLAINT_MODEL_VERSION, complaintScore } from './complaint.js';
import { INTENT_MAX_TOKENS, intentFeatures, intentTokens } from './intent-features.js';
import { FeatureVector, loadLinearModel, predictScores } from './linear.js';
import { PhraseIndex } from './phrases.js';
import type { QuestionShape } from './question-features.js';
import { QUESTION_MODEL_VERSION, questionScore } from './question.js';
import { SPAM_MODEL_VERSION, SPAM_THRESHOLD, spamScore } from './spam.js';
import { tokenize, type Token } from './tokenize.js';

export const INTENTS = ['purchase_intent', 'question', 'praise', 'complaint', 'spam', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentResult {
  intent: Intent;
  scores: Record<Intent, number>;
  lead_score: number;
  model_version: string;
  /**
   * What decided `intent`, in words an operator can check: the model and its score, or the
   * phrase that matched ("complaint phrase “refund”", "spam model 0.93 ≥ 0.29").
   */
  evidence: string[];
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

/** Bump when a cue list (intent-cues.ts) or the combination above changes. */
const RULES_VERSION = 'rules.v5';
export const INTENT_MODEL_VERSION = `${MODEL.version}+${COMPLAINT_MODEL_VERSION}+${QUESTION_MODEL_VERSION}+${SPAM_MODEL_VERSION}+${RULES_VERSION}`;

interface Cue {
  cls: CueClass;
  strength: number;
  phrase: string;
}

const CUES = new PhraseIndex(
  INTENT_CUE_PHRASES.flatMap(([cls, strength, phrases]) =>
    phrases.map((phrase) => [phrase, { cls, strength, phrase } satisfies Cue] as const),
  ),
);

const scratch = new FeatureVector(128);
const modelScores = new Float64Array(MODEL.outputs.length);

/** Classify one reply. Pure; about 5–10 µs for a typical reply. */
export function classifyIntent(text: string, opts: IntentOptions = {}): IntentResult {
  const tokens = opts.tokens ?? tokenize(text.length > 2000 ? text.slice(0, 2000) : text);
  const head = tokens.length > INTENT_MAX_TOKENS ? tokens.slice(0, INTENT_MAX_TOKENS) : tokens;
  predictScores(MODEL, intentFeatures(intentTokens(head), MODEL.mask, scratch.clear()), modelScores);
  const cue = explicitCues(head, opts.keywords);
  const interest = modelScores[OUT.interest]!;
  const q = questionScore(head);
  // "is this beginner friendly", "wait, why does that work": a short reply that opens like a
  // question is one even without "?" (a headline that does — with a link, a hashtag — is not)
  if (!q.shape.questionMark && q.shape.clearOpening && q.shape.plain && q.score < 0.6) {
    cue.question = Math.max(cue.question, 0.6);
    cue.phrases.question ??= 'a short reply that opens like a question, without “?”';
  }
  const pSpam = spamScore(tokens);

  const learnedPraise = modelScores[OUT.praise]! * (1 - 0.5 * cue.complaint);
  const learnedComplaint = complaintScore(head, modelScores[OUT.complaint]!) * (1 - 0.5 * cue.praise);
  const question = noisyOr([q.score, cue.question]);
  // An explicit phrase of one polarity outweighs the model's guess of the other ("you never miss").
  const praise = noisyOr([learnedPraise, cue.praise]);
  const complaint = noisyOr([learnedComplaint, cue.complaint]);
  const purchase = noisyOr([cue.purchase, 0.6 * interest]) * (1 - cue.complaint);
  const learnedSpam = sigmoid(logit(pSpam) - logit(SPAM_THRESHOLD) - 3 * cue.purchase - 2 * cue.complaint);
  const spam = noisyOr([learnedSpam, cue.spam]);
  const other = 1 - Math.max(question, praise, complaint, purchase, spam);

  const scores: Record<Intent, number> = {
    purchase_intent: round4(purchase),
    question: round4(question),
    praise: round4(praise),
    complaint: round4(complaint),
    spam: round4(spam),
    other: round4(other),
  };
  // Praise in so many words ("thank you", "love this") is not hidden by a complaint that has no
  // grievance phrase ("thanks, I hate it", "not cool at all but this made my day").
  const praiseOver = cue.praise >= 0.8 && cue.complaint < 0.8 && praise >= 0.5 && praise > complaint;
  // A complaint with a grievance phrase outranks a question ("where is my order?"), and so does
  // one clearly stronger than the question in a plain reply ("why is this so bad?!"); one only
  // the learned models or a milder phrase saw does not hide a clearer question, nor does it in a
  // headline or a retweet.
  const complaintFirst =
    !praiseOver &&
    complaint >= 0.5 &&
    (cue.complaint >= 0.8 || question < 0.5 || (q.shape.plain && complaint - question >= 0.15));
  const intent: Intent =
    spam >= 0.5
      ? 'spam'
      : purchase >= 0.5
        ? 'purchase_intent'
        : complaintFirst
          ? 'complaint'
          : question >= 0.5
            ? 'question'
            : complaint >= 0.5 && !praiseOver
              ? 'complaint'
              : praise >= 0.5
                ? 'praise'
                : 'other';
  const notComplaint = 1 - complaint;
  const lead = (1 - spam) * noisyOr([purchase, 0.5 * question * notComplaint, 0.3 * interest * notComplaint]);

  const evidence: string[] = [];
  const model = (name: string, p: number) => `${name} model ${p.toFixed(2)}`;
  switch (intent) {
    case 'spam':
      if (learnedSpam >= 0.5) evidence.push(`spam model ${pSpam.toFixed(2)} ≥ ${SPAM_THRESHOLD}`);
      if (cue.spam > 0) evidence.push(`spam phrase “${cue.phrases.spam}”`);
      break;
    case 'purchase_intent':
      if (cue.purchase > 0) evidence.push(cue.phrases.purchase ?? 'purchase cue');
      if (0.6 * interest >= 0.2) evidence.push(model('interest (GoEmotions desire)', interest));
      break;
    case 'complaint':
      if (cue.complaint > 0) evidence.push(`complaint phrase “${cue.phrases.complaint}”`);
      if (learnedComplaint >= 0.3) evidence.push(model('complaint (GoEmotions)', learnedComplaint));
      break;
    case 'question':
      if (q.score >= 0.3)
        evidence.push(`${model('question (tweet acts)', q.score)}: ${describeShape(q.shape)}`);
      if (cue.question > 0) evidence.push(cue.phrases.question ?? 'question cue');
      break;
    case 'praise':
      if (cue.praise > 0) evidence.push(`praise phrase “${cue.phrases.praise}”`);
      if (learnedPraise >= 0.3) evidence.push(model('praise (GoEmotions)', learnedPraise));
      break;
    case 'other':
      evidence.push('no intent scored ≥ 0.50');
      break;
  }
  if (intent !== 'spam' && pSpam >= SPAM_THRESHOLD)
    evidence.push(
      `spam model ${pSpam.toFixed(2)} overruled by a ${cue.purchase > cue.complaint ? 'purchase' : 'complaint'} phrase`,
    );
  return { intent, scores, lead_score: round4(lead), model_version: INTENT_MODEL_VERSION, evidence };
}

function describeShape(shape: QuestionShape): string {
  const parts: string[] = [];
  if (shape.questionMark) parts.push('“?”');
  if (shape.opening === 'wh') parts.push('wh-opening');
  if (shape.opening === 'aux') parts.push('inverted opening');
  if (shape.indirect) parts.push('indirect question');
  return parts.length === 0 ? 'no question shape' : parts.join(', ');
}

interface CueStrengths {
  purchase: number;
  question: number;
  praise: number;
  complaint: number;
  spam: number;
  /** the strongest phrase of each class (a description for keyword and shape cues) */
  phrases: Partial<Record<CueClass, string>>;
}

function explicitCues(tokens: readonly Token[], keywords: readonly string[] | undefined): CueStrengths {
  const cue: CueStrengths = { purchase: 0, question: 0, praise: 0, complaint: 0, spam: 0, phrases: {} };
  const n = tokens.length;
  let words = 0;
  let keywordWords = 0;
  let politeWords = 0;
  let capsWord = '';
  let otherWord = '';
  const raise = (cls: CueClass, strength: number, phrase: string): void => {
    if (strength > cue[cls]) {
      cue[cls] = strength;
      cue.phrases[cls] = phrase;
    }
  };
  const visit = (c: Cue): void =>
    raise(c.cls, c.strength, c.cls === 'purchase' ? `purchase phrase “${c.phrase}”` : c.phrase);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' || t.kind === 'hashtag') {
      words++;
      if (KEYWORD_REPLIES.has(t.norm)) keywordWords++;
      if (POLITE.has(t.norm)) politeWords++;
      else if (isShouted(t) && !CAPS_INTERJECTIONS.has(t.norm))
        capsWord = capsWord === '' || capsWord === t.norm ? t.norm : '-';
      else otherWord = otherWord === '' || otherWord === t.norm ? t.norm : '-';
      if (keywords && keywords.length > 0 && matchesKeyword(t, keywords))
        raise('purchase', 0.95, `creator keyword “${t.text}”`);
    }
    CUES.forEachAt(tokens, i, visit);
  }
  if (words > 0 && words <= 2 && keywordWords === words)
    raise('purchase', 0.9, 'a one-word “LINK”-style reply');
  // "RECIPE", "PLAN PLAN", "GUIDE please 🙏": one shouted word, maybe repeated, maybe polite —
  // the reply a "comment GUIDE and I'll DM you" post asks for, whatever the keyword is.
  const sentiment = Math.max(cue.praise, cue.complaint) >= 0.8; // "FACTS", "WORST" are verdicts
  if (words <= 4 && capsWord !== '' && capsWord !== '-' && otherWord === '' && !sentiment) {
    raise('purchase', 0.85, `a shouted keyword reply “${capsWord.toUpperCase()}”`);
  } else if (
    words === 2 &&
    politeWords === 1 &&
    otherWord !== '' &&
    otherWord !== '-' &&
    capsWord === '' &&
    !sentiment
  ) {
    raise('purchase', 0.6, `a polite one-word request “${otherWord} please”`); // "recipe please"
  }
  return cue;
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

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
