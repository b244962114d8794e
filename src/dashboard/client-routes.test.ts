import { describe, expect, it } from 'vitest';
import { CLIENT_ROUTES, matchRoute, pathFor } from './client-routes.js';

describe(matchRoute.name, () => {
  it('matches the root and static pages, ignoring a trailing slash', () => {
    expect(matchRoute('/')?.route.name).toBe('overview');
    expect(matchRoute('/posts')?.route.name).toBe('posts');
    expect(matchRoute('/inbox/')?.route.name).toBe('inbox');
  });

  it('captures and decodes a post id', () => {
    const sut = matchRoute('/posts/abc%2F1%20x');
    expect(sut?.route.name).toBe('post');
    expect(sut?.params).toEqual({ id: 'abc/1 x' });
  });

  it('returns undefined for unknown paths and extra segments', () => {
    expect(matchRoute('/nope')).toBeUndefined();
    expect(matchRoute('/posts/1/extra')).toBeUndefined();
  });

  it('keeps a malformed escape as typed instead of throwing', () => {
    expect(matchRoute('/posts/%E0%A4%A')?.params.id).toBe('%E0%A4%A');
  });

  it('uses no path that the API owns', () => {
    const apiPaths = [
      '/anomalies',
      '/dm-rules',
      '/dm-outbox',
      '/pattern-types',
      '/health',
      '/ready',
      '/metrics',
      '/docs',
    ];
    for (const r of CLIENT_ROUTES) expect(apiPaths).not.toContain(r.path);
  });
});

describe(pathFor.name, () => {
  it('fills and encodes parameters', () => {
    expect(pathFor('post', { id: 'a/b c' })).toBe('/posts/a%2Fb%20c');
    expect(pathFor('alerts')).toBe('/alerts');
  });

  it('round-trips with matchRoute', () => {
    const id = 'th_123:ü';
    expect(matchRoute(pathFor('post', { id }))?.params.id).toBe(id);
  });
});
