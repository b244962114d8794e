import type { ViralMetricsAnomalyRow } from './tables.js';
import type { Logger } from '../infra/telemetry/logger.js';

/** Where high-severity anomalies go: a Slack-compatible webhook, or the log when none is set. */
export interface AlertSink {
  readonly kind: 'webhook' | 'log';
  /**
   * Resolves once the receiver accepted the alert; rejects otherwise. An `AlertRefusedError`
   * says the receiver refused it (retrying now cannot help: the job fails at once); any other
   * rejection is transient and the job retries.
   */
  send(anomaly: ViralMetricsAnomalyRow): Promise<void>;
}

/**
 * The receiver answered and refused the alert (a 4xx other than 408/429: a revoked or mistyped
 * Slack webhook answers 403/404/410). Not retried by the job; the undelivered-alerts sweep tries
 * once more per collection, so alerts flow again as soon as the URL is fixed.
 */
export class AlertRefusedError extends Error {
  constructor(readonly status: number) {
    super(`alert webhook refused the alert (${status}): check ALERT_WEBHOOK_URL`);
    this.name = 'AlertRefusedError';
  }
}

export function alertText(a: ViralMetricsAnomalyRow): string {
  const baseline = a.baseline_value === null ? '' : ` (baseline ${a.baseline_value.toFixed(2)})`;
  return `:rotating_light: [${a.severity.toUpperCase()}] ${a.anomaly_type} on post ${a.post_id}: ${a.message} — ${a.metric_name} = ${a.current_value.toFixed(2)}${baseline}`;
}

/**
 * Posts `{text, anomaly}` (Slack's incoming-webhook shape plus the raw row) with a timeout and
 * `Idempotency-Key: anomaly-<id>`, the same on every attempt. A timeout means delivery unknown
 * (the receiver may have posted it and answered late): the attempt fails and is retried with the
 * same key, which a receiver that honours the header drops. Slack itself ignores the header, so
 * a Slack channel can see a repeat after a timeout; it never misses an alert.
 */
export class WebhookAlertSink implements AlertSink {
  readonly kind = 'webhook';
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(anomaly: ViralMetricsAnomalyRow): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `anomaly-${anomaly.id}` },
        body: JSON.stringify({ text: alertText(anomaly), anomaly }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new Error(
          `alert delivery unknown: no answer within ${this.timeoutMs} ms (retried with the same idempotency key)`,
          { cause: err },
        );
      }
      throw new Error(`alert webhook unreachable: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    await res.body?.cancel();
    if (res.ok) return;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new AlertRefusedError(res.status);
    throw new Error(`alert webhook answered ${res.status}`);
  }
}

export class LogAlertSink implements AlertSink {
  readonly kind = 'log';
  constructor(private readonly logger: Logger) {}

  send(anomaly: ViralMetricsAnomalyRow): Promise<void> {
    this.logger.warn({ anomaly }, alertText(anomaly));
    return Promise.resolve();
  }
}
