/**
 * Seeded randomness: mulberry32, a 32-bit generator whose whole state is one uint32 (so it can
 * be stored and resumed), well mixed and plenty for simulations, shuffles and synthetic data.
 * Same seed, same sequence, everywhere.
 */

/** Advance a mulberry32 state: the next state to store. */
export function mulberry32Step(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/** The uniform value in [0, 1) a mulberry32 state (after mulberry32Step) yields. */
export function mulberry32Value(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A mulberry32 generator of uniform values in [0, 1) from `seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = mulberry32Step(state);
    return mulberry32Value(state);
  };
}
