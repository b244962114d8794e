import { Redis } from 'ioredis';
import type { Logger } from '../telemetry/logger.js';
import { ttlMs, type Cache, type CacheStats } from './cache.js';

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key (tests use a random one). Default none: keys keep the seeds' names. */
  prefix?: string;
  logger?: Logger;
  /** Longest wait for one command before it counts as a miss (default 500 ms). */
  commandTimeoutMs?: number;
}

// INCR then set the window's expiry on the first hit only, atomically (works on any Redis ≥ 2.6).
const INCR_WINDOW_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// SET key 1 PX ttl NX for every key in one command: a pipeline of 1,000 SETs cost the client
// ~10 ms of CPU (one command object and reply each), the script well under 1 ms. The keys are
// declared, so it runs on any Redis ≥ 2.6 (on a cluster all keys must share a hash slot).
const SET_MANY_NX_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('SET', key, '1', 'PX', ARGV[1], 'NX') and 1 or 0
end
return out`;

type RedisWithScripts = Redis & {
  incrWindow(key: string, ttlMs: number): Promise<number>;
  setManyNx(numberOfKeys: number, ...keysThenTtl: (string | number)[]): Promise<number[]>;
};

/** Redis answered with an error (wrong type, bad argument): a bug, not an outage, so it is thrown. */
function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}

/**
 * Redis cache for production. Built to degrade, not to fail: no offline queue (a command while
 * disconnected is rejected at once), a short command timeout, one retry, and reconnection with
 * capped backoff in the background. Every failed operation resolves with the interface's
 * "nothing known" answer, counts in `errorCount()`, and the outage is logged once, with a second
 * line when Redis is back.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis';
  readonly #redis: RedisWithScripts;
  readonly #prefix: string;
  readonly #log: Logger | undefined;
  #errors = 0;
  #down = false;
  #closed = false;

  constructor(opts: RedisCacheOptions) {
    this.#prefix = opts.prefix ?? '';
    this.#log = opts.logger?.child({ module: 'cache' });
    this.#redis = new Redis(opts.url, {
      enableOfflineQueue: false,
      commandTimeout: opts.commandTimeoutMs ?? 500,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000) + Math.floor(Math.random() * 100),
    }) as RedisWithScripts;
    this.#redis.defineCommand('incrWindow', { numberOfKeys: 1, lua: INCR_WINDOW_LUA });
    this.#redis.defineCommand('setManyNx', { lua: SET_MANY_NX_LUA });
    this.#redis.on('error', (err: Error) => this.#markDown(err));
    this.#redis.on('ready', () => this.#markUp());
  }

  /** Resolves once connected, or after `timeoutMs` when Redis is not there (the cache then starts degraded). */
  async waitReady(timeoutMs = 1000): Promise<boolean> {
    if (this.#redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#redis.on('ready', onReady);
    });
  }

  #markDown(err: unknown): void {
    if (this.#down || this.#closed) return;
    this.#down = true;
    this.#log?.warn({ err }, 'redis cache unavailable: serving without cache until it returns');
  }

  #markUp(): void {
    if (!this.#down) return;
    this.#down = false;
    this.#log?.info({ errors: this.#errors }, 'redis cache available again');
  }

  /** Run one command; on an outage count it, note it and answer `fallback`. */
  async #run<T>(fallback: T, command: () => Promise<T>): Promise<T> {
    try {
      const result = await command();
      this.#markUp();
      return result;
    } catch (err) {
      if (isReplyError(err)) throw err;
      this.#errors++;
      this.#markDown(err);
      return fallback;
    }
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.#run(undefined, async () => {
      const text = await this.#redis.get(this.#key(key));
      return text === null ? undefined : (JSON.parse(text) as T);
    });
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const ttl = ttlMs(ttlSeconds);
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    return this.#run(false, async () => (await this.#redis.set(this.#key(key), text, 'PX', ttl)) === 'OK');
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#run(0, () => this.#redis.del(...keys.map((k) => this.#key(k))));
  }

  async setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    const ttl = ttlMs(ttlSeconds);
    const text = JSON.stringify(value);
    return this.#run(
      true,
      async () => (await this.#redis.set(this.#key(key), text, 'PX', ttl, 'NX')) === 'OK',
    );
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    return this.#run(
      keys.map((): T | undefined => undefined),
      async () =>
        (await this.#redis.mget(...keys.map((k) => this.#key(k)))).map((text) =>
          text === null ? undefined : (JSON.parse(text) as T),
        ),
    );
  }

  async setManyIfAbsent(keys: readonly string[], ttlSeconds: number): Promise<boolean[]> {
    const ttl = ttlMs(ttlSeconds);
    if (keys.length === 0) return [];
    return this.#run(
      keys.map(() => true),
      async () =>
        (await this.#redis.setManyNx(keys.length, ...keys.map((k) => this.#key(k)), ttl)).map((r) => r === 1),
    );
  }

  async incr(key: string, ttlSeconds: number): Promise<number> {
    const ttl = ttlMs(ttlSeconds);
    return this.#run(0, () => this.#redis.incrWindow(this.#key(key), ttl));
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  errorCount(): number {
    return this.#errors;
  }

  async stats(): Promise<CacheStats | undefined> {
    return this.#run(undefined, async () => {
      const info = await this.#redis.info();
      const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
      return { memoryBytes: field('used_memory'), evictions: field('evicted_keys') };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#redis.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
      this.#redis.disconnect();
    }
  }
}
