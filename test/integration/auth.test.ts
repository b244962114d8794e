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
