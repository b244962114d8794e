import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Persona {
  id: string;
  account_id: string;
  name: string;
  topics: string[];
  posts_per_day: number;
  quiet_hours: { start: number; end: number } | null;
  approval: string;
  auto_threshold: number | null;
}
interface TemplateDetail {
  id: number;
  name: string;
  version: number;
  body: string;
  variables: string[];
  versions: { version: number; body: string }[];
}

/** The Personas & templates page's forms: what the user types reaches the API, and the API's 422 its field. */
describe.skipIf(!existsSync(CHROMIUM_PATH))('personas and templates forms in Chromium', () => {
  let sut: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([startApp(), launchBrowser()]);
    // stored posts, whose persona_ids become personas that cannot be deleted
    await sut.collect();
    ({ page, errors } = await openDesktopPage(browser, sut.baseUrl));
    page.on('dialog', (d) => void d.accept());
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  const status = async (path: string) => (await fetch(sut.baseUrl + path)).status;
  /** The page's errors, a failed request as its status: the forms' expected 4xx, nothing else. */
  const problems = () => errors.map((e) => /Failed to load resource: .* status of (\d+)/.exec(e)?.[1] ?? e);
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

  it('creates a persona, shows the 422 at its field, edits it, and says why a persona with posts stays', async () => {
    await page.goto('/personas');
    const form = page.getByTestId('persona-form');
    await form.getByTestId('persona-id').fill('nora_sleep');
    await form.getByTestId('persona-account_id').fill('acct_nora');
    await form.getByTestId('persona-name').fill('Nora');
    await form.getByTestId('persona-topics').fill('sleep, recovery');
    await form.getByTestId('persona-posts_per_day').fill('0');
    await form.getByTestId('persona-save').click();

    // the server's 422, beside the field it names, the field invalid, focused and described by it
    const error = page.getByTestId('persona-new-posts_per_day-error');
    await expect.poll(() => error.textContent()).toMatch(/greater than or equal to 1/i);
    const input = form.getByTestId('persona-posts_per_day');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain('persona-new-posts_per_day-error');
    await expect.poll(focusedId).toBe('persona-new-posts_per_day');
    expect(await form.getByRole('alert').textContent()).toContain('Posts a day');
    expect(await form.locator('[aria-invalid=true]').count()).toBe(1);
    expect(await status('/api/personas/nora_sleep')).toBe(404);
    expect(await accessibilityViolations(page)).toEqual([]);

    await input.fill('5');
    await form.getByTestId('persona-quiet_start').fill('22');
    await form.getByTestId('persona-quiet_end').fill('6');
    await form.getByTestId('persona-save').click();
    const row = page.locator('[data-testid=personas] tr[data-persona-id="nora_sleep"]');
    await row.waitFor();
    expect(await page.getByTestId('personas-notice').textContent()).toBe('Created “Nora” (nora_sleep).');
    expect(await sut.api<Persona>('/api/personas/nora_sleep')).toMatchObject({
      account_id: 'acct_nora',
      name: 'Nora',
      topics: ['sleep', 'recovery'],
      posts_per_day: 5,
      quiet_hours: { start: 22, end: 6 },
      approval: 'review',
      auto_threshold: null,
    });
    // the form is empty again, its errors gone
    expect(await form.getByTestId('persona-id').inputValue()).toBe('');
    expect(await form.locator('[aria-invalid=true]').count()).toBe(0);

    // edit: auto approval without a threshold is the server's rule, shown at the threshold
    await row.getByTestId('persona-edit').click();
    expect(await page.locator('#persona-form-heading').textContent()).toBe('Edit “Nora” (nora_sleep)');
    expect(await form.getByTestId('persona-posts_per_day').inputValue()).toBe('5');
    expect(await form.getByTestId('persona-id').count()).toBe(0);
    await form.getByTestId('persona-posts_per_day').fill('7');
    await form.getByTestId('persona-topics').fill('sleep, recovery, naps');
    await form.getByTestId('persona-approval-auto').check();
    await form.getByTestId('persona-save').click();
    const threshold = page.getByTestId('persona-nora_sleep-auto_threshold-error');
    await expect.poll(() => threshold.textContent()).toContain('auto approval needs an auto_threshold');
    await expect.poll(focusedId).toBe('persona-nora_sleep-auto_threshold');
    expect((await sut.api<Persona>('/api/personas/nora_sleep')).posts_per_day).toBe(5);

    await form.getByTestId('persona-auto_threshold').fill('0.04');
    await form.getByTestId('persona-save').click();
    await expect.poll(() => page.getByTestId('personas-notice').textContent()).toBe('Saved “Nora”.');
    expect(await sut.api<Persona>('/api/personas/nora_sleep')).toMatchObject({
      posts_per_day: 7,
      topics: ['sleep', 'recovery', 'naps'],
      quiet_hours: { start: 22, end: 6 },
      approval: 'auto',
      auto_threshold: 0.04,
    });
    await expect
      .poll(() => row.locator('td[data-label="Cadence (UTC)"]').textContent())
      .toBe('7 a day, quiet 22:00–6:00');
    expect(await row.locator('td[data-label=Approval]').textContent()).toBe('auto at ≥ 4.00 %');
    expect(await page.locator('#persona-form-heading').textContent()).toBe('New persona');

    // a persona that stored posts carry cannot be deleted: the server's 409 is shown
    const adopted = (await sut.api<Persona[]>('/api/personas')).find((p) => p.id !== 'nora_sleep')!;
    await page.locator(`tr[data-persona-id="${adopted.id}"]`).getByTestId('persona-delete').click();
    await expect
      .poll(() => page.getByTestId('personas-notice').textContent())
      .toBe(
        `Could not delete “${adopted.name}”: Persona ${adopted.id} is the persona of stored posts; it cannot be deleted`,
      );
    expect(await status(`/api/personas/${adopted.id}`)).toBe(200);
    expect(problems()).toEqual(['422', '422', '409']);
  }, 60_000);

  it('creates a template, edits it into version 2 (a 422 at its field on the way) and lists both versions', async () => {
    errors.length = 0;
    await page.goto('/personas');
    const form = page.getByTestId('template-form');
    await form.getByTestId('template-name').fill('Sleep question');
    await form.getByTestId('template-hook').selectOption('question');
    await form.getByTestId('template-body').fill('Ask {topic} people one question about {brief}.');
    await form.getByTestId('template-save').click();
    const row = page.locator('[data-testid=templates] tr', { hasText: 'Sleep question' });
    await row.waitFor();
    expect(await row.getByTestId('template-version').textContent()).toBe('v1');
    const [created] = (await sut.api<TemplateDetail[]>('/api/templates')).filter(
      (t) => t.name === 'Sleep question',
    );
    expect(created).toMatchObject({ version: 1, variables: ['topic', 'brief'] });

    await row.getByTestId('template-edit').click();
    const versions = page.getByTestId('template-versions').locator('li');
    await expect.poll(() => versions.count()).toBe(1);
    expect(await form.getByTestId('template-variables').inputValue()).toBe('topic, brief');
    // the new prompt drops {brief} while the variables still declare it: the server's 422 at Variables
    await form.getByTestId('template-body').fill('Ask one sharp question about {topic}.');
    await form.getByTestId('template-save').click();
    const error = page.getByTestId(`template-${created!.id}-variables-error`);
    await expect.poll(() => error.textContent()).toBe('variables not used in the body: brief');
    await expect.poll(focusedId).toBe(`template-${created!.id}-variables`);
    expect((await sut.api<TemplateDetail>(`/api/templates/${created!.id}`)).version).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    // on a small phone the forms, their messages and the version history fit the screen's width
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    await page.setViewportSize({ width: 1280, height: 900 });

    await form.getByTestId('template-variables').fill('');
    await form.getByTestId('template-save').click();
    await expect
      .poll(() => page.getByTestId('personas-notice').textContent())
      .toBe('Saved “Sleep question” as version 2.');
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.evaluateAll((li) => li.map((l) => l.getAttribute('data-version')))).toEqual([
      '2',
      '1',
    ]);
    expect(await versions.first().locator('.version-body').textContent()).toBe(
      'Ask one sharp question about {topic}.',
    );
    await expect.poll(() => row.getByTestId('template-version').textContent()).toBe('v2');
    const detail = await sut.api<TemplateDetail>(`/api/templates/${created!.id}`);
    expect(detail).toMatchObject({
      version: 2,
      body: 'Ask one sharp question about {topic}.',
      variables: ['topic'],
    });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'personas.png'), fullPage: true });

    // the persona made in the first test goes: it has neither drafts nor posts
    await page.locator('tr[data-persona-id="nora_sleep"]').getByTestId('persona-delete').click();
    await page.locator('tr[data-persona-id="nora_sleep"]').waitFor({ state: 'detached' });
    expect(await page.getByTestId('personas-notice').textContent()).toBe('Deleted the persona “Nora”.');
    expect(await status('/api/personas/nora_sleep')).toBe(404);
    expect(problems()).toEqual(['422']);
  }, 60_000);
});
