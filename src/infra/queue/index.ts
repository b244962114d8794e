import type { Config } from '../../config.js';
import type { Logger } from '../telemetry/logger.js';
import { BullMqQueue } from './bullmq-queue.js';
import { MemoryQueue } from './memory-queue.js';
import type { Queue } from './queue.js';

export * from './queue.js';
export * from './jobs.js';

/**
 * BullMQ when `REDIS_URL` is set, otherwise the in-process queue. Waits up to two seconds for
 * Redis; when it is not there the queue still starts, `add` fails fast and `ping` reports it
 * until Redis returns.
 */
export async function createQueue(
  config: Pick<Config, 'REDIS_URL'>,
  logger?: Logger,
  opts: { prefix?: string } = {},
): Promise<Queue> {
  if (!config.REDIS_URL) return new MemoryQueue(logger ? { logger } : {});
  const queue = new BullMqQueue({ url: config.REDIS_URL, ...opts, ...(logger ? { logger } : {}) });
  if (!(await queue.waitReady(2000)))
    logger?.warn('queue: Redis not reachable yet; jobs cannot be added until it is');
  return queue;
}
