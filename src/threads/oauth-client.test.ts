import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../source/index.js';
import { ThreadsInvalidParameterError, ThreadsRateLimitError, ThreadsTokenError } from './errors.js';
import { ThreadsOAuthClient } from './oauth-client.js';

const APP_SECRET = 'appsecret-5f0c1d9e8a7b';
const CODE = 'AQBx-authcode-77e1c2';
const TOKEN = 'THAAtoken-0d9c8b7a6f5e';

/**
 * A Threads API that answers every call with an error object whose message (and user message)
 * echoes the whole request: query string and form body, so every secret of the call is in it.
 */
describe(ThreadsOAuthClient.name, () => {
  let server: Server;
  let url = '';
  let code = 190;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const echo = `${req.method} ${req.url} ${body} raw: ${decodeURIComponent(body)}`;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: `bad request ${echo}`, error_user_msg: echo, type: 'OAuthException', code },
          }),
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const a = server.address();
    if (a === null || typeof a === 'string') throw new Error('no port');
    url = `http://127.0.0.1:${a.port}`;
  });

  afterAll(() => {
    server.close();
  });

  const sut = () =>
    new ThreadsOAuthClient({
      apiUrl: url,
      appId: '990011',
      appSecret: APP_SECRET,
      redirectUri: 'http://127.0.0.1/cb',
      timeoutMs: 2000,
    });

  async function failure(call: Promise<unknown>): Promise<Error> {
    const err = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof Error)) throw new Error('the call did not fail');
    return err;
  }

  function expectNoSecret(err: Error): void {
    const text = `${err.message} ${JSON.stringify(err)} ${String(err.stack)}`;
    for (const secret of [APP_SECRET, CODE, TOKEN]) expect(text).not.toContain(secret);
  }

  it('never puts the client secret, the code or a token in an error message, whatever the API echoes', async () => {
    code = 100;
    const calls = [
      () => sut().exchangeCode(CODE),
      () => sut().exchangeForLongLived(TOKEN),
      () => sut().refresh(TOKEN),
      () => sut().me(TOKEN),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(ThreadsInvalidParameterError);
      expect(err.message).toMatch(/: Threads error 100: bad request (POST|GET) \//);
      expect(err.message).toContain('[redacted]');
      expectNoSecret(err);
    }
  });

  it('maps 190 to the token error and 17 to the rate limit, as the Graph client does', async () => {
    code = 190;
    const expired = await failure(sut().refresh(TOKEN));
    expect(expired).toBeInstanceOf(ThreadsTokenError);
    expect((expired as ThreadsTokenError).kind).toBe('auth');
    expect((expired as ThreadsTokenError).transient).toBe(false);
    code = 17;
    const slow = await failure(sut().me(TOKEN));
    expect(slow).toBeInstanceOf(ThreadsRateLimitError);
    expect((slow as ThreadsRateLimitError).transient).toBe(true);
  });

  it('keeps the secrets out of an unreachable API’s error too', async () => {
    const dead = new ThreadsOAuthClient({
      apiUrl: `http://127.0.0.1:9/${TOKEN}`,
      appId: '990011',
      appSecret: APP_SECRET,
      redirectUri: 'http://127.0.0.1/cb',
      timeoutMs: 2000,
    });
    const err = await failure(dead.exchangeCode(CODE));
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('network');
    expectNoSecret(err);
  });
});
