import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import { RateLimitedError, UnavailableError } from '../errors.js';
import type { App } from '../http/kit/types.js';
import type { AutoHideService } from './auto-hide.js';
import type { DmService } from './dm-service.js';
import {
  MAX_COMMENT_TEXT_LENGTH,
  MAX_COMMENTS_PER_REQUEST,
  AutoHideParams,
  AutoHideSettings,
  AutoHideSettingsBody,
  HiddenRepliesQuery,
  HiddenRepliesResponse,
  HiddenReply,
  HiddenReplyParams,
  CommentParams,
  CorrectIntentBody,
  CorrectionsQuery,
  CorrectionsResponse,
  CreateDmRuleBody,
  CreateMonitorBody,
  DmOutboxQuery,
  DmOutboxResponse,
  DmRuleParams,
  DmRuleResponse,
  HandledResponse,
  InboxQuery,
  InboxResponse,
  IntentCorrection,
  MonitorParams,
  MonitorResponse,
  ProcessCommentsBody,
  ProcessCommentsResponse,
  UpdateDmRuleBody,
} from './schemas.js';
import type { CommentsService } from './service.js';
import { apiKeys, matchingKey } from '../http/kit/api-keys.js';

export interface CommentRoutesOptions {
  comments: CommentsService;
  dms: DmService;
  autoHide: AutoHideService;
  config: Pick<
    Config,
    'COMMENT_RATE_LIMIT_PER_MINUTE' | 'BODY_LIMIT_BYTES' | 'API_KEYS' | 'COMMENT_PROCESSING_TIMEOUT'
  >;
  /** an ioredis client: the rate limit is then shared by every replica */
  redis?: object;
}

/**
 * The largest body the schema allows, and no more: 1,000 comments of 10,000 code points at up to
 * 4 bytes each in UTF-8, plus 1 KiB a comment for its id, author, timestamp and JSON punctuation.
 * (Text sent as `\uXXXX` escapes takes more bytes for the same characters: send UTF-8.)
 */
export const PROCESS_BODY_LIMIT_BYTES =
  MAX_COMMENTS_PER_REQUEST * (MAX_COMMENT_TEXT_LENGTH * 4 + 1024) + 1024;

/**
 * Bodies above the app-wide limit are taken one at a time per process: four 30 MB requests at
 * once held ~1 GB and stalled every other request. Others wait for the slot (their bodies stay
 * unread in the socket) up to COMMENT_PROCESSING_TIMEOUT, then get 503 with Retry-After.
 */
class LargeBodyGate {
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves true once the slot is held, false after `timeoutMs`. */
  acquire(timeoutMs: number): Promise<boolean> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(grant), 1);
        resolve(false);
      }, timeoutMs);
      this.#waiting.push(grant);
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    holdsLargeBodySlot?: boolean;
  }
}

const Detail = Type.Object({ detail: Type.Unknown() });

/**
 * A configured API key's own budget (hashed: keys must not become Redis key names), else the
 * client address. Any other bearer token counts as its address: a made-up token per request
 * must not buy a fresh bucket.
 */
function rateLimitKeyOf(keys: readonly string[]): (req: FastifyRequest) => string {
  return (req) => {
    const key = matchingKey(req.headers.authorization, keys);
    return key === undefined
      ? `ip:${req.ip}`
      : `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  };
}

/** Thin HTTP mapping of the comment pipeline (SPEC §4) as one plugin; the rules are in the services. */
export async function commentRoutes(app: App, opts: CommentRoutesOptions): Promise<void> {
  const { comments, dms, autoHide, config } = opts;

  // Own encapsulation scope, so the rate limiter only sees the ingestion route.
  await app.register(async (scope: App) => {
    await scope.register(rateLimit, {
      global: false,
      // A Redis outage must not stop ingestion: the limiter fails open.
      skipOnError: true,
      nameSpace: 'threads-agent:ratelimit:comments:',
      keyGenerator: rateLimitKeyOf(apiKeys(config)),
      errorResponseBuilder: (_req, ctx) =>
        new RateLimitedError(
          `Rate limit of ${ctx.max} comment requests per minute exceeded; retry in ${ctx.after}`,
          Math.max(1, Math.ceil(ctx.ttl / 1000)),
        ),
      ...(opts.redis === undefined ? {} : { redis: opts.redis }),
    });

    const gate = new LargeBodyGate();
    scope.post(
      '/comments/process',
      {
        bodyLimit: Math.max(config.BODY_LIMIT_BYTES, PROCESS_BODY_LIMIT_BYTES),
        onRequest: async (req) => {
          const length = Number(req.headers['content-length'] ?? 0);
          // chunked bodies without a length are large until proven otherwise
          if (length <= config.BODY_LIMIT_BYTES && req.headers['content-length'] !== undefined) return;
          if (!(await gate.acquire(config.COMMENT_PROCESSING_TIMEOUT * 1000))) {
            throw new UnavailableError('another large comment batch is being processed; retry shortly', 1);
          }
          req.holdsLargeBodySlot = true;
        },
        onResponse: async (req) => {
          if (req.holdsLargeBodySlot) gate.release();
        },
        onRequestAbort: async (req) => {
          if (req.holdsLargeBodySlot) {
            req.holdsLargeBodySlot = false;
            gate.release();
          }
        },
        config: { rateLimit: { max: config.COMMENT_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          tags: ['comments'],
          summary: 'Ingest comments: dedup, store, queue for analysis',
          description:
            'Up to 1,000 comments per request, text up to 10,000 characters. Answers after the new comments are stored. ' +
            'Duplicates (inside the request, seen recently, or already stored) are counted, not stored again. ' +
            `Rate limited per client (API key or address) to COMMENT_RATE_LIMIT_PER_MINUTE requests; 429 with Retry-After.`,
          body: ProcessCommentsBody,
          response: { 200: ProcessCommentsResponse, 429: Detail, 503: Detail },
        },
      },
      async (req) => comments.ingest(req.body.post_id, req.body.comments, { requestId: req.id }),
    );
  });

  app.post(
    '/comments/monitor',
    {
      schema: {
        tags: ['comments'],
        summary: 'Start polling a post for new replies',
        body: CreateMonitorBody,
        response: { 200: MonitorResponse, 503: Detail },
      },
    },
    async (req) => comments.createMonitor(req.body.post_id, req.body.interval_seconds),
  );

  app.get(
    '/comments/monitor/:task_id',
    {
      schema: {
        tags: ['comments'],
        summary: 'State of a comment monitor',
        params: MonitorParams,
        response: { 200: MonitorResponse, 404: Detail },
      },
    },
    async (req) => comments.getMonitor(req.params.task_id),
  );

  app.delete(
    '/comments/monitor/:task_id',
    {
      schema: {
        tags: ['comments'],
        summary: 'Stop a comment monitor',
        params: MonitorParams,
        response: { 200: MonitorResponse, 404: Detail },
      },
    },
    async (req) => comments.stopMonitor(req.params.task_id),
  );

  app.get(
    '/api/comments',
    {
      schema: {
        tags: ['comments'],
        summary: 'Inbox: comments with their analysis, newest first',
        querystring: InboxQuery,
        response: { 200: InboxResponse },
      },
    },
    async (req) => comments.listInbox(req.query),
  );

  app.put(
    '/api/comments/:comment_id/intent',
    {
      schema: {
        tags: ['comments'],
        summary: "Correct a comment's intent",
        description:
          "The operator's label becomes the comment's intent (its evidence says so), is stored with a copy of the " +
          'text and the model’s own label as training data — kept past the comment’s retention — and is never ' +
          'overwritten by re-analysis. A correction to spam zeroes the lead score. DM rules are not re-run.',
        params: CommentParams,
        body: CorrectIntentBody,
        response: { 200: IntentCorrection, 404: Detail },
      },
    },
    async (req) => comments.correctIntent(req.params.comment_id, req.body.intent),
  );

  app.get(
    '/api/comments/corrections',
    {
      schema: {
        tags: ['comments'],
        summary: 'Intent corrections, most recently changed first (training data)',
        querystring: CorrectionsQuery,
        response: { 200: CorrectionsResponse },
      },
    },
    async (req) => comments.listCorrections(req.query),
  );

  app.post(
    '/api/comments/:comment_id/handled',
    {
      schema: {
        tags: ['comments'],
        summary: 'Mark a comment handled',
        params: CommentParams,
        response: { 200: HandledResponse, 404: Detail },
      },
    },
    async (req) => comments.setHandled(req.params.comment_id, true),
  );

  app.delete(
    '/api/comments/:comment_id/handled',
    {
      schema: {
        tags: ['comments'],
        summary: 'Mark a comment not handled',
        params: CommentParams,
        response: { 200: HandledResponse, 404: Detail },
      },
    },
    async (req) => comments.setHandled(req.params.comment_id, false),
  );

  app.post(
    '/dm-rules',
    {
      schema: {
        tags: ['dm'],
        summary: 'Create a DM rule',
        description:
          'Fires when `intent` scores ≥ `threshold` and/or a keyword occurs as a whole word (case-insensitive); ' +
          '`match` decides when both are set. Template placeholders: {author}, {post_url} and the keys of `variables`; ' +
          'unknown placeholders are rejected. Spam never triggers a DM.',
        body: CreateDmRuleBody,
        response: { 201: DmRuleResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await dms.createRule(req.body)),
  );

  app.get(
    '/dm-rules',
    { schema: { tags: ['dm'], summary: 'List DM rules', response: { 200: Type.Array(DmRuleResponse) } } },
    async () => dms.listRules(),
  );

  app.get(
    '/dm-rules/:id',
    {
      schema: {
        tags: ['dm'],
        summary: 'One DM rule',
        params: DmRuleParams,
        response: { 200: DmRuleResponse, 404: Detail },
      },
    },
    async (req) => dms.getRule(req.params.id),
  );

  app.patch(
    '/dm-rules/:id',
    {
      schema: {
        tags: ['dm'],
        summary: 'Change a DM rule (the result is validated as a whole)',
        params: DmRuleParams,
        body: UpdateDmRuleBody,
        response: { 200: DmRuleResponse, 404: Detail },
      },
    },
    async (req) => dms.updateRule(req.params.id, req.body),
  );

  app.delete(
    '/dm-rules/:id',
    {
      schema: {
        tags: ['dm'],
        summary: 'Delete a DM rule; its unsent DMs are skipped',
        params: DmRuleParams,
        response: { 204: Type.Null(), 404: Detail },
      },
    },
    async (req, reply) => {
      await dms.deleteRule(req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/dm-outbox',
    {
      schema: {
        tags: ['dm'],
        summary: 'DM outbox, newest first',
        querystring: DmOutboxQuery,
        response: { 200: DmOutboxResponse },
      },
    },
    async (req) => ({
      items: await dms.listOutbox({
        limit: req.query.limit,
        ...(req.query.status ? { status: req.query.status } : {}),
      }),
    }),
  );

  app.get(
    '/api/auto-hide/:account_id',
    {
      schema: {
        tags: ['moderation'],
        summary:
          'Whether spam replies on this account’s posts are hidden automatically (off unless set), and from which spam score',
        params: AutoHideParams,
        response: { 200: AutoHideSettings },
      },
    },
    (req) => autoHide.settings(req.params.account_id),
  );

  app.put(
    '/api/auto-hide/:account_id',
    {
      schema: {
        tags: ['moderation'],
        summary:
          'Switch auto-hide of spam replies on or off for an account (422 without the Threads connector); threshold 0.5–1',
        params: AutoHideParams,
        body: AutoHideSettingsBody,
        response: { 200: AutoHideSettings },
      },
    },
    (req) => autoHide.saveSettings(req.params.account_id, req.body),
  );

  app.get(
    '/api/hidden-replies',
    {
      schema: {
        tags: ['moderation'],
        summary: 'The replies the agent hid on Threads, newest first, with their text and spam score',
        querystring: HiddenRepliesQuery,
        response: { 200: HiddenRepliesResponse },
      },
    },
    async (req) => ({
      items: await autoHide.list({
        limit: req.query.limit,
        ...(req.query.account_id ? { account_id: req.query.account_id } : {}),
      }),
    }),
  );

  app.post(
    '/api/hidden-replies/:comment_id/unhide',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Unhide a reply the agent hid (through the Threads API); it is never hidden again',
        params: HiddenReplyParams,
        response: { 200: HiddenReply },
      },
    },
    (req) => autoHide.unhide(req.params.comment_id),
  );
}
