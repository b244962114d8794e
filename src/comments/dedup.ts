/**
 * The first of the three dedup layers (request → cache → database): duplicates inside one
 * request. Pure; the later layers live in the service, because they do I/O.
 */

/** Keep the first occurrence of every id, in request order; count the rest. */
export function dedupeById<T extends { id: string }>(
  items: readonly T[],
): { unique: T[]; duplicates: number } {
  const seen = new Set<string>();
  const unique: T[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    unique.push(item);
  }
  return { unique, duplicates: items.length - unique.length };
}

/** The dedup cache key of a comment id (seed: `comment:{id}`). */
export function dedupKey(commentId: string): string {
  return `comment:${commentId}`;
}

/** Split `items` into chunks of at most `size` (the last may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
