import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Stack, type TestApp } from '../helpers/app.js';

interface Persona {
  id: string;
  account_id: string;
  topics: string[];
  approval: string;
  quiet_hours: { start: number; end: number } | null;
}
interface Template {
  id: number;
  version: number;
  variables: string[];
  hook_family: string;
  performance: { drafts: number; published: number };
}
interface Draft {
  id: number;
  text: string;
  generator: string;
  status: string;
  hook_family: string | null;
  template_id: number | null;
  template_version: number | null;
  hooks: { type: string; spans: { start: number; end: number; text: string }[] }[];
  predicted_engagement: { mean: number; low: number; high: number; basis: string; note: string | null };
  limits_ok: boolean;
  limit_reasons: { code: string }[];
  near_duplicate: { post_id: string | null; draft_id: number | null; similarity: number } | null;
  scheduled_at: string | null;
  published_post_id: string | null;
  failure_reason: string | null;
  edited: boolean;
}

const HOUR = 3_600_000;
const PERSONA = {
  id: 'baker_bo',
  account_id: 'acct_bo',
  name: 'Bo the baker',
  voice: 'warm, practical',
  topics: ['sourdough', 'bread scoring', 'rye flour'],
  avoid: ['cheap'],
  posts_per_day: 2,
  quiet_hours: { start: 22, end: 6 },
};

describe.each<Stack>(['embedded', 'production'])('content API (%s)', (stack) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(stack, { demo: false });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}) });
  const patch = (url: string, payload: object) => t.app.inject({ method: 'PATCH', url, payload });
  const get = (url: string) => t.app.inject({ url });

  describe('personas', () => {
    it('adopts the persona_ids of posts as they are stored (the account with most of them); reading writes nothing', async () => {
      const db = t.deps.store.db;
      await db
        .insertInto('posts')
        .values(
          [1, 2, 3].map((i) => ({
            id: `old_${i}`,
            account_id: i === 3 ? 'acct_other' : 'acct_old',
            persona_id: 'old_persona',
            content: `An old post number ${i}`,
            published_at: new Date(t.clock.now - i * HOUR),
            source: 'test',
          })),
        )
        .execute();
      // the record exists before anything reads: the insert made it
      const record = await db.selectFrom('personas').selectAll().where('id', '=', 'old_persona').execute();
      expect(record).toEqual([
        expect.objectContaining({ id: 'old_persona', account_id: 'acct_old', name: 'old_persona' }),
      ]);
      // the collector's upsert (new and known posts in one statement) adopts too, and changes no record
      const fresh = await t.deps.posts.posts.upsertPosts(
        ['old_1', 'new_1'].map((id) => ({
          id,
          account_id: 'acct_new',
          persona_id: id === 'old_1' ? 'old_persona' : 'new_persona',
          content: `Post ${id}`,
          post_url: null,
          published_at: new Date(t.clock.now).toISOString(),
          source: 'source',
          author_username: null,
        })),
      );
      expect(fresh).toEqual(['new_1']);
      const listed = (await get('/api/personas')).json<Persona[]>();
      expect(listed.filter((p) => p.id === 'old_persona' || p.id === 'new_persona')).toEqual([
        expect.objectContaining({
          id: 'new_persona',
          account_id: 'acct_new',
          approval: 'review',
          topics: [],
        }),
        expect.objectContaining({
          id: 'old_persona',
          account_id: 'acct_old',
          approval: 'review',
          topics: [],
        }),
      ]);

      // a persona_id with no record (removed behind the API's back) is not recreated by reads
      await db.deleteFrom('personas').where('id', '=', 'new_persona').execute();
      const before = await db.selectFrom('personas').select('id').orderBy('id').execute();
      expect((await get('/api/personas')).json<Persona[]>().map((p) => p.id)).not.toContain('new_persona');
      expect((await get('/api/personas/new_persona')).statusCode).toBe(404);
      expect(await db.selectFrom('personas').select('id').orderBy('id').execute()).toEqual(before);
      // the persona of stored posts cannot be deleted (its posts would lose their record)
      const refused = await t.app.inject({ method: 'DELETE', url: '/api/personas/old_persona' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ detail: string }>().detail).toContain('stored posts');
    });

    it('creates, reads, changes and deletes a persona; 409 on a taken id, 422 on bad rules, 404 when gone', async () => {
      const created = await post('/api/personas', { ...PERSONA, id: 'tmp_persona' });
      expect(created.statusCode).toBe(201);
      expect(created.json<Persona>()).toMatchObject({
        id: 'tmp_persona',
        approval: 'review',
        quiet_hours: { start: 22, end: 6 },
      });
      expect((await post('/api/personas', { ...PERSONA, id: 'tmp_persona' })).statusCode).toBe(409);
      const noThreshold = await patch('/api/personas/tmp_persona', { approval: 'auto' });
      expect(noThreshold.statusCode).toBe(422);
      expect(JSON.stringify(noThreshold.json())).toContain('auto_threshold');
      expect((await get('/api/personas/tmp_persona')).json<Persona>().approval).toBe('review');
      expect((await patch('/api/personas/tmp_persona', { posts_per_day: 0 })).statusCode).toBe(422);
      const changed = await patch('/api/personas/tmp_persona', { approval: 'auto', auto_threshold: 0.02 });
      expect(changed.statusCode).toBe(200);
      expect(changed.json<Persona>()).toMatchObject({ approval: 'auto', topics: PERSONA.topics });
      expect((await t.app.inject({ method: 'DELETE', url: '/api/personas/tmp_persona' })).statusCode).toBe(
        204,
      );
      expect((await get('/api/personas/tmp_persona')).statusCode).toBe(404);
      expect((await patch('/api/personas/tmp_persona', { name: 'x' })).statusCode).toBe(404);
      expect((await post('/api/personas', { ...PERSONA, id: 'bad id!' })).statusCode).toBe(422);
    });
  });

  describe('templates', () => {
    it('versions a template on each edit of its prompt; 409 on a taken name; 422 on undeclared variables', async () => {
      const created = await post('/api/templates', {
        name: 'question opener',
        body: 'Write a post about {topic} for {persona} that opens with a question.',
        hook_family: 'question',
      });
      expect(created.statusCode).toBe(201);
      const tpl = created.json<Template>();
      expect(tpl).toMatchObject({ version: 1, variables: ['topic', 'persona'], hook_family: 'question' });
      expect(
        (await post('/api/templates', { name: 'question opener', body: 'x', hook_family: 'question' }))
          .statusCode,
      ).toBe(409);
      const bad = await post('/api/templates', {
        name: 'b',
        body: 'About {topic}',
        variables: ['topic', 'mood'],
        hook_family: 'question',
      });
      expect(bad.statusCode).toBe(422);
      expect(JSON.stringify(bad.json())).toContain('mood');
      expect(
        (await post('/api/templates', { name: 'c', body: 'x', hook_family: 'nonsense' })).statusCode,
      ).toBe(422);

      const renamed = (
        await patch(`/api/templates/${tpl.id}`, { name: 'question opener v' })
      ).json<Template>();
      expect(renamed.version).toBe(1);
      const edited = (
        await patch(`/api/templates/${tpl.id}`, { body: 'Ask about {topic}.' })
      ).json<Template>();
      expect(edited).toMatchObject({ version: 2, variables: ['topic'] });
      const detail = (await get(`/api/templates/${tpl.id}`)).json<
        Template & { versions: { version: number; body: string }[] }
      >();
      expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(detail.versions[1]!.body).toContain('{persona}');
      expect((await get('/api/templates/999999')).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/templates/999999' })).statusCode).toBe(404);
    });
  });

  describe('drafts', () => {
    let templateId: number;
    beforeAll(async () => {
      expect((await post('/api/personas', PERSONA)).statusCode).toBe(201);
      templateId = (
        await post('/api/templates', {
          name: 'how-to',
          body: 'Explain {topic} step by step.',
          hook_family: 'how_to',
        })
      ).json<Template>().id;
    });

    it('generates scored drafts with the targeted hook as the pattern engine finds it', async () => {
      const res = await post('/api/drafts/generate', {
        persona_id: PERSONA.id,
        count: 3,
        template_id: templateId,
        seed: 5,
      });
      expect(res.statusCode).toBe(201);
      const drafts = res.json<Draft[]>();
      expect(drafts).toHaveLength(3);
      for (const d of drafts) {
        expect(d).toMatchObject({
          generator: 'composer',
          status: 'pending',
          hook_family: 'how_to',
          template_id: templateId,
          template_version: 1,
          limits_ok: true,
        });
        expect(d.hooks.map((h) => h.type)).toContain('how_to');
        const span = d.hooks.find((h) => h.type === 'how_to')!.spans[0]!;
        expect(d.text.slice(span.start, span.end)).toBe(span.text);
        expect(d.text).not.toMatch(/\{|\bcheap\b/i);
        expect(d.predicted_engagement.low).toBeLessThanOrEqual(d.predicted_engagement.mean);
        expect(d.predicted_engagement.high).toBeGreaterThanOrEqual(d.predicted_engagement.mean);
        // a new account: the prediction says so
        expect(d.predicted_engagement.basis).not.toBe('account');
        expect(d.predicted_engagement.note).toContain('acct_bo');
      }
      expect(new Set(drafts.map((d) => d.text.split('\n')[0])).size).toBe(3);
      const again = (
        await post('/api/drafts/generate', {
          persona_id: PERSONA.id,
          count: 3,
          template_id: templateId,
          seed: 5,
        })
      ).json<Draft[]>();
      expect(again.map((d) => d.text)).toEqual(drafts.map((d) => d.text));
      // the same texts again are near duplicates of the pending drafts
      expect(again[0]!.near_duplicate).toMatchObject({ draft_id: drafts[0]!.id, similarity: 1 });
    });

    it('answers 404 for an unknown persona or template and 422 for a bad count', async () => {
      expect((await post('/api/drafts/generate', { persona_id: 'nobody', count: 1 })).statusCode).toBe(404);
      expect(
        (await post('/api/drafts/generate', { persona_id: PERSONA.id, count: 1, template_id: 424242 }))
          .statusCode,
      ).toBe(404);
      expect((await post('/api/drafts/generate', { persona_id: PERSONA.id, count: 0 })).statusCode).toBe(422);
      expect(
        (
          await post('/api/drafts/generate', {
            persona_id: PERSONA.id,
            count: 1,
            generator: 'openai-compatible',
          })
        ).statusCode,
      ).toBe(422);
    });

    it('flags an edited copy of a published post as a near duplicate, and not an unrelated one', async () => {
      const original =
        'Sourdough taught me patience. Feed the starter at the same hour every day, keep it warm, and wait for it to double before you bake. Rushing it never worked for me.';
      await t.deps.store.db
        .insertInto('posts')
        .values([
          {
            id: 'bo_pub_1',
            account_id: 'acct_bo',
            persona_id: PERSONA.id,
            content: original,
            published_at: new Date(t.clock.now - 48 * HOUR),
            source: 'test',
          },
          {
            id: 'other_acct',
            account_id: 'acct_else',
            persona_id: 'x',
            content: original,
            published_at: new Date(t.clock.now - 48 * HOUR),
            source: 'test',
          },
        ])
        .execute();
      const [d] = (
        await post('/api/drafts/generate', {
          persona_id: PERSONA.id,
          count: 1,
          seed: 77,
          hook_family: 'contrarian',
        })
      ).json<Draft[]>();
      const copy = original
        .replace('patience', 'calm')
        .replace('same hour', 'same time')
        .replace('never worked', 'never helped');
      const edited = await patch(`/api/drafts/${d!.id}`, { text: copy });
      expect(edited.statusCode).toBe(200);
      expect(edited.json<Draft>()).toMatchObject({
        edited: true,
        near_duplicate: { post_id: 'bo_pub_1', draft_id: null },
      });
      expect(edited.json<Draft>().near_duplicate!.similarity).toBeGreaterThan(0.5);
      const unrelated = await patch(`/api/drafts/${d!.id}`, {
        text: 'Rye flour behaves nothing like wheat: the dough stays sticky, so wet your hands and trust the recipe.',
      });
      expect(unrelated.json<Draft>().near_duplicate).toBeNull();
    });

    it('re-scores an edit, refuses drafts over the limits, approves into a free slot outside quiet hours, and rejects', async () => {
      const [a, b] = (await post('/api/drafts/generate', { persona_id: PERSONA.id, count: 2, seed: 9 })).json<
        Draft[]
      >();
      const long = await patch(`/api/drafts/${a!.id}`, {
        text: 'x'.repeat(501) + ' https://a.example https://b.example',
      });
      expect(long.json<Draft>()).toMatchObject({ limits_ok: false, limit_reasons: [{ code: 'too_long' }] });
      expect((await post(`/api/drafts/${a!.id}/approve`)).statusCode).toBe(422);
      const fixed = (
        await patch(`/api/drafts/${a!.id}`, { text: 'How to bake rye: wet hands, long rest, hot oven.' })
      ).json<Draft>();
      expect(fixed.limits_ok).toBe(true);
      expect(fixed.hooks.map((h) => h.type)).toContain('how_to');

      const approved = await post(`/api/drafts/${a!.id}/approve`, {});
      expect(approved.statusCode).toBe(200);
      const at = new Date(approved.json<Draft>().scheduled_at!);
      expect(approved.json<Draft>().status).toBe('scheduled');
      expect(at.getTime()).toBeGreaterThan(t.clock.now);
      expect(at.getUTCHours() >= 22 || at.getUTCHours() < 6).toBe(false);
      expect(at.getUTCMinutes()).toBe(0);
      // the second draft goes at least 24 h / posts_per_day after the first
      const secondRes = await post(`/api/drafts/${b!.id}/approve`);
      expect(secondRes.statusCode, secondRes.body).toBe(200);
      const second = secondRes.json<Draft>();
      expect(Math.abs(new Date(second.scheduled_at!).getTime() - at.getTime())).toBeGreaterThanOrEqual(
        12 * HOUR,
      );

      expect((await post(`/api/drafts/${a!.id}/approve`)).statusCode).toBe(409);
      expect((await patch(`/api/drafts/${a!.id}`, { text: 'changed' })).statusCode).toBe(409);
      const rejected = await post(`/api/drafts/${a!.id}/reject`);
      expect(rejected.json<Draft>().status).toBe('rejected');
      expect((await post(`/api/drafts/${a!.id}/reject`)).statusCode).toBe(409);
      expect((await post('/api/drafts/999999/approve')).statusCode).toBe(404);
      const past = await post(`/api/drafts/${b!.id}/reject`);
      expect(past.statusCode).toBe(200);

      const pending = (await get(`/api/drafts?status=rejected&persona_id=${PERSONA.id}`)).json<Draft[]>();
      expect(pending.map((d) => d.id).sort()).toEqual([a!.id, b!.id].sort());
      expect((await get('/api/drafts?status=bogus')).statusCode).toBe(422);
    });

    it('documents every content route in the OpenAPI document', async () => {
      const doc = (await get('/docs/json')).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/drafts/{id}/approve', '/api/personas', '/api/templates/{id}']),
      );
    });

    it('auto-approves drafts predicted at or above the persona threshold', async () => {
      await post('/api/personas', { ...PERSONA, id: 'auto_bo', approval: 'auto', auto_threshold: 0 });
      await post('/api/personas', { ...PERSONA, id: 'strict_bo', approval: 'auto', auto_threshold: 1 });
      const [auto] = (
        await post('/api/drafts/generate', {
          persona_id: 'auto_bo',
          count: 1,
          seed: 1234,
          hook_family: 'discovery',
        })
      ).json<Draft[]>();
      const [strict] = (
        await post('/api/drafts/generate', {
          persona_id: 'strict_bo',
          count: 1,
          seed: 4321,
          hook_family: 'statistical',
        })
      ).json<Draft[]>();
      expect(auto).toMatchObject({ status: 'scheduled' });
      expect(strict).toMatchObject({ status: 'pending', scheduled_at: null });
    });
  });

  describe('best times', () => {
    it('ranks the hours of the week by engagement shrunk toward the account mean', async () => {
      const base = Date.parse('2026-11-01T00:00:00.000Z'); // a Sunday
      const posts: { id: string; at: number; likes: number }[] = [];
      for (let w = 0; w < 6; w++) {
        posts.push({ id: `bt_good_${w}`, at: base + w * 7 * 24 * HOUR + 18 * HOUR, likes: 900 });
        posts.push({ id: `bt_bad_${w}`, at: base + w * 7 * 24 * HOUR + 4 * HOUR, likes: 100 });
      }
      posts.push({ id: 'bt_lucky', at: base + 24 * HOUR + 9 * HOUR, likes: 1500 });
      await t.deps.store.db
        .insertInto('posts')
        .values(
          posts.map((p) => ({
            id: p.id,
            account_id: 'acct_bt',
            persona_id: 'bt',
            content: p.id,
            published_at: new Date(p.at),
            source: 'test',
          })),
        )
        .execute();
      await t.deps.store.db
        .insertInto('post_snapshots')
        .values(
          posts.map((p) => ({
            post_id: p.id,
            taken_at: new Date(p.at + 24 * HOUR),
            views: 10_000,
            likes: p.likes,
          })),
        )
        .execute();
      const res = await get('/api/accounts/acct_bt/best-times?limit=3');
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        posts: number;
        account_mean: number;
        slots: { day: number; hour: number; posts: number; mean: number; score: number }[];
      }>();
      expect(body.posts).toBe(13);
      expect(body.slots[0]).toMatchObject({ day: 0, hour: 18, posts: 6 });
      expect(body.slots[0]!.mean).toBeCloseTo(0.09, 9);
      // one lucky post (0.15, above the best hour's raw 0.09) is pulled toward the mean: (0.15 + 5·mean) / 6
      const lucky = body.slots.find((s) => s.day === 1 && s.hour === 9)!;
      expect(lucky.score).toBeCloseTo((0.15 + 5 * body.account_mean) / 6, 6);
      expect(lucky.score).toBeLessThan(body.slots[0]!.score);
      const empty = (await get('/api/accounts/acct_none/best-times')).json<{
        posts: number;
        slots: unknown[];
      }>();
      expect(empty).toMatchObject({ posts: 0 });
      expect(empty.slots).toHaveLength(10);
    });
  });
});
