import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/source/simulator/engagement.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { FaultInjector } from '../../src/source/simulator/faults.js';
import { HttpSimulatorSource } from '../../src/source/simulator/http-source.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import { SourceError } from '../../src/source/threads-source.js';

const START = Date.UTC(2025, 5, 1, 12);

let app: FastifyInstance;
let simulator: SimulatorEngine;
let faults: FaultInjector;
let baseUrl: string;

beforeAll(async () => {
  simulator = new SimulatorEngine({ seed: 42, startAt: START, clock: () => 0 });
  faults = new FaultInjector();
  app = buildSimulatorApp(simulator, { faults });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  faults.reset();
});

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(err)}`);
  return err;
}

function jsonFetch(status: number, body: string): typeof fetch {
  return () =>
    Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } }));
}

describe(HttpSimulatorSource.name, () => {
  it('reads posts, analytics, comments and trees identical to the simulator in-process', async () => {
    const sut = new HttpSimulatorSource(baseUrl);
    await sut.advance(6 * HOUR_MS);
    const posts = await sut.listPublished({ since: new Date(START - 48 * HOUR_MS), limit: 500 });
    expect(posts).toEqual(simulator.listPublished({ since: new Date(START - 48 * HOUR_MS), limit: 500 }));
    const post = posts[0]!;
    expect(await sut.getPost(post.id)).toEqual(post);
    expect(await sut.getAnalytics(post.id)).toEqual(simulator.analytics(post.id));
    expect(await sut.getComments(post.id, { limit: 1000, includeLabels: true })).toEqual(
      simulator.comments(post.id, { limit: 1000, includeLabels: true }),
    );
    expect(await sut.getReplyTree(post.id)).toEqual(simulator.replyTree(post.id));
    expect(await sut.simulatedNow()).toEqual(new Date(START + 6 * HOUR_MS));
    expect(await sut.health()).toBe(true);
  });

  it('publishes, replies and sends idempotent DMs over HTTP', async () => {
    const sut = new HttpSimulatorSource(`${baseUrl}/`);
    const post = await sut.publish({ content: 'Comment LINK for the kit', account_id: 'acct_devon' });
    expect(post.username).toBe('devon.ships');
    const reply = await sut.postComment(post.id, { text: 'LINK', author: 'jake_m' });
    expect(reply).toMatchObject({ post_id: post.id, text: 'LINK', author: 'jake_m' });
    expect((await sut.getComments(post.id)).map((c) => c.id)).toContain(reply.id);
    const msg = {
      idempotency_key: `k-${post.id}`,
      recipient: 'jake_m',
      text: 'here it is',
      post_id: post.id,
    };
    const first = await sut.sendDm(msg);
    expect(await sut.sendDm(msg)).toEqual({ id: first.id, duplicate: true });
    expect(first.duplicate).toBe(false);
    expect((await sut.listDms()).filter((d) => d.idempotency_key === msg.idempotency_key)).toHaveLength(1);
  });

  it('turns an unknown post into a permanent not_found error', async () => {
    const err = await rejection(new HttpSimulatorSource(baseUrl).getAnalytics('does-not-exist'));
    expect(err).toMatchObject({ kind: 'not_found', transient: false, status: 404 });
    expect(err.message).toContain('post does-not-exist not found');
  });

  it('turns injected 500s into transient errors and reports unhealthy', async () => {
    const sut = new HttpSimulatorSource(baseUrl);
    expect(await sut.setFault({ errorRate: 1 })).toEqual({
      errorRate: 1,
      latencyMs: 0,
      latencyJitterMs: 0,
      timeout: false,
    });
    expect(await rejection(sut.listPublished())).toMatchObject({
      kind: 'http',
      transient: true,
      status: 500,
    });
    expect(await sut.health()).toBe(false);
    await sut.setFault({ reset: true });
    expect(await sut.health()).toBe(true);
  });

  it('times out a slow answer and a hanging one (transient)', async () => {
    const sut = new HttpSimulatorSource(baseUrl, { timeoutMs: 150 });
    faults.set({ latencyMs: 5000 });
    const t0 = Date.now();
    expect(await rejection(sut.listPublished())).toMatchObject({ kind: 'timeout', transient: true });
    expect(Date.now() - t0).toBeLessThan(4000);
    faults.set({ latencyMs: 0, timeout: true });
    expect(await rejection(sut.getPost('x'))).toMatchObject({ kind: 'timeout', transient: true });
  });

  it('reports a refused connection as a transient network error', async () => {
    const closed = buildSimulatorApp(new SimulatorEngine({ demo: false }));
    const url = await closed.listen({ port: 0, host: '127.0.0.1' });
    await closed.close();
    const sut = new HttpSimulatorSource(url, { timeoutMs: 1000 });
    expect(await rejection(sut.listPublished())).toMatchObject({ kind: 'network', transient: true });
    expect(await sut.health()).toBe(false);
  });

  it('rejects a response of the wrong shape as a permanent invalid_response', async () => {
    const sut = new HttpSimulatorSource('http://sim', { fetch: jsonFetch(200, '{"views": -1}') });
    const err = await rejection(sut.getAnalytics('1'));
    expect(err).toMatchObject({ kind: 'invalid_response', transient: false });
    const notJson = new HttpSimulatorSource('http://sim', { fetch: jsonFetch(200, '<html>') });
    expect(await rejection(notJson.getPost('1'))).toMatchObject({
      kind: 'invalid_response',
      transient: false,
    });
  });

  it('treats 429 and a 502 page from a proxy as transient, 403 as permanent', async () => {
    const limited = new HttpSimulatorSource('http://sim', {
      fetch: jsonFetch(429, '{"error":{"message":"slow down"}}'),
    });
    const err = await rejection(limited.getPost('1'));
    expect(err).toMatchObject({ kind: 'http', transient: true, status: 429 });
    expect(err.message).toContain('slow down');
    const proxy = new HttpSimulatorSource('http://sim', {
      fetch: jsonFetch(502, '<html>bad gateway</html>'),
    });
    expect(await rejection(proxy.getPost('1'))).toMatchObject({ kind: 'http', transient: true, status: 502 });
    const forbidden = new HttpSimulatorSource('http://sim', { fetch: jsonFetch(403, '{}') });
    expect(await rejection(forbidden.getPost('1'))).toMatchObject({
      kind: 'http',
      transient: false,
      status: 403,
    });
  });
});
