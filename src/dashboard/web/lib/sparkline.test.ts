import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline.js';

describe(sparklinePoints.name, () => {
  it('scales the minimum to the bottom and the maximum to the top inside the padding', () => {
    // width 100, height 20, pad 2: x = i/2*100; y = 2 + 16 - (v-0)/10*16
    expect(sparklinePoints([0, 10, 5], 100, 20, 2)).toBe('0,18 50,2 100,10');
  });

  it('draws a flat series at mid-height', () => {
    expect(sparklinePoints([4, 4], 10, 20)).toBe('0,10 10,10');
  });

  it('skips non-finite values but keeps their x slot', () => {
    expect(sparklinePoints([0, Number.NaN, 10], 10, 12, 1)).toBe('0,11 10,1');
  });

  it('returns an empty string when fewer than two points are usable', () => {
    expect(sparklinePoints([], 10, 10)).toBe('');
    expect(sparklinePoints([1], 10, 10)).toBe('');
    expect(sparklinePoints([1, Number.NaN], 10, 10)).toBe('');
  });
});
