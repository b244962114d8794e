/**
 * YouTube comment spam (Alberto, Lochter, Almeida, "TubeSpam", ICMLA 2015; UCI YouTube Spam
 * Collection): precision, recall and F1 of the spam class — of the spam model at its
 * threshold on the whole file (80 % of it is training data), on the 20 % held out from
 * training (src/eval/split.ts), and of the reply-intent classifier's `spam` label.
 */
import { classifyIntent } from '../nlp/intent.js';
import { SPAM_THRESHOLD, spamScore } from '../nlp/spam.js';
import { decodeHtmlEntities } from '../nlp/spam-features.js';
import { accuracy, precisionRecallF1, rocAuc } from './metrics.js';
import { HELD_OUT_FRACTION, isHeldOut, textSplitKey } from './split.js';
import type { DatasetEvaluator } from './types.js';

export interface YoutubeSpamRow {
  video: string;
  /** HTML entities decoded: the collection was scraped from web pages */
  text: string;
  spam: boolean;
}

export const youtubeSpamEvaluator: DatasetEvaluator<YoutubeSpamRow> = {
  name: 'youtube-spam',
  defaultFile: 'youtube-spam/dev.jsonl',
  parseRow(value, lineNumber) {
    const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const text = v['text'];
    if (typeof text !== 'string') throw new Error(`line ${lineNumber}: field "text" must be a string`);
    const label = v['label'];
    if (label !== 'spam' && label !== 'ham')
      throw new Error(`line ${lineNumber}: field "label" must be "spam" or "ham"`);
    const video = typeof v['video'] === 'string' ? v['video'] : '';
    return { video, text: decodeHtmlEntities(text), spam: label === 'spam' };
  },
  evaluate(rows) {
    const truth = rows.map((r) => r.spam);
    const scores = rows.map((r) => spamScore(r.text));
    const predicted = scores.map((s) => s >= SPAM_THRESHOLD);
    const prf = precisionRecallF1(truth, predicted);
    const held = rows.map((r) => isHeldOut(textSplitKey(r.text), HELD_OUT_FRACTION));
    const pick = <T>(xs: readonly T[]) => xs.filter((_, i) => held[i]);
    const heldPrf = precisionRecallF1(pick(truth), pick(predicted));
    const label = rows.map((r) => classifyIntent(r.text).intent === 'spam');
    return {
      n: rows.length,
      precision: prf.precision,
      recall: prf.recall,
      f1: prf.f1,
      accuracy: accuracy(truth, predicted),
      roc_auc: rocAuc(truth, scores),
      threshold: SPAM_THRESHOLD,
      held_out_n: pick(truth).length,
      held_out_precision: heldPrf.precision,
      held_out_recall: heldPrf.recall,
      held_out_f1: heldPrf.f1,
      intent_spam_f1: precisionRecallF1(truth, label).f1,
      held_out_intent_spam_f1: precisionRecallF1(pick(truth), pick(label)).f1,
    };
  },
  references: [
    { metric: 'f1', value: 0.95, source: 'best classifiers ≈ 0.95, Alberto et al. 2015 (TubeSpam, ICMLA)' },
  ],
};
