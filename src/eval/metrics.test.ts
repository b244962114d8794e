import { describe, expect, it } from 'vitest';
import { accuracy, binaryCounts, macroF1, multiLabelMacroF1, precisionRecallF1, rocAuc } from './metrics.js';

describe(accuracy.name, () => {
  it('counts exact matches over all positions', () => {
    const sut = accuracy;
    expect(sut(['a', 'b', 'c', 'a'], ['a', 'b', 'a', 'b'])).toBe(0.5);
  });

  it('returns 0 on empty input and throws on a length mismatch', () => {
    const sut = accuracy;
    expect(sut([], [])).toBe(0);
    expect(() => sut([1], [1, 2])).toThrow(/differ in length/);
  });
});

describe(binaryCounts.name, () => {
  it('splits into tp, fp, fn, tn', () => {
    const sut = binaryCounts;
    expect(sut([true, true, false, false, true], [true, false, true, false, true])).toEqual({
      tp: 2,
      fp: 1,
      fn: 1,
      tn: 1,
    });
  });
});

describe(precisionRecallF1.name, () => {
  it('computes the positive-class figures by hand', () => {
    const sut = precisionRecallF1;
    const r = sut([true, true, false, false, true], [true, false, true, false, true]);
    expect(r.precision).toBeCloseTo(2 / 3, 12);
    expect(r.recall).toBeCloseTo(2 / 3, 12);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
    expect(r.support).toBe(3);
  });

  it('gives 0 rather than NaN when nothing is predicted positive', () => {
    const sut = precisionRecallF1;
    expect(sut([true, false], [false, false])).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('differs between precision and recall when errors are one-sided', () => {
    const sut = precisionRecallF1;
    // tp 1, fp 3, fn 0 → P 0.25, R 1, F1 = 2·0.25/1.25 = 0.4
    const r = sut([true, false, false, false], [true, true, true, true]);
    expect(r.precision).toBe(0.25);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(0.4, 12);
  });
});

describe(macroF1.name, () => {
  it('averages one-vs-rest F1 over the given classes, absent predictions scoring 0', () => {
    const sut = macroF1;
    // a: P .5 R .5 F .5; b: P .5 R 1 F 2/3; c: F 0 → (0.5 + 2/3 + 0)/3
    const r = sut(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'a'], ['a', 'b', 'c']);
    expect(r.perClass.a.f1).toBeCloseTo(0.5, 12);
    expect(r.perClass.b.f1).toBeCloseTo(2 / 3, 12);
    expect(r.perClass.c.f1).toBe(0);
    expect(r.macroF1).toBeCloseTo((0.5 + 2 / 3) / 3, 12);
  });
});

describe(multiLabelMacroF1.name, () => {
  it('scores each class on set membership', () => {
    const sut = multiLabelMacroF1;
    // x: tp1 fn1 → F 2/3; y: tp1 fp1 → F 2/3
    const r = sut([['x'], ['x', 'y'], []], [['x'], ['y'], ['y']], ['x', 'y'] as const);
    expect(r.perClass.x.precision).toBe(1);
    expect(r.perClass.x.recall).toBe(0.5);
    expect(r.perClass.y.precision).toBe(0.5);
    expect(r.perClass.y.recall).toBe(1);
    expect(r.macroF1).toBeCloseTo(2 / 3, 12);
  });
});

describe(rocAuc.name, () => {
  it('equals the share of correctly ordered positive/negative pairs', () => {
    const sut = rocAuc;
    // pairs: .9>.8 ✓ .9>.1 ✓ .4<.8 ✗ .4>.1 ✓ → 3/4
    expect(sut([true, false, true, false], [0.9, 0.8, 0.4, 0.1])).toBe(0.75);
  });

  it('counts a tied positive/negative pair as one half', () => {
    const sut = rocAuc;
    // pairs: .5=.5 ½, .5>.2 1, .7>.5 1, .7>.2 1 → 3.5/4
    expect(sut([true, false, true, false], [0.5, 0.5, 0.7, 0.2])).toBe(0.875);
  });

  it('is 0.5 when every score ties and 1 or 0 for perfect orderings', () => {
    const sut = rocAuc;
    expect(sut([true, false, true, false], [1, 1, 1, 1])).toBe(0.5);
    expect(sut([false, false, true], [1, 2, 3])).toBe(1);
    expect(sut([true, false, false], [1, 2, 3])).toBe(0);
  });

  it('is NaN when one class is missing', () => {
    const sut = rocAuc;
    expect(sut([true, true], [0.1, 0.2])).toBeNaN();
  });
});
