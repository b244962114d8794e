import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import secureJson from 'secure-json-parse';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.js';
import { frameworkErrorHandler, registerErrorHandler } from './kit/error-handler.js';
import { systemRoutes, type SystemRoutesOptions } from './system-routes.js';
import { registerAuth } from './auth.js';
import { schemaValidator } from './kit/validator.js';
import type { App } from './kit/types.js';
import { registerRoutes } from './routes.js';
import { patternRoutes, type PatternService } from '../patterns/index.js';

export type { App } from './kit/types.js';

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;

/** Build the HTTP app from deps. No listening here: the CLI listens, tests use `app.inject`. */
export async function buildApp(deps: Deps): Promise<App> {
  const app = await createHttpApp(deps);
  await app.register(systemRoutes, systemRoutesOptions(deps));
  await registerRoutes(app, deps);
  return app;
}

/**
 * The worker's HTTP surface: `/health`, `/ready` and `/metrics` only, for its probes and for
 * Prometheus (the worker's queue and pipeline metrics live in its own process).
 */
export async function buildWorkerApp(deps: Deps): Promise<App> {
  const app = await createHttpApp(deps);
  await app.register(systemRoutes, systemRoutesOptions(deps));
  return app;
}

/**
 * The pattern engine alone, as the seeds' separate service (`serve --service patterns`): no
 * store, cache or queue, `GET /health` answering `viral_pattern_engine`, and `/metrics`.
 */
export async function buildPatternsApp(deps: HttpBase & { patterns: PatternService }): Promise<App> {
  const app = await createHttpApp(deps);
  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_req, reply) =>
    reply.type(deps.telemetry.registry.contentType).send(await deps.telemetry.registry.metrics()),
  );
  await app.register(patternRoutes, {
    service: deps.patterns,
    maxBatchSize: deps.config.MAX_BATCH_SIZE,
    healthPath: '/health',
  });
  return app;
}

type HttpBase = Pick<Deps, 'config' | 'logger' | 'telemetry'>;

function systemRoutesOptions(deps: Deps): SystemRoutesOptions {
  return { config: deps.config, readiness: deps.readiness, registry: deps.telemetry.registry };
}

/** Fastify with our conventions: request ids, latency histogram, error contract, OpenAPI, auth. */
async function createHttpApp({ config, logger, telemetry }: HttpBase): Promise<App> {
  const app = Fastify({
    loggerInstance: logger.child({ module: 'http' }) as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    // Per-request access logs cost ~20 % of throughput; they are on at debug level.
    logController: new LogController({
      disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace',
    }),
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    telemetry.httpDuration.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500)
      req.log.warn({ statusCode: reply.statusCode, url: req.url }, 'request failed');
    done();
  });

  app.setValidatorCompiler(schemaValidator);
  // Fastify's own JSON parser drops the parser's message; FastAPI's 422 json_invalid reports the
  // character offset, so parse here (same prototype-poisoning protection).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // FastAPI ignores the body of a route that takes none (`curl -X POST -H 'Content-Type:
    // application/json' …/process-active-posts`); only a route with a body needs one.
    if (body === '' && req.routeOptions.schema?.body === undefined) {
      done(null, undefined);
      return;
    }
    if (body === '') {
      done(
        Object.assign(new Error('the body is empty'), {
          code: 'FST_ERR_CTP_EMPTY_JSON_BODY',
          statusCode: 400,
        }),
      );
      return;
    }
    try {
      done(null, secureJson.parse(body as string, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }));
    }
  });
  registerErrorHandler(app);
  registerAuth(app, config);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'threads-agent',
        description:
          'Viral-content intelligence for Threads creators: pattern engine, viral metrics engine, comment pipeline.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'required when API_KEYS is set' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  return app;
}
