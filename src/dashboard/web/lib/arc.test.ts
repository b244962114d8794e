import { describe, expect, it } from 'vitest';
import { arcGeometry } from './arc.js';

describe(arcGeometry.name, () => {
  it('puts valence 1 at the top, −1 at the bottom and 0 in the middle, on a fixed scale', () => {
    // width 108, height 48, pad 4: x = 4 + i/2·100; y = 4 + (1 − v)/2·40
    const sut = arcGeometry([-1, 0, 1], [2], [0], 108, 48);
    expect(sut.line).toBe('4,44 54,24 104,4');
    expect(sut.zeroY).toBe(24);
    expect(sut.points.map((p) => p.kind)).toEqual(['valley', 'plain', 'peak']);
  });

  it('does not stretch a flat curve, clamps out-of-range values and reads non-finite ones as 0', () => {
    const sut = arcGeometry([0.2, 0.2, 3, Number.NaN], [], [], 100, 44, 2);
    expect(sut.points.map((p) => p.y)).toEqual([18, 18, 2, 22]);
  });

  it('centres a single segment', () => {
    expect(arcGeometry([0.5], [], [], 100, 40).points[0]).toMatchObject({ x: 50 });
  });
});
