/** The evaluation harness's public surface: the CLI's `eval` commands import from here only. */
export {
  DEFAULT_ANOMALY_EVAL,
  evaluateAnomalies,
  formatAnomalyTable,
  type AnomalyEvalOptions,
} from './anomalies.js';
export { evaluateIntents, formatIntentEvaluation, simulatorCorpus } from './comment-intents.js';
export { DATASET_NAMES, findEvaluator } from './registry.js';
export { defaultDatasetsDir, runEvaluation, type EvaluationResult } from './run.js';
export type { Progress } from './types.js';
