import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { ExperimentsRepository } from './repository.js';
import { ExperimentsService } from './service.js';

/**
 * Experiments assembled: repository, service, the rewards job and its schedule. deps.ts builds
 * one of these; tests build their own.
 */

export interface ExperimentsModuleDeps {
  db: Kysely<DB>;
  queue: Queue;
  logger: Logger;
  clock: () => Date;
  /** how often rewards are collected (default every 10 minutes) */
  collectEveryMs?: number;
}

export interface ExperimentsModule {
  service: ExperimentsService;
  registerJobs(queue: Queue): void;
  /** Worker start-up: schedule the rewards job. */
  start(): Promise<void>;
}

export const REWARDS_SCHEDULE_KEY = 'experiment-rewards';
export const REWARDS_EVERY_MS = 10 * 60_000;

export function createExperimentsModule(deps: ExperimentsModuleDeps): ExperimentsModule {
  const service = new ExperimentsService({
    repo: new ExperimentsRepository(deps.db),
    clock: deps.clock,
    logger: deps.logger.child({ module: 'experiments' }),
  });
  return {
    service,
    registerJobs(queue: Queue) {
      // Idempotent: a reward is stored once per (experiment, post); a re-run takes nothing twice.
      queue.register('collect_experiment_rewards', () => service.collectRewards());
    },
    async start() {
      await deps.queue.addRepeatable(
        'collect_experiment_rewards',
        {},
        { everyMs: deps.collectEveryMs ?? REWARDS_EVERY_MS, key: REWARDS_SCHEDULE_KEY },
      );
    },
  };
}
