/**
 * Every dataset `threads-agent eval` knows, in the order `eval all` runs them.
 */
import { clickbaitEvaluator } from './clickbait.js';
import { engagementEvaluator } from './engagement.js';
import { goEmotionsEvaluator } from './goemotions.js';
import { goEmotionsIntentsEvaluator } from './goemotions-intents.js';
import { tweetActsEvaluator } from './tweet-acts.js';
import type { DatasetEvaluator } from './types.js';
import { vaderTweetsEvaluator } from './vader-tweets.js';
import { youtubeSpamEvaluator } from './youtube-spam.js';

/** Erase an evaluator's row type: its parseRow output only ever reaches its own evaluate. */
function erase<Row>(evaluator: DatasetEvaluator<Row>): DatasetEvaluator<unknown> {
  return {
    ...evaluator,
    parseRow: (value, lineNumber) => evaluator.parseRow(value, lineNumber),
    evaluate: (rows, progress) => evaluator.evaluate(rows as Row[], progress),
    ...(evaluator.evaluateDetailed
      ? { evaluateDetailed: (rows, progress) => evaluator.evaluateDetailed!(rows as Row[], progress) }
      : {}),
  };
}

/** Names the CLI accepts, in the order `eval all` runs them. */
export const DATASET_NAMES = [
  'clickbait',
  'goemotions',
  'goemotions-intents',
  'vader-tweets',
  'youtube-spam',
  'tweet-acts',
  'engagement',
] as const;

export const EVALUATORS: readonly DatasetEvaluator<unknown>[] = [
  erase(clickbaitEvaluator),
  erase(goEmotionsEvaluator),
  erase(goEmotionsIntentsEvaluator),
  erase(vaderTweetsEvaluator),
  erase(youtubeSpamEvaluator),
  erase(tweetActsEvaluator),
  erase(engagementEvaluator),
];

export function findEvaluator(name: string): DatasetEvaluator<unknown> | undefined {
  return EVALUATORS.find((e) => e.name === name);
}
