import { describe, expect, it } from 'vitest';
import { Rng, hashSeed, rngFor } from './random.js';

function sample(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

describe(Rng.name, () => {
  it('repeats the same sequence when resumed from a saved state', () => {
    const sut = new Rng(123);
    sut.next();
    const saved = sut.state;
    const a = [sut.next(), sut.next(), sut.next()];
    const resumed = new Rng(saved);
    expect([resumed.next(), resumed.next(), resumed.next()]).toEqual(a);
  });

  it('stays within [0, 1) and spreads evenly over ten bins', () => {
    const sut = new Rng(7);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = sut.next();
      if (!(u >= 0 && u < 1)) outside++;
      else bins[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it.each([0.5, 4, 25, 400])('draws Poisson(%d) with that mean and variance', (mean) => {
    const sut = new Rng(11);
    const s = sample(40_000, () => sut.poisson(mean));
    expect(Math.abs(s.mean - mean)).toBeLessThan(0.03 * mean + 0.02);
    expect(Math.abs(s.variance - mean)).toBeLessThan(0.08 * mean + 0.05);
  });

  it.each([
    [10, 0.3],
    [100, 0.05],
    [5000, 0.02],
    [300, 0.9],
  ])('draws Binomial(%d, %d) within [0, n] with mean np and variance np(1-p)', (n, p) => {
    const sut = new Rng(5);
    let min = Infinity;
    let max = -Infinity;
    const s = sample(40_000, () => {
      const k = sut.binomial(n, p);
      min = Math.min(min, k);
      max = Math.max(max, k);
      return k;
    });
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(n);
    expect(Math.abs(s.mean - n * p) / (n * p)).toBeLessThan(0.02);
    expect(Math.abs(s.variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.08);
  });

  it('returns 0 and n at the edges of p', () => {
    const sut = new Rng(1);
    expect(sut.binomial(50, 0)).toBe(0);
    expect(sut.binomial(50, 1)).toBe(50);
    expect(sut.binomial(0, 0.5)).toBe(0);
    expect(sut.poisson(0)).toBe(0);
  });
});

describe(hashSeed.name, () => {
  it('differs by seed and by every part, and is stable', () => {
    const base = hashSeed(42, 'comment', 'p1', 3);
    expect(hashSeed(42, 'comment', 'p1', 3)).toBe(base);
    expect(hashSeed(43, 'comment', 'p1', 3)).not.toBe(base);
    expect(hashSeed(42, 'comment', 'p1', 4)).not.toBe(base);
    expect(hashSeed(42, 'comment', 'p13')).not.toBe(hashSeed(42, 'comment', 'p1', 3));
    expect(rngFor(42, 'x').next()).toBe(new Rng(hashSeed(42, 'x')).next());
  });
});
