/**
 * The anomaly detector end to end on a simulated account: the collector reads posts from the
 * simulator every 10 simulated minutes into a real store (both engines), against a persona
 * history of earlier posts, with labelled anomalies injected into some posts.
 */
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/infra/cache/memory-cache.js';
import type { ViralMetricsAnomalyRow } from '../../src/metrics/tables.js';
import { createPostsModule } from '../../src/posts/index.js';
import { MARK_STEP_MS } from '../../src/metrics/baseline.js';
import { MetricsCollector } from '../../src/metrics/collector.js';
import { AgeMarkRepository } from '../../src/metrics/age-mark-repository.js';
import { AnomalyRepository } from '../../src/metrics/anomaly-repository.js';
import { ViralMetricsRepository } from '../../src/metrics/viral-metrics-repository.js';
import { createMetricsTelemetry } from '../../src/metrics/telemetry.js';
import { SimulatorEngine, type InjectedAnomaly } from '../../src/source/simulator/engine.js';
import { InProcessSimulatorSource } from '../../src/source/simulator/in-process-source.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = 10 * MIN;
const T0 = Date.parse('2026-01-20T06:00:00.000Z');

const TEXTS = [
  'Here is how I train in 25 minutes a day:\n\nConsistency over intensity. The workout you do on a bad day counts more than the perfect one you skip.',
  'Stop doing crunches. Seriously.\n\nYour core is trained by squats, deadlifts and carrying heavy things.',
  '5 mistakes I see in every beginner deadlift 🧵\n\n1/ Eat protein at every meal.\n2/ Sleep 7+ hours.\n3/ Lift 3x a week.\n4/ Walk every day.',
  'Why do you feel tired after every workout?\n\nMobility is not stretching for an hour. Ten minutes before you train is enough.',
];

describe.each(testStoreEngines)('anomalies of a simulated account ($engine)', ({ create }) => {
  let handle: TestStore;
  let ageMarks: AgeMarkRepository;
  const clock = { now: T0 };
  const alerted: number[][] = [];
  let truth: InjectedAnomaly[] = [];
  let live: { id: string; role: string }[] = [];
  let rows: ViralMetricsAnomalyRow[] = [];

  beforeAll(async () => {
    handle = await create();
    ageMarks = new AgeMarkRepository(handle.store.db);
    const sim = new SimulatorEngine({
      seed: 11,
      speedup: 1,
      demo: false,
      startAt: T0,
      clock: () => clock.now,
    });
    const account = { account_id: 'acct_maya' };

    // Sixteen earlier posts of the persona over ten days, their counters kept by age as the collector keeps them.
    for (let k = 0; k < 16; k++) {
      const published = T0 - 10 * DAY + k * 14 * HOUR;
      const p = sim.publish({
        ...account,
        content: TEXTS[k % TEXTS.length]!,
        published_at: new Date(published),
      });
      const marks = [];
      for (let age = 0; age <= DAY; age += MARK_STEP_MS) {
        const c = sim.countersAt(p.id, published + age);
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
      await ageMarks.insertAgeMarks(marks);
    }

    // Five posts published now: two left alone, three with an anomaly each.
    const roles = ['natural', 'natural', 'suppression', 'spike', 'reply_storm'] as const;
    live = roles.map((role, i) => ({
      id: sim.publish({ ...account, content: TEXTS[i % TEXTS.length]! }).id,
      role,
    }));
    truth = [
      sim.injectAnomaly(live[2]!.id, { type: 'suppression', at: T0 + 5 * HOUR + 3 * MIN, factor: 0.25 }),
      sim.injectAnomaly(live[3]!.id, { type: 'spike', at: T0 + 6 * HOUR + 3 * MIN }),
      sim.injectAnomaly(live[4]!.id, { type: 'reply_storm', at: T0 + 4 * HOUR + 3 * MIN, perHour: 40 }),
    ];

    const source = new InProcessSimulatorSource(sim);
    const stored = createPostsModule({ db: handle.store.db });
    await stored.posts.upsertSourcePosts(live.map((p) => sim.getPost(p.id)));
    const collector = new MetricsCollector({
      current: new ViralMetricsRepository(handle.store.db),
      ageMarks,
      anomalies: new AnomalyRepository(handle.store.db),
      ...stored,
      source,
      cache: new MemoryCache(),
      telemetry: createMetricsTelemetry(new Registry()),
      logger: pino({ level: 'silent' }),
      cacheTtlSeconds: 60,
      maxParallel: 5,
      anomalyCooldownMs: 6 * HOUR,
      clock: () => new Date(clock.now),
      onHighSeverity: (ids) => {
        alerted.push(ids);
        return Promise.resolve();
      },
    });
    const posts = await stored.posts.getPosts(live.map((p) => p.id));
    for (clock.now = T0 + STEP; clock.now <= T0 + 12 * HOUR; clock.now += STEP) {
      await collector.collect(posts, '24h');
    }
    rows = await handle.store.db
      .selectFrom('viral_metrics_anomalies')
      .selectAll()
      .orderBy('detected_at')
      .execute();
  }, 240_000);
  afterAll(() => handle?.cleanup());

  const of = (role: string) => rows.filter((r) => r.post_id === live.find((p) => p.role === role)!.id);
  const startOf = (type: string) => Date.parse(truth.find((a) => a.type === type)!.start!);

  it('raises nothing for posts that decay naturally', () => {
    expect(of('natural')).toEqual([]);
  });

  it('finds the suppression within two collections, as one high-severity anomaly in words a creator reads', () => {
    const found = of('suppression');
    expect(found.map((r) => [r.anomaly_type, r.severity, r.status])).toEqual([
      ['reach_drop', 'high', 'open'],
    ]);
    const delay = found[0]!.detected_at.getTime() - startOf('suppression');
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(2 * STEP);
    // the message follows the latest reading
    expect(found[0]!.message).toMatch(
      /^Reach is \d+ % below what your posts usually have at 12 h: \d+ views in the last 10 min, about \d+ expected\.$/,
    );
    // one episode, updated while it lasts: seen at many readings, alerted once
    expect(found[0]!.readings).toBeGreaterThan(5);
    expect(alerted.flat().filter((id) => id === found[0]!.id)).toHaveLength(1);
  });

  it('finds the spike and the reply storm, each as one anomaly', () => {
    const spike = of('spike');
    expect(spike.map((r) => r.anomaly_type)).toEqual(['reach_spike']);
    expect(spike[0]!.detected_at.getTime() - startOf('spike')).toBeLessThanOrEqual(2 * STEP);
    const storm = of('reply_storm');
    expect(storm.map((r) => r.anomaly_type)).toEqual(['reply_storm']);
    expect(storm[0]!.detected_at.getTime()).toBeGreaterThanOrEqual(startOf('reply_storm'));
    // the storm lasted two hours: its episode has closed since
    expect(storm[0]!.status).toBe('closed');
  });

  it('alerts only the high-severity anomalies, each once', () => {
    const high = rows.filter((r) => r.severity === 'high').map((r) => r.id);
    expect(alerted.flat().sort()).toEqual(high.sort());
  });
});
