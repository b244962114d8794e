import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  NotPositiveDefiniteError,
  quadraticForm,
} from './linalg.js';

// A = [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]]
const A = Float64Array.from([4, 2, 2, 3]);

describe(cholesky.name, () => {
  it('factors a 2×2 matrix by hand: L = [[2, 0], [1, √2]]', () => {
    const sut = cholesky(A, 2);
    expect([...sut].map((v) => Number(v.toFixed(12)))).toEqual([2, 0, 1, Number(Math.SQRT2.toFixed(12))]);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(NotPositiveDefiniteError);
  });
});

describe(choleskySolve.name, () => {
  it('solves A·x = b: [[4, 2], [2, 3]]·x = [2, 5] → x = [−0.5, 2]', () => {
    const sut = choleskySolve(cholesky(A, 2), 2, [2, 5]);
    expect(sut[0]).toBeCloseTo(-0.5, 12);
    expect(sut[1]).toBeCloseTo(2, 12);
  });
});

describe(choleskyInverse.name, () => {
  it('inverts: A⁻¹ = [[3, −2], [−2, 4]] / 8, exactly symmetric', () => {
    const sut = choleskyInverse(cholesky(A, 2), 2);
    expect(sut[0]).toBeCloseTo(3 / 8, 12);
    expect(sut[1]).toBeCloseTo(-2 / 8, 12);
    expect(sut[1]).toBe(sut[2]);
    expect(sut[3]).toBeCloseTo(4 / 8, 12);
  });
});

describe(quadraticForm.name, () => {
  it('computes xᵀAx: [1, 1] → 4 + 2 + 2 + 3 = 11', () => {
    expect(quadraticForm(A, 2, [1, 1])).toBe(11);
  });
});
