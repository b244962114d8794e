/**
 * Deterministic L2-regularised logistic regression for the hashed features of
 * src/nlp/linear.ts, trained full-batch with L-BFGS.
 *
 * Why L-BFGS rather than SGD: the objective is convex and full-batch, so the result is the
 * optimum itself and does not depend on example order, learning-rate schedules or epochs;
 * the arithmetic is a fixed sequence, so the same input gives the same weights on every run.
 * Randomness is only needed for splits and folds, and comes from the seeded PRNG below.
 * Weights are written rounded to 4 significant digits and near-zero ones dropped, so files
 * are small and byte-identical on rerun.
 */
import { mulberry32 } from '../../src/lib/random.js';
import { type FeatureSpec, type FeatureVector, type LinearModelFile } from '../../src/nlp/linear.js';

/** Examples in compressed sparse row form: example e owns entries offsets[e] ≤ j < offsets[e+1]. */
export interface SparseDataset {
  readonly n: number;
  readonly dim: number;
  readonly offsets: Int32Array;
  readonly idx: Int32Array;
  readonly val: Float32Array;
}

/** Collects feature vectors into a SparseDataset. */
export class DatasetBuilder {
  private offsets: number[] = [0];
  private idx: number[] = [];
  private val: number[] = [];

  constructor(readonly dim: number) {}

  push(features: FeatureVector): void {
    for (let i = 0; i < features.size; i++) {
      this.idx.push(features.idx[i]!);
      this.val.push(features.val[i]!);
    }
    this.offsets.push(this.idx.length);
  }

  build(): SparseDataset {
    return {
      n: this.offsets.length - 1,
      dim: this.dim,
      offsets: Int32Array.from(this.offsets),
      idx: Int32Array.from(this.idx),
      val: Float32Array.from(this.val),
    };
  }
}

/** Rows `rows` of `data`, in that order. */
export function subset(data: SparseDataset, rows: readonly number[]): SparseDataset {
  let total = 0;
  for (const r of rows) total += data.offsets[r + 1]! - data.offsets[r]!;
  const offsets = new Int32Array(rows.length + 1);
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  let p = 0;
  rows.forEach((r, i) => {
    const from = data.offsets[r]!;
    const to = data.offsets[r + 1]!;
    idx.set(data.idx.subarray(from, to), p);
    val.set(data.val.subarray(from, to), p);
    p += to - from;
    offsets[i + 1] = p;
  });
  return { n: rows.length, dim: data.dim, offsets, idx, val };
}

/** `data` without the entries of buckets in `drop` (an output that must not learn from them). */
export function withoutBuckets(data: SparseDataset, drop: ReadonlySet<number>): SparseDataset {
  const offsets = new Int32Array(data.n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let e = 0; e < data.n; e++) {
    for (let j = data.offsets[e]!; j < data.offsets[e + 1]!; j++) {
      if (drop.has(data.idx[j]!)) continue;
      idx.push(data.idx[j]!);
      val.push(data.val[j]!);
    }
    offsets[e + 1] = idx.length;
  }
  return { n: data.n, dim: data.dim, offsets, idx: Int32Array.from(idx), val: Float32Array.from(val) };
}

export interface TrainOptions {
  /** L2 strength λ in mean-loss + λ/2·‖w‖² (the bias is not penalised) */
  l2: number;
  maxIterations?: number;
  /** stop when the relative decrease of the objective falls below this */
  tolerance?: number;
  /** weight of each positive example's loss (class imbalance); negatives weigh 1 */
  positiveWeight?: number;
  /** per-example loss weights (multiplied with positiveWeight); default 1 each */
  exampleWeights?: ArrayLike<number>;
  /** L-BFGS history length */
  memory?: number;
}

export interface BinaryWeights {
  weights: Float64Array;
  bias: number;
  iterations: number;
  objective: number;
}

/**
 * Fit one binary logistic model; `labels[e]` is 1 for positive. Buckets no example uses get
 * no loss gradient, so their optimal weight is 0: the fit runs over the used buckets only
 * (renumbered in ascending order), which is the same optimum at a fraction of the cost.
 */
export function trainBinary(
  data: SparseDataset,
  labels: ArrayLike<number>,
  opts: TrainOptions,
): BinaryWeights {
  const position = new Int32Array(data.dim).fill(-1);
  for (let j = 0; j < data.idx.length; j++) position[data.idx[j]!] = 0;
  const used: number[] = [];
  for (let b = 0; b < data.dim; b++) if (position[b] === 0) position[b] = used.push(b) - 1;
  const compact: SparseDataset = { ...data, dim: used.length, idx: data.idx.map((b) => position[b]!) };
  const fit = trainCompact(compact, labels, opts);
  const weights = new Float64Array(data.dim);
  used.forEach((bucket, j) => (weights[bucket] = fit.weights[j]!));
  return { ...fit, weights };
}

function trainCompact(data: SparseDataset, labels: ArrayLike<number>, opts: TrainOptions): BinaryWeights {
  if (labels.length !== data.n) throw new Error(`labels: ${labels.length} for ${data.n} examples`);
  const dim = data.dim;
  const posW = opts.positiveWeight ?? 1;
  const ew = opts.exampleWeights;
  if (ew !== undefined && ew.length !== data.n)
    throw new Error(`exampleWeights: ${ew.length} for ${data.n} examples`);
  const weightOf = (e: number): number => (labels[e] === 1 ? posW : 1) * (ew === undefined ? 1 : ew[e]!);
  let totalWeight = 0;
  for (let e = 0; e < data.n; e++) totalWeight += weightOf(e);
  const scale = totalWeight > 0 ? 1 / totalWeight : 0;
  const margins = new Float64Array(data.n);

  // x holds the weights then the bias at x[dim].
  const objective = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b = x[dim]!;
    for (let e = 0; e < data.n; e++) {
      let z = b;
      for (let j = data.offsets[e]!; j < data.offsets[e + 1]!; j++) z += data.val[j]! * x[data.idx[j]!]!;
      margins[e] = z;
    }
    for (let e = 0; e < data.n; e++) {
      const y = labels[e] === 1 ? 1 : 0;
      const cw = weightOf(e) * scale;
      const z = margins[e]!;
      // log(1 + e^z) − y·z, computed without overflow
      loss += cw * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
      const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const g = cw * (p - y);
      if (g === 0) continue;
      for (let j = data.offsets[e]!; j < data.offsets[e + 1]!; j++) grad[data.idx[j]!]! += g * data.val[j]!;
      grad[dim]! += g;
    }
    let reg = 0;
    for (let i = 0; i < dim; i++) {
      const w = x[i]!;
      if (w !== 0) {
        reg += w * w;
        grad[i]! += opts.l2 * w;
      }
    }
    return loss + 0.5 * opts.l2 * reg;
  };

  const result = lbfgs(
    objective,
    dim + 1,
    opts.maxIterations ?? 500,
    opts.tolerance ?? 1e-9,
    opts.memory ?? 10,
  );
  return {
    weights: result.x.subarray(0, dim),
    bias: result.x[dim]!,
    iterations: result.iterations,
    objective: result.f,
  };
}

/** Fit one binary model per output; `labels[k][e]` is 1 when example e belongs to output k. */
export function trainOneVsRest(
  data: SparseDataset,
  labels: readonly ArrayLike<number>[],
  opts: TrainOptions | readonly TrainOptions[],
): BinaryWeights[] {
  return labels.map((y, k) => trainBinary(data, y, Array.isArray(opts) ? opts[k]! : (opts as TrainOptions)));
}

/** Probabilities σ(b + w·x) of every example of `data`. */
export function predictDataset(data: SparseDataset, model: BinaryWeights): Float64Array {
  const out = new Float64Array(data.n);
  for (let e = 0; e < data.n; e++) {
    let z = model.bias;
    for (let j = data.offsets[e]!; j < data.offsets[e + 1]!; j++)
      z += data.val[j]! * model.weights[data.idx[j]!]!;
    out[e] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Limited-memory BFGS with a backtracking (Armijo) line search; minimises from x = 0. */
function lbfgs(
  fg: Objective,
  n: number,
  maxIterations: number,
  tolerance: number,
  m: number,
): { x: Float64Array; f: number; iterations: number } {
  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let spareS: Float64Array = new Float64Array(n);
  let spareY: Float64Array = new Float64Array(n);
  let iter = 0;
  for (; iter < maxIterations; iter++) {
    // two-loop recursion: d = −H·g
    d.set(g);
    for (let i = s.length - 1; i >= 0; i--) {
      const a = rho[i]! * dot(s[i]!, d);
      alpha[i] = a;
      axpy(-a, y[i]!, d);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let i = 0; i < s.length; i++) {
      const b = rho[i]! * dot(y[i]!, d);
      axpy(alpha[i]! - b, s[i]!, d);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]!;
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went stale): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    if (slope === 0) break;
    let step = s.length === 0 ? 1 / Math.sqrt(-slope) : 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const sk = spareS;
    const yk = spareY;
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      // The pair dropped from a full history becomes the next scratch pair: no allocation.
      if (s.length === m) {
        spareS = s.shift()!;
        spareY = y.shift()!;
        rho.shift();
      } else {
        spareS = new Float64Array(n);
        spareY = new Float64Array(n);
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = (f - fNew) / Math.max(1, Math.abs(f));
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    if (decrease < tolerance) {
      iter++;
      break;
    }
  }
  return { x, f, iterations: iter };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

/** Round to `digits` significant digits (the stored precision of every weight). */
export function roundSig(value: number, digits = 4): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  return Number(value.toPrecision(digits));
}

/**
 * The weights exactly as a model file will hold them (rounded, small ones dropped), so that
 * figures and thresholds measured on the result hold for the shipped file.
 */
export function pruneWeights(model: BinaryWeights, minWeight: number): BinaryWeights {
  const weights = model.weights.map((w) => {
    const v = roundSig(w);
    return Math.abs(v) < minWeight ? 0 : v;
  });
  return { ...model, weights, bias: roundSig(model.bias, 6) };
}

export interface ModelFileInput {
  name: string;
  version: string;
  trainedOn: string;
  hashBits: number;
  features: FeatureSpec;
  outputs: string[];
  models: BinaryWeights[];
  thresholds?: Record<string, number>;
  metrics?: Record<string, number>;
  /** weights with |w| below this are dropped (default 1e-3) */
  minWeight?: number;
}

/** Sparse, rounded, delta-encoded model file in the shape `loadLinearModel` reads. */
export function toModelFile(input: ModelFileInput): LinearModelFile {
  const minWeight = input.minWeight ?? 1e-3;
  const file: LinearModelFile = {
    name: input.name,
    version: input.version,
    trainedOn: input.trainedOn,
    hashBits: input.hashBits,
    features: input.features,
    outputs: input.outputs,
    bias: input.models.map((m) => roundSig(m.bias, 6)),
    weights: input.models.map((m) => {
      const d: number[] = [];
      const w: number[] = [];
      let last = 0;
      for (let i = 0; i < m.weights.length; i++) {
        const v = roundSig(m.weights[i]!);
        if (Math.abs(v) < minWeight) continue;
        d.push(i - last);
        w.push(v);
        last = i;
      }
      return { d, w };
    }),
  };
  if (input.thresholds) file.thresholds = roundRecord(input.thresholds);
  if (input.metrics) file.metrics = roundRecord(input.metrics);
  return file;
}

function roundRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, roundSig(v)]));
}

/**
 * Canonical JSON text of a model: one output row per line so diffs stay readable, fixed key
 * order (the object literal's), trailing newline.
 */
export function serializeModel(file: LinearModelFile): string {
  const { weights, ...head } = file;
  const rows = weights.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  const headJson = JSON.stringify(head, null, 2);
  return `${headJson.slice(0, -2)},\n  "weights": [\n${rows}\n  ]\n}\n`;
}

/** Fisher–Yates shuffle in place with the given PRNG. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** The deterministic hash split, shared with `eval` (src/eval/split.ts). */
export { isHeldOut } from '../../src/eval/split.js';

/** k folds of 0..n−1 after a seeded shuffle: fold f is the test part of round f. */
export function kFolds(n: number, k: number, seed: number): number[][] {
  const order = shuffle(
    Array.from({ length: n }, (_, i) => i),
    mulberry32(seed),
  );
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((row, i) => folds[i % k]!.push(row));
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Out-of-fold probabilities: each fold scored by a model trained on the other folds. */
export function crossValidatedScores(
  data: SparseDataset,
  labels: ArrayLike<number>,
  folds: readonly (readonly number[])[],
  opts: TrainOptions,
): Float64Array {
  return crossValidatedScoresOf(data, labels, folds, opts, [(model) => model])[0]!;
}

/**
 * Out-of-fold probabilities of each form of the fold models (`forms[k]` turns a fitted model into
 * the one scored, e.g. pruned as a model file will hold it): one array per form, one fit per fold.
 */
export function crossValidatedScoresOf(
  data: SparseDataset,
  labels: ArrayLike<number>,
  folds: readonly (readonly number[])[],
  opts: TrainOptions,
  forms: readonly ((model: BinaryWeights) => BinaryWeights)[],
): Float64Array[] {
  const oof = forms.map(() => new Float64Array(data.n));
  for (const fold of folds) {
    const inFold = new Set(fold);
    const rest: number[] = [];
    for (let i = 0; i < data.n; i++) if (!inFold.has(i)) rest.push(i);
    const ew = opts.exampleWeights;
    const model = trainBinary(
      subset(data, rest),
      rest.map((i) => labels[i]!),
      ew === undefined ? opts : { ...opts, exampleWeights: rest.map((i) => ew[i]!) },
    );
    const test = subset(data, fold);
    forms.forEach((form, k) => {
      const p = predictDataset(test, form(model));
      fold.forEach((row, j) => (oof[k]![row] = p[j]!));
    });
  }
  return oof;
}

/** Figures of a binary decision at `threshold` (positive = label 1 / true). */
export function binaryFigures(
  labels: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  threshold: number,
): { accuracy: number; precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1 || labels[i] === true;
    const p = scores[i]! >= threshold;
    if (y && p) tp++;
    else if (p) fp++;
    else if (y) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { accuracy: labels.length === 0 ? 0 : (tp + tn) / labels.length, precision, recall, f1 };
}

/**
 * The threshold in 0.20, 0.21 … 0.80 that maximises `objective` on (usually out-of-fold)
 * scores; ties go to the value closest to 0.5.
 */
export function chooseThreshold(
  labels: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  objective: 'accuracy' | 'f1',
): number {
  let best = 0.5;
  let bestValue = -1;
  for (let step = 20; step <= 80; step++) {
    const t = step / 100;
    const value = binaryFigures(labels, scores, t)[objective];
    if (
      value > bestValue + 1e-12 ||
      (Math.abs(value - bestValue) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5))
    ) {
      bestValue = value;
      best = t;
    }
  }
  return best;
}
