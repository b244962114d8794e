import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  ensureDashboardBuilt,
  launchBrowser,
  startApp,
  watchErrors,
  type RunningApp,
} from './harness.js';

const HOUR = 3_600_000;
const STRONG =
  'Here is how I added 40 kg to my deadlift in 12 weeks:\n\n1. Sleep 8 hours\n2. Eat protein at every meal\n3. Train 3x a week\n\nWhich one do you skip?';
const FLAT = 'gym today';

interface Variant {
  id: string;
  value: string;
}

/**
 * An experiment started from the dashboard's form and run on the in-process simulator: each slot
 * the bandit's variant is published to the simulator as a post 30 simulated hours old (so that
 * its 24 h reward exists at once), read by the collector and attached, and the experiments job
 * takes the rewards. The page, polling, shows the posteriors move and the winner declared.
 */
describe.skipIf(!existsSync(CHROMIUM_PATH))('experiments in the dashboard', () => {
  let sut: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await browser.newPage({ baseURL: sut.baseUrl, viewport: { width: 1280, height: 900 } });
    errors = watchErrors(page);
    await post('/api/personas', {
      id: 'fitness_coach',
      account_id: 'acct_maya',
      name: 'Maya',
      topics: ['deadlifts'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  const post = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(sut.baseUrl + path, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** One slot: the bandit's variant published (30 h old), read, attached; then the rewards job. */
  async function slot(id: string): Promise<void> {
    const simulator = sut.deps.source.simulator!;
    const variant = await post<Variant>(`/api/experiments/${id}/next-variant`);
    const published = simulator.publish({
      account_id: 'acct_maya',
      content: variant.value,
      published_at: new Date(sut.deps.clock().getTime() - 30 * HOUR),
    });
    await sut.deps.metrics.collector.get(published.id, '24h', false);
    await post(`/api/experiments/${id}/posts`, { variant_id: variant.id, post_id: published.id });
    await sut.deps.experiments.service.collectRewards();
  }

  const densities = () =>
    page
      .locator('[data-testid=experiment-density]')
      .evaluateAll((lines) => lines.map((l) => l.getAttribute('points')));

  it('creates an experiment from the form, then shows posteriors moving and a winner', async () => {
    await page.goto('/experiments');
    await page.locator('main h1').waitFor();
    await page.getByText('New experiment').click();
    await page.getByTestId('experiment-persona').fill('fitness_coach');
    await page.getByTestId('experiment-brief').fill('deadlift progress');
    await page.getByTestId('experiment-variants').fill(`text: ${FLAT}\ntext: ${STRONG.replace(/\n/g, ' ')}`);
    await page.getByTestId('experiment-max-posts').fill('30');
    await page.getByTestId('experiment-create').click();

    await page.waitForURL(/\/experiments\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('experiment-state').textContent()).toBe('Running');
    await page.locator('[data-testid=experiment-density]').first().waitFor();
    const before = await densities();
    expect(before).toHaveLength(2);
    // both variants start from the same prior: the same curve
    expect(before[0]).toBe(before[1]);

    // the experiments job writes the first slot's draft (the warm-up's first variant) and
    // schedules it: the Drafts page shows its A/B state, linked to the experiment
    expect(await sut.deps.experiments.runner!.scheduleSlots()).toBe(1);
    const [slotDraft] = await sut.deps.store.db
      .selectFrom('experiment_drafts')
      .select('draft_id')
      .where('experiment_id', '=', id)
      .execute();
    const draftCard = (status: string) => {
      return page.locator(
        `[data-testid=draft][data-draft-id="${slotDraft!.draft_id}"][data-status=${status}]`,
      );
    };
    await page.goto('/drafts?status=scheduled');
    const scheduledAb = draftCard('scheduled').getByTestId('ab-state');
    await scheduledAb.waitFor();
    expect(await scheduledAb.getByTestId('ab-state-variant').textContent()).toBe(`“${FLAT}”`);
    expect(await scheduledAb.getByTestId('ab-state-pbest').textContent()).toBe('50%');
    expect(await scheduledAb.getByTestId('ab-state-experiment').getAttribute('href')).toBe(
      `/experiments/${id}`,
    );
    await scheduledAb.getByTestId('ab-state-experiment').click();
    await page.waitForURL(new RegExp(`/experiments/${id}$`));

    // two rewards per variant: the posteriors move, and no winner can be declared yet (three each)
    for (let i = 0; i < 4; i++) await slot(id);
    await page.reload();
    await page.locator('[data-testid=experiment-density]').first().waitFor();
    const moved = await densities();
    expect(moved[0]).not.toBe(before[0]);
    expect(moved[0]).not.toBe(moved[1]);
    expect(await page.getByTestId('experiment-state').textContent()).toBe('Running');

    for (let i = 0; i < 30; i++) {
      const state = (await sut.api<{ state: string }>(`/api/experiments/${id}`)).state;
      if (state !== 'running') break;
      await slot(id);
    }
    // the page polls: it shows the winner without a reload
    await expect
      .poll(() => page.getByTestId('experiment-state').textContent(), { timeout: 15_000 })
      .toBe('Winner');
    expect(await page.getByTestId('experiment-winner').textContent()).toContain('Here is how I added 40 kg');
    const pBest = await page.getByTestId('experiment-pbest-value').allTextContents();
    expect(Number.parseFloat(pBest[1]!)).toBeGreaterThanOrEqual(95);

    // a post of the winning variant shows it on its page, with the probability the experiment ended on
    const decided = await sut.api<{
      winner_variant_id: string;
      variants: (Variant & { posts: { post_id: string }[]; probability_best: number })[];
    }>(`/api/experiments/${id}`);
    const winner = decided.variants.find((v) => v.id === decided.winner_variant_id)!;
    await page.goto(`/posts/${encodeURIComponent(winner.posts[0]!.post_id)}`);
    const postAb = page.getByTestId('ab-state');
    await postAb.waitFor();
    expect(await postAb.getByTestId('ab-state-variant').textContent()).toContain('Here is how I added 40 kg');
    expect(await postAb.textContent()).toContain('(winner)');
    expect(await postAb.getByTestId('ab-state-pbest').textContent()).toBe(
      `${Math.round(winner.probability_best * 100)}%`,
    );
    // the losing variant's slot draft, still scheduled when the winner was declared, was withdrawn
    await page.goto('/drafts?status=rejected');
    const rejectedAb = draftCard('rejected').getByTestId('ab-state');
    await rejectedAb.waitFor();
    expect(await rejectedAb.textContent()).toContain('Decided');

    // the patterns page lists the lift the experiment confirmed
    await page.goto('/patterns');
    const row = page.locator('[data-testid=confirmed-lifts] tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('fitness_coach');
    expect(await row.first().textContent()).toContain('Here is how I added 40 kg');
    expect(errors).toEqual([]);
  }, 120_000);
});
