import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('API keys (API_KEYS set)', () => {
  let t: TestApp;
  const post = {
    content: 'Just discovered this incredible tool',
    account_id: 'a',
    post_url: 'https://threads.net/p/1',
    timestamp: '2026-11-23T10:00:00Z',
    likes: 1,
    comments: 1,
    shares: 1,
    engagement_rate: 0.1,
    performance_percentile: 50,
  };

  beforeAll(async () => {
    t = await createTestApp('embedded', { env: { API_KEYS: 'first-key, second-key' } });
  });
  afterAll(() => t.close());

  const get = (url: string, key?: string) =>
    t.app.inject({ url, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('keeps probes and the scrape endpoint open', async () => {
    for (const url of ['/health', '/ready', '/metrics']) expect((await get(url)).statusCode).toBe(200);
  });

  it.each(['/api/posts', '/api/comments', '/dm-rules', '/dm-outbox'])(
    'answers 401 on GET %s without a key',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toEqual({ detail: 'Missing or invalid API key' });
    },
  );

  it('accepts any of the configured keys and rejects others', async () => {
    expect((await get('/api/posts', 'first-key')).statusCode).toBe(200);
    expect((await get('/dm-outbox', 'second-key')).statusCode).toBe(200);
    expect((await get('/api/posts', 'third-key')).statusCode).toBe(401);
  });

  it('needs a key for every write, and changes nothing without one', async () => {
    const denied = await t.app.inject({ method: 'POST', url: '/extract-patterns', payload: post });
    expect(denied.statusCode).toBe(401);
    const rule = { name: 'r', keywords: ['LINK'], template: 'Hi {author}' };
    expect((await t.app.inject({ method: 'POST', url: '/dm-rules', payload: rule })).statusCode).toBe(401);
    expect((await get('/dm-rules', 'first-key')).json()).toEqual([]);
    const allowed = await t.app.inject({
      method: 'POST',
      url: '/extract-patterns',
      payload: post,
      headers: { authorization: 'Bearer first-key' },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('leaves public reads of the pattern catalogue open', async () => {
    expect((await get('/pattern-types')).statusCode).toBe(200);
  });
});

/** Every variant of a path a client could send to reach the same route, or a neighbour of it. */
function pathVariants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encodeFirst = (s: string) =>
    s.length === 0 ? s : `%${s.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${s.slice(1)}`;
  const encodeDash = (s: string) => s.replaceAll('-', '%2D');
  const variants = new Set<string>([
    path,
    `/${segments.map(encodeFirst).join('/')}`,
    `/${segments.map((s, i) => (i === segments.length - 1 ? encodeFirst(s) : s)).join('/')}`,
    `/${segments.map(encodeDash).join('/')}`,
    `/${segments.map((s) => s.replaceAll('s', '%73')).join('/')}`,
    `/${segments.map((s) => s.toLowerCase().replaceAll(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)).join('/')}`,
    `/${path}`,
    `/${segments.join('//')}`,
    `${path}/`,
    path.toUpperCase(),
    `/${segments.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('/')}`,
    `/x/..${path}`,
    `/${segments[0]}/x/../${segments.slice(1).join('/')}`,
    `/./${segments.join('/')}`,
    `${path}?q=1`,
    `${path}#x`,
  ]);
  return [...variants];
}

const SAMPLE_PARAMS: Record<string, string> = {
  id: '1',
  post_id: 'sim_post_1',
  comment_id: 'c1',
  task_id: 'monitor_0011223344556677',
  job_id: 'job-1',
  persona_id: 'p1',
};

describe('API keys cannot be bypassed by the shape of the path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('embedded', { env: { API_KEYS: 'only-key' } });
    await t.app.ready();
  });
  afterAll(() => t.close());

  /** The documented private routes: every write, and reads under /api, /dm-*, /comments/. */
  function privateRoutes(): { method: string; path: string }[] {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const out: { method: string; path: string }[] = [];
    for (const [openapiPath, ops] of Object.entries(spec.paths)) {
      const path = openapiPath.replaceAll(/\{(\w+)\}/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x1');
      for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
        const isRead = method === 'GET' || method === 'HEAD';
        const exposesData = /^\/(api\/|dm-rules|dm-outbox|comments\/)/.test(openapiPath);
        if (!isRead || exposesData) out.push({ method, path });
      }
    }
    return out;
  }

  it('finds the private routes to check', () => {
    const routes = privateRoutes();
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/comments' });
    expect(routes).toContainEqual({ method: 'DELETE', path: '/dm-rules/1' });
  });

  it('answers no private route without a key, whatever variant of its path is sent', async () => {
    const leaks: string[] = [];
    for (const { method, path } of privateRoutes()) {
      for (const url of pathVariants(path)) {
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          payload: method === 'GET' ? undefined : {},
        });
        if (
          res.statusCode < 300 ||
          (res.statusCode >= 400 &&
            res.statusCode !== 401 &&
            res.statusCode !== 404 &&
            res.statusCode !== 400)
        ) {
          leaks.push(`${method} ${url} → ${res.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each(['/%61pi/comments', '/dm%2Doutbox', '/dm-rule%73', '/%61pi/overview', '/api/%63omments'])(
    'answers 401 to GET %s, which the router decodes to a private route',
    async (url) => {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(401);
      const ok = await t.app.inject({ url, headers: { authorization: 'Bearer only-key' } });
      expect(ok.statusCode).toBe(200);
    },
  );
});
