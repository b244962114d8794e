import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  ensureDashboardBuilt,
  launchBrowser,
  startApp,
  watchErrors,
  type RunningApp,
} from './harness.js';

/**
 * The dashboard end to end: the real app (embedded store, in-process simulator) serving the
 * built dashboard to headless Chromium. Waits are on data and elements, never on time.
 */
describe.skipIf(!existsSync(CHROMIUM_PATH))('dashboard in Chromium', () => {
  let sut: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([startApp(), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
      reducedMotion: 'reduce',
      baseURL: sut.baseUrl,
    });
    page = await context.newPage();
    errors = watchErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it('serves the shell at / with navigation, landmarks and a skip link', async () => {
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
    expect(await page.title()).toBe('Overview · threads-agent');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Posts',
      'Patterns',
      'Comments',
      'DMs',
      'Anomalies',
    ]);
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('main#main').count()).toBe(1);
    // The first Tab lands on the skip link, which is then visible.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    expect(await page.locator('.skip-link').boundingBox()).not.toBeNull();
  });

  it('routes on the client without reloading and moves focus to the new page', async () => {
    await page.goto('/');
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Anomalies' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Anomalies');
    expect(new URL(page.url()).pathname).toBe('/alerts');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.goBack();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview');
  });

  it('answers a deep link to a client route with the app (SPA fallback) and unknown paths with 404', async () => {
    const res = await page.goto('/posts/does-not-exist');
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Post');
    const missing = await page.request.get('/definitely-not-a-page');
    expect(missing.status()).toBe(404);
  });

  it('shows loading, then an error with a retry, then the data when the API recovers', async () => {
    let fail = true;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/anomalies?*', async (route) => {
      await gate;
      if (fail) await route.fulfill({ status: 500, json: { detail: 'Internal Server Error' } });
      else await route.fulfill({ status: 200, json: [] });
    });
    await page.goto('/alerts');
    await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor();
    release();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Could not load this. Internal Server Error');
    fail = false;
    await alert.getByRole('button', { name: 'Retry now' }).click();
    await page.getByText('No anomalies in this window.').waitFor();
    expect(errors.filter((e) => !e.includes('500'))).toEqual([]);
  });

  it('ships less than 300 KB of gzipped JavaScript, precompressed and cached for a year', async () => {
    await page.goto('/');
    const scripts = await page
      .locator('script[type=module]')
      .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const src of scripts) {
      const res = await fetch(src, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBe('gzip');
      total += Number(res.headers.get('content-length'));
    }
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThan(300 * 1024);
  });
});
