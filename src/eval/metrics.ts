/**
 * Evaluation metrics. Conventions follow scikit-learn so our figures compare with published
 * ones: a ratio whose denominator is zero is 0 (sklearn's `zero_division=0`), ROC-AUC is the
 * Mann–Whitney statistic with tied scores sharing their average rank.
 */

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
  /** number of true positives in the truth (sklearn's "support") */
  support: number;
}

function assertSameLength(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: arrays differ in length (${a.length} vs ${b.length})`);
  }
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Share of positions where `predicted[i] === truth[i]`; 0 for empty input. */
export function accuracy<T>(truth: readonly T[], predicted: readonly T[]): number {
  assertSameLength(truth, predicted, 'accuracy');
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return ratio(hits, truth.length);
}

/** Confusion counts of a binary task (true = positive class). */
export function binaryCounts(truth: readonly boolean[], predicted: readonly boolean[]): BinaryCounts {
  assertSameLength(truth, predicted, 'binaryCounts');
  const c: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (t && p) c.tp++;
    else if (p) c.fp++;
    else if (t) c.fn++;
    else c.tn++;
  }
  return c;
}

/** precision = tp/(tp+fp), recall = tp/(tp+fn), F1 = 2PR/(P+R); each 0 when undefined. */
export function fromCounts(c: BinaryCounts): PrecisionRecallF1 {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support: c.tp + c.fn };
}

/** Precision, recall and F1 of the positive class (true) of a binary task. */
export function precisionRecallF1(
  truth: readonly boolean[],
  predicted: readonly boolean[],
): PrecisionRecallF1 {
  return fromCounts(binaryCounts(truth, predicted));
}

export interface MacroF1<C extends string> {
  /** unweighted mean of the per-class F1 */
  macroF1: number;
  perClass: Record<C, PrecisionRecallF1>;
}

function macroFromMembership<C extends string>(
  classes: readonly C[],
  n: number,
  isTrue: (i: number, c: C) => boolean,
  isPredicted: (i: number, c: C) => boolean,
): MacroF1<C> {
  if (classes.length === 0) throw new RangeError('macroF1: no classes');
  const perClass = {} as Record<C, PrecisionRecallF1>;
  let sum = 0;
  for (const c of classes) {
    const counts: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (let i = 0; i < n; i++) {
      const t = isTrue(i, c);
      const p = isPredicted(i, c);
      if (t && p) counts.tp++;
      else if (p) counts.fp++;
      else if (t) counts.fn++;
      else counts.tn++;
    }
    const prf = fromCounts(counts);
    perClass[c] = prf;
    sum += prf.f1;
  }
  return { macroF1: sum / classes.length, perClass };
}

/** Macro-F1 of a single-label multi-class task over `classes` (one-vs-rest F1 per class, averaged). */
export function macroF1<C extends string>(
  truth: readonly C[],
  predicted: readonly C[],
  classes: readonly C[],
): MacroF1<C> {
  assertSameLength(truth, predicted, 'macroF1');
  return macroFromMembership(
    classes,
    truth.length,
    (i, c) => truth[i] === c,
    (i, c) => predicted[i] === c,
  );
}

/** Macro-F1 of a multi-label task: each example carries a set of classes (GoEmotions). */
export function multiLabelMacroF1<C extends string>(
  truth: readonly (readonly C[])[],
  predicted: readonly (readonly C[])[],
  classes: readonly C[],
): MacroF1<C> {
  assertSameLength(truth, predicted, 'multiLabelMacroF1');
  return macroFromMembership(
    classes,
    truth.length,
    (i, c) => truth[i]?.includes(c) === true,
    (i, c) => predicted[i]?.includes(c) === true,
  );
}

/**
 * Area under the ROC curve = P(score of a random positive > score of a random negative), ties
 * counted as one half; computed from average ranks (Mann–Whitney U) in O(n log n).
 * NaN when either class is absent (the AUC is undefined there).
 */
export function rocAuc(labels: readonly boolean[], scores: readonly number[]): number {
  assertSameLength(labels, scores, 'rocAuc');
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    // ranks are 1-based; a tie group from i to j shares the mean of ranks i+1 … j+1
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]) {
        positives++;
        rankSumPositives += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const u = rankSumPositives - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
