import type { Config } from '../config.js';
import { PermanentJobError, type Queue } from '../infra/queue/queue.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { AlertRefusedError, type AlertSink } from './alerts.js';
import type { MetricsCollector } from './collector.js';
import { HOUR_MS } from './kpis/types.js';
import type { ActivePostsProcessor } from './processor.js';
import type { MetricsRepository } from './repository.js';

/** A high-severity anomaly still not alerted this long after it was stored has lost its send_alert job. */
export const ALERT_REQUEUE_AFTER_MS = 10 * 60_000;
/** An alert older than this is no longer news: the sweep leaves it. */
export const ALERT_REQUEUE_HORIZON_MS = 24 * HOUR_MS;

const alertJobId = (anomalyId: number): string => `alert-${anomalyId}`;

/** Queue the delivery of a high-severity anomaly's alert; the job id is the anomaly's, so it is queued once. */
export function queueAlert(queue: Queue, anomalyId: number): Promise<string> {
  return queue.add('send_alert', { anomalyId }, { jobId: alertJobId(anomalyId), priority: 1 });
}

export interface AlertRequeueDeps {
  queue: Queue;
  repo: Pick<MetricsRepository, 'undeliveredHighSeverity'>;
  clock: () => Date;
  logger: Logger;
}

/**
 * Drive again the alerts not yet delivered: high-severity anomalies stored in the last
 * ALERT_REQUEUE_HORIZON_MS, not recorded as delivered, whose job failed (its retries ran out
 * while the receiver was down: it runs again with a fresh budget, the same idempotency key) or
 * was lost (unknown to the queue ALERT_REQUEUE_AFTER_MS after the anomaly was stored: the
 * process stopped before queueing it, or the in-process queue, which keeps nothing across a
 * restart, still held it). Jobs waiting, delayed or running are left to run. Runs with every
 * collection. Returns how many were driven again.
 */
export async function requeueLostAlerts(deps: AlertRequeueDeps): Promise<number> {
  const now = deps.clock().getTime();
  const undelivered = await deps.repo.undeliveredHighSeverity(
    new Date(now - ALERT_REQUEUE_HORIZON_MS),
    new Date(now),
  );
  const retried: number[] = [];
  const lost: number[] = [];
  for (const { id, detected_at } of undelivered) {
    const job = await deps.queue.getJob(alertJobId(id));
    if (job?.state === 'failed') {
      if (await deps.queue.retryFailed(alertJobId(id))) retried.push(id);
    } else if (!job && detected_at.getTime() <= now - ALERT_REQUEUE_AFTER_MS) {
      await queueAlert(deps.queue, id);
      lost.push(id);
    }
  }
  if (retried.length > 0)
    deps.logger.info({ anomalyIds: retried }, 'undelivered alerts: delivery tried again');
  if (lost.length > 0) deps.logger.warn({ anomalyIds: lost }, 'alert jobs were lost: queued again');
  return retried.length + lost.length;
}

export interface MetricsJobDeps extends AlertRequeueDeps {
  repo: Pick<MetricsRepository, 'undeliveredHighSeverity' | 'getAnomaly' | 'markAlertSent'>;
  collector: Pick<MetricsCollector, 'get'>;
  processor: Pick<ActivePostsProcessor, 'run'>;
  alerts: AlertSink;
  config: Pick<Config, 'BATCH_SIZE' | 'MAX_PARALLEL_TASKS'>;
}

/**
 * The metrics capability's job handlers (collection, one post's collection, alert delivery),
 * registered on the queue of a process that runs jobs (the embedded `serve`, or
 * `serve --role worker`). Handlers are idempotent: a retried or re-run job writes nothing twice.
 */
export function registerMetricsJobs(queue: Queue, deps: MetricsJobDeps): void {
  const { repo, collector, processor, alerts, logger, config } = deps;

  queue.register('process_active_posts', async (payload, ctx) => {
    const summary = await processor.run(payload.batchSize ?? config.BATCH_SIZE, (p) => ctx.updateProgress(p));
    await requeueLostAlerts(deps);
    return summary;
  });

  queue.register(
    'collect_post_metrics',
    async (payload) => {
      const result = await collector.get(payload.postId, payload.timeframe ?? '24h', false);
      return { post_id: result.post_id, stale: result.stale };
    },
    { concurrency: config.MAX_PARALLEL_TASKS },
  );

  queue.register('send_alert', async ({ anomalyId }) => {
    const anomaly = await repo.getAnomaly(anomalyId);
    if (!anomaly) throw new PermanentJobError(`anomaly ${anomalyId} does not exist`);
    // A re-run after a crash between delivery and this flag may deliver twice; the webhook carries
    // an idempotency-key header for receivers that dedup. Once flagged, never again.
    if (anomaly.alert_sent) return { skipped: 'already sent' };
    try {
      await alerts.send(anomaly);
    } catch (err) {
      if (!(err instanceof AlertRefusedError)) throw err;
      logger.error({ anomalyId, sink: alerts.kind, status: err.status }, err.message);
      throw new PermanentJobError(err.message, { cause: err });
    }
    await repo.markAlertSent(anomalyId, deps.clock());
    logger.info({ anomalyId, sink: alerts.kind }, 'alert delivered');
    return { delivered: true };
  });
}
