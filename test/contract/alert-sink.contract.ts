/**
 * The `AlertSink` contract (src/metrics/alerts.ts): one suite, run by alert-sink.contract.test.ts
 * against every implementation. What the interface promises: `send` resolves once the receiver
 * accepted the alert and rejects otherwise: with `AlertRefusedError` when the receiver refused it
 * (a 4xx other than 408/429; the send_alert job fails at once), with any other error when the
 * failure is transient (5xx, 408/429, timeout, unreachable; the job retries). Sinks with a remote receiver
 * also promise one idempotency key per alert, the same on every attempt, so that a receiver
 * honouring it posts an alert once even when an attempt timed out after it was posted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRefusedError, alertText, type AlertSink } from '../../src/metrics/alerts.js';
import type { ViralMetricsAnomalyRow } from '../../src/metrics/tables.js';

/** One delivery as the receiver saw it. */
export interface ReceivedAlert {
  /** the Idempotency-Key the delivery carried; null where the channel has none (a log line) */
  idempotencyKey: string | null;
  text: string;
  anomaly: Record<string, unknown>;
}

/** How the receiver of a remote sink can be made to misbehave. */
export interface AlertReceiverFaults {
  /** the next `count` deliveries are answered with `status` (and not posted) */
  answerNext(status: number, count?: number): void;
  /** the next delivery is posted but answered only after the sink's timeout */
  answerLateNext(): void;
  /** every delivery the receiver saw, posted or not, in order */
  attempts(): ReceivedAlert[];
  /** values that must never appear in an error message (a Slack webhook URL is a secret) */
  secrets: string[];
  /** the same sink, pointed at a port nobody listens on */
  unreachableSink(): AlertSink;
}

export interface AlertSinkUnderTest {
  sink: AlertSink;
  /** the alerts the receiver posted (a receiver honouring Idempotency-Key posts a key once) */
  posted(): ReceivedAlert[];
  /** present for sinks with a remote receiver */
  faults?: AlertReceiverFaults;
  close(): Promise<void>;
}

let nextId = 9000;

export function makeAnomaly(overrides: Partial<ViralMetricsAnomalyRow> = {}): ViralMetricsAnomalyRow {
  const id = ++nextId;
  return {
    id,
    post_id: `post_${id}`,
    anomaly_type: 'viral_coefficient_drop',
    severity: 'high',
    metric_name: 'viral_coefficient',
    current_value: 0.42,
    baseline_value: 1.37,
    drop_percentage: 69.34,
    message: 'viral coefficient fell to a third of its baseline',
    alert_sent: false,
    alert_sent_at: null,
    idempotency_key: `anomaly:${id}`,
    detected_at: new Date('2026-12-06T04:00:00.000Z'),
    episode_key: `post_${id}:viral_coefficient_drop`,
    status: 'open',
    last_seen_at: new Date('2026-12-06T04:00:00.000Z'),
    clear_since: null,
    ended_at: null,
    readings: 1,
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error(`expected send to reject with an Error, got ${String(err)}`);
  return err;
}

function expectDelivered(got: ReceivedAlert | undefined, a: ViralMetricsAnomalyRow): void {
  expect(got?.text).toBe(alertText(a));
  expect(got?.anomaly).toMatchObject({
    id: a.id,
    post_id: a.post_id,
    anomaly_type: a.anomaly_type,
    severity: a.severity,
    metric_name: a.metric_name,
    current_value: a.current_value,
    baseline_value: a.baseline_value,
    drop_percentage: a.drop_percentage,
    message: a.message,
  });
  if (got?.idempotencyKey !== null) expect(got?.idempotencyKey).toBe(`anomaly-${a.id}`);
}

export function alertSinkContract(
  name: string,
  remote: boolean,
  create: () => Promise<AlertSinkUnderTest>,
): void {
  describe(`AlertSink contract (${name})`, () => {
    let sut: AlertSinkUnderTest;
    const posted = (a: ViralMetricsAnomalyRow) => sut.posted().filter((r) => r.anomaly.id === a.id);

    beforeAll(async () => {
      sut = await create();
    });
    afterAll(async () => {
      await sut.close();
    });

    it('names its kind', () => {
      expect(['webhook', 'log']).toContain(sut.sink.kind);
      expect(sut.faults !== undefined).toBe(remote);
    });

    it('delivers an alert with its text and fields, once', async () => {
      const a = makeAnomaly({ severity: 'medium', baseline_value: null });
      await sut.sink.send(a);
      const got = posted(a);
      expect(got).toHaveLength(1);
      expectDelivered(got[0], a);
    });

    it('two alerts are two deliveries, each carrying its own identity', async () => {
      const a = makeAnomaly();
      const b = makeAnomaly({ post_id: 'post_other', anomaly_type: 'engagement_spike' });
      await sut.sink.send(a);
      await sut.sink.send(b);
      expectDelivered(posted(a)[0], a);
      expectDelivered(posted(b)[0], b);
      const keys = [...posted(a), ...posted(b)].map((r) => r.idempotencyKey).filter((k) => k !== null);
      expect(new Set(keys).size).toBe(keys.length);
    });

    // only sinks with a remote receiver can fail, time out or carry a header
    if (!remote) return;
    describe('with a remote receiver', () => {
      const errors: string[] = [];
      const faults = () => {
        if (!sut.faults) throw new Error('no receiver faults');
        return sut.faults;
      };
      const failed = async (p: Promise<unknown>) => {
        const err = await rejection(p);
        errors.push(err.message, err.cause instanceof Error ? err.cause.message : '');
        return err;
      };

      it('a 5xx answer rejects; the retry carries the same key and the alert is posted once', async () => {
        const a = makeAnomaly();
        faults().answerNext(503);
        await failed(sut.sink.send(a));
        expect(posted(a)).toHaveLength(0);
        await sut.sink.send(a);
        const attempts = faults()
          .attempts()
          .filter((r) => r.anomaly.id === a.id);
        expect(attempts.map((r) => r.idempotencyKey)).toEqual([`anomaly-${a.id}`, `anomaly-${a.id}`]);
        expect(posted(a)).toHaveLength(1);
      });

      it('a timeout rejects (delivery unknown); the retry with the same key posts nothing new', async () => {
        const a = makeAnomaly();
        faults().answerLateNext();
        const err = await failed(sut.sink.send(a));
        expect(err.message).toMatch(/unknown/);
        expect(posted(a)).toHaveLength(1);
        await sut.sink.send(a);
        expect(posted(a)).toHaveLength(1);
        expect(
          faults()
            .attempts()
            .filter((r) => r.anomaly.id === a.id)
            .map((r) => r.idempotencyKey),
        ).toEqual([`anomaly-${a.id}`, `anomaly-${a.id}`]);
      });

      it('a 4xx refusal rejects as refused (permanent) and posts nothing; 408 and 429 stay transient', async () => {
        for (const status of [400, 403, 404, 410]) {
          const a = makeAnomaly();
          faults().answerNext(status);
          const err = await failed(sut.sink.send(a));
          expect(err).toBeInstanceOf(AlertRefusedError);
          expect((err as AlertRefusedError).status).toBe(status);
          expect(posted(a)).toHaveLength(0);
        }
        for (const status of [408, 429, 500]) {
          const a = makeAnomaly();
          faults().answerNext(status);
          const err = await failed(sut.sink.send(a));
          expect(err).not.toBeInstanceOf(AlertRefusedError);
          expect(err.message).toContain(String(status));
        }
      });

      it('an unreachable receiver rejects', async () => {
        await failed(faults().unreachableSink().send(makeAnomaly()));
      });

      it('no secret appears in an error message', () => {
        expect(errors.length).toBeGreaterThanOrEqual(8);
        expect(faults().secrets.length).toBeGreaterThan(0);
        for (const m of errors) for (const s of faults().secrets) expect(m).not.toContain(s);
      });
    });
  });
}
