import { timingSafeEqual } from 'node:crypto';
import type { App } from './app.js';
import type { Config } from '../config.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const OPEN_PATHS = new Set(['/health', '/ready', '/metrics']);

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * When API_KEYS is set, every /api route and every write route needs `Authorization: Bearer <key>`.
 * Health, readiness and metrics stay open for probes and scrapers.
 */
export function registerAuth(app: App, config: Pick<Config, 'API_KEYS'>): void {
  const keys = (config.API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return;
  app.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?')[0] ?? '';
    const needsKey = !OPEN_PATHS.has(path) && (path.startsWith('/api/') || !READ_METHODS.has(req.method));
    if (!needsKey) return done();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token && keys.some((k) => safeEqual(k, token))) return done();
    void reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Missing or invalid API key' });
  });
}
