import type { Config } from '../../config.js';
import type { Logger } from '../telemetry/logger.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

export type { Cache } from './cache.js';

/**
 * Redis when `REDIS_URL` is set, otherwise the in-process LRU. Waits up to a second for Redis:
 * when it is not there, start-up goes on with a degraded cache that recovers by itself.
 */
export async function createCache(
  config: Pick<Config, 'REDIS_URL'>,
  logger?: Logger,
  opts: { prefix?: string } = {},
): Promise<Cache> {
  if (!config.REDIS_URL) return new MemoryCache();
  const cache = new RedisCache({ url: config.REDIS_URL, ...opts, ...(logger ? { logger } : {}) });
  await cache.waitReady(1000);
  return cache;
}
