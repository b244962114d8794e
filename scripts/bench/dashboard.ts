/**
 * Dashboard first-visit benchmark (`npm run bench dashboard`). Figures go to docs/benchmarks.md.
 *
 * The real app (embedded store, in-process simulator, one collection done) on localhost and
 * Debian's Chromium, headless. Each visit is a new browser context, so the cache is empty as on a
 * first visit. 9 visits of `/posts`, after one warm-up visit (a running server is warm):
 * - load event (`loadEventEnd` of the navigation: page, scripts and styles),
 * - first data: the posts table has rows (the API answered and React drew them),
 * - requests and bytes received on the wire (compressed bodies) until then.
 * Baseline in the same run: a cold context loading `/health` (a small JSON answer), which is what
 * a browser and the server cost before any dashboard code. Median and max of each; target: the
 * first data in under a second.
 */
import type { Browser } from 'playwright-core';
import { median } from '../../src/lib/stats.js';
import { ensureDashboardBuilt, launchBrowser, startApp, type RunningApp } from '../../test/e2e/harness.js';

const VISITS = 9;

interface Visit {
  load: number;
  firstData: number;
  requests: number;
  bytes: number;
}

/** One first visit of `path`; with `ready`, until an element matches it (the page's first data). */
async function visit(browser: Browser, baseUrl: string, path: string, ready?: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: baseUrl });
  try {
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => s.responseBodySize)));
    await page.goto(path);
    const shown = ready
      ? await page.waitForFunction(
          (selector) => (document.querySelectorAll(selector).length > 0 ? performance.now() : false),
          ready,
        )
      : undefined;
    const navigation = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { responseEnd: n.responseEnd, loadEventEnd: n.loadEventEnd };
    });
    // a JSON answer has no load event worth the name: its response is the whole visit
    const load = ready ? navigation.loadEventEnd : navigation.responseEnd;
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return { load, firstData: shown ? Number(await shown.jsonValue()) : load, requests: sizes.length, bytes };
  } finally {
    await context.close();
  }
}

function row(name: string, visits: Visit[], pick: (v: Visit) => number, unit: string, digits = 0): string {
  const xs = visits.map(pick);
  const fmt = (x: number) => `${x.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
  return `  ${name.padEnd(36)} median ${fmt(median(xs))}, max ${fmt(Math.max(...xs))}`;
}

async function main(): Promise<void> {
  await ensureDashboardBuilt();
  let sut: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    sut = await startApp();
    await sut.collect();
    browser = await launchBrowser();
    await visit(browser, sut.baseUrl, '/posts', '[data-testid=posts-table] tbody tr');
    const baseline: Visit[] = [];
    const posts: Visit[] = [];
    for (let i = 0; i < VISITS; i++) {
      baseline.push(await visit(browser, sut.baseUrl, '/health'));
      posts.push(await visit(browser, sut.baseUrl, '/posts', '[data-testid=posts-table] tbody tr'));
    }
    const ratio = median(posts.map((v) => v.firstData)) / median(baseline.map((v) => v.load));
    process.stdout.write(
      [
        `dashboard first visit of /posts, ${VISITS} cold browser contexts (target: first data < 1000 ms)`,
        row('baseline: GET /health, response', baseline, (v) => v.load, 'ms', 1),
        row('/posts: load event', posts, (v) => v.load, 'ms'),
        row('/posts: posts table filled', posts, (v) => v.firstData, 'ms'),
        row('/posts: requests', posts, (v) => v.requests, ''),
        row('/posts: bytes received (compressed)', posts, (v) => v.bytes / 1024, 'KiB', 1),
        `  ${'first data ÷ baseline'.padEnd(36)} median ratio ${ratio.toFixed(1)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await browser?.close();
    await sut?.close();
  }
}

await main();
