import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountsModule, type AccountsModule } from '../../src/accounts/module.js';
import { ThreadsOAuthClient } from '../../src/threads/oauth-client.js';
import { testConfig } from '../../src/config.js';
import type { Store } from '../../src/infra/db/client.js';
import { ReconnectNeededError } from '../../src/threads/token-provider.js';
import { createTestPgliteStore } from '../helpers/pglite.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';

/**
 * The accounts capability against the simulator's Graph API over HTTP (its OAuth endpoints and
 * token expiry), with the Threads connector reading through the accounts service as its
 * TokenProvider: a connected account stays readable across 70 simulated days, and a revoked one
 * is marked for reconnecting by the connector and not called again.
 */

const DAY = 24 * 3_600_000;

describe('accounts against the simulator’s Graph API', () => {
  let sim: ThreadsSim;
  let store: Store;
  let accounts: AccountsModule;
  let oauth: ThreadsOAuthClient;

  beforeAll(async () => {
    sim = await startThreadsSim({ demo: false });
    store = await createTestPgliteStore();
    const config = testConfig({
      SECRET_KEY: '7a'.repeat(32),
      THREADS_API_URL: sim.baseUrl,
      THREADS_AUTHORIZE_URL: `${sim.baseUrl}/oauth/authorize`,
      THREADS_APP_ID: sim.graph.appId,
      THREADS_APP_SECRET: sim.graph.appSecret,
      THREADS_REDIRECT_URI: 'http://127.0.0.1:9/auth/threads/callback',
    });
    accounts = createAccountsModule({
      db: store.db,
      logger: pino({ level: 'silent' }),
      config,
      clock: () => new Date(sim.simulator.now()),
    });
    oauth = new ThreadsOAuthClient({ apiUrl: sim.baseUrl, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await sim?.close();
    await store?.close();
  });

  it('connects an account through the simulator’s OAuth endpoints (authorize → code → long-lived token)', async () => {
    const authorize = await accounts.service.startAuthorization();
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:9/auth/threads/callback');
    const account = await accounts.service.completeAuthorization(
      back.searchParams.get('code')!,
      back.searchParams.get('state')!,
    );
    const first = sim.simulator.accounts()[0]!;
    expect(account).toMatchObject({
      account_id: first.id,
      username: first.username,
      token_status: 'valid',
      token_expires_at: new Date(sim.simulator.now() + 60 * DAY).toISOString(),
    });
  });

  it('keeps the connector reading for 70 simulated days while the refresh runs daily', async () => {
    const connector = sim.connector({ tokens: accounts.service });
    const id = sim.simulator.accounts()[0]!.id;
    const original = await accounts.service.accessToken(id);
    expect((await connector.profile(id)).id).toBe(id);
    let refreshed = 0;
    for (let day = 1; day <= 70; day++) {
      sim.simulator.advance(DAY);
      refreshed += (await accounts.service.refreshDueTokens()).refreshed;
    }
    expect(refreshed).toBe(1);
    // The token connected on day 0 is dead at Threads; the one stored now is not.
    await expect(oauth.me(original)).rejects.toMatchObject({ code: 190 });
    expect((await connector.profile(id)).id).toBe(id);
    expect((await accounts.service.list()).find((a) => a.account_id === id)?.token_status).toBe('valid');
  });

  it('a revoked token: the connector marks the account, then stops calling Threads for it', async () => {
    const connector = sim.connector({ tokens: accounts.service });
    const id = sim.simulator.accounts()[0]!.id;
    sim.graph.revokeAccount(id);
    await expect(connector.profile(id)).rejects.toThrow();
    expect(await accounts.service.reconnectNeeded()).toEqual([
      { account_id: id, username: sim.simulator.accounts()[0]!.username, reason: expect.any(String) },
    ]);
    await expect(accounts.service.accessToken(id)).rejects.toBeInstanceOf(ReconnectNeededError);
    // The refresh job leaves it alone: no call in a loop.
    sim.simulator.advance(58 * DAY);
    expect(await accounts.service.refreshDueTokens()).toEqual({
      refreshed: 0,
      reconnect_needed: 0,
      failed: 0,
    });
  });
});
