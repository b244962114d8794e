import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeThreadsOAuth } from '../helpers/fake-threads-oauth.js';
import { freePort } from '../helpers/redis.js';
import {
  accessibilityViolations,
  CHROMIUM_PATH,
  ensureDashboardBuilt,
  launchBrowser,
  SCREENSHOT_DIR,
  startApp,
  openDesktopPage,
  type RunningApp,
} from './harness.js';

/**
 * The Accounts page in Chromium: paste a token, connect through the whole OAuth round trip
 * (the fake plays threads.net and approves), see token state, and the reconnect banner that
 * every page shows once a token is revoked.
 */

const MAYA = { id: '17841400000000011', username: 'maya.moves' };
const DEVON = { id: '17841400000000012', username: 'devon.ships' };

describe.skipIf(!existsSync(CHROMIUM_PATH))('Accounts page in Chromium', () => {
  const fake = new FakeThreadsOAuth({ now: Date.now() });
  let sut: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await fake.start();
    fake.addUser(MAYA);
    fake.addUser(DEVON);
    const port = await freePort();
    fake.redirectUri = `http://127.0.0.1:${port}/auth/threads/callback`;
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([
      startApp(
        {
          SOURCE: 'none',
          SECRET_KEY: 'ab'.repeat(32),
          THREADS_API_URL: fake.url,
          THREADS_AUTHORIZE_URL: `${fake.url}/oauth/authorize`,
          THREADS_APP_ID: fake.appId,
          THREADS_APP_SECRET: fake.appSecret,
          THREADS_REDIRECT_URI: fake.redirectUri,
        },
        { port },
      ),
      launchBrowser(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await fake.close();
  });

  beforeEach(async () => {
    ({ context, page, errors } = await openDesktopPage(browser, sut.baseUrl));
  });

  afterEach(async () => {
    await context.close();
  });

  const rowOf = (id: string) => page.locator(`[data-testid=accounts-table] tr[data-account-id="${id}"]`);

  it('pastes a token: a refused one says why and adds nothing, a good one is listed as valid', async () => {
    await page.goto('/accounts');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Accounts');
    await expect.poll(() => page.getByText('No Threads account connected yet').count()).toBe(1);

    await page.getByLabel('Access token').fill('THLLnot-a-token');
    await page.getByRole('button', { name: 'Add account' }).click();
    await expect
      .poll(() => page.getByTestId('token-error').textContent())
      .toBe(
        'token: Threads refused this token (GET /v1.0/me: Threads error 190: Invalid OAuth access token - Cannot parse access token (fbtrace_id AbC123))',
      );

    await page.getByLabel('Access token').fill(fake.longLivedToken(MAYA.id));
    await page.getByRole('button', { name: 'Add account' }).click();
    await expect.poll(() => page.getByTestId('accounts-notice').textContent()).toBe('Connected @maya.moves.');
    await expect.poll(() => rowOf(MAYA.id).getByTestId('token-status').textContent()).toBe('Valid');
    expect(await page.getByLabel('Access token').inputValue()).toBe('');
    expect(await rowOf(MAYA.id).locator('[data-label=Expires]').textContent()).toMatch(
      /^in (\d+ days|2 months)$/,
    );
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  });

  it('connects through Threads: the button leads to the authorize page and back with the account added', async () => {
    fake.approvingUser = DEVON.id;
    await page.goto('/accounts');
    await page.getByTestId('connect-threads').click();
    await page.waitForURL(/\/accounts\?connected=devon\.ships$/);
    await expect
      .poll(() => page.getByTestId('accounts-notice').textContent())
      .toBe('Connected @devon.ships.');
    await expect.poll(() => rowOf(DEVON.id).getByTestId('token-status').textContent()).toBe('Valid');
    expect(await page.locator('[data-testid=accounts-table] tbody tr').count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'accounts.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows a banner on every page once a token is revoked, and the account as needing reconnect', async () => {
    fake.revoke(DEVON.id);
    await sut.deps.accounts.service.markReconnectNeeded(
      DEVON.id,
      'GET /refresh_access_token: Threads error 190: Error validating access token',
    );
    await page.goto('/');
    const banner = page.getByTestId('reconnect-banner');
    await expect.poll(() => banner.textContent()).toMatch(/^@devon\.ships needs reconnecting\./);
    await page.goto('/inbox');
    await expect.poll(() => banner.textContent()).toMatch(/^@devon\.ships needs reconnecting\./);
    await banner.getByRole('link', { name: 'Reconnect on the Accounts page' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Accounts');
    await expect
      .poll(() => rowOf(DEVON.id).getByTestId('token-status').textContent())
      .toBe('Reconnect needed');
    expect(await rowOf(DEVON.id).getByRole('button', { name: 'Reconnect @devon.ships' }).count()).toBe(1);
    expect(
      await rowOf(MAYA.id)
        .getByRole('button', { name: /^Reconnect/ })
        .count(),
    ).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'accounts-reconnect.png'), fullPage: true });

    // Disconnecting the broken account takes the banner away.
    page.once('dialog', (d) => void d.accept());
    await rowOf(DEVON.id).getByRole('button', { name: 'Disconnect @devon.ships' }).click();
    await expect
      .poll(() => page.getByTestId('accounts-notice').textContent())
      .toBe('Disconnected @devon.ships.');
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    await page.waitForLoadState('networkidle');
    expect((await banner.textContent()) ?? '').toBe('');
    expect(errors).toEqual([]);
  });
});
