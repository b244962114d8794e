/**
 * VADER tweets (Hutto & Gilbert, ICWSM 2014): how well does our sentiment compound track the
 * mean of ten human ratings (−4…4) per tweet?
 */
import { pearson } from '../lib/stats.js';
import { sentiment } from '../nlp/sentiment.js';
import { asObject, finiteNumberField, idField, RowError, stringField } from './fields.js';
import { macroF1 } from './metrics.js';
import type { DatasetEvaluator } from './types.js';

export interface VaderTweetRow {
  id: string;
  /** mean human rating, −4 (most negative) … 4 (most positive) */
  sentiment: number;
  text: string;
}

export function parseVaderTweetRow(value: unknown): VaderTweetRow {
  const row = asObject(value);
  const rating = finiteNumberField(row, 'sentiment');
  if (rating < -4 || rating > 4) throw new RowError('sentiment', `expected −4…4, got ${rating}`);
  return { id: idField(row, 'id'), sentiment: rating, text: stringField(row, 'text') };
}

type Polarity = 'negative' | 'neutral' | 'positive';
const POLARITIES: readonly Polarity[] = ['negative', 'neutral', 'positive'];

/** Compound polarity at VADER's recommended cut-offs (±0.05). */
function compoundPolarity(compound: number): Polarity {
  return compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
}

/** Human polarity: the sign of the mean rating (the paper does not state its banding; this is our reading). */
function humanPolarity(mean: number): Polarity {
  return mean > 0 ? 'positive' : mean < 0 ? 'negative' : 'neutral';
}

/** Pearson r of compound vs human mean, and the support-weighted 3-class polarity F1. */
export function evaluateVaderTweets(rows: readonly VaderTweetRow[]): Record<string, number> {
  const ours = rows.map((r) => sentiment(r.text).compound);
  const human = rows.map((r) => r.sentiment);
  const polarity = macroF1(human.map(humanPolarity), ours.map(compoundPolarity), POLARITIES);
  let weighted = 0;
  let support = 0;
  for (const p of POLARITIES) {
    weighted += polarity.perClass[p].f1 * polarity.perClass[p].support;
    support += polarity.perClass[p].support;
  }
  return {
    rows: rows.length,
    pearson_r: pearson(ours, human),
    polarity_f1: support === 0 ? 0 : weighted / support,
  };
}

export const vaderTweetsEvaluator: DatasetEvaluator<VaderTweetRow> = {
  name: 'vader-tweets',
  defaultFile: 'vader-tweets/dev.jsonl',
  parseRow: (value) => parseVaderTweetRow(value),
  evaluate: (rows) => evaluateVaderTweets(rows),
  references: [
    {
      metric: 'pearson_r',
      value: 0.881,
      source: 'VADER vs mean human rating on tweets, Hutto & Gilbert, ICWSM 2014',
    },
    {
      metric: 'polarity_f1',
      value: 0.96,
      source:
        'VADER 3-class F1 on tweets, Hutto & Gilbert 2014 (their banding is not stated; ours: sign of the human mean vs compound ±0.05)',
    },
  ],
};
