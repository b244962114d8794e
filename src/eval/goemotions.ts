/**
 * GoEmotions (Demszky et al., ACL 2020): does our emotion model tag Reddit comments with the
 * Ekman emotions human annotators gave them? Multi-label, one decision per class at the
 * model's own threshold (chosen on training data, never on this file).
 */
import { EKMAN_CLASSES, ekmanOf, type EkmanClass } from '../nlp/emotion-labels.js';
import { EMOTION_MODEL, emotions, type EmotionModel } from '../nlp/emotions.js';
import { multiLabelMacroF1, precisionRecallF1 } from './metrics.js';
import { parseGoEmotionsRow, type GoEmotionsRow } from './goemotions-row.js';
import type { DatasetEvaluator } from './types.js';

export function ekmanTruth(row: GoEmotionsRow): EkmanClass[] {
  const out = new Set<EkmanClass>();
  for (const label of row.labels) {
    const c = ekmanOf(label);
    if (c !== undefined) out.add(c);
  }
  return [...out];
}

/** Ekman macro-F1 (6 + neutral), per-class F1, and F1 of the excitement output vs the raw label. */
export function evaluateGoEmotions(
  rows: readonly GoEmotionsRow[],
  model: EmotionModel = EMOTION_MODEL,
): Record<string, number> {
  const truth: EkmanClass[][] = [];
  const predicted: EkmanClass[][] = [];
  const excitementTruth: boolean[] = [];
  const excitementPredicted: boolean[] = [];
  for (const row of rows) {
    const scores = emotions(row.text, model);
    truth.push(ekmanTruth(row));
    predicted.push(EKMAN_CLASSES.filter((c) => scores[c] >= model.thresholds[c]));
    excitementTruth.push(row.labels.includes('excitement'));
    excitementPredicted.push(scores.excitement >= model.thresholds.excitement);
  }
  const macro = multiLabelMacroF1(truth, predicted, EKMAN_CLASSES);
  const out: Record<string, number> = { rows: rows.length, ekman_macro_f1: macro.macroF1 };
  for (const c of EKMAN_CLASSES) out[`f1_${c}`] = macro.perClass[c].f1;
  out['excitement_f1'] = precisionRecallF1(excitementTruth, excitementPredicted).f1;
  return out;
}

export const goEmotionsEvaluator: DatasetEvaluator<GoEmotionsRow> = {
  name: 'goemotions',
  defaultFile: 'goemotions/dev.jsonl',
  parseRow: (value) => parseGoEmotionsRow(value),
  evaluate: (rows) => evaluateGoEmotions(rows),
  references: [
    {
      metric: 'ekman_macro_f1',
      value: 0.64,
      source: 'BERT-base, Demszky et al., "GoEmotions", ACL 2020 (Ekman six + neutral, their test split)',
    },
  ],
};
