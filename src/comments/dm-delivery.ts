import { SourceError, type ThreadsSource } from '../source/index.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature.js';

/**
 * The one door through which DMs leave the system. Delivery is at-least-once: the outbox
 * row's idempotency key travels with every attempt and the receiver drops repeats, so a
 * retried job never sends a second message.
 */
export interface DmDeliveryMessage {
  idempotency_key: string;
  recipient: string;
  text: string;
  post_id: string;
  account_id: string;
  comment_id: string;
  rule_id: number;
}

export interface DmDeliveryResult {
  /** the receiver's id of the message */
  id: string;
  /** the receiver had already accepted this idempotency key: nothing new was sent */
  duplicate: boolean;
}

export interface DmDelivery {
  readonly name: string;
  send(msg: DmDeliveryMessage): Promise<DmDeliveryResult>;
  /**
   * Why the receiver would refuse this message whatever the moment (one of its limits), or null.
   * Rules are checked with it when saved, so that a message that can never go out is refused then.
   */
  refusal?(msg: Pick<DmDeliveryMessage, 'recipient' | 'text'>): string | null;
}

/** A failed delivery; `transient` says whether another attempt can succeed. */
export class DmDeliveryError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DmDeliveryError';
  }
}

/** Embedded/demo delivery: the simulator's (or any source's) idempotent `sendDm`. */
export class SourceDmDelivery implements DmDelivery {
  readonly name = 'source';

  constructor(private readonly source: Pick<ThreadsSource, 'sendDm'>) {}

  async send(msg: DmDeliveryMessage): Promise<DmDeliveryResult> {
    try {
      return await this.source.sendDm({
        idempotency_key: msg.idempotency_key,
        recipient: msg.recipient,
        text: msg.text,
        post_id: msg.post_id,
      });
    } catch (err) {
      const transient = err instanceof SourceError ? err.transient : true;
      throw new DmDeliveryError(
        `source sendDm failed: ${err instanceof Error ? err.message : String(err)}`,
        transient,
        {
          cause: err,
        },
      );
    }
  }
}

export interface WebhookDmDeliveryOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** clock for the signature timestamp */
  now?: () => Date;
  fetch?: typeof fetch;
}

/**
 * Signed webhook delivery for any external sender. POSTs the message as JSON with
 * `Idempotency-Key`, `X-Threads-Agent-Timestamp` and `X-Threads-Agent-Signature`
 * (see webhook-signature.ts). A 2xx answer (optionally `{id, duplicate}`) or 409 (already
 * delivered) is success; 408, 429, 5xx and network errors are retried; other 4xx are not.
 */
export class WebhookDmDelivery implements DmDelivery {
  readonly name = 'webhook';
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: WebhookDmDeliveryOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.now = opts.now ?? (() => new Date());
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  async send(msg: DmDeliveryMessage): Promise<DmDeliveryResult> {
    const body = JSON.stringify({
      idempotency_key: msg.idempotency_key,
      recipient: msg.recipient,
      text: msg.text,
      post_id: msg.post_id,
      account_id: msg.account_id,
      comment_id: msg.comment_id,
      rule_id: msg.rule_id,
    });
    const timestamp = Math.floor(this.now().getTime() / 1000);
    let res: Response;
    try {
      res = await this.fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': msg.idempotency_key,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(this.opts.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new DmDeliveryError(
        `DM webhook unreachable: ${err instanceof Error ? err.message : String(err)}`,
        true,
        {
          cause: err,
        },
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok && res.status !== 409) {
      const transient = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new DmDeliveryError(`DM webhook answered ${res.status}: ${text.slice(0, 200)}`, transient);
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const obj = (parsed && typeof parsed === 'object' ? parsed : {}) as { id?: unknown; duplicate?: unknown };
    // 409 is a receiver's "already delivered": the first delivery's id when it says which
    return {
      id: typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : msg.idempotency_key,
      duplicate: res.status === 409 || obj.duplicate === true,
    };
  }
}
