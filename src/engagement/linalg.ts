/**
 * The little linear algebra the engagement model needs: symmetric positive-definite systems of
 * a few dozen unknowns, solved by Cholesky factorisation. Matrices are row-major Float64Arrays
 * of n·n. Deterministic: a fixed order of operations, no randomness, no parallelism.
 */

/** A matrix that is not positive definite (a ridge penalty of 0 on a feature that never varies). */
export class NotPositiveDefiniteError extends Error {
  constructor(readonly column: number) {
    super(`matrix is not positive definite (pivot ${column})`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Lower-triangular L with A = L·Lᵀ (Cholesky–Banachiewicz), for a symmetric positive-definite A. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new NotPositiveDefiniteError(i);
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  return l;
}

/** x with L·Lᵀ·x = b, given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** A⁻¹ of a symmetric positive-definite A (column by column from its Cholesky factor). */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  // exact symmetry, so that xᵀA⁻¹x does not depend on the order it is summed in
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const m = (inv[i * n + j]! + inv[j * n + i]!) / 2;
      inv[i * n + j] = m;
      inv[j * n + i] = m;
    }
  return inv;
}

/** xᵀ·M·x for a symmetric n×n M. */
export function quadraticForm(m: ArrayLike<number>, n: number, x: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += m[i * n + j]! * x[j]!;
    total += xi * row;
  }
  return total;
}

/** a·b */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
