/**
 * YouTube comment spam (Alberto, Lochter, Almeida, "TubeSpam", ICMLA 2015; UCI YouTube Spam
 * Collection): precision, recall and F1 of the spam class.
 */
import { SPAM_THRESHOLD, spamScore } from '../nlp/spam.js';
import { decodeHtmlEntities } from '../nlp/spam-features.js';
import { accuracy, precisionRecallF1, rocAuc } from './metrics.js';
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
    return {
      n: rows.length,
      precision: prf.precision,
      recall: prf.recall,
      f1: prf.f1,
      accuracy: accuracy(truth, predicted),
      roc_auc: rocAuc(truth, scores),
      threshold: SPAM_THRESHOLD,
    };
  },
  references: [
    { metric: 'f1', value: 0.95, source: 'best classifiers ≈ 0.95, Alberto et al. 2015 (TubeSpam, ICMLA)' },
  ],
};
