import type { FastifyError } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../http/kit/types.js';
import {
  BatchResponseSchema,
  ErrorDetailSchema,
  PatternHealthSchema,
  PatternResultSchema,
  PatternTypeNamesSchema,
  PatternTypesQuerySchema,
  PatternTypesResponseSchema,
  ViralPostSchema,
  batchRequestSchema,
} from './schemas.js';
import { sendJson } from '../http/kit/send-json.js';
import { TurnBatcher } from '../http/kit/turn-batcher.js';
import { PatternExtractionError, type PatternService, type PostInput } from './service.js';

export interface PatternRoutesOptions {
  service: PatternService;
  /** MAX_BATCH_SIZE */
  maxBatchSize: number;
  /**
   * Where the pattern service's own health answer lives: `/patterns/health` on the combined
   * app (whose `/health` answers for every service), `/health` when it runs alone
   * (`serve --service patterns`).
   */
  healthPath?: string;
}

const TAGS = ['patterns'];

/**
 * The pattern engine's routes as one encapsulated plugin, so it can be mounted on the combined
 * app or alone. Handlers are thin: the schema validates, the service decides.
 */
export async function patternRoutes(app: App, opts: PatternRoutesOptions): Promise<void> {
  const { service } = opts;
  // Requests that arrive in the same event-loop turn are extracted back to back (TurnBatcher).
  const extractions = new TurnBatcher((post: PostInput) => service.extractJson(post));
  const telemetry = service.telemetry;
  if (telemetry) {
    app.addHook('onResponse', (req, reply, done) => {
      const endpoint = req.routeOptions.url;
      if (endpoint === '/extract-patterns' || endpoint === '/analyze-batch')
        telemetry.request(endpoint, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  // Seed contract: a failure of ours answers {"detail":"Pattern extraction failed: …"} with a
  // generic reason. Anything else (validation, 4xx) goes to the app's handler by rethrowing.
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (
      error instanceof PatternExtractionError ||
      (status >= 500 && !('validation' in error && error.validation))
    ) {
      req.log.error({ err: error }, 'pattern extraction failed');
      const reason = error instanceof PatternExtractionError ? error.reason : 'internal error';
      return reply.code(500).send({ detail: `Pattern extraction failed: ${reason}` });
    }
    throw error;
  });

  app.post(
    '/extract-patterns',
    {
      schema: {
        tags: TAGS,
        summary: 'Hook, emotion and structure patterns of one post, with pattern strength',
        body: ViralPostSchema,
        response: { 200: PatternResultSchema, 500: ErrorDetailSchema },
      },
    },
    // The service answers with the JSON itself (its cache holds results serialised); a string
    // sent as application/json passes Fastify's response serializer by.
    async (req, reply) => sendJson(reply, await extractions.run(req.body)),
  );

  app.post(
    '/analyze-batch',
    {
      schema: {
        tags: TAGS,
        summary: `Patterns of 1–${opts.maxBatchSize} posts with a summary; one invalid post rejects the batch with its index`,
        body: batchRequestSchema(opts.maxBatchSize),
        response: { 200: BatchResponseSchema, 500: ErrorDetailSchema },
      },
    },
    async (req, reply) => sendJson(reply, service.analyzeBatchJson(req.body.posts)),
  );

  app.get(
    '/pattern-types',
    {
      schema: {
        tags: TAGS,
        summary:
          'Every hook, emotion and structure type: names (the seed’s shape), or with ?detail=true each with its template and description',
        querystring: PatternTypesQuerySchema,
        response: { 200: Type.Union([PatternTypeNamesSchema, PatternTypesResponseSchema]) },
      },
    },
    async (req) => (req.query.detail ? service.patternTypes() : service.patternTypeNames()),
  );

  app.get(
    opts.healthPath ?? '/patterns/health',
    { schema: { tags: TAGS, summary: 'Pattern service is up', response: { 200: PatternHealthSchema } } },
    async () => service.health(),
  );
}
