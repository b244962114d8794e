import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from '../http/kit/types.js';
import type { Logger } from '../infra/telemetry/logger.js';
import { DASHBOARD_BUILD_DIR } from './build-dir.js';
import { CLIENT_ROUTES } from './client-routes.js';

export interface DashboardRoutesOptions {
  logger: Logger;
  /** directory holding the Vite build (index.html + assets/); defaults to dist/dashboard/web */
  root?: string;
}

/**
 * The page may load only what it ships and talk only to its own origin; uPlot and Preact set
 * styles through the CSSOM, which `style-src 'self'` allows, but uPlot also injects a <style>
 * sizing rule at runtime, hence 'unsafe-inline' for styles (never for scripts).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_HTML = `<!doctype html><html lang="en"><meta charset="utf-8"><title>threads-agent</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;line-height:1.5">
<h1>Dashboard not built</h1><p>The API is running (see <a href="/docs">/docs</a>), but the dashboard
assets are missing. Run <code>npm run build</code> (or <code>npm ci</code>, which builds) and restart.</p></body></html>`;

/**
 * Serve the built dashboard: hashed assets under /assets/ with a year-long immutable cache
 * (their names change whenever their content does, and Brotli/gzip siblings written at build
 * time are picked by Accept-Encoding), and index.html, never cached, for every client route so
 * that reloads and shared links land on the right page.
 */
export async function dashboardRoutes(app: App, options: DashboardRoutesOptions): Promise<void> {
  const root = options.root ?? DASHBOARD_BUILD_DIR;
  const indexPath = join(root, 'index.html');
  const built = existsSync(indexPath);
  if (!built) {
    options.logger.warn({ root }, 'dashboard assets not found; serving a notice at / (run npm run build)');
  }
  const indexHtml = built ? readFileSync(indexPath, 'utf8') : NOT_BUILT_HTML;

  if (built && existsSync(join(root, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
      preCompressed: true,
      schemaHide: true,
    });
  }

  for (const route of CLIENT_ROUTES) {
    app.get(route.path, { schema: { hide: true } }, async (_req, reply) =>
      reply
        .code(built ? 200 : 503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(indexHtml),
    );
  }
}
