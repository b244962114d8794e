/**
 * The fake-threads HTTP API (SPEC §5): its own Fastify app, standalone with
 * `threads-agent fake-threads`, or mounted as a plugin. Errors use the Graph API envelope
 * `{"error":{"message","type","code",…}}` like the real Threads API, so a client written
 * against one copes with the other. Fault knobs apply to every route except `/_control/*`.
 */
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { exactBodyValidator } from '../../http/kit/validator.js';
import { FaultInjector, sleep, type FaultSettings } from './faults.js';
import type { SimulatorEngine } from './engine.js';
import {
  AccountsResponse,
  AnalyticsParams,
  ClockBody,
  ClockResponse,
  CommentsQuery,
  CommentsResponse,
  DmBody,
  DmListResponse,
  DmResponse,
  ErrorResponse,
  FaultsBody,
  FaultsResponse,
  HealthResponse,
  NewCommentBody,
  PostCountersSchema,
  PostIdParams,
  PublishBody,
  PublishedQuery,
  PublishedResponse,
  SourceCommentSchema,
  SourcePostSchema,
  type ErrorBody,
} from './schemas.js';

export interface FakeThreadsPluginOptions {
  simulator: SimulatorEngine;
  faults: FaultInjector;
}

export interface SimulatorAppOptions {
  faults?: FaultInjector;
  logger?: boolean | { level: string };
}

/** A hanging call gives up after this long even if nobody closes the server. */
const HANG_MS = 5 * 60_000;

function errorBody(message: string, code: number, extra: Partial<ErrorBody['error']> = {}): ErrorBody {
  return { error: { message, type: 'THApiException', code, ...extra } };
}

const errorResponses = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse };

export function buildSimulatorApp(
  simulator: SimulatorEngine,
  options: SimulatorAppOptions = {},
): FastifyInstance {
  // Force-close on shutdown: a client that timed out on a faulted call may keep its keep-alive
  // socket open, and the server would otherwise wait for it until the keep-alive timeout.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(`Unknown path components: ${request.url}`, 100));
  });
  void app.register(fakeThreadsPlugin, { simulator, faults: options.faults ?? new FaultInjector() });
  return app;
}

export async function fakeThreadsPlugin(
  root: FastifyInstance,
  opts: FakeThreadsPluginOptions,
): Promise<void> {
  const { simulator: sim, faults } = opts;
  // Bodies taken exactly as sent, as the Graph API does (Fastify's Ajv would publish
  // `"content": 123` as "123"); path and query text converted exactly.
  root.setValidatorCompiler(exactBodyValidator);
  const closing = new AbortController();
  root.addHook('preClose', (done) => {
    closing.abort();
    done();
  });

  root.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof NotFoundError) {
      return reply.code(404).send(errorBody(err.message, 100, { error_subcode: 33 }));
    }
    if (err instanceof InvalidInputError) return reply.code(400).send(errorBody(err.message, 100));
    if (err.validation !== undefined) return reply.code(400).send(errorBody(err.message, 100));
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(err.message, 100));
    request.log.error({ err }, 'fake-threads request failed');
    return reply.code(500).send(errorBody('An unknown error occurred', 1));
  });

  await root.register(async (api) => {
    api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const d = faults.next();
      if (d.hang) {
        // Released when the client gives up or the server closes, whichever comes first.
        const release = new AbortController();
        const done = () => release.abort();
        reply.raw.once('close', done);
        closing.signal.addEventListener('abort', done, { once: true });
        await sleep(HANG_MS, release.signal);
        closing.signal.removeEventListener('abort', done);
        return reply.code(503).send(errorBody('Service temporarily unavailable', 2, { is_transient: true }));
      }
      if (d.delayMs > 0) await sleep(d.delayMs, closing.signal);
      if (d.fail) {
        request.log.debug('fault injected');
        return reply.code(500).send(
          errorBody('An unexpected error has occurred. Please retry your request later.', 2, {
            is_transient: true,
          }),
        );
      }
      return undefined;
    });
    registerApiRoutes(api, sim);
  });

  await root.register(async (control) => {
    registerControlRoutes(control, sim, faults);
  });
}

function registerApiRoutes(app: FastifyInstance, sim: SimulatorEngine): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/health', { schema: { response: { 200: HealthResponse } } }, () => ({
    status: 'healthy' as const,
    service: 'fake_threads' as const,
    sim_time: new Date(sim.now()).toISOString(),
    speedup: sim.speedup,
    seed: sim.seed,
  }));

  api.get('/accounts', { schema: { response: { 200: AccountsResponse } } }, () => ({
    data: sim.accounts().map((a) => ({ ...a, topics: [...a.topics] })),
  }));

  api.post(
    '/publish',
    { schema: { body: PublishBody, response: { 201: SourcePostSchema, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(sim.publish(request.body)),
  );

  api.get(
    '/published',
    { schema: { querystring: PublishedQuery, response: { 200: PublishedResponse } } },
    (request) => {
      const { since, limit, account_id } = request.query;
      let sinceDate: Date | undefined;
      if (since !== undefined) {
        sinceDate = new Date(since);
        if (Number.isNaN(sinceDate.getTime()))
          throw new InvalidInputError('since is not a date', ['query', 'since']);
      }
      return {
        data: sim.listPublished({
          ...(sinceDate === undefined ? {} : { since: sinceDate }),
          ...(limit === undefined ? {} : { limit }),
          ...(account_id === undefined ? {} : { account_id }),
        }),
      };
    },
  );

  api.get(
    '/posts/:id',
    { schema: { params: PostIdParams, response: { 200: SourcePostSchema, ...errorResponses } } },
    (request) => sim.getPost(request.params.id),
  );

  api.get(
    '/posts/:id/comments',
    {
      schema: {
        params: PostIdParams,
        querystring: CommentsQuery,
        response: { 200: CommentsResponse, ...errorResponses },
      },
    },
    (request) => {
      const { after, limit, include_labels } = request.query;
      const data = sim.comments(request.params.id, {
        ...(after === undefined ? {} : { after }),
        ...(limit === undefined ? {} : { limit }),
        includeLabels: include_labels ?? false,
      });
      const last = data.at(-1);
      return { data, paging: { cursors: last === undefined ? {} : { after: last.id } } };
    },
  );

  api.post(
    '/posts/:id/comments',
    {
      schema: {
        params: PostIdParams,
        body: NewCommentBody,
        response: { 201: SourceCommentSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(sim.addComment(request.params.id, request.body)),
  );

  api.get(
    '/analytics/:post_id',
    { schema: { params: AnalyticsParams, response: { 200: PostCountersSchema, ...errorResponses } } },
    (request) => sim.analytics(request.params.post_id),
  );

  // Trees are recursive; serialized with JSON.stringify rather than a response schema.
  api.get('/threads/:post_id', { schema: { params: AnalyticsParams } }, (request) => ({
    post_id: request.params.post_id,
    data: sim.replyTree(request.params.post_id),
  }));

  api.post(
    '/dm',
    { schema: { body: DmBody, response: { 200: DmResponse, 201: DmResponse, ...errorResponses } } },
    async (request, reply) => {
      const result = sim.sendDm(request.body);
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );

  api.get('/dm', { schema: { response: { 200: DmListResponse } } }, () => ({ data: sim.dms() }));
}

function registerControlRoutes(app: FastifyInstance, sim: SimulatorEngine, faults: FaultInjector): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const wire = (f: FaultSettings) => ({
    error_rate: f.errorRate,
    latency_ms: f.latencyMs,
    latency_jitter_ms: f.latencyJitterMs,
    timeout: f.timeout,
  });

  api.get('/_control/faults', { schema: { response: { 200: FaultsResponse } } }, () => wire(faults.get()));

  api.post(
    '/_control/faults',
    { schema: { body: FaultsBody, response: { 200: FaultsResponse } } },
    (request) => {
      const b = request.body;
      if (b.reset === true) faults.reset();
      return wire(
        faults.set({
          ...(b.error_rate === undefined ? {} : { errorRate: b.error_rate }),
          ...(b.latency_ms === undefined ? {} : { latencyMs: b.latency_ms }),
          ...(b.latency_jitter_ms === undefined ? {} : { latencyJitterMs: b.latency_jitter_ms }),
          ...(b.timeout === undefined ? {} : { timeout: b.timeout }),
        }),
      );
    },
  );

  const clock = () => ({ sim_time: new Date(sim.now()).toISOString(), speedup: sim.speedup });
  api.get('/_control/clock', { schema: { response: { 200: ClockResponse } } }, clock);
  api.post(
    '/_control/clock',
    { schema: { body: ClockBody, response: { 200: ClockResponse } } },
    (request) => {
      if (request.body.speedup !== undefined) sim.setSpeedup(request.body.speedup);
      if (request.body.advance_ms !== undefined) sim.advance(request.body.advance_ms);
      return clock();
    },
  );
}
