/**
 * Train the clickbait / hook scorer (src/nlp/models/clickbait.v1.json) from
 * ../shared/datasets/clickbait/dev.jsonl (Chakraborty et al., "Stop Clickbait", ASONAM 2016).
 *
 *   npx tsx scripts/train-clickbait.ts [--datasets <dir>] [--out <dir>]
 *
 * 80 % of dev (hash split on the headline text) trains; the other 20 % is never seen and
 * gives the held-out figures. λ and the decision threshold are chosen by 5-fold
 * cross-validation inside the 80 %. Same input → byte-identical model file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLICKBAIT_FEATURES, clickbaitFeatures, clickbaitOpening } from '../src/nlp/clickbait-features.js';
import { FeatureVector } from '../src/nlp/linear.js';
import { tokenize } from '../src/nlp/tokenize.js';
import { rocAuc } from '../src/eval/metrics.js';
import {
  DatasetBuilder,
  binaryFigures,
  chooseThreshold,
  crossValidatedScores,
  isHeldOut,
  kFolds,
  predictDataset,
  serializeModel,
  toModelFile,
  trainBinary,
  type SparseDataset,
} from './lib/logreg.js';
import { fmt, readJsonl, trainArgs, writeIfChanged } from './lib/train-common.js';

export const CLICKBAIT_VERSION = 'clickbait.v1';
const HASH_BITS = 16;
const HELD_OUT = 0.2;
const L2_GRID = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3];
/** prefer the strongest λ whose CV ROC-AUC is within this of the best: calmer scores off-domain */
const AUC_SLACK = 0.001;
const FOLDS = 5;
const SEED = 20160818;

interface Row {
  text: string;
  clickbait: boolean;
}

function parseRow(value: unknown, line: number): Row {
  const v = value as { text?: unknown; label?: unknown };
  if (typeof v.text !== 'string') throw new Error(`line ${line}: text must be a string`);
  if (v.label !== 'clickbait' && v.label !== 'news')
    throw new Error(`line ${line}: label must be clickbait|news`);
  return { text: v.text, clickbait: v.label === 'clickbait' };
}

function featurize(rows: readonly Row[]): SparseDataset {
  const builder = new DatasetBuilder(2 ** HASH_BITS);
  const fv = new FeatureVector();
  const mask = 2 ** HASH_BITS - 1;
  for (const row of rows)
    builder.push(clickbaitFeatures(clickbaitOpening(tokenize(row.text)), mask, fv.clear()));
  return builder.build();
}

export function trainClickbait(datasets: string, log: (line: string) => void = () => {}): string {
  const rows = readJsonl(join(datasets, 'clickbait/dev.jsonl'), parseRow);
  const trainRows = rows.filter((r) => !isHeldOut(r.text, HELD_OUT));
  const testRows = rows.filter((r) => isHeldOut(r.text, HELD_OUT));
  const train = featurize(trainRows);
  const trainY = trainRows.map((r) => r.clickbait);
  const trainY01 = trainY.map((y) => (y ? 1 : 0));
  log(`clickbait: ${rows.length} rows → train ${trainRows.length}, held-out ${testRows.length}`);

  const folds = kFolds(train.n, FOLDS, SEED);
  const cv: { l2: number; auc: number; oof: Float64Array }[] = [];
  for (const l2 of L2_GRID) {
    const oof = crossValidatedScores(train, trainY01, folds, { l2 });
    const auc = rocAuc(trainY, Array.from(oof));
    log(
      `  λ=${l2}: 5-fold CV ROC-AUC ${fmt(auc)}, accuracy@0.5 ${fmt(binaryFigures(trainY, oof, 0.5).accuracy)}`,
    );
    cv.push({ l2, auc, oof });
  }
  const topAuc = Math.max(...cv.map((c) => c.auc));
  const best = cv.filter((c) => c.auc >= topAuc - AUC_SLACK).at(-1)!;
  const threshold = chooseThreshold(trainY, best.oof, 'accuracy');

  const model = trainBinary(train, trainY01, { l2: best.l2 });
  const test = featurize(testRows);
  const testY = testRows.map((r) => r.clickbait);
  const pTest = predictDataset(test, model);
  const heldOutAuc = rocAuc(testY, Array.from(pTest));
  const heldOutAcc = binaryFigures(testY, pTest, threshold).accuracy;
  log(
    `  chosen λ=${best.l2}, threshold ${threshold}; held-out ROC-AUC ${fmt(heldOutAuc)}, accuracy ${fmt(heldOutAcc)} (${model.iterations} L-BFGS iterations)`,
  );

  const file = toModelFile({
    name: 'clickbait',
    version: CLICKBAIT_VERSION,
    trainedOn: `clickbait/dev.jsonl (Chakraborty et al. 2016), the ${trainRows.length} rows with fnv1a("split-v1:" + text) % 10000 >= ${HELD_OUT * 10_000}`,
    hashBits: HASH_BITS,
    features: CLICKBAIT_FEATURES,
    outputs: ['clickbait'],
    models: [model],
    thresholds: { clickbait: threshold },
    metrics: {
      l2: best.l2,
      cv_roc_auc: best.auc,
      held_out_roc_auc: heldOutAuc,
      held_out_accuracy: heldOutAcc,
    },
  });
  return serializeModel(file);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = trainArgs();
  const text = trainClickbait(args.datasets, args.quiet ? undefined : (line) => console.log(line));
  const path = join(args.out, 'clickbait.v1.json');
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
