/**
 * Train the second complaint opinion (src/nlp/models/complaint.v1.json): one logistic output,
 * positive when a GoEmotions comment (Demszky et al., "GoEmotions", ACL 2020) carries
 * annoyance, disappointment, disapproval or anger, over the emotion model's features
 * (src/nlp/emotion-features.ts: negation scopes, boosters, shouting, emoji keywords) instead
 * of the intent model's plain n-grams. src/nlp/complaint.ts blends it with the intent model's
 * complaint output: σ(w · logit(p_intent) + (1 − w) · z_this), where the blend's decision
 * threshold is folded into this model's bias so that 0.5 is the decision point.
 *
 *   npx tsx scripts/train-complaint.ts [--datasets <dir>] [--out <dir>]
 *
 * Selection never sees goemotions/dev.jsonl: 15 % of train (hash of the comment id) is held
 * out; on the other 85 % an intent-feature complaint output is fitted as intent.v3's is (its
 * λ, pruning, its F1-best threshold folded) and this model for each λ; the λ, the blend weight
 * w and the blend threshold that maximise F1 on the held-out part are chosen. Then this model
 * is refitted on all of train. Same input → byte-identical file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emotionFeatures } from '../src/nlp/emotion-features.js';
import { INTENT_EMOTION_GROUPS, intentFeatures, intentTokens } from '../src/nlp/intent-features.js';
import { FeatureVector } from '../src/nlp/linear.js';
import { tokenize } from '../src/nlp/tokenize.js';
import { isHeldOut } from '../src/eval/split.js';
import {
  DatasetBuilder,
  binaryFigures,
  predictDataset,
  pruneWeights,
  serializeModel,
  subset,
  toModelFile,
  trainBinary,
  type SparseDataset,
} from './lib/logreg.js';
import { fmt, readJsonl, trainArgs, writeIfChanged } from './lib/train-common.js';

export const COMPLAINT_VERSION = 'complaint.v1';
const HASH_BITS = 18;
const L2_GRID = [3e-5, 1e-4, 3e-4];
/** λ of intent.v3's complaint output (its file's metrics), used for the 85 % stand-in of it */
const INTENT_COMPLAINT_L2 = 3e-4;
const INTENT_MIN_WEIGHT = 0.02;
const MIN_WEIGHT = 0.02;
const BLEND_WEIGHTS = [0.5, 0.6, 0.7, 0.8];
const HELD_OUT = 0.15;
const SALT = 'complaint-v1:';

interface Row {
  id: string;
  text: string;
  labels: string[];
}

function parseRow(value: unknown, line: number): Row {
  const v = value as { id?: unknown; text?: unknown; labels?: unknown };
  if (typeof v.id !== 'string') throw new Error(`line ${line}: id must be a string`);
  if (typeof v.text !== 'string') throw new Error(`line ${line}: text must be a string`);
  if (!Array.isArray(v.labels) || !v.labels.every((l) => typeof l === 'string')) {
    throw new Error(`line ${line}: labels must be an array of strings`);
  }
  return { id: v.id, text: v.text, labels: v.labels as string[] };
}

function featurize(rows: readonly Row[], features: 'intent' | 'emotion'): SparseDataset {
  const mask = 2 ** HASH_BITS - 1;
  const builder = new DatasetBuilder(2 ** HASH_BITS);
  const fv = new FeatureVector();
  for (const r of rows) {
    const tokens = intentTokens(tokenize(r.text));
    builder.push(
      features === 'intent'
        ? intentFeatures(tokens, mask, fv.clear())
        : emotionFeatures(tokens, mask, fv.clear()),
    );
  }
  return builder.build();
}

const logit = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return Math.log(q / (1 - q));
};

/** The F1-best threshold in 0.05 … 0.90 (ties: the higher one). */
function bestThreshold(
  labels: readonly number[],
  scores: ArrayLike<number>,
): { threshold: number; f1: number } {
  let best = { threshold: 0.5, f1: -1 };
  for (let step = 5; step <= 90; step++) {
    const t = step / 100;
    const { f1 } = binaryFigures(labels, scores, t);
    if (f1 >= best.f1 - 1e-12) best = { threshold: t, f1 };
  }
  return best;
}

export function trainComplaint(datasets: string, log: (line: string) => void = () => {}): string {
  const rows = readJsonl(join(datasets, 'goemotions/train.jsonl'), parseRow);
  const group: readonly string[] = INTENT_EMOTION_GROUPS.complaint;
  const y = rows.map((r) => (r.labels.some((l) => group.includes(l)) ? 1 : 0));
  const heldOut = rows.map((r) => isHeldOut(r.id, HELD_OUT, SALT));
  const fitRows = rows.flatMap((_, i) => (heldOut[i] ? [] : [i]));
  const heldRows = rows.flatMap((_, i) => (heldOut[i] ? [i] : []));
  const yFit = fitRows.map((i) => y[i]!);
  const yHeld = heldRows.map((i) => y[i]!);
  log(`complaint: train ${rows.length} (${fitRows.length} fit, ${heldRows.length} held out)`);

  const xIntent = featurize(rows, 'intent');
  const intentModel = pruneWeights(
    trainBinary(subset(xIntent, fitRows), yFit, { l2: INTENT_COMPLAINT_L2 }),
    INTENT_MIN_WEIGHT,
  );
  const pIntent = predictDataset(subset(xIntent, heldRows), intentModel);
  const intentAlone = bestThreshold(yHeld, pIntent);
  const zIntent = Array.from(pIntent, (p) => logit(p) - logit(intentAlone.threshold));
  log(`  intent features alone: held-out F1 ${fmt(intentAlone.f1)} at ${intentAlone.threshold}`);

  const xEmotion = featurize(rows, 'emotion');
  const fit = subset(xEmotion, fitRows);
  const held = subset(xEmotion, heldRows);
  let choice = { l2: L2_GRID[0]!, weight: 1, threshold: 0.5, f1: -1, alone: 0 };
  for (const l2 of L2_GRID) {
    const pEmotion = predictDataset(held, pruneWeights(trainBinary(fit, yFit, { l2 }), MIN_WEIGHT));
    const alone = bestThreshold(yHeld, pEmotion).f1;
    for (const weight of BLEND_WEIGHTS) {
      const blend = zIntent.map((z, i) => sigmoidOf(weight * z + (1 - weight) * logit(pEmotion[i]!)));
      const best = bestThreshold(yHeld, blend);
      log(
        `  λ=${l2} w=${weight}: held-out F1 ${fmt(best.f1)} at ${best.threshold} (this model alone ${fmt(alone)})`,
      );
      if (best.f1 > choice.f1 + 1e-12) choice = { l2, weight, ...best, alone };
    }
  }
  log(
    `  chosen λ=${choice.l2}, w=${choice.weight}, threshold ${choice.threshold}: held-out F1 ${fmt(choice.f1)}`,
  );

  const final = pruneWeights(trainBinary(xEmotion, y, { l2: choice.l2 }), MIN_WEIGHT);
  // σ(w·zI + (1 − w)·zE − logit t) = σ(w·zI + (1 − w)·(zE − logit t / (1 − w))): fold t into the bias.
  const bias = final.bias - logit(choice.threshold) / (1 - choice.weight);
  const file = toModelFile({
    name: 'complaint',
    version: COMPLAINT_VERSION,
    trainedOn: `goemotions/train.jsonl (Demszky et al. 2020), ${rows.length} rows, emotion features; λ, blend weight and threshold chosen on the 15 % of rows with fnv1a("${SALT}" + id) % 10000 < 1500`,
    hashBits: HASH_BITS,
    features: { unigrams: true, bigrams: true, charNgrams: null },
    outputs: ['complaint'],
    models: [{ ...final, bias }],
    thresholds: { blend_intent_weight: choice.weight },
    minWeight: MIN_WEIGHT,
    metrics: {
      l2: choice.l2,
      threshold_folded: choice.threshold,
      held_out_f1_blend: choice.f1,
      held_out_f1_alone: choice.alone,
      held_out_f1_intent_features: intentAlone.f1,
    },
  });
  return serializeModel(file);
}

function sigmoidOf(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = trainArgs();
  const text = trainComplaint(args.datasets, args.quiet ? undefined : (line) => console.log(line));
  const path = join(args.out, `${COMPLAINT_VERSION}.json`);
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
