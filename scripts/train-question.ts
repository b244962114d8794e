/**
 * Train the question model (src/nlp/models/question.v1.json): is a reply a question to
 * someone? From ../shared/datasets/tweet-acts/dev.jsonl (Saha, Saha, Bhattacharyya, "Tweet
 * Act Classification", IJCNN 2019): `QUE` tweets are positive, every other act negative.
 *
 *   npx tsx scripts/train-question.ts [--datasets <dir>] [--out <dir>]
 *
 * 20 % of the file (hash of the lower-cased text, src/eval/split.ts — the split `eval
 * tweet-acts` reports separately) is held out. λ and the decision threshold come from 5-fold
 * cross-validation inside the other 80 %; the threshold is folded into the bias, so 0.5 is the
 * decision point in src/nlp/intent.ts. Same input → byte-identical file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeatureVector } from '../src/nlp/linear.js';
import { questionFeatures, questionTokens, QUESTION_FEATURES } from '../src/nlp/question-features.js';
import { tokenize } from '../src/nlp/tokenize.js';
import { rocAuc } from '../src/eval/metrics.js';
import { HELD_OUT_FRACTION, isHeldOut, textSplitKey } from '../src/eval/split.js';
import {
  DatasetBuilder,
  binaryFigures,
  chooseThreshold,
  crossValidatedScores,
  kFolds,
  predictDataset,
  pruneWeights,
  serializeModel,
  subset,
  toModelFile,
  trainBinary,
} from './lib/logreg.js';
import { fmt, readJsonl, trainArgs, writeIfChanged } from './lib/train-common.js';

export const QUESTION_VERSION = 'question.v1';
const HASH_BITS = 16;
const L2_GRID = [3e-3, 1e-2, 3e-2, 1e-1];
const MIN_WEIGHT = 0.01;
const FOLDS = 5;
const SEED = 23;

interface Row {
  text: string;
  question: boolean;
  heldOut: boolean;
}

function parseRow(value: unknown, line: number): Row {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = v['text'];
  const label = v['label'];
  if (typeof text !== 'string') throw new Error(`line ${line}: text must be a string`);
  if (label !== 'question' && label !== 'not_question')
    throw new Error(`line ${line}: label must be question|not_question`);
  return { text, question: label === 'question', heldOut: isHeldOut(textSplitKey(text), HELD_OUT_FRACTION) };
}

export function trainQuestion(datasets: string, log: (line: string) => void = () => {}): string {
  const rows = readJsonl(join(datasets, 'tweet-acts/dev.jsonl'), parseRow);
  const mask = 2 ** HASH_BITS - 1;
  const builder = new DatasetBuilder(2 ** HASH_BITS);
  const fv = new FeatureVector();
  for (const r of rows)
    builder.push(questionFeatures(questionTokens(tokenize(r.text)), mask, fv.clear()).features);
  const all = builder.build();
  const trainIdx = rows.flatMap((r, i) => (r.heldOut ? [] : [i]));
  const testIdx = rows.flatMap((r, i) => (r.heldOut ? [i] : []));
  const train = subset(all, trainIdx);
  const trainY = trainIdx.map((i) => (rows[i]!.question ? 1 : 0));
  const testY = testIdx.map((i) => (rows[i]!.question ? 1 : 0));
  log(
    `question: ${rows.length} tweets → train ${trainIdx.length} (${trainY.filter((y) => y === 1).length} questions), held-out ${testIdx.length} (${testY.filter((y) => y === 1).length})`,
  );

  const folds = kFolds(trainIdx.length, FOLDS, SEED);
  let best: { l2: number; f1: number; auc: number; threshold: number } | undefined;
  for (const l2 of L2_GRID) {
    const oof = crossValidatedScores(train, trainY, folds, { l2 });
    const auc = rocAuc(
      trainY.map((y) => y === 1),
      Array.from(oof),
    );
    const threshold = chooseThreshold(trainY, oof, 'f1');
    const f = binaryFigures(trainY, oof, threshold);
    log(
      `  λ=${l2}: 5-fold CV ROC-AUC ${fmt(auc)}, question P ${fmt(f.precision)} R ${fmt(f.recall)} F1 ${fmt(f.f1)} at threshold ${threshold}`,
    );
    if (!best || f.f1 > best.f1 + 1e-9) best = { l2, f1: f.f1, auc, threshold };
  }
  const { l2, threshold } = best!;
  const model = pruneWeights(trainBinary(train, trainY, { l2 }), MIN_WEIGHT);
  const pTest = predictDataset(subset(all, testIdx), model);
  const held = binaryFigures(testY, pTest, threshold);
  const heldAuc = rocAuc(
    testY.map((y) => y === 1),
    Array.from(pTest),
  );
  log(
    `  chosen λ=${l2}, threshold ${threshold}; held-out question P ${fmt(held.precision)} R ${fmt(held.recall)} F1 ${fmt(held.f1)}, ROC-AUC ${fmt(heldAuc)}`,
  );

  const file = toModelFile({
    name: 'question',
    version: QUESTION_VERSION,
    trainedOn: `tweet-acts/dev.jsonl (Saha et al. 2019; QUE vs the other acts), the ${trainIdx.length} rows with fnv1a("split-v1:" + lower(trim(text))) % 10000 >= ${HELD_OUT_FRACTION * 10_000}; threshold ${threshold} folded into the bias`,
    hashBits: HASH_BITS,
    features: QUESTION_FEATURES,
    outputs: ['question'],
    // Fold the threshold into the bias: σ(z − logit(t)) = 0.5 exactly where σ(z) = t.
    models: [{ ...model, bias: model.bias - Math.log(threshold / (1 - threshold)) }],
    minWeight: MIN_WEIGHT,
    metrics: {
      l2,
      cv_roc_auc: best!.auc,
      cv_f1: best!.f1,
      threshold_folded: threshold,
      held_out_f1: held.f1,
      held_out_precision: held.precision,
      held_out_recall: held.recall,
      held_out_roc_auc: heldAuc,
    },
  });
  return serializeModel(file);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = trainArgs();
  const text = trainQuestion(args.datasets, args.quiet ? undefined : (line) => console.log(line));
  const path = join(args.out, `${QUESTION_VERSION}.json`);
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
