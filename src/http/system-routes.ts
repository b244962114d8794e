import type { App } from './kit/types.js';
import { Type } from 'typebox';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import { apiKeys, matchingKey } from './kit/api-keys.js';

const HealthResponse = Type.Object({ status: Type.String(), service: Type.String() });
const ReadyResponse = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(
    Type.String(),
    Type.Object({
      ok: Type.Boolean(),
      error: Type.Optional(
        Type.String({ description: '"unreachable"; the cause only for a caller with an API key' }),
      ),
    }),
  ),
});

export interface SystemRoutesOptions {
  config: Pick<Config, 'API_KEYS'>;
  /** name → check that throws when that dependency is unreachable */
  readiness: Record<string, () => Promise<void>>;
  registry: Registry;
}

/** Liveness, readiness (every adapter reachable) and the Prometheus scrape endpoint, as one plugin. */
export async function systemRoutes(app: App, opts: SystemRoutesOptions): Promise<void> {
  const { readiness, registry } = opts;
  const keys = apiKeys(opts.config);
  app.get(
    '/health',
    { schema: { tags: ['system'], summary: 'Process is up', response: { 200: HealthResponse } } },
    async () => ({ status: 'healthy', service: 'threads_agent' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Store, cache and queue reachable',
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (req, reply) => {
      // Error text names hosts, ports and drivers: only an operator holding an API key sees it.
      const showDetail = keys.length > 0 && matchingKey(req.headers.authorization, keys) !== undefined;
      const entries = await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          try {
            await check();
            return [name, { ok: true }] as const;
          } catch (err) {
            req.log.warn({ err, check: name }, 'readiness check failed');
            const detail = err instanceof Error ? err.message : String(err);
            return [name, { ok: false, error: showDetail ? detail : 'unreachable' }] as const;
          }
        }),
      );
      const checks = Object.fromEntries(entries);
      const ready = entries.every(([, c]) => c.ok);
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics', hide: false } },
    async (_req, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    },
  );
}
