import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Stack, type TestApp } from '../helpers/app.js';

/**
 * Input that used to answer 500, a retry-forever 503, or change the wrong record (issue 16,
 * items 6, 7 and 10): every such request is a 4xx naming the problem, and changes nothing.
 */
describe.each<Stack>(['embedded', 'production'])('hostile input (%s)', (stack) => {
  let t: TestApp;
  let ruleId = 0;
  const rule = {
    name: 'link',
    keywords: ['LINK'],
    template: 'Hi {author}, here it is: {link}',
    variables: { link: 'x' },
  };

  beforeAll(async () => {
    t = await createTestApp(stack);
    const created = await t.app.inject({ method: 'POST', url: '/dm-rules', payload: rule });
    expect(created.statusCode).toBe(201);
    ruleId = created.json<{ id: number }>().id;
  });
  afterAll(() => t.close());

  const ruleNow = async () =>
    (await t.app.inject({ url: `/dm-rules/${ruleId}` })).json<Record<string, unknown>>();

  it.each([
    ['an id past every integer type', '/dm-rules/999999999999999999999999999999'],
    ['a fraction', '/dm-rules/1.5'],
    ['a padded number', '/dm-rules/%201'],
    ['an exponent', '/dm-rules/1e0'],
    ['a hexadecimal number', '/dm-rules/0x1'],
  ])('answers 422 for a DM-rule id that is %s, and neither edits nor deletes rule 1', async (_what, url) => {
    expect(ruleId).toBe(1);
    const before = await ruleNow();
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url,
        ...(method === 'PATCH' ? { payload: { name: 'changed' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(422);
      expect(res.json<{ detail: { loc: unknown[]; type: string }[] }>().detail[0]).toMatchObject({
        loc: ['path', 'id'],
        // text that is no integer: FastAPI's int_parsing
        type: 'int_parsing',
      });
    }
    expect(await ruleNow()).toEqual(before);
  });

  it('answers 404 for a well-formed id that names no rule', async () => {
    expect((await t.app.inject({ url: '/dm-rules/4242' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/dm-rules/9007199254740991' })).statusCode).toBe(404);
  });

  it.each(['Infinity', '-Infinity', 'NaN', '1e400', '', '24h', '2.5'])(
    'answers 422 for /anomalies?hours=%s',
    async (hours) => {
      const res = await t.app.inject({ url: `/anomalies?hours=${encodeURIComponent(hours)}` });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: { loc: unknown[] }[] }>().detail[0]!.loc).toEqual(['query', 'hours']);
    },
  );

  it.each([
    ['a path parameter', '/viral-metrics/p%00', ['path', 'post_id']],
    ['a monitor id', '/comments/monitor/monitor_%00', ['path', 'task_id']],
    ['the inbox search', '/api/comments?q=%00', ['query', 'q']],
    ['a post page', '/api/posts/x%00y', ['path', 'post_id']],
  ])('answers 422 naming the field for a NUL byte in %s', async (_where, url, loc) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail: [expect.objectContaining({ loc, type: 'string_unicode' })] });
  });

  it.each([
    ['name', { ...rule, name: 'a\u0000b' }, ['body', 'name']],
    ['template', { ...rule, template: 'Hi\u0000 {author}' }, ['body', 'template']],
    ['keywords', { ...rule, keywords: ['LI\u0000NK'] }, ['body', 'keywords', 0]],
    ['variables (value)', { ...rule, variables: { link: '\u0000' } }, ['body', 'variables', 'link']],
    ['variables (name)', { ...rule, variables: { 'li\u0000nk': 'x' } }, ['body', 'variables', 'li\u0000nk']],
    ['template (lone surrogate)', { ...rule, template: 'Hi \udfff {author}' }, ['body', 'template']],
  ])('rejects a DM rule with unstorable text in %s (422, nothing created)', async (_field, body, loc) => {
    const res = await t.app.inject({ method: 'POST', url: '/dm-rules', payload: body });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: { loc: unknown[] }[] }>().detail[0]!.loc).toEqual(loc);
    expect((await t.app.inject({ url: '/dm-rules' })).json<unknown[]>()).toHaveLength(1);
  });

  it('rejects a monitor for a post id with a NUL byte instead of answering 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/comments/monitor',
      payload: { post_id: 'p\u00001', interval_seconds: 60 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: { loc: unknown[] }[] }>().detail[0]!.loc).toEqual(['body', 'post_id']);
  });

  it('rejects a DM-rule variable whose name is not allowed instead of dropping it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/dm-rules',
      payload: { ...rule, name: 'other', template: 'Hi {author}', variables: { 'bad name': 'x', ok: 'y' } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: { loc: unknown[]; type: string }[] }>().detail).toContainEqual(
      expect.objectContaining({ loc: ['body', 'variables', 'bad name'], type: 'extra_forbidden' }),
    );
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/dm-rules/${ruleId}`,
      payload: { variables: { '1x': 'y' } },
    });
    expect(patch.statusCode).toBe(422);
    expect((await ruleNow()).variables).toEqual({ link: 'x' });
  });

  it('answers Fastify’s own errors in the {"detail": …} shape', async () => {
    const long = await t.app.inject({ url: `/viral-metrics/${'a'.repeat(500)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ detail: 'URI too long: a path parameter is over 100 characters' });
    for (const url of ['/viral-metrics/%E0%A4%A', '/%zz', '/dm-rules/%ED%A0%80']) {
      const bad = await t.app.inject({ url });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ detail: 'Malformed URL: a percent-encoded sequence is not valid UTF-8' });
    }
  });
});
