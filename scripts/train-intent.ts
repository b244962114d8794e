/**
 * Train the reply-intent model (src/nlp/models/intent.v3.json): one-vs-rest logistic outputs
 * question, praise, complaint, interest, each positive when a GoEmotions comment carries one of
 * its emotion labels (Demszky et al., "GoEmotions", ACL 2020; grouping in
 * ../shared/datasets/README.md).
 *
 *   npx tsx scripts/train-intent.ts [--datasets <dir>] [--out <dir>]
 *
 * Trains on goemotions/train.jsonl; goemotions/dev.jsonl picks λ (ROC-AUC) and the F1-best
 * threshold per output, which is then folded into that output's bias so that a score of 0.5
 * is the decision point in src/nlp/intent.ts. Same input → byte-identical file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeatureVector } from '../src/nlp/linear.js';
import {
  INTENT_EMOTION_GROUPS,
  INTENT_FEATURES,
  LEARNED_INTENTS,
  intentFeatures,
  intentTokens,
} from '../src/nlp/intent-features.js';
import { tokenize } from '../src/nlp/tokenize.js';
import { rocAuc } from '../src/eval/metrics.js';
import {
  DatasetBuilder,
  binaryFigures,
  chooseThreshold,
  predictDataset,
  pruneWeights,
  serializeModel,
  toModelFile,
  trainBinary,
  type BinaryWeights,
  type SparseDataset,
} from './lib/logreg.js';
import { fmt, readJsonl, trainArgs, writeIfChanged } from './lib/train-common.js';

export const INTENT_VERSION = 'intent.v3';
const HASH_BITS = 18;
const L2_GRID = [3e-5, 1e-4, 3e-4, 1e-3];
/**
 * Dropping |w| < 0.05 (intent.v1) kept the file near 1 MB but cost complaint 0.007 of dev F1
 * (0.498 unpruned → 0.491); 0.02 keeps all but ~0.002 of it.
 */
const MIN_WEIGHT = 0.02;

interface Row {
  text: string;
  labels: string[];
}

function parseRow(value: unknown, line: number): Row {
  const v = value as { text?: unknown; labels?: unknown };
  if (typeof v.text !== 'string') throw new Error(`line ${line}: text must be a string`);
  if (!Array.isArray(v.labels) || !v.labels.every((l) => typeof l === 'string')) {
    throw new Error(`line ${line}: labels must be an array of strings`);
  }
  return { text: v.text, labels: v.labels as string[] };
}

function featurize(rows: readonly Row[]): SparseDataset {
  const builder = new DatasetBuilder(2 ** HASH_BITS);
  const fv = new FeatureVector();
  for (const r of rows)
    builder.push(intentFeatures(intentTokens(tokenize(r.text)), 2 ** HASH_BITS - 1, fv.clear()));
  return builder.build();
}

function groupLabels(rows: readonly Row[], group: readonly string[]): number[] {
  return rows.map((r) => (r.labels.some((l) => group.includes(l)) ? 1 : 0));
}

export function trainIntent(datasets: string, log: (line: string) => void = () => {}): string {
  const train = readJsonl(join(datasets, 'goemotions/train.jsonl'), parseRow);
  const dev = readJsonl(join(datasets, 'goemotions/dev.jsonl'), parseRow);
  const xTrain = featurize(train);
  const xDev = featurize(dev);
  log(`intent: train ${train.length}, dev ${dev.length}`);

  const models: BinaryWeights[] = [];
  const metrics: Record<string, number> = {};
  for (const intent of LEARNED_INTENTS) {
    const yTrain = groupLabels(train, INTENT_EMOTION_GROUPS[intent]);
    const yDev = groupLabels(dev, INTENT_EMOTION_GROUPS[intent]);
    let best: { l2: number; auc: number; model: BinaryWeights } | undefined;
    for (const l2 of L2_GRID) {
      const model = trainBinary(xTrain, yTrain, { l2 });
      const p = predictDataset(xDev, model);
      const auc = rocAuc(
        yDev.map((y) => y === 1),
        Array.from(p),
      );
      log(`  ${intent} λ=${l2}: dev ROC-AUC ${fmt(auc)}`);
      if (!best || auc > best.auc) best = { l2, auc, model };
    }
    const chosen = pruneWeights(best!.model, MIN_WEIGHT);
    const p = predictDataset(xDev, chosen);
    const auc = rocAuc(
      yDev.map((y) => y === 1),
      Array.from(p),
    );
    const threshold = chooseThreshold(yDev, p, 'f1');
    const figures = binaryFigures(yDev, p, threshold);
    log(
      `  ${intent}: λ=${best!.l2}, pruned dev ROC-AUC ${fmt(auc)}, threshold ${threshold}, dev P ${fmt(figures.precision)} R ${fmt(figures.recall)} F1 ${fmt(figures.f1)}`,
    );
    // Fold the threshold into the bias: σ(z − logit(t)) = 0.5 exactly where σ(z) = t.
    models.push({ ...chosen, bias: chosen.bias - Math.log(threshold / (1 - threshold)) });
    metrics[`${intent}_l2`] = best!.l2;
    metrics[`${intent}_dev_roc_auc`] = auc;
    metrics[`${intent}_dev_f1`] = figures.f1;
    metrics[`${intent}_threshold_folded`] = threshold;
  }

  const file = toModelFile({
    name: 'intent',
    version: INTENT_VERSION,
    trainedOn: `goemotions/train.jsonl (Demszky et al. 2020), ${train.length} rows; λ and thresholds chosen on goemotions/dev.jsonl`,
    hashBits: HASH_BITS,
    features: INTENT_FEATURES,
    outputs: [...LEARNED_INTENTS],
    models,
    minWeight: MIN_WEIGHT,
    metrics,
  });
  return serializeModel(file);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = trainArgs();
  const text = trainIntent(args.datasets, args.quiet ? undefined : (line) => console.log(line));
  const path = join(args.out, `${INTENT_VERSION}.json`);
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
