import type { ViralMetricsAnomalyRow } from '../infra/db/types.js';
import type { Logger } from '../infra/telemetry/logger.js';

/** Where high-severity anomalies go: a Slack-compatible webhook, or the log when none is set. */
export interface AlertSink {
  readonly kind: 'webhook' | 'log';
  /** Resolves once the receiver accepted the alert; throws (and the job retries) otherwise. */
  send(anomaly: ViralMetricsAnomalyRow): Promise<void>;
}

export function alertText(a: ViralMetricsAnomalyRow): string {
  const baseline = a.baseline_value === null ? '' : ` (baseline ${a.baseline_value.toFixed(2)})`;
  return `:rotating_light: [${a.severity.toUpperCase()}] ${a.anomaly_type} on post ${a.post_id}: ${a.message} — ${a.metric_name} = ${a.current_value.toFixed(2)}${baseline}`;
}

/** Posts `{text, anomaly}` (Slack's incoming-webhook shape plus the raw row) with a timeout. */
export class WebhookAlertSink implements AlertSink {
  readonly kind = 'webhook';
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(anomaly: ViralMetricsAnomalyRow): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `anomaly-${anomaly.id}` },
      body: JSON.stringify({ text: alertText(anomaly), anomaly }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`alert webhook answered ${res.status}`);
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
