import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { ExperimentsRepository } from './repository.js';
import { ExperimentRunner } from './runner.js';
import { ExperimentsService, type ExperimentDrafts } from './service.js';

/**
 * Experiments assembled: repository, service, the rewards job and its schedule. deps.ts builds
 * one of these; tests build their own.
 */

export interface ExperimentsModuleDeps {
  db: Kysely<DB>;
  queue: Queue;
  logger: Logger;
  clock: () => Date;
  /** whether the content engine knows a persona (experiments of unknown personas are refused) */
  personaExists: (personaId: string) => Promise<boolean>;
  /** the content engine's drafts: each slot's draft is written and scheduled through them; absent = posts attached by API only */
  drafts?: ExperimentDrafts;
  /** how often rewards are collected and slots scheduled (default every 10 minutes) */
  collectEveryMs?: number;
}

export interface ExperimentsModule {
  service: ExperimentsService;
  runner?: ExperimentRunner;
  registerJobs(queue: Queue): void;
  /** Worker start-up: schedule the experiments job. */
  start(): Promise<void>;
}

export const REWARDS_SCHEDULE_KEY = 'experiment-rewards';
export const REWARDS_EVERY_MS = 10 * 60_000;

export function createExperimentsModule(deps: ExperimentsModuleDeps): ExperimentsModule {
  const repo = new ExperimentsRepository(deps.db);
  const logger = deps.logger.child({ module: 'experiments' });
  const service = new ExperimentsService({
    repo,
    personaExists: deps.personaExists,
    ...(deps.drafts ? { drafts: deps.drafts } : {}),
    clock: deps.clock,
    logger,
  });
  const runner =
    deps.drafts === undefined
      ? undefined
      : new ExperimentRunner({ repo, service, drafts: deps.drafts, clock: deps.clock, logger });
  return {
    service,
    ...(runner ? { runner } : {}),
    registerJobs(queue: Queue) {
      // Idempotent: a reward is stored once per (experiment, post), a post attached once, and a
      // slot's draft is written only when the experiment has none in flight.
      // Order matters: a post published while the experiment ran is attached before the rewards
      // can decide it, and the next slot is picked from the posteriors those rewards updated.
      queue.register('run_experiments', async () => {
        const attached = runner ? await runner.attachPublished() : 0;
        const rewards = await service.collectRewards();
        const scheduled = runner ? await runner.scheduleSlots() : 0;
        return { attached, ...rewards, scheduled };
      });
    },
    async start() {
      await deps.queue.addRepeatable(
        'run_experiments',
        {},
        { everyMs: deps.collectEveryMs ?? REWARDS_EVERY_MS, key: REWARDS_SCHEDULE_KEY },
      );
    },
  };
}
