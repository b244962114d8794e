/**
 * Threads webhooks (SPEC §5.1, threads-api.md "Webhooks"):
 * - `GET /webhooks/threads`: Meta's verification — `hub.mode=subscribe` with the configured
 *   `THREADS_WEBHOOK_VERIFY_TOKEN` gets `hub.challenge` echoed (200), anything else 403.
 * - `POST /webhooks/threads`: `X-Hub-Signature-256: sha256=<HMAC-SHA256(app secret, raw body)>`
 *   checked over the bytes as received (never re-serialized JSON), 401 when missing or wrong;
 *   `replies` and `mentions` go straight into the comment pipeline, whose dedup by comment id
 *   makes a webhook and a poll delivering the same reply store it once.
 * Both routes are public: Meta cannot send an API key, the signature is the authentication.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../infra/telemetry/logger.js';
import { isoTime } from './source.js';

/** A reply or mention in the comment pipeline's ingestion shape. */
export interface WebhookComment {
  id: string;
  text: string;
  author: string;
  timestamp: string;
  parent_id?: string;
}

export interface ThreadsWebhookOptions {
  /** THREADS_WEBHOOK_VERIFY_TOKEN; unset → every verification is refused */
  verifyToken: string | undefined;
  /** THREADS_APP_SECRET; unset → every delivery is refused */
  appSecret: string | undefined;
  /** the comment pipeline's ingestion (dedup by id, then analysis) */
  ingest(postId: string, comments: WebhookComment[]): Promise<{ stored_count: number }>;
  logger?: Logger;
}

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** `sha256=<hex>` of the raw body keyed by the app secret, as Meta signs deliveries. */
export function signThreadsWebhook(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function verifyThreadsSignature(
  appSecret: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  if (header === undefined || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signThreadsWebhook(appSecret, rawBody));
  const given = Buffer.from(header.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

interface WebhookValue {
  id?: unknown;
  username?: unknown;
  text?: unknown;
  timestamp?: unknown;
  replied_to?: { id?: unknown };
  root_post?: { id?: unknown };
}

/** The post the comment belongs to and the comment, or undefined for a field we do not ingest. */
export function commentFromWebhook(
  field: unknown,
  value: WebhookValue,
): { postId: string; comment: WebhookComment } | undefined {
  if (field !== 'replies' && field !== 'mentions') return undefined;
  if (typeof value.id !== 'string' || typeof value.text !== 'string' || typeof value.username !== 'string')
    return undefined;
  const timestamp = typeof value.timestamp === 'string' ? isoTime(value.timestamp) : new Date().toISOString();
  const root = typeof value.root_post?.id === 'string' ? value.root_post.id : undefined;
  const parent = typeof value.replied_to?.id === 'string' ? value.replied_to.id : undefined;
  // A mention outside our posts is its own thread: it is stored under its own id.
  const postId = root ?? value.id;
  return {
    postId,
    comment: {
      id: value.id,
      text: value.text,
      author: value.username,
      timestamp,
      ...(parent === undefined || parent === postId ? {} : { parent_id: parent }),
    },
  };
}

function deny(reply: { code(c: number): { send(b: unknown): unknown } }, status: number, detail: string) {
  return reply.code(status).send({ detail });
}

export async function threadsWebhookRoutes(app: FastifyInstance, opts: ThreadsWebhookOptions): Promise<void> {
  // The signature covers the bytes as sent: keep them, parse after checking.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });

  app.get(
    '/webhooks/threads',
    {
      config: { access: 'public' },
      schema: { tags: ['threads'], summary: 'Webhook verification challenge' },
    },
    (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const token = opts.verifyToken;
      const given = typeof q['hub.verify_token'] === 'string' ? q['hub.verify_token'] : '';
      const ok =
        token !== undefined &&
        q['hub.mode'] === 'subscribe' &&
        typeof q['hub.challenge'] === 'string' &&
        given.length === token.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(token));
      if (!ok) return deny(reply, 403, 'webhook verification refused');
      return reply.type('text/plain').send(q['hub.challenge']);
    },
  );

  app.post(
    '/webhooks/threads',
    {
      config: { access: 'public' },
      schema: { tags: ['threads'], summary: 'Signed Threads webhook delivery' },
    },
    async (request, reply) => {
      const secret = opts.appSecret;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers[SIGNATURE_HEADER];
      if (secret === undefined)
        return deny(reply, 401, 'webhooks are not configured (THREADS_APP_SECRET is unset)');
      if (!verifyThreadsSignature(secret, raw, typeof header === 'string' ? header : undefined))
        return deny(reply, 401, 'missing or invalid X-Hub-Signature-256');
      let payload: { values?: { field?: unknown; value?: WebhookValue }; topic?: unknown };
      try {
        payload = JSON.parse(raw.toString('utf8')) as typeof payload;
      } catch {
        return deny(reply, 400, 'the body is not JSON');
      }
      const parsed = commentFromWebhook(payload.values?.field, payload.values?.value ?? {});
      if (parsed === undefined) {
        opts.logger?.debug({ topic: payload.topic, field: payload.values?.field }, 'threads webhook ignored');
        return { received: true, stored: 0 };
      }
      const result = await opts.ingest(parsed.postId, [parsed.comment]);
      return { received: true, stored: result.stored_count };
    },
  );
  await Promise.resolve();
}
