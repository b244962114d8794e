/**
 * Reply intents on GoEmotions (Demszky et al., ACL 2020) through the datasets README's
 * mapping: curiosity+confusion → question, gratitude+admiration+approval → praise,
 * annoyance+disappointment+disapproval+anger → complaint. Each intent is scored one-vs-rest
 * (the classifier's label is that intent, or not); a comment may carry several groups. Every
 * comment is a real person's non-spam message, so any spam label is a false positive.
 * dev.jsonl was never trained on (the intent model's thresholds were chosen on it).
 */
import { INTENT_EMOTION_GROUPS } from '../nlp/intent-features.js';
import { classifyIntent } from '../nlp/intent.js';
import { SPAM_THRESHOLD, spamScore } from '../nlp/spam.js';
import { tokenize } from '../nlp/tokenize.js';
import { parseGoEmotionsRow, type GoEmotionsRow } from './goemotions-row.js';
import { precisionRecallF1 } from './metrics.js';
import type { DatasetEvaluator } from './types.js';

const MAPPED = ['question', 'praise', 'complaint'] as const;

export function evaluateGoEmotionsIntents(rows: readonly GoEmotionsRow[]): Record<string, number> {
  const truth: Record<(typeof MAPPED)[number], boolean[]> = { question: [], praise: [], complaint: [] };
  const label: Record<(typeof MAPPED)[number], boolean[]> = { question: [], praise: [], complaint: [] };
  const complaintScore: boolean[] = [];
  let spamLabel = 0;
  let spamModel = 0;
  for (const r of rows) {
    const tokens = tokenize(r.text.length > 2000 ? r.text.slice(0, 2000) : r.text);
    const c = classifyIntent(r.text, { tokens });
    for (const intent of MAPPED) {
      const group: readonly string[] = INTENT_EMOTION_GROUPS[intent];
      truth[intent].push(r.labels.some((l) => group.includes(l)));
      label[intent].push(c.intent === intent);
    }
    complaintScore.push(c.scores.complaint >= 0.5);
    if (c.intent === 'spam') spamLabel++;
    if (spamScore(tokens) >= SPAM_THRESHOLD) spamModel++;
  }
  const out: Record<string, number> = { n: rows.length };
  for (const intent of MAPPED) {
    const f = precisionRecallF1(truth[intent], label[intent]);
    out[`${intent}_precision`] = f.precision;
    out[`${intent}_recall`] = f.recall;
    out[`${intent}_f1`] = f.f1;
  }
  out['complaint_score_f1'] = precisionRecallF1(truth.complaint, complaintScore).f1;
  out['spam_fpr'] = spamLabel / rows.length;
  out['spam_model_fpr'] = spamModel / rows.length;
  return out;
}

export const goEmotionsIntentsEvaluator: DatasetEvaluator<GoEmotionsRow> = {
  name: 'goemotions-intents',
  defaultFile: 'goemotions/dev.jsonl',
  parseRow: (value) => parseGoEmotionsRow(value),
  evaluate: (rows) => evaluateGoEmotionsIntents(rows),
  references: [],
};
