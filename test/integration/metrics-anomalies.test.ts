import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly, Observation } from '../../src/metrics/anomaly-rules.js';
import { AnomalyRepository, type StoredAnomaly } from '../../src/metrics/anomaly-repository.js';
import { resetStore } from '../helpers/pglite.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';

const HOUR = 3_600_000;
const COOLDOWN = 6 * HOUR;
// A cooldown window boundary (a multiple of 6 h since the epoch): the collector's idempotency key
// changes here, so two detections a millisecond either side of it carry different keys.
const BOUNDARY = Math.ceil(Date.parse('2026-11-20T10:00:00Z') / COOLDOWN) * COOLDOWN;

function anomaly(postId: string, type: Anomaly['anomaly_type'], atMs: number): StoredAnomaly {
  return {
    post_id: postId,
    anomaly_type: type,
    severity: 'high',
    metric_name: 'viral_coefficient',
    current_value: 1,
    baseline_value: 10,
    drop_percentage: 90,
    threshold: 50,
    pattern_id: null,
    message: `${type} on ${postId}`,
    detected_at: new Date(atMs),
    idempotency_key: `${postId}:${type}:${Math.floor(atMs / COOLDOWN)}`,
  };
}

describe.each(testStoreEngines)('anomaly storage ($engine)', ({ create }) => {
  let handle: TestStore;
  let repo: AnomalyRepository;

  const stored = () =>
    handle.store.db
      .selectFrom('viral_metrics_anomalies')
      .select(['post_id', 'anomaly_type', 'detected_at'])
      .orderBy('post_id')
      .orderBy('detected_at')
      .execute();

  beforeAll(async () => {
    handle = await create();
    repo = new AnomalyRepository(handle.store.db);
  });
  afterAll(() => handle?.cleanup());
  beforeEach(() => resetStore(handle.store.db));

  it('stores one anomaly per post and type when concurrent writers straddle a cooldown window boundary', async () => {
    const posts = Array.from({ length: 20 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    // Two writers per post at once (on PostgreSQL, on separate pooled connections), each with
    // its own idempotency key: only the cooldown check under the lock can keep one of them out.
    const results = await Promise.all(
      posts.flatMap((p) => [
        repo.insertAnomalies([anomaly(p, 'viral_coefficient_drop', BOUNDARY - 1)], COOLDOWN),
        repo.insertAnomalies([anomaly(p, 'viral_coefficient_drop', BOUNDARY + 1)], COOLDOWN),
      ]),
    );
    const rows = await stored();
    expect(rows.map((r) => r.post_id)).toEqual(posts);
    // what the calls reported as stored is exactly what the table holds
    expect(
      results
        .flat()
        .map((r) => r.post_id)
        .sort(),
    ).toEqual(posts);
  });

  it('stores each once when two concurrent batches raise the same anomalies in opposite orders', async () => {
    const posts = Array.from({ length: 20 }, (_, i) => `q${String(i).padStart(2, '0')}`);
    // each batch locks all twenty (post, type) pairs: taken in one order, they cannot deadlock
    const [a, b] = await Promise.all([
      repo.insertAnomalies(
        posts.map((p) => anomaly(p, 'viral_coefficient_drop', BOUNDARY - 1)),
        COOLDOWN,
      ),
      repo.insertAnomalies(
        [...posts].reverse().map((p) => anomaly(p, 'viral_coefficient_drop', BOUNDARY + 1)),
        COOLDOWN,
      ),
    ]);
    expect([...a!, ...b!].map((r) => r.post_id).sort()).toEqual(posts);
    expect((await stored()).map((r) => r.post_id)).toEqual(posts);
  });

  it('stores one of two anomalies of the same post and type in one batch', async () => {
    const rows = await repo.insertAnomalies(
      [
        anomaly('d', 'viral_coefficient_drop', BOUNDARY - 1),
        anomaly('d', 'viral_coefficient_drop', BOUNDARY + 1),
      ],
      COOLDOWN,
    );
    expect(rows.map((r) => r.detected_at.getTime())).toEqual([BOUNDARY - 1]);
    expect(await stored()).toHaveLength(1);
  });

  it('holds back the same post and type within the cooldown, not other posts, types or later windows', async () => {
    const first = await repo.insertAnomalies(
      [anomaly('a', 'viral_coefficient_drop', BOUNDARY), anomaly('a', 'negative_trajectory', BOUNDARY)],
      COOLDOWN,
    );
    expect(first.map((r) => r.anomaly_type).sort()).toEqual([
      'negative_trajectory',
      'viral_coefficient_drop',
    ]);

    const again = await repo.insertAnomalies(
      [
        anomaly('a', 'viral_coefficient_drop', BOUNDARY + COOLDOWN - 1),
        anomaly('b', 'viral_coefficient_drop', BOUNDARY + HOUR),
      ],
      COOLDOWN,
    );
    expect(again.map((r) => r.post_id)).toEqual(['b']);

    // exactly one cooldown later the earlier one no longer counts
    const later = await repo.insertAnomalies(
      [anomaly('a', 'viral_coefficient_drop', BOUNDARY + COOLDOWN)],
      COOLDOWN,
    );
    expect(later).toHaveLength(1);
    expect((await stored()).map((r) => `${r.post_id}:${r.detected_at.getTime() - BOUNDARY}`)).toEqual([
      'a:0',
      'a:0',
      `a:${COOLDOWN}`,
      `b:${HOUR}`,
    ]);
  });

  it('stores a retried batch once and holds back a detection stamped before an earlier one', async () => {
    const batch = [anomaly('c', 'viral_coefficient_drop', BOUNDARY + HOUR)];
    expect(await repo.insertAnomalies(batch, COOLDOWN)).toHaveLength(1);
    expect(await repo.insertAnomalies(batch, COOLDOWN)).toEqual([]);
    // another replica's clock runs an hour behind: the stored, later-stamped anomaly counts
    expect(
      await repo.insertAnomalies([anomaly('c', 'viral_coefficient_drop', BOUNDARY - 1)], COOLDOWN),
    ).toEqual([]);
    expect(await stored()).toHaveLength(1);
  });
});

describe.each(testStoreEngines)('anomaly episodes ($engine)', ({ create }) => {
  let handle: TestStore;
  let repo: AnomalyRepository;
  const MIN = 60_000;
  const CLOSE_AFTER = 30 * MIN;

  beforeAll(async () => {
    handle = await create();
    repo = new AnomalyRepository(handle.store.db);
  });
  afterAll(() => handle?.cleanup());
  beforeEach(() => resetStore(handle.store.db));

  const drop = (postId: string, atMs: number, current = 10): StoredAnomaly => ({
    ...anomaly(postId, 'reach_drop', atMs),
    current_value: current,
    episode_key: `${postId}:reach_drop`,
    message: `reach ${current}`,
  });
  const seen = (a: StoredAnomaly): Observation => ({
    state: 'active',
    episode_key: a.episode_key!,
    anomaly_type: a.anomaly_type,
    anomaly: a,
  });
  const clear = (postId: string): Observation => ({
    state: 'clear',
    episode_key: `${postId}:reach_drop`,
    anomaly_type: 'reach_drop',
  });
  const noData = (postId: string): Observation => ({
    state: 'no_data',
    episode_key: `${postId}:reach_drop`,
    anomaly_type: 'reach_drop',
  });
  async function reading(obs: Observation, atMs: number) {
    const active = obs.state === 'active' ? [obs.anomaly as StoredAnomaly] : [];
    return repo.recordObservations([obs], active, new Date(atMs), COOLDOWN, CLOSE_AFTER);
  }
  const rows = () =>
    handle.store.db.selectFrom('viral_metrics_anomalies').selectAll().orderBy('detected_at').execute();

  it('an ongoing condition is one anomaly, updated while it lasts and closed when it ends', async () => {
    const t = BOUNDARY - 2 * HOUR;
    const first = drop('p', t, 10);
    expect((await reading(seen(first), t)).raised).toHaveLength(1);
    // seen every 10 minutes for 3 hours, across a cooldown-window boundary (a new idempotency key)
    for (let k = 1; k <= 18; k++) {
      const at = t + k * 10 * MIN;
      const r = await reading(
        seen({ ...drop('p', at, 10 + k), idempotency_key: `p:reach_drop:${Math.floor(at / COOLDOWN)}` }),
        at,
      );
      expect(r.raised).toEqual([]);
    }
    // too little data says nothing; then clear readings close it after 30 minutes
    const end = t + 190 * MIN;
    await reading(noData('p'), end);
    expect((await rows())[0]).toMatchObject({ status: 'open', readings: 19, current_value: 28 });
    await reading(clear('p'), end + 10 * MIN);
    expect((await rows())[0]).toMatchObject({ status: 'open' });
    const closed = await reading(clear('p'), end + 40 * MIN);
    expect(closed.closed).toBe(1);
    const [row, ...rest] = await rows();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ status: 'closed', readings: 19, message: 'reach 28' });
    expect(row!.ended_at!.getTime()).toBe(end + 10 * MIN);
    expect(row!.last_seen_at!.getTime()).toBe(t + 180 * MIN);
  });

  it('a condition back within the cooldown re-opens its episode; later it is a new anomaly', async () => {
    const t = BOUNDARY + HOUR;
    await reading(seen(drop('q', t)), t);
    await reading(clear('q'), t + 10 * MIN);
    await reading(clear('q'), t + 40 * MIN);
    expect((await rows())[0]!.status).toBe('closed');
    const again = await reading(seen(drop('q', t + 2 * HOUR)), t + 2 * HOUR);
    expect(again.raised).toEqual([]);
    expect(await rows()).toMatchObject([{ status: 'open', ended_at: null }]);
    await reading(clear('q'), t + 2 * HOUR + 10 * MIN);
    await reading(clear('q'), t + 2 * HOUR + 40 * MIN);
    const later = t + 2 * HOUR + 10 * MIN + COOLDOWN + MIN;
    const fresh = await reading(seen(drop('q', later)), later);
    expect(fresh.raised).toHaveLength(1);
    expect((await rows()).map((r) => r.status)).toEqual(['closed', 'open']);
  });

  it('raises a new episode once when concurrent writers see it at the same time', async () => {
    const posts = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const results = await Promise.all(
      posts.flatMap((p) => [
        repo.recordObservations(
          [seen(drop(p, BOUNDARY - 1))],
          [drop(p, BOUNDARY - 1)],
          new Date(BOUNDARY - 1),
          COOLDOWN,
          CLOSE_AFTER,
        ),
        repo.recordObservations(
          [seen(drop(p, BOUNDARY + 1))],
          [drop(p, BOUNDARY + 1)],
          new Date(BOUNDARY + 1),
          COOLDOWN,
          CLOSE_AFTER,
        ),
      ]),
    );
    expect(results.flatMap((r) => r.raised.map((a) => a.post_id)).sort()).toEqual(posts);
    expect((await rows()).map((r) => r.post_id).sort()).toEqual(posts);
  });

  it('closes episodes not seen for a while', async () => {
    await reading(seen(drop('s', BOUNDARY)), BOUNDARY);
    expect(await repo.closeStaleEpisodes(new Date(BOUNDARY - 1))).toBe(0);
    expect(await repo.closeStaleEpisodes(new Date(BOUNDARY + 1))).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'closed', ended_at: new Date(BOUNDARY) }]);
  });
});
