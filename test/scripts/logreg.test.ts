import { describe, expect, it } from 'vitest';
import { FeatureVector, loadLinearModel, predictProba } from '../../src/nlp/linear.js';
import {
  crossValidatedScores,
  crossValidatedScoresOf,
  DatasetBuilder,
  isHeldOut,
  kFolds,
  predictDataset,
  pruneWeights,
  roundSig,
  serializeModel,
  subset,
  toModelFile,
  trainBinary,
  trainOneVsRest,
} from '../../scripts/lib/logreg.js';

const MASK = 15;

/** Feature A (bucket 0) ⇒ positive, feature B (bucket 1) ⇒ negative, `n` of each. */
function separable(n: number) {
  const builder = new DatasetBuilder(16);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    builder.push(withBuckets([0]));
    labels.push(1);
    builder.push(withBuckets([1]));
    labels.push(0);
  }
  return { data: builder.build(), labels };
}

function withBuckets(buckets: number[]): FeatureVector {
  const fv = new FeatureVector();
  for (const b of buckets) fv.add(b, MASK);
  return fv;
}

describe(trainBinary.name, () => {
  it('reaches the L2 optimum of a 2-feature separable problem', () => {
    // By symmetry b = 0 and w_B = −w_A = −w; the optimum of log(1+e^−w) + λw² solves σ(−w) = 2λw.
    const { data, labels } = separable(5);
    const l2 = 0.1;
    const sut = trainBinary(data, labels, { l2, tolerance: 1e-12 });
    const w = sut.weights[0]!;
    expect(sut.bias).toBeCloseTo(0, 4);
    expect(sut.weights[1]).toBeCloseTo(-w, 4);
    expect(1 / (1 + Math.exp(w))).toBeCloseTo(2 * l2 * w, 4);
    expect(w).toBeCloseTo(1.178, 2);
  });

  it('shifts the bias toward the positives when they weigh more', () => {
    const { data, labels } = separable(5);
    const plain = trainBinary(data, labels, { l2: 0.1 });
    const sut = trainBinary(data, labels, { l2: 0.1, positiveWeight: 4 });
    expect(sut.bias).toBeGreaterThan(plain.bias + 0.1);
  });

  it('rejects labels of the wrong length', () => {
    const { data } = separable(2);
    expect(() => trainBinary(data, [1], { l2: 0.1 })).toThrow(/labels: 1 for 4/);
  });
});

describe(trainOneVsRest.name, () => {
  it('trains one model per output with its own labels', () => {
    const { data, labels } = separable(3);
    const flipped = labels.map((y) => 1 - y);
    const [a, b] = trainOneVsRest(data, [labels, flipped], { l2: 0.1 });
    expect(a!.weights[0]).toBeGreaterThan(1);
    expect(b!.weights[0]).toBeLessThan(-1);
    expect(predictDataset(data, a!)[0]).toBeGreaterThan(0.7);
  });
});

describe(toModelFile.name, () => {
  it('rounds, drops near-zero weights, delta-encodes, and round-trips through loadLinearModel', () => {
    const { data, labels } = separable(5);
    const trained = trainBinary(data, labels, { l2: 0.1 });
    trained.weights[9] = 0.0004;
    const file = toModelFile({
      name: 'toy',
      version: 'toy.v1',
      trainedOn: 'separable fixture',
      hashBits: 4,
      features: { unigrams: true, bigrams: false, charNgrams: null },
      outputs: ['pos'],
      models: [trained],
    });
    expect(file.weights[0]!.d).toEqual([0, 1]);
    expect(file.weights[0]!.w[0]).toBe(roundSig(trained.weights[0]!));
    const sut = loadLinearModel(JSON.parse(serializeModel(file)));
    expect(predictProba(sut, withBuckets([0]))).toBeCloseTo(predictDataset(data, trained)[0]!, 3);
  });

  it('writes byte-identical files when training is rerun', () => {
    const run = () => {
      const { data, labels } = separable(7);
      const folds = kFolds(data.n, 2, 42);
      const part = subset(data, folds[0]!);
      const partLabels = folds[0]!.map((r) => labels[r]!);
      const models = [trainBinary(part, partLabels, { l2: 0.05 })];
      return serializeModel(
        toModelFile({
          name: 'toy',
          version: 'toy.v1',
          trainedOn: 'x',
          hashBits: 4,
          features: { unigrams: true, bigrams: false, charNgrams: null },
          outputs: ['pos'],
          models,
          metrics: { auc: 0.123456789 },
        }),
      );
    };
    const first = run();
    expect(run()).toBe(first);
    expect(first).toContain('"auc": 0.1235');
    expect(first.endsWith('}\n')).toBe(true);
  });
});

describe(roundSig.name, () => {
  it('keeps the given number of significant digits', () => {
    expect(roundSig(0.000123456)).toBe(0.0001235);
    expect(roundSig(-12.34567)).toBe(-12.35);
    expect(roundSig(1234567, 2)).toBe(1200000);
    expect(roundSig(Number.NaN)).toBe(0);
  });
});

describe(isHeldOut.name, () => {
  it('holds out about the requested fraction, the same rows every time', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `headline ${i}`);
    const held = keys.filter((k) => isHeldOut(k, 0.2));
    expect(held.length).toBeGreaterThan(1900);
    expect(held.length).toBeLessThan(2100);
    expect(keys.filter((k) => isHeldOut(k, 0.2))).toEqual(held);
    expect(keys.filter((k) => isHeldOut(k, 0))).toEqual([]);
  });
});

describe(kFolds.name, () => {
  it('partitions 0..n−1 into k disjoint folds of near-equal size', () => {
    const sut = kFolds(10, 3, 1);
    expect(sut.map((f) => f.length)).toEqual([4, 3, 3]);
    expect(sut.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(kFolds(10, 3, 1)).toEqual(sut);
  });
});

describe(crossValidatedScoresOf.name, () => {
  it('scores every fold once per form of the fold models, the identity form as crossValidatedScores', () => {
    const { data, labels } = separable(6);
    const folds = kFolds(data.n, 3, 7);
    const opts = { l2: 0.1 };
    const [plain, pruned] = crossValidatedScoresOf(data, labels, folds, opts, [
      (model) => model,
      (model) => pruneWeights(model, 100),
    ]);
    expect(Array.from(plain!)).toEqual(Array.from(crossValidatedScores(data, labels, folds, opts)));
    // positives score above 0.5 out of fold, negatives below
    labels.forEach((y, i) => expect(plain![i]! > 0.5).toBe(y === 1));
    // every weight pruned away: only the bias is left, one score per fold for all its rows
    for (const fold of folds) {
      expect(new Set(fold.map((i) => pruned![i])).size).toBe(1);
      expect(pruned![fold[0]!]).not.toBe(plain![fold[0]!]);
    }
  });
});
