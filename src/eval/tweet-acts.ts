/**
 * Tweet acts (Saha, Saha, Bhattacharyya, "Tweet Act Classification", IJCNN 2019): real tweets
 * and replies hand-labelled with speech acts; `QUE` → `question`, every other act →
 * `not_question`. Scored one-vs-rest on the question intent (the reply-intent classifier's
 * label, and the question score ≥ 0.5), and — since every tweet is a real person's non-spam
 * message — the spam false-positive rate. The question and spam models were trained on 80 %
 * of this file; the `held_out_*` figures are on the other 20 % (src/eval/split.ts).
 */
import { classifyIntent } from '../nlp/intent.js';
import { SPAM_THRESHOLD, spamScore } from '../nlp/spam.js';
import { tokenize } from '../nlp/tokenize.js';
import { asObject, RowError, stringField } from './fields.js';
import { precisionRecallF1 } from './metrics.js';
import { HELD_OUT_FRACTION, isHeldOut, textSplitKey } from './split.js';
import type { DatasetEvaluator } from './types.js';

export const TWEET_ACTS = ['QUE', 'EXP', 'STM', 'SUG', 'REQ', 'THT', 'OTH'] as const;

export interface TweetActsRow {
  id: string;
  text: string;
  question: boolean;
  /** the tweet act the annotators gave */
  act: string;
}

export function parseTweetActsRow(value: unknown): TweetActsRow {
  const row = asObject(value);
  const label = stringField(row, 'label');
  if (label !== 'question' && label !== 'not_question')
    throw new RowError('label', `expected "question" or "not_question", got ${JSON.stringify(label)}`);
  const act = typeof row['source_label'] === 'string' ? row['source_label'] : '';
  return { id: stringField(row, 'id'), text: stringField(row, 'text'), question: label === 'question', act };
}

/** Question P/R/F1 (label and score), spam false-positive rates, on all rows and the held-out part. */
export function evaluateTweetActs(rows: readonly TweetActsRow[]): Record<string, number> {
  const truth: boolean[] = [];
  const label: boolean[] = [];
  const score: boolean[] = [];
  const spamLabel: boolean[] = [];
  const spamModel: boolean[] = [];
  const heldOut: boolean[] = [];
  for (const r of rows) {
    const tokens = tokenize(r.text.length > 2000 ? r.text.slice(0, 2000) : r.text);
    const c = classifyIntent(r.text, { tokens });
    truth.push(r.question);
    label.push(c.intent === 'question');
    score.push(c.scores.question >= 0.5);
    spamLabel.push(c.intent === 'spam');
    spamModel.push(spamScore(tokens) >= SPAM_THRESHOLD);
    heldOut.push(isHeldOut(textSplitKey(r.text), HELD_OUT_FRACTION));
  }
  const pick = <T>(xs: readonly T[]) => xs.filter((_, i) => heldOut[i]);
  const rate = (xs: readonly boolean[]) => (xs.length === 0 ? NaN : xs.filter(Boolean).length / xs.length);
  const all = precisionRecallF1(truth, label);
  const held = precisionRecallF1(pick(truth), pick(label));
  return {
    n: rows.length,
    questions: truth.filter(Boolean).length,
    question_precision: all.precision,
    question_recall: all.recall,
    question_f1: all.f1,
    question_score_f1: precisionRecallF1(truth, score).f1,
    spam_fpr: rate(spamLabel),
    spam_model_fpr: rate(spamModel),
    held_out_n: pick(truth).length,
    held_out_question_precision: held.precision,
    held_out_question_recall: held.recall,
    held_out_question_f1: held.f1,
    held_out_spam_fpr: rate(pick(spamLabel)),
  };
}

export const tweetActsEvaluator: DatasetEvaluator<TweetActsRow> = {
  name: 'tweet-acts',
  defaultFile: 'tweet-acts/dev.jsonl',
  parseRow: (value) => parseTweetActsRow(value),
  evaluate: (rows) => evaluateTweetActs(rows),
  references: [],
};
