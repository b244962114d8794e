import { timingSafeEqual } from 'node:crypto';
import type { App } from './app.js';
import type { Config } from '../config.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const OPEN_PATHS = new Set(['/health', '/ready', '/metrics']);
/** Reads that expose commenters and messages need a key too, though they are not under /api. */
const PRIVATE_PREFIXES = ['/api/', '/dm-rules', '/dm-outbox', '/comments/'];

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * When API_KEYS is set, every /api route, every write route and the reads that expose commenters
 * (DM rules, outbox, monitors) need `Authorization: Bearer <key>`. Health, readiness and metrics
 * stay open for probes and scrapers; the dashboard's static files are public (its data is not).
 */
export function registerAuth(app: App, config: Pick<Config, 'API_KEYS'>): void {
  const keys = (config.API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return;
  app.addHook('onRequest', (req, reply, done) => {
    const path = req.url.split('?')[0] ?? '';
    const needsKey =
      !OPEN_PATHS.has(path) &&
      (!READ_METHODS.has(req.method) || PRIVATE_PREFIXES.some((p) => path.startsWith(p)));
    if (!needsKey) return done();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token && keys.some((k) => safeEqual(k, token))) return done();
    void reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Missing or invalid API key' });
  });
}
