import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';
import { makePost } from '../factories/posts.js';

interface Trajectory {
  arc_type: string;
  emotion_progression: { segment_index: number; text: string; valence: number; dominant_emotion: string }[];
  peak_segments: number[];
  valley_segments: number[];
  emotional_variance: number;
  transitions: { from_segment: number; to_segment: number; transition_type: string }[];
  segment_count: number;
}

interface Detail {
  detail: { loc: (string | number)[]; msg: string; type: string }[];
}

const STORY =
  'Last year I lost my job and felt hopeless. I started writing every day. Today I run my own business and I love it!';

describe.each<Stack>(['embedded', 'production'])('emotion trajectories on the %s stack', (stack) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(stack);
    t.clock.now += 2 * 3_600_000;
    const res = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=50' });
    await waitForJob(t.app, res.json<{ job_id: string }>().job_id);
  });
  afterAll(() => t.close());

  const db = () => t.deps.store.db;

  it('stores the trajectory of every new post of more than one sentence, in the three tables', async () => {
    const posts = await db().selectFrom('posts').select(['id', 'content', 'patterns']).execute();
    expect(posts.length).toBeGreaterThan(3);
    const multi = posts.filter(
      (p) => (p.patterns as { emotion_trajectory?: unknown } | null)?.emotion_trajectory !== undefined,
    );
    expect(multi.length).toBeGreaterThan(0);
    const rows = await db().selectFrom('emotion_trajectories').selectAll().execute();
    expect(rows.map((r) => r.post_id).sort()).toEqual(multi.map((p) => p.id).sort());
    const one = rows[0]!;
    const segments = await db()
      .selectFrom('emotion_segments')
      .selectAll()
      .where('trajectory_id', '=', one.id)
      .execute();
    const transitions = await db()
      .selectFrom('emotion_transitions')
      .selectAll()
      .where('trajectory_id', '=', one.id)
      .execute();
    expect(segments).toHaveLength(one.segment_count);
    expect(transitions).toHaveLength(one.segment_count - 1);
    expect(one.transition_count).toBe(one.segment_count - 1);
    expect(segments.filter((s) => s.is_peak)).toHaveLength(one.peak_count);
  });

  it('GET /trajectories/emotion/{id} answers a stored post’s trajectory as /extract-patterns computed it', async () => {
    const row = await db().selectFrom('emotion_trajectories').select(['post_id']).executeTakeFirstOrThrow();
    const post = await db()
      .selectFrom('posts')
      .select(['patterns'])
      .where('id', '=', row.post_id)
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({ method: 'GET', url: `/trajectories/emotion/${row.post_id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<Trajectory & { post_id: string; id: number; analysis_model: string }>();
    expect(body.post_id).toBe(row.post_id);
    expect(body.analysis_model).toMatch(/^emotions\.v\d+\+sentiment\.v\d+\+trajectory\.v1$/);
    const computed = (post.patterns as { emotion_trajectory: Trajectory }).emotion_trajectory;
    expect(body.arc_type).toBe(computed.arc_type);
    expect(body.emotion_progression).toEqual(computed.emotion_progression);
    expect(body.peak_segments).toEqual(computed.peak_segments);
    expect(body.valley_segments).toEqual(computed.valley_segments);
    expect(body.transitions).toEqual(computed.transitions);
    expect(body.emotional_variance).toBe(computed.emotional_variance);
  });

  it('computes and stores the trajectory of a post stored before (or edited since) on first read', async () => {
    const row = await db().selectFrom('emotion_trajectories').select(['post_id']).executeTakeFirstOrThrow();
    await db().updateTable('posts').set({ content: STORY }).where('id', '=', row.post_id).execute();
    const res = await t.app.inject({ method: 'GET', url: `/trajectories/emotion/${row.post_id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<Trajectory>()).toMatchObject({
      arc_type: 'rising',
      segment_count: 3,
      valley_segments: [0],
    });
    const segments = await db()
      .selectFrom('emotion_segments as s')
      .innerJoin('emotion_trajectories as j', 'j.id', 's.trajectory_id')
      .select(['s.content_text'])
      .where('j.post_id', '=', row.post_id)
      .orderBy('s.segment_index')
      .execute();
    expect(segments.map((s) => s.content_text)).toEqual([
      'Last year I lost my job and felt hopeless.',
      'I started writing every day.',
      'Today I run my own business and I love it!',
    ]);
  });

  it('answers 404 for an unknown post and for a post of one sentence', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/trajectories/emotion/no-such-post' });
    expect(unknown.statusCode).toBe(404);
    const post = await db().selectFrom('posts').select(['id']).executeTakeFirstOrThrow();
    await db().updateTable('posts').set({ content: 'One sentence only' }).where('id', '=', post.id).execute();
    await db().deleteFrom('emotion_trajectories').where('post_id', '=', post.id).execute();
    const single = await t.app.inject({ method: 'GET', url: `/trajectories/emotion/${post.id}` });
    expect(single.statusCode).toBe(404);
    expect(single.json<{ detail: string }>().detail).toMatch(/one sentence/);
  });

  it('GET /trajectories/emotion/persona/{persona_id} sums up which arcs perform for the persona', async () => {
    const persona = await db()
      .selectFrom('emotion_trajectories')
      .select(['persona_id'])
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'GET',
      url: `/trajectories/emotion/persona/${persona.persona_id}`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      persona_id: string;
      post_count: number;
      trajectory_count: number;
      measured_posts: number;
      arcs: { arc_type: string; usage_count: number; trajectory_count: number; lift: number | null }[];
    }>();
    const stored = await db()
      .selectFrom('emotion_trajectories')
      .select(['trajectory_type'])
      .where('persona_id', '=', persona.persona_id)
      .execute();
    expect(body.trajectory_count).toBe(stored.length);
    expect(body.arcs.reduce((n, a) => n + a.trajectory_count, 0)).toBe(stored.length);
    for (const a of body.arcs) {
      expect(['rising', 'falling', 'roller_coaster', 'steady']).toContain(a.arc_type);
      expect(a.usage_count).toBeLessThanOrEqual(a.trajectory_count);
    }
    expect(body.measured_posts).toBeGreaterThan(0);
    const missing = await t.app.inject({ method: 'GET', url: '/trajectories/emotion/persona/nobody' });
    expect(missing.statusCode).toBe(404);
  });

  it('POST /analyze/emotion-trajectory takes a text or segments', async () => {
    const text = await t.app.inject({
      method: 'POST',
      url: '/analyze/emotion-trajectory',
      payload: { text: STORY },
    });
    expect(text.statusCode).toBe(200);
    expect(text.json<Trajectory>()).toMatchObject({ arc_type: 'rising', segment_count: 3 });
    const segments = await t.app.inject({
      method: 'POST',
      url: '/analyze/emotion-trajectory',
      payload: { segments: ['So happy today!', 'Then everything broke.', 'I am devastated.'] },
    });
    expect(segments.statusCode).toBe(200);
    expect(segments.json<Trajectory>()).toMatchObject({ arc_type: 'falling', peak_segments: [0] });
  });

  it.each([
    ['neither field', {}],
    ['both fields', { text: 'a. b.', segments: ['a'] }],
    ['an empty text', { text: '' }],
    ['no segments', { segments: [] }],
    ['an empty segment', { segments: ['fine', ''] }],
    ['a number for text', { text: 123 }],
    ['a string for segments', { segments: 'one. two.' }],
    ['101 segments', { segments: Array.from({ length: 101 }, () => 'x') }],
    ['a text over 10,000 characters', { text: 'a'.repeat(10_001) }],
  ])('POST /analyze/emotion-trajectory answers 422 for %s', async (_name, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/analyze/emotion-trajectory', payload });
    expect(res.statusCode).toBe(422);
    expect(res.json<Detail>().detail.length).toBeGreaterThan(0);
  });

  it('/extract-patterns adds emotion_trajectory for posts of more than one sentence only', async () => {
    const multi = await t.app.inject({
      method: 'POST',
      url: '/extract-patterns',
      payload: makePost({ content: STORY }),
    });
    expect(multi.json<{ emotion_trajectory: Trajectory }>().emotion_trajectory).toMatchObject({
      arc_type: 'rising',
      segment_count: 3,
    });
    const single = await t.app.inject({ method: 'POST', url: '/extract-patterns', payload: makePost() });
    expect('emotion_trajectory' in single.json<object>()).toBe(false);
  });

  it('documents the three routes in OpenAPI', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/analyze/emotion-trajectory',
        '/trajectories/emotion/{id}',
        '/trajectories/emotion/persona/{persona_id}',
      ]),
    );
  });
});
