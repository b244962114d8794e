import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../../src/content/composer.js';
import { GenerationError, type GenerationInput } from '../../src/content/generator.js';
import { OpenAiCompatibleGenerator } from '../../src/content/openai-generator.js';
import { createTestApp, type Stack, type TestApp } from '../helpers/app.js';

/** A chat-completions server over real HTTP whose next answers the test scripts. */
interface Seen {
  at: number;
  headers: IncomingMessage['headers'];
  body: { model: string; messages: { role: string; content: string }[] };
}
type Script = (res: ServerResponse) => void;

const ok =
  (text: string, tokens = 42): Script =>
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        choices: [{ message: { role: 'assistant', content: text } }],
        usage: { total_tokens: tokens },
      }),
    );
  };
const status =
  (code: number, headers: Record<string, string> = {}): Script =>
  (res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message: `status ${code}` } }));
  };
const raw =
  (body: string): Script =>
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };
const slow =
  (ms: number, then: Script): Script =>
  (res) => {
    setTimeout(() => {
      if (!res.destroyed) then(res);
    }, ms);
  };

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let script: Script[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions' || req.method !== 'POST') return status(404)(res);
      seen.push({ at: Date.now(), headers: req.headers, body: JSON.parse(data) as Seen['body'] });
      (script.shift() ?? status(500))(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  seen.length = 0;
  script = [];
});

const input: GenerationInput = {
  persona: {
    id: 'p',
    account_id: 'a',
    name: 'Bo',
    voice: 'warm',
    topics: ['sourdough'],
    avoid: ['cheap'],
    language: 'en',
    posts_per_day: 3,
    quiet_hours: null,
    approval: 'review',
    auto_threshold: null,
    created_at: new Date(),
    updated_at: new Date(),
  },
  count: 1,
  hookFamily: 'question',
  template: {
    template_id: 1,
    version: 2,
    body: 'Write about {topic} as {persona}.',
    variables: ['topic', 'persona'],
    hook_family: 'question',
    created_at: new Date(),
  },
  seed: 7,
  style: DEFAULT_STYLE,
};

const SECRET = 'sk-test-not-for-logs';
const sut = (o: Partial<ConstructorParameters<typeof OpenAiCompatibleGenerator>[0]> = {}) =>
  new OpenAiCompatibleGenerator({
    baseUrl,
    model: 'tiny-model',
    apiKey: SECRET,
    timeoutMs: 300,
    minBackoffMs: 20,
    retries: 3,
    ...o,
  });

describe(OpenAiCompatibleGenerator.name, () => {
  it('asks the model with the filled template and keeps the tokens it used', async () => {
    script = [ok('"Have you ever wondered why sourdough needs patience?"', 57)];
    const [draft] = await sut().generate(input);
    expect(draft).toEqual({
      text: 'Have you ever wondered why sourdough needs patience?',
      hook_family: 'question',
      tokens_used: 57,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen[0]!.body.model).toBe('tiny-model');
    expect(seen[0]!.body.messages[1]).toEqual({ role: 'user', content: 'Write about sourdough as Bo.' });
    expect(seen[0]!.body.messages[0]!.content).toMatch(/500 characters[\s\S]*cheap[\s\S]*question hook/);
  });

  it('retries a slow answer after its timeout', async () => {
    script = [slow(1000, ok('late')), ok('Why is rye so sticky?')];
    const [draft] = await sut().generate(input);
    expect(draft!.text).toBe('Why is rye so sticky?');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(300);
  });

  it('waits what Retry-After asks after a 429', async () => {
    script = [status(429, { 'retry-after': '1' }), ok('Is bread worth it?')];
    const [draft] = await sut().generate(input);
    expect(draft!.text).toBe('Is bread worth it?');
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx answers, then gives up with the status and without the key', async () => {
    script = [status(500), status(503), ok('Third time lucky?')];
    expect((await sut().generate(input))[0]!.text).toBe('Third time lucky?');
    seen.length = 0;
    script = [status(500), status(500), status(502), status(500)];
    const err = await sut()
      .generate(input)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenerationError);
    expect((err as Error).message).toContain('HTTP 500');
    expect((err as Error).message).not.toContain(SECRET);
    expect(seen).toHaveLength(4);
  });

  it('fails at once on malformed answers and other 4xx, saying what was wrong', async () => {
    script = [raw('{"choices": [')];
    await expect(sut().generate(input)).rejects.toThrow(/malformed answer \(not JSON\)/);
    expect(seen).toHaveLength(1);
    script = [raw('{"choices": []}')];
    await expect(sut().generate(input)).rejects.toThrow(/malformed answer.*choices\[0\]\.message\.content/);
    script = [raw('{"choices": [{"message": {"content": 12}}]}')];
    await expect(sut().generate(input)).rejects.toThrow(GenerationError);
    seen.length = 0;
    script = [status(400)];
    await expect(sut().generate(input)).rejects.toThrow(/HTTP 400/);
    expect(seen).toHaveLength(1);
  });
});

describe.each<Stack>(['embedded', 'production'])(
  'POST /api/drafts/generate with an openai-compatible server (%s)',
  (stack) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(stack, {
        demo: false,
        env: { LLM_BASE_URL: baseUrl, LLM_MODEL: 'tiny-model', LLM_TIMEOUT_MS: '300' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/personas',
        payload: {
          ...input.persona,
          id: 'llm_bo',
          account_id: 'acct_llm',
          created_at: undefined,
          updated_at: undefined,
        },
      });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('stores the tokens each draft used and scores it like any other', async () => {
      script = [
        ok('How to bake rye without tears: wet hands, long rest.', 88),
        ok('Have you ever wondered why crust cracks?', 61),
      ];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/drafts/generate',
        payload: { persona_id: 'llm_bo', count: 2, hook_family: 'how_to' },
      });
      expect(res.statusCode).toBe(201);
      const drafts =
        res.json<
          { generator: string; tokens_used: number; hooks: { type: string }[]; limits_ok: boolean }[]
        >();
      expect(drafts.map((d) => [d.generator, d.tokens_used])).toEqual([
        ['openai-compatible', 88],
        ['openai-compatible', 61],
      ]);
      expect(drafts[0]!.hooks.map((h) => h.type)).toContain('how_to');
      // the composer stays available by name
      const composed = await t.app.inject({
        method: 'POST',
        url: '/api/drafts/generate',
        payload: { persona_id: 'llm_bo', count: 1, generator: 'composer', seed: 3 },
      });
      expect(composed.json<{ generator: string }[]>()[0]!.generator).toBe('composer');
    });

    it('answers 503 with the reason when the server keeps failing, and stores nothing', async () => {
      script = [status(500), status(500), status(500), status(500)];
      const before = await t.deps.store.db
        .selectFrom('drafts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/drafts/generate',
        payload: { persona_id: 'llm_bo', count: 1 },
      });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('HTTP 500');
      expect(res.body).not.toContain(SECRET);
      const after = await t.deps.store.db
        .selectFrom('drafts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    }, 20_000);
  },
);
