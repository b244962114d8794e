import { GOEMOTIONS_LABELS } from '../nlp/emotion-labels.js';
import { asObject, labelsField, stringField } from './fields.js';

/** One GoEmotions comment (Demszky et al. 2020): id, text and one or more of 28 labels. */
export interface GoEmotionsRow {
  id: string;
  text: string;
  labels: string[];
}

const KNOWN: ReadonlySet<string> = new Set(GOEMOTIONS_LABELS);

export function parseGoEmotionsRow(value: unknown): GoEmotionsRow {
  const row = asObject(value);
  return {
    id: stringField(row, 'id'),
    text: stringField(row, 'text'),
    labels: labelsField(row, 'labels', KNOWN),
  };
}
