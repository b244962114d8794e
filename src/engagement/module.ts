import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import type { PatternService } from '../patterns/index.js';
import { EngagementRepository } from './repository.js';
import { EngagementService } from './service.js';

/**
 * The engagement model assembled: repository, service, the retraining job and its schedule.
 * deps.ts builds one of these; tests build their own.
 */

export interface EngagementModuleDeps {
  db: Kysely<DB>;
  queue: Queue;
  logger: Logger;
  patterns: Pick<PatternService, 'extract'>;
  clock: () => Date;
  /** how often the model is retrained from the outcomes stored since (default hourly) */
  retrainEveryMs?: number;
  fixedAgeMs?: number;
}

export interface EngagementModule {
  service: EngagementService;
  registerJobs(queue: Queue): void;
  /** Worker start-up: schedule the retraining (a schedule's first run is right away). */
  start(): Promise<void>;
}

export const RETRAIN_SCHEDULE_KEY = 'engagement-retrain';
export const RETRAIN_EVERY_MS = 3_600_000;

export function createEngagementModule(deps: EngagementModuleDeps): EngagementModule {
  const service = new EngagementService({
    repo: new EngagementRepository(deps.db),
    patterns: deps.patterns,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'engagement' }),
    ...(deps.fixedAgeMs !== undefined ? { fixedAgeMs: deps.fixedAgeMs } : {}),
  });
  return {
    service,
    registerJobs(queue: Queue) {
      // Retraining is deterministic and idempotent: a re-run over the same outcomes stores nothing new.
      queue.register('train_engagement_model', async () => {
        const trained = await service.retrain();
        const predicted = await service.predictRecentPosts();
        return { ...trained, predicted };
      });
    },
    async start() {
      await deps.queue.addRepeatable(
        'train_engagement_model',
        {},
        { everyMs: deps.retrainEveryMs ?? RETRAIN_EVERY_MS, key: RETRAIN_SCHEDULE_KEY },
      );
    },
  };
}
