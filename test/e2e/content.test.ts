import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  ensureDashboardBuilt,
  launchBrowser,
  SCREENSHOT_DIR,
  startApp,
  openDesktopPage,
  type RunningApp,
} from './harness.js';

interface Draft {
  id: number;
  text: string;
  status: string;
  scheduled_at: string | null;
  published_post_id: string | null;
}

const HOUR = 3_600_000;

describe.skipIf(!existsSync(CHROMIUM_PATH))('content engine in Chromium', () => {
  let sut: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([startApp(), launchBrowser()]);
    const res = await fetch(`${sut.baseUrl}/api/personas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'maya_drafts',
        account_id: 'acct_maya',
        name: 'Maya (drafts)',
        topics: ['deadlifts', 'mobility', 'home workouts'],
        posts_per_day: 4,
      }),
    });
    expect(res.status).toBe(201);
    ({ page, errors } = await openDesktopPage(browser, sut.baseUrl));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('generate, edit, approve: the draft is scheduled, published through the simulator and listed among the posts with its metrics', async () => {
    await page.goto('/drafts?persona=maya_drafts');
    await page.getByTestId('draft-count').fill('3');
    await page.getByTestId('generate').click();
    const cards = page.getByTestId('draft');
    await expect.poll(() => cards.count()).toBe(3);
    // every draft shows its hook highlighted and its predicted engagement
    for (let i = 0; i < 3; i++) {
      await expect.poll(() => cards.nth(i).locator('mark').count()).toBeGreaterThan(0);
      expect(await cards.nth(i).getByTestId('draft-predicted').textContent()).toMatch(/\d+\.\d\d %/);
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'drafts.png'), fullPage: true });

    const id = Number(await cards.first().getAttribute('data-draft-id'));
    const card = page.locator(`[data-draft-id="${id}"]`);
    await card.getByTestId('draft-edit').click();
    const edited =
      'How to deadlift without hurting your back: brace, hinge, keep the bar close.\n\nStart light for two weeks.';
    await card.getByTestId('draft-text').fill(edited);
    await card.getByTestId('draft-save').click();
    await expect
      .poll(async () => (await card.locator('.post-content').textContent()) ?? '')
      .toBe(edited.replace('\n\n', '\n\n'));
    expect(await card.locator('mark').first().textContent()).toMatch(/how to/i);
    expect(await card.locator('.post-meta').textContent()).toContain('edited');

    await card.getByTestId('draft-approve').click();
    await expect.poll(() => page.locator(`[data-draft-id="${id}"]`).count()).toBe(0);
    const scheduled = await sut.api<Draft>(`/api/drafts/${id}`);
    expect(scheduled).toMatchObject({ status: 'scheduled', text: edited });

    await page.goto('/calendar');
    await expect
      .poll(() => page.locator(`[data-testid=calendar-scheduled] tr[data-draft-id="${id}"]`).count())
      .toBe(1);
    // the best-times table loads on its own request: wait for it rather than racing it
    await expect.poll(() => page.getByTestId('best-times').locator('tbody tr').count()).toBe(10);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'calendar.png'), fullPage: true });

    // the slot comes (simulated time), the publishing sweep runs
    await sut.deps.source.control!.advance(
      Date.parse(scheduled.scheduled_at!) - sut.deps.clock().getTime() + HOUR / 4,
    );
    await sut.deps.content.publisher.queueDue();
    await expect
      .poll(async () => (await sut.api<Draft>(`/api/drafts/${id}`)).status, { timeout: 15_000 })
      .toBe('published');
    const published = await sut.api<Draft>(`/api/drafts/${id}`);
    await sut.collect();

    const posts = await sut.api<{
      items: { id: string; content: string; kpis: Record<string, number> | null }[];
    }>('/api/posts?limit=100');
    const post = posts.items.find((p) => p.id === published.published_post_id);
    expect(post?.content).toBe(edited);
    expect(post?.kpis).not.toBeNull();

    await page.goto('/posts');
    const row = page.locator(`[data-testid=posts-table] a[href="/posts/${published.published_post_id}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    await expect
      .poll(async () => (await page.locator('.post-content').first().textContent()) ?? '')
      .toContain('How to deadlift');

    await page.goto('/drafts?status=published');
    await expect.poll(() => page.locator(`[data-draft-id="${id}"] [data-testid=draft-post]`).count()).toBe(1);
    await page.goto('/personas');
    await expect
      .poll(() => page.getByTestId('personas').locator('tbody tr').count())
      .toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  }, 90_000);
});
