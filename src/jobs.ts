import type { Deps } from './deps.js';
import { PermanentJobError, type Queue } from './infra/queue/queue.js';
import { HOUR_MS } from './metrics/kpis/types.js';

/** A high-severity anomaly still not alerted this long after it was stored has lost its send_alert job. */
export const ALERT_REQUEUE_AFTER_MS = 10 * 60_000;
/** An alert older than this is no longer news: the sweep leaves it. */
export const ALERT_REQUEUE_HORIZON_MS = 24 * HOUR_MS;

const alertJobId = (anomalyId: number): string => `alert-${anomalyId}`;

/** Queue the delivery of a high-severity anomaly's alert; the job id is the anomaly's, so it is queued once. */
export function queueAlert(queue: Queue, anomalyId: number): Promise<string> {
  return queue.add('send_alert', { anomalyId }, { jobId: alertJobId(anomalyId), priority: 1 });
}

/**
 * Queue again the alerts whose job was lost: high-severity anomalies stored between
 * ALERT_REQUEUE_HORIZON_MS and ALERT_REQUEUE_AFTER_MS ago, not recorded as delivered, that the
 * queue no longer knows (the process stopped between storing the anomaly and queueing its alert,
 * or the in-process queue, which keeps nothing across a restart, still held the job). An alert
 * whose job is waiting, retrying, or failed and retained is left to it. Returns how many were queued.
 */
export async function requeueLostAlerts(
  deps: Pick<Deps, 'queue' | 'metrics' | 'clock' | 'logger'>,
): Promise<number> {
  const now = deps.clock().getTime();
  const undelivered = await deps.metrics.repo.undeliveredHighSeverity(
    new Date(now - ALERT_REQUEUE_HORIZON_MS),
    new Date(now - ALERT_REQUEUE_AFTER_MS),
  );
  const lost: number[] = [];
  for (const id of undelivered) {
    if (await deps.queue.getJob(alertJobId(id))) continue;
    await queueAlert(deps.queue, id);
    lost.push(id);
  }
  if (lost.length > 0) deps.logger.warn({ anomalyIds: lost }, 'alert jobs were lost: queued again');
  return lost.length;
}

/**
 * Every job handler, registered on the queue of a process that runs jobs (the embedded `serve`,
 * or `serve --role worker`). Handlers are idempotent: a retried or re-run job writes nothing twice.
 */
export function registerJobHandlers(deps: Deps): void {
  const { queue, metrics, alerts, logger } = deps;

  queue.register('process_active_posts', async (payload, ctx) => {
    const summary = await metrics.processor.run(payload.batchSize ?? deps.config.BATCH_SIZE, (p) =>
      ctx.updateProgress(p),
    );
    await requeueLostAlerts(deps);
    return summary;
  });

  queue.register(
    'collect_post_metrics',
    async (payload) => {
      const result = await metrics.collector.get(payload.postId, payload.timeframe ?? '24h', false);
      return { post_id: result.post_id, stale: result.stale };
    },
    { concurrency: deps.config.MAX_PARALLEL_TASKS },
  );

  queue.register('send_alert', async ({ anomalyId }) => {
    const anomaly = await metrics.repo.getAnomaly(anomalyId);
    if (!anomaly) throw new PermanentJobError(`anomaly ${anomalyId} does not exist`);
    // A re-run after a crash between delivery and this flag may deliver twice; the webhook carries
    // an idempotency-key header for receivers that dedup. Once flagged, never again.
    if (anomaly.alert_sent) return { skipped: 'already sent' };
    await alerts.send(anomaly);
    await metrics.repo.markAlertSent(anomalyId, deps.clock());
    logger.info({ anomalyId, sink: alerts.kind }, 'alert delivered');
    return { delivered: true };
  });
}
