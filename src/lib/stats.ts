/**
 * Descriptive statistics over plain arrays (one copy each).
 */

/** Arithmetic mean; `empty` (NaN unless given) when there are no values. */
export function mean(xs: readonly number[], empty: number = Number.NaN): number {
  if (xs.length === 0) return empty;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Median (the mean of the middle two for an even count); `xs` is not modified. `empty` (NaN
 * unless given) when there are no values.
 */
export function median(xs: readonly number[], empty: number = Number.NaN): number {
  const n = xs.length;
  if (n === 0) return empty;
  const s = [...xs].sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Sample variance (n − 1 in the denominator) around the mean `m`; 0 for fewer than 2 values. */
export function sampleVariance(xs: readonly number[], m: number = mean(xs)): number {
  if (xs.length < 2) return 0;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return ss / (xs.length - 1);
}

/** Pearson correlation r = cov(x,y) / (σx σy); NaN when either side is constant or empty. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) {
    throw new RangeError(`pearson: arrays differ in length (${x.length} vs ${y.length})`);
  }
  const n = x.length;
  if (n === 0) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}
