import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createDeps, type Deps, type DepsOverrides } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createQueue } from '../../src/infra/queue/index.js';
import { createSource } from '../../src/source/create-source.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { testStoreEngines } from './stores.js';
import { deleteKeys, randomPrefix, TEST_REDIS_URL } from './redis.js';

export type Stack = 'embedded' | 'production';

export interface TestApp {
  app: App;
  deps: Deps;
  simulator: SimulatorEngine;
  /** the fake wall clock of the simulator, in ms */
  clock: { now: number };
  close(): Promise<void>;
}

export const T0 = Date.parse('2026-11-20T12:00:00.000Z');

/**
 * The real app on either stack — embedded (PGlite, memory cache, in-process queue) or production
 * (PostgreSQL, Redis, BullMQ on the machine's servers) — with a demo simulator on a fake clock
 * that only moves when the test says so.
 */
export async function createTestApp(
  stack: Stack,
  opts: { env?: Record<string, string>; overrides?: DepsOverrides; demo?: boolean; seed?: number } = {},
): Promise<TestApp> {
  const engine = testStoreEngines.find((e) => e.engine === (stack === 'embedded' ? 'pglite' : 'postgres'))!;
  const { store, cleanup } = await engine.create();
  const prefix = randomPrefix();
  const config: Config = loadConfig({
    DATA_DIR: 'memory://',
    SOURCE: 'none',
    LOG_LEVEL: 'silent',
    // Tests start the monitors they want; automatic ones would poll in the background.
    COMMENT_MONITOR_NEW_POSTS: 'false',
    ...(stack === 'production' ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...opts.env,
  });
  const clock = { now: T0 };
  const simulator = new SimulatorEngine({
    seed: opts.seed ?? 7,
    speedup: 1,
    demo: opts.demo ?? true,
    clock: () => clock.now,
  });
  const logger = pino({ level: 'silent' });
  const cache = await createCache(config, logger, { prefix: `${prefix}:cache:` });
  const queue = await createQueue(config, logger, { prefix });
  const deps = await createDeps(config, {
    logger,
    store,
    cache,
    queue,
    source: createSource(config, { simulator }),
    sourceRetries: { retries: 1, minMs: 10 },
    ...opts.overrides,
  });
  const app = await buildApp(deps);
  await deps.start({ schedule: false });
  return {
    app,
    deps,
    simulator,
    clock,
    async close() {
      await app.close();
      await queue.close();
      await cache.close();
      await deps.close();
      await cleanup();
      if (stack === 'production') await deleteKeys(prefix);
    },
  };
}

/** Poll a job until it finishes (completed or failed). */
export async function waitForJob(
  app: App,
  jobId: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ url: `/jobs/${jobId}` });
    const body = res.json<Record<string, unknown>>();
    if (body.state === 'completed' || body.state === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(body.state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Give a persona a viral-coefficient baseline: three other posts whose current reading is `value`. */
export async function seedPersonaBaseline(t: TestApp, personaId: string, value: number): Promise<void> {
  await t.deps.store.db
    .insertInto('viral_metrics')
    .values(
      [1, 2, 3].map((i) => ({
        post_id: `baseline-${i}`,
        persona_id: personaId,
        timeframe: '24h',
        viral_coefficient: value,
        collected_at: new Date(t.clock.now - i * 3_600_000),
      })),
    )
    .execute();
}
