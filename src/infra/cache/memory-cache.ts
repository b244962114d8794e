import { LRUCache } from 'lru-cache';
import { ttlMs, type Cache, type CacheStats } from './cache.js';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first (dedup then falls back to the database). */
  maxEntries?: number;
}

/** In-process cache for the embedded mode: an LRU with a TTL per entry, values kept as JSON text. */
export class MemoryCache implements Cache {
  readonly kind = 'memory';
  readonly #lru: LRUCache<string, string>;
  #evictions = 0;

  constructor(opts: MemoryCacheOptions = {}) {
    this.#lru = new LRUCache<string, string>({
      max: opts.maxEntries ?? 100_000,
      // Sizes are tracked only for stats() (UTF-16 code units × 2 ≈ bytes held); no size limit.
      maxSize: Number.MAX_SAFE_INTEGER,
      sizeCalculation: (value, key) => 2 * (key.length + value.length) || 1,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.#evictions++;
      },
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.#lru.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return Promise.all(keys.map((k) => this.get<T>(k)));
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    this.#lru.set(key, text, { ttl: ttlMs(ttlSeconds) });
    return true;
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) this.#lru.delete(key);
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    return this.#setIfAbsent(key, JSON.stringify(value), ttlMs(ttlSeconds));
  }

  async setManyIfAbsent(keys: readonly string[], ttlSeconds: number): Promise<boolean[]> {
    const ttl = ttlMs(ttlSeconds);
    return keys.map((key) => this.#setIfAbsent(key, '1', ttl));
  }

  #setIfAbsent(key: string, text: string, ttl: number): boolean {
    // `has` honours TTLs, so an expired entry counts as absent, as in Redis.
    if (this.#lru.has(key)) return false;
    this.#lru.set(key, text, { ttl });
    return true;
  }

  async incr(key: string, ttlSeconds: number): Promise<number> {
    const ttl = ttlMs(ttlSeconds);
    const current = this.#lru.get(key);
    if (current === undefined) {
      this.#lru.set(key, '1', { ttl });
      return 1;
    }
    const next = Number(current) + 1;
    if (!Number.isSafeInteger(next)) throw new TypeError(`cache key ${key} does not hold a counter`);
    // The window started at the first increment; later ones keep its expiry.
    this.#lru.set(key, String(next), { noUpdateTTL: true });
    return next;
  }

  async ping(): Promise<void> {}

  errorCount(): number {
    return 0;
  }

  async stats(): Promise<CacheStats> {
    return { memoryBytes: this.#lru.calculatedSize, evictions: this.#evictions };
  }

  async close(): Promise<void> {
    this.#lru.clear();
  }
}
