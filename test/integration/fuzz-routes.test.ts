import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { FakeThreadsOAuth } from '../helpers/fake-threads-oauth.js';

/**
 * Issue 16: no generated input gets a 5xx while the store is healthy. Every route of the
 * OpenAPI document is called with bodies shaped like its schema but holding anything (wrong
 * types, NUL, lone surrogates, huge and negative numbers, nested junk), and with arbitrary text
 * in every path and query parameter.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
}
interface Operation {
  parameters?: { in: 'path' | 'query'; name: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

const nasty = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '😀',
  '%00',
  '../../etc/passwd',
  ' 1',
  '1.5',
  '-1',
  '0',
  '1e309',
  'Infinity',
  'NaN',
  '9'.repeat(40),
  'true',
  'null',
  '{}',
  '2026-13-45T99:99:99Z',
  "'; drop table comments; --",
  'a'.repeat(10_001),
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), nasty);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -0, 0, 1, 1.5),
  fc.boolean(),
  fc.constant(null),
);
const junk = fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 }), fc.array(scalar, { maxLength: 3 }));

/** Values near a schema: usually of its shape, each part replaceable by junk. */
function near(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return junk;
  const branches: fc.Arbitrary<unknown>[] = [junk];
  if (schema.enum) branches.push(fc.constantFrom(...schema.enum));
  for (const s of schema.anyOf ?? []) branches.push(near(s, depth + 1));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('object') && schema.properties) {
    const props = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, near(v, depth + 1)] as const),
    );
    branches.push(fc.record(props, { requiredKeys: [] }), fc.record(props));
  }
  if (types.includes('array')) branches.push(fc.array(near(schema.items, depth + 1), { maxLength: 4 }));
  if (types.includes('string')) branches.push(text);
  if (types.includes('integer') || types.includes('number')) branches.push(fc.integer({ min: -5, max: 300 }));
  return fc.oneof(...branches);
}

/** Percent-encode any text, lone surrogates included (as the bytes a client could send). */
function encodeAny(s: string): string {
  return [...s]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code >= 0xd800 && code <= 0xdfff)
        return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
      return encodeURIComponent(ch);
    })
    .join('');
}

describe('fuzzing every route (embedded store, healthy)', () => {
  let t: TestApp;
  let routes: { method: string; path: string; op: Operation }[] = [];
  // Accounts are configured (healthy includes a reachable Threads): pasted junk tokens reach /me.
  const threads = new FakeThreadsOAuth({ now: Date.now() });

  beforeAll(async () => {
    await threads.start();
    t = await createTestApp('embedded', {
      env: {
        COMMENT_RATE_LIMIT_PER_MINUTE: '1000000',
        SECRET_KEY: '5e'.repeat(32),
        THREADS_API_URL: threads.url,
        THREADS_APP_ID: threads.appId,
        THREADS_APP_SECRET: threads.appSecret,
        THREADS_REDIRECT_URI: threads.redirectUri,
      },
    });
    await t.app.ready();
    const spec = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
  });
  afterAll(async () => {
    await t.close();
    await threads.close();
  });

  it('covers every documented route', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(
      routes.filter((r) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method)).length,
    ).toBeGreaterThan(8);
  });

  it('answers no generated request with a 5xx', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of routes) {
      const params = op.parameters ?? [];
      const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const queryParams = params.filter((p) => p.in === 'query');
      const body = op.requestBody?.content['application/json']?.schema;
      const request = fc.record({
        path: fc.tuple(
          ...pathNames.map(() => fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), nasty)),
        ),
        query: fc.record(
          Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(near(p.schema), text)] as const)),
          { requiredKeys: [] },
        ),
        body: body ? near(body) : fc.constant(undefined),
      });
      await fc
        .assert(
          fc.asyncProperty(request, async ({ path: values, query, body: payload }) => {
            let url = path;
            pathNames.forEach((name, i) => (url = url.replace(`{${name}}`, encodeAny(values[i] || 'x'))));
            const qs = Object.entries(query)
              .map(([k, v]) => `${k}=${encodeAny(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
              .join('&');
            const res = await t.app.inject({
              method: method as 'GET',
              url: qs ? `${url}?${qs}` : url,
              ...(method === 'GET' || method === 'DELETE'
                ? {}
                : { payload: JSON.stringify(payload ?? null) }),
              headers: { 'content-type': 'application/json' },
            });
            if (res.statusCode >= 500)
              failures.push(`${method} ${url}?${qs} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            return res.statusCode < 500;
          }),
          { numRuns: 40, seed: 16, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
