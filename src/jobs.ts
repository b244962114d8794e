import type { Deps } from './deps.js';
import { PermanentJobError } from './infra/queue/queue.js';

/**
 * Every job handler, registered on the queue of a process that runs jobs (the embedded `serve`,
 * or `serve --role worker`). Handlers are idempotent: a retried or re-run job writes nothing twice.
 */
export function registerJobHandlers(deps: Deps): void {
  const { queue, metrics, alerts, logger } = deps;

  queue.register('process_active_posts', async (payload, ctx) =>
    metrics.processor.run(payload.batchSize ?? deps.config.BATCH_SIZE, (p) => ctx.updateProgress(p)),
  );

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
