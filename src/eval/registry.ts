/**
 * Every dataset `threads-agent eval` knows, in the order `eval all` runs them.
 */
import { clickbaitEvaluator } from './clickbait.js';
import { goEmotionsEvaluator } from './goemotions.js';
import type { DatasetEvaluator } from './types.js';
import { vaderTweetsEvaluator } from './vader-tweets.js';

/** Erase an evaluator's row type: its parseRow output only ever reaches its own evaluate. */
function erase<Row>(evaluator: DatasetEvaluator<Row>): DatasetEvaluator<unknown> {
  return {
    ...evaluator,
    parseRow: (value, lineNumber) => evaluator.parseRow(value, lineNumber),
    evaluate: (rows) => evaluator.evaluate(rows as Row[]),
  };
}

/** Names the CLI accepts; a name without an evaluator below is reported as not available yet. */
export const DATASET_NAMES = ['clickbait', 'goemotions', 'vader-tweets', 'youtube-spam'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const EVALUATORS: readonly DatasetEvaluator<unknown>[] = [
  erase(clickbaitEvaluator),
  erase(goEmotionsEvaluator),
  erase(vaderTweetsEvaluator),
  // youtube-spam: src/eval/youtube-spam.ts (classifiers work) is registered here once it is in
  // the repository.
];

export function findEvaluator(name: string): DatasetEvaluator<unknown> | undefined {
  return EVALUATORS.find((e) => e.name === name);
}
