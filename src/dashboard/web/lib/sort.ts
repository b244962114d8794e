export type SortDir = 'asc' | 'desc';
export type SortValue = number | string | null | undefined;

/**
 * Stable sort by a key: numbers numerically, strings by locale, missing values last in both
 * directions (an empty cell is never "the best").
 */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortValue, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: key(row) }))
    .sort((a, b) => {
      const am = isMissing(a.value);
      const bm = isMissing(b.value);
      if (am || bm) return am === bm ? a.index - b.index : am ? 1 : -1;
      const c =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), 'en');
      return c === 0 ? a.index - b.index : sign * c;
    })
    .map((x) => x.row);
}

function isMissing(v: SortValue): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}
