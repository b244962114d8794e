import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/metrics/anomaly-rules.js';
import { MetricsRepository, type StoredAnomaly } from '../../src/metrics/repository.js';
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
  let repo: MetricsRepository;

  const stored = () =>
    handle.store.db
      .selectFrom('viral_metrics_anomalies')
      .select(['post_id', 'anomaly_type', 'detected_at'])
      .orderBy('post_id')
      .orderBy('detected_at')
      .execute();

  beforeAll(async () => {
    handle = await create();
    repo = new MetricsRepository(handle.store.db);
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
