/**
 * Small seeded randomness for the simulator. The engine must be reproducible from a seed and
 * must be able to pause a post's random stream and resume it later (lazy evaluation), so the
 * generator state is one plain uint32 that can be stored with the post.
 */
import { mulberry32Step, mulberry32Value } from '../../lib/random.js';

/** mulberry32 (src/lib/random.ts) over a state kept on the object. */
export class Rng {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = mulberry32Step(this.state);
    return mulberry32Value(this.state);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal by Box–Muller (one value per call; the pair's twin is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Poisson(mean). Knuth's product method for small means (exact), a rounded normal above 30
   * where the error is far below the noise the simulation cares about and the cost stays O(1).
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * Binomial(n, p). Exact by inverting the CDF (one uniform, O(np) steps) while the smaller tail
   * has mean < 12; above that a rounded normal clamped to [0, n], which is accurate there.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const mean = n * p;
    if (mean < 12) {
      const odds = p / (1 - p);
      let prob = Math.pow(1 - p, n);
      let cdf = prob;
      let k = 0;
      const u = this.next();
      while (u > cdf && k < n) {
        prob *= ((n - k) / (k + 1)) * odds;
        k++;
        cdf += prob;
      }
      return k;
    }
    const sd = Math.sqrt(mean * (1 - p));
    return Math.min(n, Math.max(0, Math.round(mean + sd * this.normal())));
  }
}

/** cyrb53-style 32-bit string hash folded with a seed: stable ids → stable streams. */
export function hashSeed(seed: number, ...parts: (string | number)[]): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A fresh generator for a named stream under a seed. */
export function rngFor(seed: number, ...parts: (string | number)[]): Rng {
  return new Rng(hashSeed(seed, ...parts));
}
