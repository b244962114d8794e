import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalyzer } from '../../src/comments/default-analyzer.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';
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
 * Auto-hide of spam replies on the Accounts page in Chromium: the account connected with a token
 * of the simulator's Graph API, auto-hide switched on in the form, a spam reply hidden on the
 * simulator through manage_reply and listed, then unhidden with the Unhide button (the simulator's
 * hidden flag follows both ways).
 */

const ACCOUNT = 'acct_maya';
const SPAM = 'Free giveaway!!! follow me and check my page for free followers';

describe.skipIf(!existsSync(CHROMIUM_PATH))('auto-hide on the Accounts page in Chromium', () => {
  let sim: ThreadsSim;
  let sut: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    sim = await startThreadsSim({ demo: false });
    const maya = sim.simulator.accounts().find((a) => a.id === ACCOUNT)!;
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([
      startApp(
        { SOURCE: 'none', SECRET_KEY: 'cd'.repeat(32), THREADS_API_URL: sim.baseUrl },
        {
          overrides: {
            comments: {
              moderator: sim.connector({ accounts: [{ id: maya.id, persona_id: maya.persona_id }] }),
            },
          },
        },
      ),
      launchBrowser(),
    ]);
    await sut.deps.accounts.service.addToken(sim.tokenOf[ACCOUNT]!);
    ({ context, page, errors } = await openDesktopPage(browser, sut.baseUrl));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sut?.close();
    await sim?.close();
  });

  it('switches auto-hide on, lists the spam reply it hid on Threads, and unhides it', async () => {
    await page.goto('/accounts');
    const form = page.locator(`[data-testid=auto-hide-form][data-account-id=${ACCOUNT}]`);
    const checkbox = form.getByRole('checkbox');
    await expect.poll(() => checkbox.isChecked()).toBe(false);
    await expect.poll(() => form.getByLabel('Minimum spam score').inputValue()).toBe('0.9');
    expect(await page.getByTestId('auto-hide').getByText('No reply hidden yet.').count()).toBe(1);

    await form.getByLabel('Minimum spam score').fill('0.2');
    await form.getByRole('button', { name: /^Save/ }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('Choose a spam score between 0.5 and 1.');
    await checkbox.check();
    await form.getByLabel('Minimum spam score').fill('0.95');
    await form.getByRole('button', { name: /^Save/ }).click();
    await expect
      .poll(() => page.getByTestId('auto-hide-notice').textContent())
      .toBe('Auto-hide on for @maya.moves (spam score ≥ 0.95).');
    expect(await sut.deps.comments.autoHide.settings(ACCOUNT)).toEqual({
      account_id: ACCOUNT,
      enabled: true,
      threshold: 0.95,
    });

    // a spam reply under Maya's post, analysed by the pipeline's classifier
    const post = sim.simulator.publish({ account_id: ACCOUNT, content: 'My morning run, 10 km' });
    const reply = sim.simulator.addComment(post.id, { text: SPAM, author: 'promo_bot' });
    const analysis = defaultAnalyzer(SPAM);
    const hid = await sut.deps.comments.autoHide.evaluate([
      {
        comment: {
          comment_id: reply.id,
          post_id: post.id,
          author: 'promo_bot',
          text: SPAM,
          account_id: ACCOUNT,
          post_url: null,
          post_author: 'maya.moves',
        },
        analysis: {
          comment_id: reply.id,
          intent: analysis.intent,
          scores: analysis.scores,
          sentiment: 0,
          lead_score: 0,
          model_version: 'test',
        },
      },
    ]);
    expect(hid).toBe(1);
    expect(sim.graph.isHidden(reply.id)).toBe(true);

    await page.reload();
    const row = page.locator(`[data-testid=hidden-replies] tr[data-comment-id="${reply.id}"]`);
    await expect.poll(() => row.getByTestId('hidden-status').textContent()).toBe('Hidden');
    expect(await row.locator('td').first().textContent()).toContain(SPAM);
    expect(await row.locator('[data-label="Spam score"]').textContent()).toBe(
      analysis.scores.spam.toFixed(2),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'auto-hide.png'), fullPage: true });

    await row.getByRole('button', { name: 'Unhide the reply of @promo_bot' }).click();
    await expect
      .poll(() => page.getByTestId('auto-hide-notice').textContent())
      .toBe('Unhid the reply of @promo_bot.');
    await expect.poll(() => row.getByTestId('hidden-status').textContent()).toBe('Unhidden');
    expect(await row.getByRole('button').count()).toBe(0);
    expect(sim.graph.isHidden(reply.id)).toBe(false);
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  });
});
