import type { HTTPMethods, RouteOptions } from 'fastify';
import type { Config } from '../config.js';
import { apiKeys, matchingKey } from './kit/api-keys.js';
import type { App } from './kit/types.js';

/**
 * Who may call a route when API_KEYS is set: `public` (anyone) or `private` (a configured key).
 * It is a property of the route, fixed when the route is declared (`config: { access }`), and the
 * check reads it from the route the router matched, never from the request's URL string: a
 * percent-encoded, doubled or re-cased path that reaches a private route is still that route.
 */
export type RouteAccess = 'public' | 'private';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Reads that expose commenters and messages need a key too, though they are not under /api. */
const PRIVATE_PREFIXES = ['/api/', '/dm-rules', '/dm-outbox', '/comments/'];
/** Probes and the scrape endpoint stay open. */
const OPEN_ROUTES = new Set(['/health', '/ready', '/metrics']);

function isRead(method: HTTPMethods | HTTPMethods[] | string): boolean {
  return (Array.isArray(method) ? method : [method]).every((m) => READ_METHODS.has(m.toUpperCase()));
}

/**
 * The access of a route declared without one, from its declared pattern (e.g.
 * `/dm-rules/:id`): writes are private, reads under the private prefixes are private, other reads
 * (the pattern catalogue, the dashboard's static files, the API docs) are public.
 */
export function defaultAccess(method: RouteOptions['method'], url: string): RouteAccess {
  if (OPEN_ROUTES.has(url)) return 'public';
  if (!isRead(method)) return 'private';
  return PRIVATE_PREFIXES.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p))
    ? 'private'
    : 'public';
}

/**
 * Give every route its access (declared, or the default above) and, when API_KEYS is set, answer
 * 401 on private routes without `Authorization: Bearer <key>`. Must run before routes are added.
 * A request that matches no route gets its 404 without a key: it reaches no data.
 */
export function registerAuth(app: App, config: Pick<Config, 'API_KEYS'>): void {
  app.addHook('onRoute', (route) => {
    route.config = {
      ...route.config,
      access: route.config?.access ?? defaultAccess(route.method, route.url),
    };
  });
  const keys = apiKeys(config);
  if (keys.length === 0) return;
  app.addHook('onRequest', (req, reply, done) => {
    if (req.is404) return done();
    const access = req.routeOptions.config.access ?? defaultAccess(req.method, req.routeOptions.url ?? '');
    if (access !== 'private') return done();
    if (matchingKey(req.headers.authorization, keys) !== undefined) return done();
    void reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Missing or invalid API key' });
  });
}
