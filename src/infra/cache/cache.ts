/**
 * Key/value cache with TTLs: read-through caching, comment dedup and rate-limit windows.
 *
 * Values are stored as JSON in both implementations, so a value read back is a copy with JSON
 * semantics (a `Date` comes back as its ISO string) whichever engine is configured.
 *
 * A cache is never the truth, and it must not take the product down with it: when the backend is
 * unreachable every method resolves promptly with the "nothing known" answer documented on it
 * and never throws. Only `ping` reports the outage (for /ready).
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';

  /** The value, or `undefined` on a miss, an expired key or an unreachable cache. */
  get<T>(key: string): Promise<T | undefined>;

  /** `get` for many keys in one round trip (MGET): one value or `undefined` per key, in order. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;

  /** Store `value` for `ttlSeconds` (fractions allowed). Resolves `false` when it could not be stored. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;

  /** Remove keys; a missing key is not an error. */
  del(...keys: string[]): Promise<void>;

  /**
   * SET NX: store only when the key is absent. `true` = it was absent and is now set (first
   * sighting); `false` = it already existed. Fails open: `true` when the cache is unreachable,
   * so dedup falls through to the database, which holds the unique constraint.
   * Not a lock: do not use it for mutual exclusion.
   */
  setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;

  /**
   * `setIfAbsent` for many keys in one round trip (value `1`): one boolean per key, in order.
   * A key repeated in `keys` is `true` at its first position only. Fails open like `setIfAbsent`.
   */
  setManyIfAbsent(keys: readonly string[], ttlSeconds: number): Promise<boolean[]>;

  /**
   * Increment a counter and return its new value. The first increment starts a window of
   * `ttlSeconds`; later increments do not extend it (fixed-window rate limiting).
   * Returns `0` when the cache is unreachable (no count known; callers fail open).
   */
  incr(key: string, ttlSeconds: number): Promise<number>;

  /** Resolves when the backend answers; rejects with the reason otherwise. */
  ping(): Promise<void>;

  /** Operations that failed because the backend was unreachable or slow, since start. */
  errorCount(): number;

  /**
   * Memory the cache holds (Redis: `used_memory` of the whole server; in-process: the bytes of
   * its keys and values) and keys evicted for room since start (Redis: `evicted_keys`).
   * `undefined` when the backend is unreachable.
   */
  stats(): Promise<CacheStats | undefined>;

  close(): Promise<void>;
}

export interface CacheStats {
  memoryBytes: number;
  evictions: number;
}

/** TTL in whole milliseconds (at least 1); a non-positive or non-finite TTL is a programming error. */
export function ttlMs(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`cache TTL must be a positive number of seconds, got ${ttlSeconds}`);
  }
  return Math.max(1, Math.round(ttlSeconds * 1000));
}
