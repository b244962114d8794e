/** Helpers shared by the benchmark modules (a "_" file: `npm run bench` does not run it). */

/** Median of `xs` (the mean of the middle two for an even count); `xs` is not modified. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
