import { describe, expect, it } from 'vitest';
import { sortRows } from './sort.js';

describe(sortRows.name, () => {
  const rows = [
    { id: 'a', v: 3 as number | null, s: 'b' },
    { id: 'b', v: null, s: 'a' },
    { id: 'c', v: 1, s: 'C' },
    { id: 'd', v: 3, s: 'a' },
  ];

  it('sorts numbers ascending and descending, stable for ties', () => {
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });

  it('keeps missing values last in both directions', () => {
    expect(sortRows(rows, (r) => r.v, 'asc').at(-1)?.id).toBe('b');
    expect(sortRows(rows, (r) => r.v, 'desc').at(-1)?.id).toBe('b');
  });

  it('sorts strings case-insensitively by locale', () => {
    expect(sortRows(rows, (r) => r.s, 'asc').map((r) => r.s)).toEqual(['a', 'a', 'b', 'C']);
  });

  it('does not modify its input', () => {
    const before = rows.map((r) => r.id);
    sortRows(rows, (r) => r.v, 'desc');
    expect(rows.map((r) => r.id)).toEqual(before);
  });
});
