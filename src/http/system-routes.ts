import type { App } from './app.js';
import { Type } from 'typebox';
import type { Deps } from '../deps.js';
import { apiKeys, matchingKey } from './auth.js';

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
  reconnect_needed: Type.Optional(
    Type.Array(
      Type.Object({
        account_id: Type.String(),
        username: Type.String(),
        reason: Type.Optional(Type.String({ description: 'only for a caller with an API key' })),
      }),
      {
        description:
          'connected Threads accounts whose token is revoked or expired, when there are any (readiness is not affected)',
      },
    ),
  ),
});

/** Liveness, readiness (every adapter reachable) and the Prometheus scrape endpoint. */
export function registerSystemRoutes(app: App, deps: Deps): void {
  const keys = apiKeys(deps.config);
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
        Object.entries(deps.readiness).map(async ([name, check]) => {
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
      // A revoked token is the creator's to fix, not a reason to take the pod out of service.
      const reconnect =
        checks.store?.ok === false
          ? undefined
          : await deps.accounts.service.reconnectNeeded().catch(() => undefined);
      const reconnect_needed = reconnect?.map((a) =>
        showDetail || keys.length === 0 ? a : { account_id: a.account_id, username: a.username },
      );
      return reply
        .code(ready ? 200 : 503)
        .send({ ready, checks, ...(reconnect_needed?.length ? { reconnect_needed } : {}) });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['system'], summary: 'Prometheus metrics', hide: false } },
    async (_req, reply) => {
      const body = await deps.telemetry.registry.metrics();
      return reply.type(deps.telemetry.registry.contentType).send(body);
    },
  );
}
