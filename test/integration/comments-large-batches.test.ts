import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_BODY_LIMIT_BYTES } from '../../src/comments/routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const comments = (prefix: string, n: number, chars: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    text: 'é'.repeat(chars),
    author: `fan${i}`,
    timestamp: '2026-11-23T10:00:00Z',
  }));

describe('large comment batches (production stack, real HTTP)', () => {
  let t: TestApp;
  let url = '';
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    t = await createTestApp('production');
    // observe (not replace) the service: how many ingestions run at once
    const service = t.deps.comments.comments;
    const ingest = service.ingest.bind(service);
    service.ingest = async (...args) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await ingest(...args);
      } finally {
        inFlight--;
      }
    };
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('sizes the route’s body limit to its cap: 1,000 comments of 10,000 four-byte characters fit', () => {
    const worst = JSON.stringify({
      post_id: 'p',
      comments: comments('w', 1000, 1).map((c) => ({ ...c, text: '😀'.repeat(10_000) })),
    });
    expect(Buffer.byteLength(worst)).toBeLessThanOrEqual(PROCESS_BODY_LIMIT_BYTES);
    expect(PROCESS_BODY_LIMIT_BYTES).toBeLessThan(42 * 1024 * 1024);
  });

  it('takes bodies above the app-wide limit one at a time, answering every one', async () => {
    const bodies = ['a', 'b', 'c', 'd'].map((p) =>
      JSON.stringify({ post_id: `big-${p}`, comments: comments(p, 400, 2_000) }),
    );
    expect(Buffer.byteLength(bodies[0]!)).toBeGreaterThan(t.deps.config.BODY_LIMIT_BYTES);
    const health: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        health.push((await fetch(`${url}/health`)).status);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const answers = await Promise.all(
      bodies.map((body) =>
        fetch(`${url}/comments/process`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    done = true;
    await probe;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(maxInFlight).toBe(1);
    expect(health.length).toBeGreaterThan(0);
    expect(new Set(health)).toEqual(new Set([200]));
  });

  it('answers 413 in the {"detail"} shape over the route’s limit, storing nothing', async () => {
    const res = await fetch(`${url}/comments/process`, {
      method: 'POST',
      body: `{"post_id":"huge","comments":[{"id":"x","text":"${'a'.repeat(PROCESS_BODY_LIMIT_BYTES)}"}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: expect.stringMatching(/^Request body too large/) });
  });
});
