import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../../src/accounts/token-cipher.js';
import { createTestApp, T0, waitForJob, type TestApp } from '../helpers/app.js';
import { FakeThreadsOAuth } from '../helpers/fake-threads-oauth.js';
import { captureLogs } from '../helpers/log-capture.js';

/**
 * Accounts and tokens end to end (SPEC §5.1): the real app (embedded stack) against a real-HTTP
 * fake of Threads' token endpoints sharing the test's clock.
 */

const SECRET_KEY = 'c0ffee'.repeat(10) + 'c0ff';
const DAY = 24 * 3_600_000;
const MAYA = { id: '17841400000000001', username: 'maya.moves' };
const DEVON = { id: '17841400000000002', username: 'devon.ships' };
const API_KEY = 'test-api-key-123';
const AUTH = { authorization: `Bearer ${API_KEY}` };

describe('accounts API', () => {
  const clock = { now: T0 };
  const fake = new FakeThreadsOAuth(clock);
  const { logger, lines } = captureLogs('debug');
  let t: TestApp;

  const advance = (ms: number) => {
    clock.now += ms;
  };
  const runRefresh = async () => {
    const id = await t.deps.queue.add('refresh_account_tokens', {});
    const job = await waitForJob(t.app, id, 20_000, AUTH);
    expect(job.state).toBe('completed');
    return job.result as { refreshed: number; reconnect_needed: number; failed: number };
  };
  /** Let days pass, the job running each day, until a run finds a token due; that run's outcome. */
  const untilDue = async () => {
    for (let day = 1; day <= 70; day++) {
      advance(DAY);
      const outcome = await runRefresh();
      if (outcome.refreshed + outcome.reconnect_needed + outcome.failed > 0) return outcome;
    }
    throw new Error('no token came due in 70 days');
  };
  const list = async () => {
    const res = await t.app.inject({ url: '/api/accounts', headers: AUTH });
    expect(res.statusCode).toBe(200);
    return res.json<Record<string, unknown>[]>();
  };

  beforeAll(async () => {
    await fake.start();
    fake.redirectUri = 'https://agent.example.com/auth/threads/callback';
    fake.addUser(MAYA);
    fake.addUser(DEVON);
    t = await createTestApp('embedded', {
      demo: false,
      env: {
        SECRET_KEY,
        API_KEYS: API_KEY,
        THREADS_APP_ID: fake.appId,
        THREADS_APP_SECRET: fake.appSecret,
        THREADS_REDIRECT_URI: fake.redirectUri,
        THREADS_API_URL: fake.url,
        LOG_LEVEL: 'debug',
      },
      overrides: { logger, clock: () => new Date(clock.now) },
    });
  });

  afterAll(async () => {
    await t?.close();
    await fake.close();
  });

  it('keeps every /api route and the OAuth start private; the callback is public', async () => {
    expect((await t.app.inject({ url: '/api/accounts' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/accounts', payload: { token: 'x' } })).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/accounts/1' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/auth/threads/start' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/auth/threads/callback?code=x&state=nope' })).statusCode).toBe(400);
    // Nothing to report yet: /ready keeps its usual shape.
    expect((await t.app.inject({ url: '/ready' })).json()).not.toHaveProperty('reconnect_needed');
  });

  it('connects through OAuth: authorize URL with the scopes and a state, code → long-lived token, back to the Accounts page', async () => {
    const start = await t.app.inject({ url: '/auth/threads/start', headers: AUTH });
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://threads.net/oauth/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(fake.appId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(fake.redirectUri);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('scope')).toBe(
      'threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_manage_insights,threads_manage_mentions,threads_delete',
    );
    const state = authorize.searchParams.get('state')!;
    expect(state).toMatch(/^[\w-]{32}$/);

    const code = fake.authorize(MAYA.id);
    const callback = await t.app.inject({ url: `/auth/threads/callback?code=${code}&state=${state}` });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/accounts?connected=maya.moves');
    expect(fake.count('/oauth/access_token')).toBe(1);
    expect(fake.count('/access_token')).toBe(1);

    const [maya] = await list();
    expect(maya).toMatchObject({
      account_id: MAYA.id,
      username: 'maya.moves',
      connected: true,
      token_status: 'valid',
      token_expires_at: new Date(T0 + 5_183_944_000).toISOString(),
      last_polled_at: null,
      usage: { calls_last_hour: 0, calls_24h: 0 },
    });

    // Stored sealed: the row holds no token in clear, and it opens with the key for that account.
    const row = await t.deps.store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    const longLived = fake.issued.at(-1)!;
    expect(row.access_token).not.toContain(longLived);
    expect(new TokenCipher(SECRET_KEY).decrypt(row.access_token, MAYA.id)).toBe(longLived);
    expect(await t.deps.accounts.service.accessToken(MAYA.id)).toBe(longLived);
  });

  it('answers 400 to a replayed, expired, unknown or missing state, and stores nothing', async () => {
    const stateOf = async () =>
      new URL(
        (await t.app.inject({ url: '/auth/threads/start', headers: AUTH })).headers.location!,
      ).searchParams.get('state')!;
    const used = await stateOf();
    const ok = await t.app.inject({
      url: `/auth/threads/callback?code=${fake.authorize(DEVON.id)}&state=${used}`,
    });
    expect(ok.statusCode).toBe(302);
    await t.app.inject({ method: 'DELETE', url: `/api/accounts/${DEVON.id}`, headers: AUTH });
    const exchanges = fake.count('/oauth/access_token');

    const replay = await t.app.inject({
      url: `/auth/threads/callback?code=${fake.authorize(DEVON.id)}&state=${used}`,
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toEqual({ detail: expect.stringMatching(/already used state/) });

    const old = await stateOf();
    advance(11 * 60_000);
    const expired = await t.app.inject({
      url: `/auth/threads/callback?code=${fake.authorize(DEVON.id)}&state=${old}`,
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toEqual({ detail: expect.stringMatching(/Expired state/) });

    const missing = await t.app.inject({ url: `/auth/threads/callback?code=${fake.authorize(DEVON.id)}` });
    expect(missing.statusCode).toBe(400);

    expect(fake.count('/oauth/access_token')).toBe(exchanges);
    expect((await list()).map((a) => a.account_id)).toEqual([MAYA.id]);
  });

  it('sends the browser back with the reason when Threads refuses the code or the user declines', async () => {
    const stateOf = async () =>
      new URL(
        (await t.app.inject({ url: '/auth/threads/start', headers: AUTH })).headers.location!,
      ).searchParams.get('state')!;
    const bad = await t.app.inject({ url: `/auth/threads/callback?code=forged&state=${await stateOf()}` });
    expect(bad.statusCode).toBe(302);
    expect(decodeURIComponent(bad.headers.location!)).toBe(
      '/accounts?error=POST /oauth/access_token: Threads error 100: Invalid verification code format. (fbtrace_id AbC123)',
    );
    const declined = await t.app.inject({
      url: `/auth/threads/callback?error=access_denied&error_description=Permissions+error&state=${await stateOf()}`,
    });
    expect(declined.statusCode).toBe(302);
    expect(decodeURIComponent(declined.headers.location!)).toBe(
      '/accounts?error=Threads did not authorize: Permissions error',
    );
    expect((await list()).map((a) => a.account_id)).toEqual([MAYA.id]);
  });

  it('gives the authorize URL as JSON to the dashboard, which sends its key in a header', async () => {
    const res = await t.app.inject({
      url: '/auth/threads/start',
      headers: { ...AUTH, accept: 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ authorize_url: string }>().authorize_url).toMatch(
      /^https:\/\/threads\.net\/oauth\/authorize\?client_id=/,
    );
  });

  it('adds a pasted token after checking it with /me; a refused token is a 422 that names no token and stores nothing', async () => {
    const refused = 'THLLnotarealtoken0000000000';
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: AUTH,
      payload: { token: refused },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({
      detail: [
        {
          // the refused token is not echoed back as the error's input
          input: null,
          loc: ['body', 'token'],
          msg: 'Threads refused this token (GET /v1.0/me: Threads error 190: Invalid OAuth access token - Cannot parse access token (fbtrace_id AbC123))',
          type: 'value_error',
        },
      ],
    });
    expect(bad.body).not.toContain(refused);
    expect((await list()).map((a) => a.account_id)).toEqual([MAYA.id]);

    // A token issued 3 days ago: refreshed at once, so its real expiry is known.
    const pasted = fake.longLivedToken(DEVON.id, clock.now - 3 * DAY);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: AUTH,
      payload: { token: ` ${pasted} ` },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(pasted);
    expect(res.json()).toMatchObject({
      account_id: DEVON.id,
      username: 'devon.ships',
      token_status: 'valid',
      token_expires_at: new Date(clock.now + 5_183_944_000).toISOString(),
    });
    expect(fake.count('/refresh_access_token')).toBe(1);
    expect(await t.deps.accounts.service.accessToken(DEVON.id)).toBe(fake.issued.at(-1));
  });

  it('lists accounts known only from their posts beside the connected ones, with usage and last poll', async () => {
    await t.deps.store.db
      .insertInto('posts')
      .values([
        {
          id: 'p1',
          account_id: 'acct_maya_sim',
          persona_id: 'fitness_coach',
          post_url: null,
          published_at: new Date(T0),
          source: 'simulator',
        },
        {
          id: 'p2',
          account_id: MAYA.id,
          persona_id: 'maya_persona',
          post_url: null,
          published_at: new Date(T0),
          source: 'threads',
        },
      ])
      .execute();
    await t.deps.accounts.service.recordCalls(MAYA.id, 5);
    await t.deps.accounts.service.recordCalls(MAYA.id);
    await t.deps.accounts.service.markPolled(MAYA.id);
    const accounts = await list();
    const maya = accounts.find((a) => a.account_id === MAYA.id);
    expect(maya).toMatchObject({
      persona_id: 'maya_persona',
      posts: 1,
      last_polled_at: new Date(clock.now).toISOString(),
      usage: { calls_last_hour: 6, calls_24h: 6 },
    });
    expect(await t.deps.accounts.service.callsLast24h(MAYA.id)).toBe(6);
    expect(accounts.find((a) => a.account_id === 'acct_maya_sim')).toEqual({
      account_id: 'acct_maya_sim',
      persona_id: 'fitness_coach',
      posts: 1,
      connected: false,
      username: null,
      token_status: null,
      token_status_reason: null,
      token_expires_at: null,
      last_polled_at: null,
      usage: { calls_last_hour: 0, calls_24h: 0 },
    });
    for (const token of fake.issued) expect(JSON.stringify(accounts)).not.toContain(token);
  });

  it('keeps every token alive across 70 days with the refresh job running daily through the queue', async () => {
    const mayaFirst = await t.deps.accounts.service.accessToken(MAYA.id);
    const refreshesBefore = fake.count('/refresh_access_token');
    for (let day = 1; day <= 70; day++) {
      advance(DAY);
      await runRefresh();
    }
    // The first tokens are long dead; the stored ones still work at Threads.
    expect(fake.accepts(mayaFirst)).toBe(false);
    for (const id of [MAYA.id, DEVON.id]) {
      const token = await t.deps.accounts.service.accessToken(id);
      expect(fake.accepts(token)).toBe(true);
    }
    // One refresh each when < 7 days were left (~day 53–54), not one a day.
    expect(fake.count('/refresh_access_token') - refreshesBefore).toBe(2);
    expect((await list()).filter((a) => a.connected).map((a) => a.token_status)).toEqual(['valid', 'valid']);
    // The job is idempotent: run again at once, nothing is due.
    expect(await runRefresh()).toEqual({ refreshed: 0, reconnect_needed: 0, failed: 0 });
  });

  it('marks a revoked token reconnect_needed once (error 190, not retried) and reports it in /ready', async () => {
    fake.revoke(DEVON.id);
    const first = await untilDue();
    expect(first).toEqual({ refreshed: 1, reconnect_needed: 1, failed: 0 }); // Maya refreshed, Devon revoked
    const calls = fake.count('/refresh_access_token');
    for (let day = 0; day < 3; day++) {
      advance(DAY);
      expect((await runRefresh()).reconnect_needed).toBe(0);
    }
    expect(fake.count('/refresh_access_token')).toBe(calls);

    const devon = (await list()).find((a) => a.account_id === DEVON.id);
    expect(devon).toMatchObject({
      token_status: 'reconnect_needed',
      token_status_reason: expect.stringMatching(
        /^GET \/refresh_access_token: Threads error 190: Error validating access token/,
      ),
    });
    await expect(t.deps.accounts.service.accessToken(DEVON.id)).rejects.toThrow(/needs reconnecting/);

    const anonymous = await t.app.inject({ url: '/ready' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toMatchObject({
      ready: true,
      reconnect_needed: [{ account_id: DEVON.id, username: 'devon.ships' }],
    });
    expect(anonymous.json<{ reconnect_needed: object[] }>().reconnect_needed[0]).not.toHaveProperty('reason');
    const operator = await t.app.inject({ url: '/ready', headers: AUTH });
    expect(operator.json<{ reconnect_needed: { reason: string }[] }>().reconnect_needed[0]!.reason).toMatch(
      /190/,
    );
  });

  it('leaves a token expiring after a temporary failure and refreshes it at the next run', async () => {
    fake.failWith = 503;
    expect((await untilDue()).failed).toBe(1);
    expect((await list()).find((a) => a.account_id === MAYA.id)).toMatchObject({
      token_status: 'expiring',
      token_status_reason: expect.stringMatching(
        /^refresh failed, tried again at the next run: GET \/refresh_access_token: Threads error 2: /,
      ),
    });
    fake.failWith = undefined;
    advance(6 * 3_600_000);
    expect((await runRefresh()).refreshed).toBe(1);
    expect((await list()).find((a) => a.account_id === MAYA.id)).toMatchObject({
      token_status: 'valid',
      token_status_reason: null,
    });
  });

  it('the connector marks an account reconnect_needed with a reason scrubbed of its token', async () => {
    const token = await t.deps.accounts.service.accessToken(MAYA.id);
    await t.deps.accounts.service.markReconnectNeeded(
      MAYA.id,
      `GET /v1.0/me?access_token=${token} → 190 (${token})`,
    );
    const maya = (await list()).find((a) => a.account_id === MAYA.id);
    expect(maya?.token_status).toBe('reconnect_needed');
    expect(maya?.token_status_reason).toBe('GET /v1.0/me?access_token=[redacted] → 190 ([redacted])');
  });

  it('deletes an account (204), then 404', async () => {
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/accounts/${DEVON.id}`, headers: AUTH })).statusCode,
    ).toBe(204);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/accounts/${DEVON.id}`, headers: AUTH });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ detail: `account ${DEVON.id} not found` });
  });

  it('never logged a token or the app secret', () => {
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.msg === 'Threads account needs reconnecting')).toBe(true);
    const text = JSON.stringify(lines);
    expect(fake.issued.length).toBeGreaterThan(5);
    for (const token of fake.issued) expect(text).not.toContain(token);
    expect(text).not.toContain(fake.appSecret);
    expect(text).not.toContain(SECRET_KEY);
  });
});

describe('accounts without SECRET_KEY', () => {
  const clock = { now: T0 };
  const fake = new FakeThreadsOAuth(clock);
  let t: TestApp;

  beforeAll(async () => {
    await fake.start();
    fake.addUser(MAYA);
    t = await createTestApp('embedded', {
      demo: false,
      env: {
        THREADS_API_URL: fake.url,
        THREADS_APP_ID: fake.appId,
        THREADS_APP_SECRET: fake.appSecret,
        THREADS_REDIRECT_URI: fake.redirectUri,
      },
      overrides: { clock: () => new Date(clock.now) },
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake.close();
  });

  it('refuses to store a token or start connecting, saying how to set the key, and stores nothing', async () => {
    const token = fake.longLivedToken(MAYA.id);
    const add = await t.app.inject({ method: 'POST', url: '/api/accounts', payload: { token } });
    expect(add.statusCode).toBe(503);
    expect(add.json<{ detail: string }>().detail).toMatch(/^SECRET_KEY is not set.*openssl rand -hex 32/);
    expect(add.body).not.toContain(token);
    const start = await t.app.inject({ url: '/auth/threads/start' });
    expect(start.statusCode).toBe(503);
    expect(await t.deps.store.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
    expect(await t.deps.store.db.selectFrom('oauth_states').selectAll().execute()).toEqual([]);
    expect(fake.count('/v1.0/me')).toBe(0);
  });
});
