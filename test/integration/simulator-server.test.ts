import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/source/simulator/engagement.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { FaultInjector } from '../../src/source/simulator/faults.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import type { PostCounters, SourceComment, SourcePost } from '../../src/source/threads-source.js';

const START = Date.UTC(2025, 5, 1, 12);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function makeSut(demo = true) {
  let real = 0;
  const simulator = new SimulatorEngine({ seed: 42, startAt: START, clock: () => real, demo });
  const faults = new FaultInjector();
  app = buildSimulatorApp(simulator, { faults });
  return {
    sut: app,
    simulator,
    faults,
    tick(simMs: number) {
      real += simMs / 60;
    },
  };
}

describe('fake-threads HTTP API', () => {
  it('GET /health reports the service and its simulated clock', async () => {
    const { sut } = makeSut();
    const res = await sut.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'healthy',
      service: 'fake_threads',
      sim_time: new Date(START).toISOString(),
      speedup: 60,
      seed: 42,
    });
  });

  it('POST /publish creates a post (201) that GET /published and GET /posts/{id} return', async () => {
    const { sut } = makeSut(false);
    const res = await sut.inject({
      method: 'POST',
      url: '/publish',
      payload: { content: 'Unpopular opinion: rest days build muscle.', account_id: 'acct_maya' },
    });
    expect(res.statusCode).toBe(201);
    const post = res.json<SourcePost>();
    expect(post).toMatchObject({
      id: '18000000000000001',
      account_id: 'acct_maya',
      persona_id: 'fitness_coach',
      username: 'maya.moves',
      published_at: new Date(START).toISOString(),
    });
    expect((await sut.inject({ method: 'GET', url: '/published' })).json()).toEqual({ data: [post] });
    expect((await sut.inject({ method: 'GET', url: `/posts/${post.id}` })).json()).toEqual(post);
  });

  it('rejects a bad publish with 400 in the Graph API error envelope', async () => {
    const { sut } = makeSut(false);
    const tooLong = await sut.inject({
      method: 'POST',
      url: '/publish',
      payload: { content: 'x'.repeat(501) },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toEqual({
      error: { message: 'content is longer than 500 characters', type: 'THApiException', code: 100 },
    });
    const missing = await sut.inject({ method: 'POST', url: '/publish', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { code: number } }>().error.code).toBe(100);
  });

  it('takes JSON bodies as sent: a number or a list where a string belongs is a 400, not converted', async () => {
    const { sut, simulator } = makeSut(false);
    for (const payload of [{ content: 123 }, { content: ['hello'] }, { content: null }]) {
      const res = await sut.inject({ method: 'POST', url: '/publish', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<{ error: { code: number; message: string } }>().error).toMatchObject({
        code: 100,
        message: expect.stringContaining('content'),
      });
    }
    const stringly = await sut.inject({
      method: 'POST',
      url: '/_control/faults',
      payload: { error_rate: '1' },
    });
    expect(stringly.statusCode).toBe(400);
    expect(simulator.listPublished()).toEqual([]);
    expect(
      (await sut.inject({ method: 'POST', url: '/publish', payload: { content: 'hi' } })).statusCode,
    ).toBe(201);
    // query strings and path parameters are still read from their text
    expect((await sut.inject({ method: 'GET', url: '/published?limit=1' })).json()).toMatchObject({
      data: [{ content: 'hi' }],
    });
  });

  it('GET /published filters by since and limit', async () => {
    const { sut, simulator } = makeSut();
    const all = simulator.listPublished({ limit: 1000 });
    const since = new Date(START - 24 * HOUR_MS).toISOString();
    const res = await sut.inject({ method: 'GET', url: `/published?since=${since}&limit=1000` });
    const expected = all.filter((p) => p.published_at >= since);
    expect(res.json<{ data: SourcePost[] }>().data).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const two = await sut.inject({ method: 'GET', url: '/published?limit=2' });
    expect(two.json<{ data: SourcePost[] }>().data).toEqual(all.slice(0, 2));
    const bad = await sut.inject({ method: 'GET', url: '/published?since=someday' });
    expect(bad.statusCode).toBe(400);
  });

  it('GET /analytics/{id} returns the eight counters and the hourly breakdown; 404 for an unknown post', async () => {
    const { sut, simulator, tick } = makeSut();
    tick(2 * HOUR_MS);
    const post = simulator.listPublished({ limit: 1 })[0]!;
    const res = await sut.inject({ method: 'GET', url: `/analytics/${post.id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<PostCounters>();
    expect(body).toEqual(simulator.analytics(post.id));
    expect(Object.keys(body).sort()).toEqual(
      [
        'collected_at',
        'engaged_views',
        'hourly_breakdown',
        'impressions',
        'likes',
        'post_id',
        'quotes',
        'replies',
        'reposts',
        'shares',
        'views',
      ].sort(),
    );
    const missing = await sut.inject({ method: 'GET', url: '/analytics/123' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { message: 'post 123 not found', type: 'THApiException', code: 100, error_subcode: 33 },
    });
  });

  it('GET /posts/{id}/comments pages with a cursor and shows labels only when asked', async () => {
    const { sut, simulator, tick } = makeSut(false);
    const post = simulator.publish({ content: 'Comment PLAN for the plan', virality: 0.9 });
    tick(12 * HOUR_MS);
    const first = await sut.inject({ method: 'GET', url: `/posts/${post.id}/comments?limit=5` });
    const body = first.json<{ data: SourceComment[]; paging: { cursors: { after?: string } } }>();
    expect(body.data).toHaveLength(5);
    expect(body.data.every((c) => !('true_label' in c))).toBe(true);
    expect(body.paging.cursors.after).toBe(body.data[4]!.id);
    const next = await sut.inject({
      method: 'GET',
      url: `/posts/${post.id}/comments?limit=5&after=${body.paging.cursors.after!}&include_labels=true`,
    });
    const labelled = next.json<{ data: SourceComment[] }>().data;
    expect(labelled.map((c) => c.id)).toEqual(
      simulator
        .comments(post.id, { limit: 10 })
        .slice(5)
        .map((c) => c.id),
    );
    expect(labelled.every((c) => c.true_label !== undefined)).toBe(true);
    expect((await sut.inject({ method: 'GET', url: '/posts/404/comments' })).statusCode).toBe(404);
  });

  it('POST /posts/{id}/comments adds a reply (201) that shows up in the tree of GET /threads/{id}', async () => {
    const { sut, simulator } = makeSut(false);
    const post = simulator.publish({ content: 'hello', virality: 0.05 });
    const created = await sut.inject({
      method: 'POST',
      url: `/posts/${post.id}/comments`,
      payload: { text: 'where can I get this?', author: 'lena.k', true_label: 'purchase_intent' },
    });
    expect(created.statusCode).toBe(201);
    const top = created.json<SourceComment>();
    const child = await sut.inject({
      method: 'POST',
      url: `/posts/${post.id}/comments`,
      payload: { text: 'check your DMs', author: 'maya.moves', parent_id: top.id },
    });
    expect(child.statusCode).toBe(201);
    const tree = await sut.inject({ method: 'GET', url: `/threads/${post.id}` });
    expect(tree.json()).toEqual({
      post_id: post.id,
      data: [
        {
          id: top.id,
          author: 'lena.k',
          text: 'where can I get this?',
          timestamp: new Date(START).toISOString(),
          children: [
            {
              id: child.json<SourceComment>().id,
              author: 'maya.moves',
              text: 'check your DMs',
              timestamp: new Date(START).toISOString(),
              children: [],
            },
          ],
        },
      ],
    });
    const orphan = await sut.inject({
      method: 'POST',
      url: `/posts/${post.id}/comments`,
      payload: { text: 'x', author: 'y', parent_id: 'nope' },
    });
    expect(orphan.statusCode).toBe(400);
    expect((await sut.inject({ method: 'GET', url: '/threads/404' })).statusCode).toBe(404);
  });

  it('POST /dm is idempotent by key (201 then 200) and GET /dm lists the DMs', async () => {
    const { sut } = makeSut(false);
    const msg = { idempotency_key: 'rule1:c9', recipient: 'lena.k', text: 'Here you go', post_id: 'p1' };
    const first = await sut.inject({ method: 'POST', url: '/dm', payload: msg });
    const again = await sut.inject({ method: 'POST', url: '/dm', payload: msg });
    expect([first.statusCode, first.json()]).toEqual([201, { id: 'dm_1', duplicate: false }]);
    expect([again.statusCode, again.json()]).toEqual([200, { id: 'dm_1', duplicate: true }]);
    const list = await sut.inject({ method: 'GET', url: '/dm' });
    expect(list.json()).toEqual({ data: [{ id: 'dm_1', ...msg, sent_at: new Date(START).toISOString() }] });
  });

  it('injects faults on API routes but never on /_control', async () => {
    const { sut } = makeSut(false);
    const set = await sut.inject({ method: 'POST', url: '/_control/faults', payload: { error_rate: 1 } });
    expect(set.json()).toEqual({ error_rate: 1, latency_ms: 0, latency_jitter_ms: 0, timeout: false });
    const failed = await sut.inject({ method: 'GET', url: '/published' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      error: {
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'THApiException',
        code: 2,
        is_transient: true,
      },
    });
    expect((await sut.inject({ method: 'GET', url: '/health' })).statusCode).toBe(500);
    expect((await sut.inject({ method: 'GET', url: '/_control/faults' })).statusCode).toBe(200);
    await sut.inject({ method: 'POST', url: '/_control/faults', payload: { reset: true } });
    expect((await sut.inject({ method: 'GET', url: '/published' })).statusCode).toBe(200);
  });

  it('POST /_control/clock advances simulated time and changes the speed-up', async () => {
    const { sut } = makeSut(false);
    const res = await sut.inject({
      method: 'POST',
      url: '/_control/clock',
      payload: { advance_ms: HOUR_MS, speedup: 5 },
    });
    expect(res.json()).toEqual({ sim_time: new Date(START + HOUR_MS).toISOString(), speedup: 5 });
    const bad = await sut.inject({ method: 'POST', url: '/_control/clock', payload: { speedup: 0 } });
    expect(bad.statusCode).toBe(400);
  });

  it('answers an unknown path with 404 in the error envelope', async () => {
    const { sut } = makeSut(false);
    const res = await sut.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: number } }>().error.code).toBe(100);
  });
});
