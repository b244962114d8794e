import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_REQUEUE_AFTER_MS } from '../../src/metrics/jobs.js';
import type { AlertSink } from '../../src/metrics/alerts.js';
import type { ViralMetricsAnomalyRow } from '../../src/metrics/tables.js';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each<Stack>(['embedded', 'production'])('alerts whose job was lost (%s stack)', (stack) => {
  const delivered: number[] = [];
  let receiverDown = true;
  const sink: AlertSink = {
    kind: 'log',
    send: async (a: ViralMetricsAnomalyRow) => {
      // the receiver of this one is down: its job retries, then fails
      if (a.post_id === 'post-down' && receiverDown) throw new Error('receiver down');
      delivered.push(a.id);
    },
  };
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(stack, { overrides: { alerts: sink } });
  });
  afterAll(() => t.close());

  /** An anomaly stored without queueing its alert, as a process that stopped right after the insert leaves it. */
  async function stored(
    key: string,
    ageMs: number,
    severity: 'high' | 'medium' = 'high',
    alertSent = false,
  ): Promise<number> {
    const row = await t.deps.store.db
      .insertInto('viral_metrics_anomalies')
      .values({
        post_id: `post-${key}`,
        anomaly_type: 'viral_coefficient_drop',
        severity,
        metric_name: 'viral_coefficient',
        current_value: 5,
        baseline_value: 45,
        drop_percentage: 88.9,
        message: `drop on ${key}`,
        idempotency_key: `lost-${key}`,
        detected_at: new Date(t.clock.now - ageMs),
        alert_sent: alertSent,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const alertSent = async (id: number) =>
    (
      await t.deps.store.db
        .selectFrom('viral_metrics_anomalies')
        .select('alert_sent')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).alert_sent;

  async function waitDelivered(id: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await alertSent(id))) {
      if (Date.now() > deadline) throw new Error(`alert of anomaly ${id} not delivered`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('queues again the undelivered high-severity alerts the queue lost, older than the grace period and younger than a day', async () => {
    const lost = await stored('lost', 20 * MINUTE);
    const fresh = await stored('fresh', ALERT_REQUEUE_AFTER_MS - MINUTE); // its job may still be on its way
    await stored('medium', 20 * MINUTE, 'medium');
    await stored('old', 25 * HOUR);
    await stored('sent', 30 * MINUTE, 'high', true);
    const down = await stored('down', 15 * MINUTE);

    expect(await t.deps.metrics.requeueLostAlerts()).toBe(2);
    await waitDelivered(lost);
    expect(delivered).toEqual([lost]);
    expect(await alertSent(fresh)).toBe(false);
    expect(await t.deps.queue.getJob(`alert-${down}`)).toBeDefined();

    // delivered now, or its job still retrying: the next sweep leaves them
    expect((await t.deps.queue.getJob(`alert-${down}`))?.state).not.toBe('failed');
    expect(await t.deps.metrics.requeueLostAlerts()).toBe(0);
    expect(await alertSent(down)).toBe(false);
    expect(delivered).toEqual([lost]);

    // its retries run out while the receiver is down; a sweep once it is back delivers it, once
    const deadline = Date.now() + 15_000;
    while ((await t.deps.queue.getJob(`alert-${down}`))?.state !== 'failed') {
      if (Date.now() > deadline) throw new Error('the alert job never failed');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await alertSent(down)).toBe(false);
    receiverDown = false;
    expect(await t.deps.metrics.requeueLostAlerts()).toBe(1);
    await waitDelivered(down);
    expect(await t.deps.metrics.requeueLostAlerts()).toBe(0);
    expect(delivered).toEqual([lost, down]);
  });

  it('runs with every collection of the active posts', async () => {
    const lost = await stored('collection', 2 * HOUR);
    const res = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=10' });
    expect(res.statusCode).toBe(202);
    expect(await waitForJob(t.app, res.json<{ job_id: string }>().job_id)).toMatchObject({
      state: 'completed',
    });
    await waitDelivered(lost);
    expect(delivered.filter((id) => id === lost)).toHaveLength(1);
  });
});
