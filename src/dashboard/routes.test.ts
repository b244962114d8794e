import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../http/kit/types.js';
import { dashboardRoutes } from './routes.js';

const INDEX = '<!doctype html><title>t</title><script type="module" src="/assets/index-abc123.js"></script>';
const JS = 'console.log("dashboard");'.repeat(50);

const dirs: string[] = [];
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeBuild(withFiles = true): string {
  const root = mkdtempSync(join(tmpdir(), 'dashboard-'));
  dirs.push(root);
  if (withFiles) {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'assets', 'index-abc123.js'), JS);
    writeFileSync(join(root, 'assets', 'index-abc123.js.gz'), gzipSync(JS));
  }
  return root;
}

async function makeApp(root: string): Promise<App> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  apps.push(app);
  await app.register(dashboardRoutes, { logger: pino({ level: 'silent' }), root });
  app.get('/api/overview', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe(dashboardRoutes.name, () => {
  it('serves index.html, never cached, at / and at every client route including post pages', async () => {
    const sut = await makeApp(makeBuild());
    for (const url of [
      '/',
      '/posts',
      '/posts/p%2F42',
      '/patterns',
      '/inbox?intent=question',
      '/dms',
      '/alerts',
    ]) {
      const res = await sut.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets with a one-year immutable cache', async () => {
    const sut = await makeApp(makeBuild());
    const res = await sut.inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(JS);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('sends the precompressed sibling when the client accepts gzip', async () => {
    const sut = await makeApp(makeBuild());
    const res = await sut.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBeLessThan(JS.length / 5);
  });

  it('answers 404 for a missing asset and leaves other paths to the API', async () => {
    const sut = await makeApp(makeBuild());
    expect((await sut.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await sut.inject({ url: '/no-such-page' })).statusCode).toBe(404);
    expect((await sut.inject({ url: '/api/overview' })).json()).toEqual({ ok: true });
  });

  it('serves a 503 notice naming the build command when the dashboard was not built', async () => {
    const sut = await makeApp(makeBuild(false));
    const res = await sut.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});
