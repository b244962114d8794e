import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of DM webhook deliveries, Stripe-style so receivers can reuse what they know:
 *
 *   X-Threads-Agent-Timestamp: <unix seconds>
 *   X-Threads-Agent-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signed string, so a captured request cannot be replayed later
 * with a fresh timestamp; receivers reject timestamps outside a tolerance window.
 */

export const SIGNATURE_HEADER = 'x-threads-agent-signature';
export const TIMESTAMP_HEADER = 'x-threads-agent-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` for a body sent at `timestamp` (unix seconds). */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `sha256=${hex}`;
}

export interface VerifyWebhookInput {
  secret: string;
  /** the raw request body exactly as received (not re-serialized JSON) */
  body: string | Buffer;
  /** value of X-Threads-Agent-Signature */
  signature: string | undefined;
  /** value of X-Threads-Agent-Timestamp */
  timestamp: string | undefined;
  /** the receiver's clock */
  now: Date;
  toleranceSeconds?: number;
}

export type VerifyResult =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Check a delivery: header shape, timestamp within the tolerance, then a constant-time
 * comparison of the HMAC. Receivers should answer 401 when `ok` is false.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): VerifyResult {
  const { secret, signature, timestamp, now } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const ts = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now.getTime() / 1000 - ts) > tolerance) return { ok: false, reason: 'stale' };
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const expected = Buffer.from(signWebhookBody(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
