import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ROUTES, pathFor, type RouteName } from '../../src/dashboard/client-routes.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  accessibilityViolations,
  SCREENSHOT_DIR,
  shownEquals,
  ensureDashboardBuilt,
  launchBrowser,
  startApp,
  watchErrors,
  type RunningApp,
} from './harness.js';

/** Two common phone screens: a current iPhone's and a small Android's. */
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;
/** The phone whose screenshots go in the README. */
const SHOT_WIDTH = 390;
/** Widths from the smallest phone to a desktop, the breakpoint (720 px) on both sides. */
const WIDTHS = [360, 390, 414, 480, 600, 720, 721, 768, 900, 940, 1024, 1100, 1180, 1280];
const MIN_TARGET = 44;

/** A phone screenshot is `<desktop screenshot's name>-phone.png`. */
const SHOT_NAMES: Partial<Record<RouteName, string>> = { alerts: 'anomalies' };
/** What shows that a page has its data, beyond "no loading state left". */
const READY: Partial<Record<RouteName, string>> = {
  overview: '[data-testid=kpis]',
  posts: '[data-testid=posts-table]',
  post: '[data-testid=chart-interactions] canvas',
  patterns: '[data-testid=patterns-table]',
  inbox: '[data-testid=inbox-table]',
  dms: '[data-testid=dm-outbox]',
  alerts: '[data-testid=anomalies-table], .state-empty',
  experiments: '[data-testid=experiments-table]',
  experiment: '[data-testid=experiment-densities]',
};

interface Inbox {
  total: number;
  items: { comment_id: string; analysis: { intent: string; lead_score: number } | null }[];
}

/**
 * The dashboard on a phone: Chromium's device emulation (mobile viewport, touch) at 390 × 844
 * and 360 × 740. Every client route is visited, so a page added later is held to the same rules:
 * it fits the screen's width, every control is a 44 px touch target, axe finds nothing.
 */
describe.skipIf(!existsSync(CHROMIUM_PATH))('dashboard on a phone', () => {
  let sut: RunningApp;
  let browser: Browser;
  let postId: string;
  let experimentId: string;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    [sut, browser] = await Promise.all([startApp(), launchBrowser()]);
    for (let i = 0; i < 3; i++) await sut.collect();
    await sut.monitorComments(3);
    const { items } = await sut.api<{ items: { id: string }[] }>('/api/posts?limit=100');
    const details = await Promise.all(
      items.map((p) =>
        sut.api<{ id: string; patterns: { hook_patterns: unknown[] } | null }>(`/api/posts/${p.id}`),
      ),
    );
    postId = (details.find((d) => (d.patterns?.hook_patterns.length ?? 0) > 0) ?? details[0])!.id;
    // A DM rule and a reply that triggers it, so that the DMs page has rows in both tables.
    const post = (path: string, body: unknown) =>
      fetch(sut.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => {
        if (!r.ok) throw new Error(`${path} → ${r.status}`);
      });
    await post('/dm-rules', {
      name: 'Send the link',
      intent: 'purchase_intent',
      threshold: 0.8,
      keywords: ['LINK'],
      match: 'any',
      template: 'Hi {author}! Here is the link: {post_url}',
      enabled: true,
    });
    await post('/comments/process', {
      post_id: postId,
      comments: [
        {
          id: `phone-link-${Date.now()}`,
          text: 'How much is it? Please send me the LINK',
          author: 'phone_buyer',
          timestamp: new Date().toISOString(),
        },
      ],
    });
    await until(async () => (await sut.api<{ items: unknown[] }>('/dm-outbox?limit=1')).items.length > 0);
    // An experiment, so that the Experiments pages have a row and a chart (of a known persona).
    const persona = await fetch(sut.baseUrl + '/api/personas', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'fitness_coach',
        account_id: 'acct_maya',
        name: 'Maya',
        topics: ['deadlifts'],
      }),
    });
    // 409: the persona was already adopted from the stored posts
    if (persona.status !== 201 && persona.status !== 409)
      throw new Error(`/api/personas → ${persona.status}`);
    const experiment = await fetch(sut.baseUrl + '/api/experiments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        persona_id: 'fitness_coach',
        brief: 'deadlift progress',
        variants: [{ hook_family: 'question' }, { hook_family: 'how_to' }],
        max_posts: 20,
      }),
    });
    if (!experiment.ok) throw new Error(`/api/experiments → ${experiment.status}`);
    experimentId = ((await experiment.json()) as { id: string }).id;
    // Questions come from the comment monitors: the inbox test filters on them.
    await until(
      async () => (await sut.api<Inbox>('/api/comments?intent=question&handled=false&limit=1')).total > 1,
    );
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  const pathOf = (name: RouteName) =>
    name === 'post'
      ? pathFor('post', { id: postId })
      : name === 'experiment'
        ? pathFor('experiment', { id: experimentId })
        : name === 'alerts'
          ? '/alerts?hours=168'
          : pathFor(name);

  /** Open a page and wait until it shows its data. */
  async function visit(page: Page, name: RouteName): Promise<void> {
    await page.goto(pathOf(name));
    await page.locator('main h1').waitFor();
    const ready = READY[name];
    if (ready) await page.locator(ready).first().waitFor();
    await expect
      .poll(() => page.locator('.state-loading, .kpi-value:text-is("…")').count(), { timeout: 15_000 })
      .toBe(0);
  }

  for (const phone of PHONES) {
    describe(`${phone.width} × ${phone.height}`, () => {
      let context: BrowserContext;
      let page: Page;
      let errors: string[];

      beforeEach(async () => {
        context = await browser.newContext({
          viewport: { width: phone.width, height: phone.height },
          deviceScaleFactor: 3,
          isMobile: true,
          hasTouch: true,
          colorScheme: 'light',
          reducedMotion: 'reduce',
          baseURL: sut.baseUrl,
        });
        page = await context.newPage();
        page.setDefaultTimeout(10_000);
        errors = watchErrors(page);
      });

      afterEach(async () => {
        await context.close();
      });

      const shot = async (name: string) => {
        if (phone.width === SHOT_WIDTH)
          await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone.png`), scale: 'css' });
      };

      it.each(CLIENT_ROUTES.map((r) => r.name))(
        '%s fits the screen: no sideways scrolling, 44 px touch targets, axe clean',
        async (name) => {
          await visit(page, name);
          expect(await pageWidth(page), await overflowing(page, phone.width)).toBe(phone.width);
          expect(await smallTargets(page)).toEqual([]);
          expect(await accessibilityViolations(page)).toEqual([]);
          await shot(SHOT_NAMES[name] ?? name);
          expect(errors).toEqual([]);
        },
      );

      it('the navigation folds into a menu that opens and navigates by tap', async () => {
        await visit(page, 'overview');
        const menu = page.getByRole('button', { name: 'Menu' });
        const nav = page.locator('nav#site-nav');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await nav.isVisible()).toBe(false);
        const header = await page.locator('header.topbar').boundingBox();
        expect(header?.height).toBeLessThan(64);

        await menu.tap();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await nav.getByRole('link', { name: /^Comments/ }).waitFor();
        expect(await nav.getByRole('link').count()).toBe(11);
        expect(await pageWidth(page)).toBe(phone.width);
        expect(await smallTargets(page)).toEqual([]);
        expect(await accessibilityViolations(page)).toEqual([]);
        await shot('menu');

        await nav.getByRole('link', { name: /^Comments/ }).tap();
        await expect.poll(() => page.locator('h1').textContent()).toBe('Comments');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await nav.isVisible()).toBe(false);

        // Escape closes it too, and gives focus back to the button.
        await menu.tap();
        await nav.getByRole('link', { name: 'Posts' }).focus();
        await page.keyboard.press('Escape');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(
          true,
        );
        expect(errors).toEqual([]);
      });

      it('inbox: filters unfold by tap; each card shows author, text, intent and lead score; handled by tap', async () => {
        await visit(page, 'inbox');
        const toggle = page.getByTestId('filter-toggle');
        expect(await page.getByTestId('filter-intent').isVisible()).toBe(false);
        await toggle.tap();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await page.getByTestId('filter-intent').selectOption('question');
        await expect.poll(() => new URL(page.url()).searchParams.get('intent')).toBe('question');
        await toggle.tap();
        expect(await page.getByTestId('filter-intent').isVisible()).toBe(false);
        expect(await toggle.textContent()).toContain('1 set');

        const table = page.getByTestId('inbox-table');
        await expect
          .poll(async () => {
            const intents = await table.locator('td[data-col=intent]').allTextContents();
            return intents.length > 0 && intents.every((i) => i === 'Question');
          })
          .toBe(true);
        const { items } = await sut.api<Inbox>('/api/comments?intent=question&handled=false&limit=25');
        const shown = await table
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-comment-id')));
        // Each of the first cards: every part inside the screen, the table not scrolling sideways.
        for (const id of shown.slice(0, 4)) {
          const row = table.locator(`tr[data-comment-id="${id}"]`);
          for (const part of ['author', 'intent', 'lead_score', 'handled']) {
            const box = await row.locator(`td[data-col=${part}]`).boundingBox();
            expect(box, `${id} ${part}`).not.toBeNull();
            expect(box!.width, `${id} ${part}`).toBeGreaterThan(0);
            expect(box!.x, `${id} ${part}`).toBeGreaterThanOrEqual(0);
            expect(box!.x + box!.width, `${id} ${part}`).toBeLessThanOrEqual(phone.width);
            expect(await row.locator(`td[data-col=${part}]`).isVisible()).toBe(true);
          }
          const text = await row.locator('td.comment-text').boundingBox();
          expect(text!.x + text!.width).toBeLessThanOrEqual(phone.width);
          const api = items.find((c) => c.comment_id === id);
          if (api?.analysis) {
            const lead = (await row.locator('td[data-col=lead_score]').innerText()).replace('Lead score', '');
            expect(shownEquals(lead.trim(), api.analysis.lead_score), `${id} lead ${lead}`).toBe(true);
          }
        }
        expect(
          await page
            .locator('[data-testid=inbox-table]')
            .evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth),
        ).toBe(true);
        expect(await pageWidth(page)).toBe(phone.width);

        // One tap on the card's Handled switch: it leaves the open inbox and is stored.
        const id = shown[0]!;
        await table.locator(`tr[data-comment-id="${id}"] td[data-col=handled] label`).tap();
        await table.locator(`tr[data-comment-id="${id}"]`).waitFor({ state: 'detached' });
        const handled = await sut.api<Inbox>('/api/comments?intent=question&handled=true&limit=200');
        expect(handled.items.map((c) => c.comment_id)).toContain(id);
        expect(errors).toEqual([]);
      });

      it('post page: the charts fit the screen and follow its width', async () => {
        await visit(page, 'post');
        const canvas = page.locator('[data-testid=chart-interactions] canvas').first();
        const rights = () =>
          page
            .locator('canvas')
            .evaluateAll((cs) => Math.max(...cs.map((c) => c.getBoundingClientRect().right)));
        const narrow = (await canvas.boundingBox())!;
        expect(narrow.width).toBeGreaterThan(200);
        expect(await rights()).toBeLessThanOrEqual(phone.width);

        await page.setViewportSize({ width: 1024, height: 800 });
        await expect
          .poll(async () => (await canvas.boundingBox())?.width ?? 0)
          .toBeGreaterThan(narrow.width + 100);
        await page.setViewportSize({ width: phone.width, height: phone.height });
        await expect
          .poll(async () => (await canvas.boundingBox())?.width ?? 0)
          .toBeLessThanOrEqual(narrow.width);
        await expect.poll(rights).toBeLessThanOrEqual(phone.width);
        expect(await pageWidth(page)).toBe(phone.width);
        expect(errors).toEqual([]);
      });

      it('says so when the phone goes offline, and refreshes when it is back', async () => {
        await visit(page, 'inbox');
        const banner = page.getByTestId('offline-banner');
        expect(await banner.textContent()).toBe('');
        await context.setOffline(true);
        await expect.poll(() => banner.textContent()).toContain('You are offline.');
        expect(await page.getByTestId('live-status').textContent()).toBe('Offline');
        expect(await banner.getAttribute('role')).toBe('status');
        expect(await pageWidth(page)).toBe(phone.width);
        await shot('offline');
        await context.setOffline(false);
        await expect.poll(() => banner.textContent()).toBe('');
        await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/^Updated /);
      });
    });
  }

  it('is installable: a web app manifest with PNG icons, as Chromium judges it', async () => {
    // A browser with a profile: Chromium never offers to install from an incognito one, which
    // every newContext() is.
    const profile = mkdtempSync(join(tmpdir(), 'threads-agent-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      baseURL: sut.baseUrl,
    });
    try {
      const page = await context.newPage();
      await visit(page, 'overview');
      const href = await page.locator('link[rel=manifest]').getAttribute('href');
      expect(href).toMatch(/^\/assets\/manifest-[\w-]+\.webmanifest$/);
      const res = await page.request.get(href!);
      expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
      expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      const manifest = (await res.json()) as {
        icons: { src: string; sizes: string; type: string; purpose: string }[];
      };
      expect(manifest).toMatchObject({
        name: 'threads-agent',
        short_name: 'threads-agent',
        start_url: '/',
        scope: '/',
        display: 'standalone',
      });
      expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
        '192x192 any',
        '512x512 any',
        '512x512 maskable',
      ]);
      const apple = await page.locator('link[rel=apple-touch-icon]').getAttribute('href');
      for (const [src, sizes] of [
        ...manifest.icons.map((i) => [i.src, i.sizes] as const),
        [apple!, '180x180'] as const,
      ]) {
        const icon = await page.request.get(src);
        expect(icon.status(), src).toBe(200);
        expect(icon.headers()['content-type']).toBe('image/png');
        const png = await icon.body();
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(sizes);
      }
      // Chromium's own checks: the manifest parses, and nothing stands in the way of installing.
      const cdp = await context.newCDPSession(page);
      const parsed = await cdp.send('Page.getAppManifest');
      expect(parsed.errors).toEqual([]);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('no page scrolls sideways at any width from 360 px to a desktop, nor hides a table column', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: sut.baseUrl,
    });
    try {
      const page = await context.newPage();
      for (const { name } of CLIENT_ROUTES) {
        await visit(page, name);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          // Charts follow their box on the next frame: poll rather than read once.
          await expect
            .poll(
              () =>
                page.evaluate(
                  () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
                ),
              { message: `${name} at ${width} px: ${await overflowing(page, width)}` },
            )
            .toBe(0);
          // Tables that turn into cards never hide a column to the side; only the sortable ones
          // scroll in their box, their key column pinned.
          const hidden = await page
            .locator('.table-wrap.stack')
            .evaluateAll((wraps) =>
              wraps
                .filter((w) => w.scrollWidth > w.clientWidth + 1)
                .map(
                  (w) =>
                    `${w.querySelector('table')?.dataset['testid']}: ${w.scrollWidth} px in ${w.clientWidth}`,
                ),
            );
          expect(hidden, `${name} at ${width} px`).toEqual([]);
        }
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    } finally {
      await context.close();
    }
  }, 90_000);
});

/** Wait for a condition outside a test (expect.poll works only inside one). */
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not true within ${timeoutMs} ms: ${check.toString()}`);
}

function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * What widens the page: elements past the right edge whose parent is not, and the innermost
 * boxes whose content spills out of them unclipped.
 */
function overflowing(page: Page, width: number): Promise<string> {
  return page.evaluate((w) => {
    const all = Array.from(document.body.querySelectorAll<HTMLElement>('*'));
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`;
    const past = all.filter((el) => {
      const r = el.getBoundingClientRect();
      return (
        r.width > 0 && r.right > w + 0.5 && (el.parentElement?.getBoundingClientRect().right ?? 0) <= w + 0.5
      );
    });
    const spill = all.filter(
      (el) =>
        el.clientWidth > 0 &&
        el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflowX === 'visible',
    );
    const inner = spill.filter((el) => !spill.some((o) => o !== el && el.contains(o)));
    const out = [
      ...past.map((el) => `${name(el)} ends at ${Math.round(el.getBoundingClientRect().right)} px`),
      ...inner.map((el) => `${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth}`),
    ];
    return out.slice(0, 8).join('; ') || 'nothing sticks out';
  }, width);
}

/**
 * Controls smaller than 44 × 44 CSS px (WCAG 2.5.5). A checkbox or radio counts by its label,
 * which takes the tap; a link inside a sentence is exempt (WCAG 2.5.8's inline exception), and
 * so is what is not on screen (closed menus, the skip link until focused, screen-reader text).
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const bad: string[] = [];
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const box =
        el instanceof HTMLInputElement && /^(checkbox|radio)$/.test(el.type) ? el.closest('label') : null;
      const target = box ?? el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.bottom + scrollY <= 0 || el.closest('.sr-only')) continue;
      const style = getComputedStyle(target);
      if (style.visibility === 'hidden') continue;
      const parentText = (el.parentElement?.textContent ?? '').trim();
      if (el.tagName === 'A' && style.display === 'inline' && parentText !== (el.textContent ?? '').trim())
        continue;
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
        bad.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return bad;
  }, MIN_TARGET);
}
