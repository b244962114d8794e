import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/infra/db/client.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { InProcessSimulatorSource } from '../../src/source/simulator/in-process-source.js';
import type { MonitorResponse } from '../../src/comments/schemas.js';
import { useTestStore } from '../helpers/store-hooks.js';
import { testStoreEngines } from '../helpers/stores.js';
import { createCommentsHarness, waitForIdle, type CommentsHarness } from '../factories/comments.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');

async function storedIds(store: Store, postId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select comment_id as id from comments where post_id = ${postId} order by comment_id`.execute(store.db);
  return rows.map((r) => r.id);
}

describe.each(testStoreEngines)('comment monitors ($engine)', ({ create }) => {
  let store: Store;
  let sim: SimulatorEngine;
  let source: InProcessSimulatorSource;
  let postId: string;
  const harnesses: CommentsHarness[] = [];

  useTestStore(create, (s) => (store = s));
  beforeEach(async () => {
    const real = T0;
    sim = new SimulatorEngine({ seed: 7, speedup: 1, demo: false, clock: () => real, startAt: real });
    source = new InProcessSimulatorSource(sim);
    postId = sim.publish({
      content: 'Comment LINK for the guide',
      published_at: new Date(T0 - 3 * 3600_000),
      virality: 0.9,
    }).id;
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  async function harness(config: Record<string, string> = {}): Promise<CommentsHarness> {
    const h = await createCommentsHarness(store, { source, config });
    harnesses.push(h);
    return h;
  }

  const monitor = async (h: CommentsHarness, taskId: string) =>
    (await h.app.inject({ method: 'GET', url: `/comments/monitor/${taskId}` })).json<MonitorResponse>();

  it('polls at once, pages through every reply and stores each once', async () => {
    const sut = await harness();
    const res = await sut.app.inject({
      method: 'POST',
      url: '/comments/monitor',
      payload: { post_id: postId, interval_seconds: 60 },
    });
    expect(res.statusCode).toBe(200);
    const created = res.json<MonitorResponse>();
    expect(created.task_id).toMatch(/^monitor_[0-9a-f]{16}$/);
    expect(created).toMatchObject({ status: 'active', post_id: postId, interval_seconds: 60 });
    await waitForIdle(sut.queue);

    const expected = sim.comments(postId, { limit: 10_000 }).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(200);
    expect(await storedIds(store, postId)).toEqual([...expected].sort());
    const state = await monitor(sut, created.task_id);
    expect(state).toMatchObject({ status: 'active', comments_processed: expected.length, error_count: 0 });
    expect(state.last_processed).not.toBeNull();

    // Later replies only: the cursor continues where the last poll stopped.
    sim.advance(3600_000);
    const more = sim.comments(postId, { limit: 10_000 }).length - expected.length;
    expect(more).toBeGreaterThan(0);
    expect(await sut.module.comments.pollMonitor(created.task_id)).toEqual({
      status: 'active',
      stored: more,
    });
    expect(await sut.module.comments.pollMonitor(created.task_id)).toEqual({ status: 'active', stored: 0 });
    expect((await monitor(sut, created.task_id)).comments_processed).toBe(expected.length + more);
    await waitForIdle(sut.queue);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from comment_analysis`.execute(
      store.db,
    );
    expect(rows[0]?.n).toBe(expected.length + more);
  });

  it('stops on DELETE and then stores nothing', async () => {
    const sut = await harness();
    const { task_id } = (
      await sut.app.inject({
        method: 'POST',
        url: '/comments/monitor',
        payload: { post_id: postId, interval_seconds: 5 },
      })
    ).json<MonitorResponse>();
    await waitForIdle(sut.queue);
    const before = (await storedIds(store, postId)).length;
    const stopped = await sut.app.inject({ method: 'DELETE', url: `/comments/monitor/${task_id}` });
    expect(stopped.json()).toMatchObject({ task_id, status: 'stopped' });
    sim.advance(3600_000);
    expect(await sut.module.comments.pollMonitor(task_id)).toEqual({ status: 'stopped', stored: 0 });
    expect((await storedIds(store, postId)).length).toBe(before);
  });

  it('resumes active monitors after a restart', async () => {
    const first = await harness();
    const { task_id } = (
      await first.app.inject({
        method: 'POST',
        url: '/comments/monitor',
        payload: { post_id: postId, interval_seconds: 600 },
      })
    ).json<MonitorResponse>();
    await waitForIdle(first.queue);
    const before = (await monitor(first, task_id)).comments_processed;
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    sim.advance(1800_000);
    const second = await harness();
    await second.module.start();
    await waitForIdle(second.queue);
    const after = await monitor(second, task_id);
    expect(after.status).toBe('active');
    expect(after.comments_processed).toBe(sim.comments(postId, { limit: 10_000 }).length);
    expect(after.comments_processed).toBeGreaterThan(before);
  });

  it('counts a transient source error and fails the monitor of a post that does not exist', async () => {
    const sut = await harness();
    await source.setFault({ errorRate: 1 });
    const { task_id } = (
      await sut.app.inject({
        method: 'POST',
        url: '/comments/monitor',
        payload: { post_id: postId, interval_seconds: 60 },
      })
    ).json<MonitorResponse>();
    await waitForIdle(sut.queue);
    expect(await monitor(sut, task_id)).toMatchObject({
      status: 'active',
      error_count: 1,
      comments_processed: 0,
      last_error: 'simulator failed (injected fault)',
    });
    await source.setFault({ reset: true });

    const gone = (
      await sut.app.inject({
        method: 'POST',
        url: '/comments/monitor',
        payload: { post_id: 'nope', interval_seconds: 60 },
      })
    ).json<MonitorResponse>();
    await waitForIdle(sut.queue);
    expect(await monitor(sut, gone.task_id)).toMatchObject({ status: 'failed', error_count: 1 });
  });

  it('keeps one active monitor per post; a second start returns it with the new interval', async () => {
    const sut = await harness();
    const start = async (interval: number) =>
      (
        await sut.app.inject({
          method: 'POST',
          url: '/comments/monitor',
          payload: { post_id: postId, interval_seconds: interval },
        })
      ).json<MonitorResponse>();
    const first = await start(60);
    const again = await start(60);
    const changed = await start(120);
    expect(again.task_id).toBe(first.task_id);
    expect(changed).toMatchObject({ task_id: first.task_id, interval_seconds: 120, status: 'active' });
    await sut.app.inject({ method: 'DELETE', url: `/comments/monitor/${first.task_id}` });
    expect((await start(60)).task_id).not.toBe(first.task_id);
  });

  it('answers 404 for an unknown monitor and 422 for a too short interval', async () => {
    const sut = await harness();
    expect((await sut.app.inject({ method: 'GET', url: '/comments/monitor/monitor_0000' })).statusCode).toBe(
      404,
    );
    expect(
      (await sut.app.inject({ method: 'DELETE', url: '/comments/monitor/monitor_0000' })).statusCode,
    ).toBe(404);
    const res = await sut.app.inject({
      method: 'POST',
      url: '/comments/monitor',
      payload: { post_id: postId, interval_seconds: 1 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: { loc: unknown[] }[] }>().detail[0]?.loc).toEqual(['body', 'interval_seconds']);
  });

  it('refuses to start a monitor when monitoring is disabled', async () => {
    const sut = await harness({ COMMENT_MONITORING_ENABLED: 'false' });
    const res = await sut.app.inject({
      method: 'POST',
      url: '/comments/monitor',
      payload: { post_id: postId, interval_seconds: 60 },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      detail: 'comment monitoring is disabled (COMMENT_MONITORING_ENABLED=false)',
    });
  });
});
