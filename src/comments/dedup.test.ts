import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunk, dedupKey, dedupeById } from './dedup.js';

describe(dedupeById.name, () => {
  it('keeps the first occurrence of each id in order', () => {
    const sut = dedupeById([
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
      { id: 'a', n: 3 },
      { id: 'c', n: 4 },
      { id: 'b', n: 5 },
    ]);
    expect(sut).toEqual({
      unique: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
        { id: 'c', n: 4 },
      ],
      duplicates: 2,
    });
  });

  it('unique plus duplicates always add up to the input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }).map((id) => ({ id }))), (items) => {
        const sut = dedupeById(items);
        expect(sut.unique.length + sut.duplicates).toBe(items.length);
        expect(new Set(sut.unique.map((u) => u.id)).size).toBe(sut.unique.length);
        expect(sut.unique.length).toBe(new Set(items.map((i) => i.id)).size);
      }),
    );
  });
});

describe(dedupKey.name, () => {
  it('uses the seed key format', () => {
    expect(dedupKey('c_1')).toBe('comment:c_1');
  });
});

describe(chunk.name, () => {
  it('cuts into chunks of the size with a shorter tail', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('returns no chunks for no items', () => {
    expect(chunk([], 10)).toEqual([]);
  });

  it('rejects a size below 1', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
