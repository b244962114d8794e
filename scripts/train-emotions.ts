/**
 * Train the emotion model (src/nlp/models/emotions.v3.json) from
 * ../shared/datasets/goemotions/train.jsonl (Demszky et al., "GoEmotions", ACL 2020).
 *
 *   npx tsx scripts/train-emotions.ts [--datasets <dir>] [--out <dir>]
 *
 * Outputs: Ekman's six + neutral (the paper's grouping of the 27 labels) and `excitement`
 * (the GoEmotions label itself), each an independent one-vs-rest logistic model over the
 * hashed features of src/nlp/emotion-features.ts.
 *
 * Model selection never sees dev.jsonl. For Ekman's six and neutral a fixed 15 % of train (hash
 * of the comment id) is held out, and the L2 strength and the decision threshold that maximise
 * F1 on that part are chosen. Excitement is rare (2 % of comments: ~130 in that 15 %, too few
 * to place a threshold), so its λ, threshold and weight cut-off (`excitementMinWeights`) are
 * chosen by 5-fold cross-validation over all of train instead (F1 of the out-of-fold scores of
 * the fold models pruned as the file will store them, so the threshold belongs to the shipped
 * weights; the folds are a seeded shuffle). The final weights of every output are refitted on
 * all of train with the chosen λ and pruned at the output's cut-off.
 *
 * The excitement cues (`ec:hype`, `ec:hype_weak`: EXCITEMENT_ONLY_FEATURES) are features of the
 * excitement output only: Ekman's six and neutral are trained without them, so they are the
 * models they were before the cues existed (same λ, thresholds and weights).
 * Same input → byte-identical model file.
 */
import { join } from 'node:path';
import {
  EMOTION_FEATURES_VERSION,
  emotionFeatures,
  EXCITEMENT_ONLY_FEATURES,
} from '../src/nlp/emotion-features.js';
import { EMOTIONS, ekmanOf, type Emotion } from '../src/nlp/emotion-labels.js';
import { FeatureVector } from '../src/nlp/linear.js';
import { tokenize } from '../src/nlp/tokenize.js';
import {
  crossValidatedScoresOf,
  DatasetBuilder,
  isHeldOut,
  kFolds,
  predictDataset,
  pruneWeights,
  serializeModel,
  subset,
  toModelFile,
  trainBinary,
  withoutBuckets,
  type BinaryWeights,
  type SparseDataset,
} from './lib/logreg.js';
import { fmt, readJsonl, trainArgs, writeIfChanged } from './lib/train-common.js';
import { parseGoEmotionsRow, type GoEmotionsRow } from '../src/eval/goemotions-row.js';

export const EMOTIONS_VERSION = 'emotions.v3';

export interface EmotionTrainingOptions {
  hashBits: number;
  l2Grid: readonly number[];
  heldOutFraction: number;
  /** stored weights smaller than this in magnitude are dropped (keeps the file small) */
  minWeight: number;
  maxIterations: number;
  /** folds of the cross-validation that chooses excitement's λ and threshold (0: use the held-out part) */
  excitementFolds: number;
  /**
   * Candidate `minWeight`s of the excitement output, chosen with its λ and threshold by the
   * cross-validation, which scores the fold models pruned exactly as the file will hold them
   * (the largest one within `minWeightTolerance` of the best F1 wins: a smaller file).
   */
  excitementMinWeights: readonly number[];
  minWeightTolerance: number;
}

export const DEFAULT_OPTIONS: EmotionTrainingOptions = {
  hashBits: 18,
  l2Grid: [3e-5, 1e-4, 3e-4],
  heldOutFraction: 0.15,
  minWeight: 0.1,
  maxIterations: 300,
  excitementFolds: 5,
  excitementMinWeights: [0.1, 0.03, 0.01],
  minWeightTolerance: 0.005,
};

const FOLD_SEED = 17;

/** 1 where the row carries the output (Ekman group, or the raw `excitement` label). */
export function outputLabels(rows: readonly GoEmotionsRow[], output: Emotion): Uint8Array {
  const y = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    const hit =
      output === 'excitement'
        ? row.labels.includes('excitement')
        : row.labels.some((l) => ekmanOf(l) === output);
    y[i] = hit ? 1 : 0;
  });
  return y;
}

function featurize(rows: readonly GoEmotionsRow[], hashBits: number): SparseDataset {
  const builder = new DatasetBuilder(2 ** hashBits);
  const fv = new FeatureVector();
  const mask = 2 ** hashBits - 1;
  for (const row of rows) builder.push(emotionFeatures(tokenize(row.text), mask, fv.clear()));
  return builder.build();
}

function f1At(labels: Uint8Array, scores: Float64Array, threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (p) tp++;
      else fn++;
    } else if (p) fp++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Threshold in 0.05, 0.06 … 0.90 maximising F1; ties go to the higher threshold (fewer false alarms). */
export function bestF1Threshold(labels: Uint8Array, scores: Float64Array): { threshold: number; f1: number } {
  let best = { threshold: 0.5, f1: -1 };
  for (let step = 5; step <= 90; step++) {
    const t = step / 100;
    const f1 = f1At(labels, scores, t);
    if (f1 >= best.f1 - 1e-12) best = { threshold: t, f1 };
  }
  return best;
}

export function trainEmotions(
  rows: readonly GoEmotionsRow[],
  trainedOn: string,
  options: EmotionTrainingOptions = DEFAULT_OPTIONS,
  log: (line: string) => void = () => {},
): string {
  const withCues = featurize(rows, options.hashBits);
  const mask = 2 ** options.hashBits - 1;
  const ekman = withoutBuckets(withCues, new Set(EXCITEMENT_ONLY_FEATURES.map((h) => h & mask)));
  const fitIdx: number[] = [];
  const heldIdx: number[] = [];
  rows.forEach((r, i) =>
    (isHeldOut(r.id, options.heldOutFraction, 'emotions-v1:') ? heldIdx : fitIdx).push(i),
  );
  const fits = { ekman: subset(ekman, fitIdx), excitement: subset(withCues, fitIdx) };
  const helds = { ekman: subset(ekman, heldIdx), excitement: subset(withCues, heldIdx) };
  log(`goemotions: ${rows.length} rows → fit ${fitIdx.length}, held-out ${heldIdx.length}`);

  const models = [];
  const thresholds: Record<string, number> = {};
  const metrics: Record<string, number> = {};
  let macro = 0;
  let macroCount = 0;
  for (const output of EMOTIONS) {
    const y = outputLabels(rows, output);
    const yFit = Uint8Array.from(fitIdx, (i) => y[i]!);
    const yHeld = Uint8Array.from(heldIdx, (i) => y[i]!);
    const part = output === 'excitement' ? 'excitement' : 'ekman';
    const all = part === 'excitement' ? withCues : ekman;
    const fit = fits[part];
    const held = helds[part];
    const crossValidate = output === 'excitement' && options.excitementFolds > 1;
    let choice = { l2: options.l2Grid[0]!, minWeight: options.minWeight, threshold: 0.5, f1: -1 };
    if (crossValidate) {
      const folds = kFolds(rows.length, options.excitementFolds, FOLD_SEED);
      const minWeights = options.excitementMinWeights;
      const candidates: { l2: number; minWeight: number; threshold: number; f1: number }[] = [];
      for (const l2 of options.l2Grid) {
        const oof = crossValidatedScoresOf(
          all,
          y,
          folds,
          { l2, maxIterations: options.maxIterations },
          minWeights.map((m) => (model: BinaryWeights) => pruneWeights(model, m)),
        );
        minWeights.forEach((minWeight, k) => {
          const best = bestF1Threshold(y, oof[k]!);
          log(
            `  ${output} λ=${l2}, |w| ≥ ${minWeight}: ${options.excitementFolds}-fold CV F1 ${fmt(best.f1)} at ${best.threshold}`,
          );
          candidates.push({ l2, minWeight, ...best });
        });
      }
      const top = Math.max(...candidates.map((c) => c.f1));
      for (const c of candidates) {
        if (c.f1 < top - options.minWeightTolerance - 1e-12) continue;
        if (
          choice.f1 < 0 ||
          c.minWeight > choice.minWeight ||
          (c.minWeight === choice.minWeight && c.f1 > choice.f1 + 1e-12)
        )
          choice = c;
      }
    } else {
      for (const l2 of options.l2Grid) {
        const best = bestF1Threshold(
          yHeld,
          predictDataset(held, trainBinary(fit, yFit, { l2, maxIterations: options.maxIterations })),
        );
        log(`  ${output} λ=${l2}: held-out F1 ${fmt(best.f1)} at ${best.threshold}`);
        if (best.f1 > choice.f1 + 1e-12) choice = { l2, minWeight: options.minWeight, ...best };
      }
    }
    const final = pruneWeights(
      trainBinary(all, y, { l2: choice.l2, maxIterations: options.maxIterations }),
      choice.minWeight,
    );
    log(
      `  ${output}: λ=${choice.l2}, |w| ≥ ${choice.minWeight}, threshold ${choice.threshold} (${final.iterations} L-BFGS iterations)`,
    );
    models.push(final);
    thresholds[output] = choice.threshold;
    metrics[crossValidate ? `cv_f1_${output}` : `held_out_f1_${output}`] = choice.f1;
    metrics[`l2_${output}`] = choice.l2;
    if (crossValidate) metrics[`min_weight_${output}`] = choice.minWeight;
    if (output !== 'excitement') {
      macro += choice.f1;
      macroCount++;
    }
  }
  metrics['held_out_ekman_macro_f1'] = macro / macroCount;
  log(`  held-out Ekman macro-F1 (6 + neutral): ${fmt(macro / macroCount)}`);

  const file = toModelFile({
    name: 'emotions',
    version: EMOTIONS_VERSION,
    trainedOn: `${trainedOn}; features ${EMOTION_FEATURES_VERSION}; λ and thresholds chosen on the ${(options.heldOutFraction * 100).toFixed(0)} % of rows with fnv1a("emotions-v1:" + id) % 10000 < ${options.heldOutFraction * 10_000}${options.excitementFolds > 1 ? `, excitement's (with its weight cut-off) by ${options.excitementFolds}-fold cross-validation over all rows (seed ${FOLD_SEED}) of the fold models pruned as stored` : ''}`,
    hashBits: options.hashBits,
    features: { unigrams: true, bigrams: true, charNgrams: null },
    outputs: [...EMOTIONS],
    models,
    thresholds,
    metrics,
    // every row is already pruned at its own minWeight (pruneWeights): drop only what that zeroed
    minWeight: Math.min(options.minWeight, ...options.excitementMinWeights),
  });
  return serializeModel(file);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = trainArgs();
  const rows = readJsonl(join(args.datasets, 'goemotions/train.jsonl'), parseGoEmotionsRow);
  const text = trainEmotions(
    rows,
    'goemotions/train.jsonl (Demszky et al. 2020)',
    DEFAULT_OPTIONS,
    args.quiet ? undefined : (line) => console.log(line),
  );
  const path = join(args.out, `${EMOTIONS_VERSION}.json`);
  const changed = writeIfChanged(path, text);
  console.log(`${path}: ${changed ? 'written' : 'unchanged'} (${(text.length / 1024).toFixed(0)} KB)`);
}
