/**
 * Complexity guards without a stopwatch. An input of about a megabyte is read in well under a
 * second by a linear pass, even on a loaded machine; a quadratic pass (≈10¹¹–10¹² steps) cannot
 * finish within the test timeout (vitest.config.ts), so the test fails by timing out instead of
 * by a wall-clock threshold that a busy machine can trip. How fast the code is belongs to
 * `npm run bench`, not to a unit test.
 */
export const ADVERSARIAL_BYTES = 1_000_000;

/** `unit` repeated to about `bytes` UTF-16 code units. */
export function adversarial(unit: string, bytes = ADVERSARIAL_BYTES): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}
