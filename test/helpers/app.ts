import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createDeps, type Deps, type DepsOverrides } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createQueue } from '../../src/infra/queue/index.js';
import { createSource } from '../../src/source/create-source.js';
import { MARK_STEP_MS } from '../../src/metrics/baseline.js';
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
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ url: `/jobs/${jobId}`, headers });
    const body = res.json<Record<string, unknown>>();
    if (body.state === 'completed' || body.state === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(body.state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A post of `accountId` whose reach the simulator cuts to 2 % after two hours, read by the
 * collector as it goes (at 5 min, 1 h, 2 h and 2 h 10 min of its age), against a persona history
 * of eight earlier posts of the account kept by age: the last reading raises a high-severity
 * reach drop. Moves the test clock forward 2 h 10 min. Returns the post's id.
 */
export async function raiseReachDrop(
  t: TestApp,
  accountId: string,
  read: (postId: string) => Promise<unknown>,
): Promise<string> {
  const HOUR = 3_600_000;
  const content =
    'Here is how I train in 25 minutes a day:\n\nConsistency over intensity, every single week.';
  const marks = [];
  for (let k = 1; k <= 8; k++) {
    const published = t.clock.now - k * 20 * HOUR;
    const p = t.simulator.publish({ account_id: accountId, content, published_at: new Date(published) });
    for (let age = 0; age <= 4 * HOUR; age += MARK_STEP_MS) {
      const c = t.simulator.countersAt(p.id, published + age);
      marks.push({
        post_id: p.id,
        persona_id: p.persona_id,
        age_ms: age,
        views: c.views,
        secondary: c.shares + c.reposts + c.quotes + c.replies,
        replies: c.replies,
        trajectory: null,
        recorded_at: new Date(published + age),
      });
    }
  }
  await t.deps.metrics.repositories.ageMarks.insertAgeMarks(marks);
  const post = t.simulator.publish({
    account_id: accountId,
    content,
    published_at: new Date(t.clock.now - 5 * 60_000),
  });
  await read(post.id);
  for (const step of [55 * 60_000, HOUR]) {
    t.clock.now += step;
    await read(post.id);
  }
  t.simulator.injectAnomaly(post.id, { type: 'suppression', factor: 0.02 });
  t.clock.now += 10 * 60_000;
  await read(post.id);
  return post.id;
}
