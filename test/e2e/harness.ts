import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps, type DepsOverrides } from '../../src/deps.js';
import { buildApp, type App } from '../../src/http/app.js';
import { DASHBOARD_BUILD_DIR } from '../../src/dashboard/build-dir.js';
import { createTestPgliteStore } from '../helpers/pglite.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_SOURCES = [
  join(ROOT, 'src/dashboard/web'),
  join(ROOT, 'src/dashboard/client-routes.ts'),
  join(ROOT, 'src/dashboard/vite.config.ts'),
];
/**
 * The suite screenshots every page; `npm run screenshots` (SCREENSHOTS=update) writes them over
 * the README's in docs/screenshots/, a plain `npm test` to a temporary directory, so that running
 * the tests leaves the working tree as it was.
 */
export const SCREENSHOT_DIR =
  process.env['SCREENSHOTS'] === 'update'
    ? join(ROOT, 'docs/screenshots')
    : join(tmpdir(), 'threads-agent-screenshots');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/**
 * Build the dashboard unless the build is newer than every source file, so that the browser
 * tests always exercise the current code without paying for a build on every run.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  const index = join(DASHBOARD_BUILD_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...WEB_SOURCES.map(newestMtime))) return;
  await build({
    configFile: join(ROOT, 'src/dashboard/vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
  });
}

export interface RunningApp {
  baseUrl: string;
  app: App;
  deps: Deps;
  /** GET a JSON API route of the running app */
  api<T>(path: string): Promise<T>;
  /** run one collection of active posts (POST /process-active-posts) and wait for it to finish */
  collect(): Promise<void>;
  /** start comment monitors (POST /comments/monitor) on the first `count` posts */
  monitorComments(count: number): Promise<void>;
  close(): Promise<void>;
}

/** The real app on the embedded store with the in-process simulator, listening on a free port. */
export async function startApp(
  env: Record<string, string> = {},
  opts: { port?: number; overrides?: Omit<DepsOverrides, 'store'> } = {},
): Promise<RunningApp> {
  const config = loadConfig({
    ...process.env,
    DATA_DIR: 'memory://',
    SOURCE: 'simulator',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    API_KEYS: '',
    DATABASE_URL: '',
    REDIS_URL: '',
    FAKE_THREADS_URL: '',
    ...env,
  });
  // A migrated PGlite from the shared template (~0.6 s) instead of a fresh initdb (~10 s).
  const store = await createTestPgliteStore();
  const deps = await createDeps(config, { ...opts.overrides, store });
  const app = await buildApp(deps);
  const baseUrl = await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  // Workers run, but collection happens only when a test asks (collect): the numbers on screen
  // then stay still between collections and can be compared with the API's.
  await deps.start({ schedule: false });
  const call = async <T>(method: string, path: string): Promise<T> => {
    const res = await fetch(baseUrl + path, { method, headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    baseUrl,
    app,
    deps,
    api: (path) => call('GET', path),
    async monitorComments(count) {
      const { items } = await call<{ items: { id: string }[] }>('GET', `/api/posts?limit=${count}`);
      await Promise.all(
        items.map(async (p) => {
          const res = await fetch(`${baseUrl}/comments/monitor`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ post_id: p.id, interval_seconds: 5 }),
          });
          if (!res.ok) throw new Error(`monitor ${p.id} → ${res.status} ${await res.text()}`);
        }),
      );
    },
    async collect() {
      const { job_id } = await call<{ job_id: string }>('POST', '/process-active-posts');
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const job = await call<{ state: string; failed_reason: string | null }>('GET', `/jobs/${job_id}`);
        if (job.state === 'completed') return;
        if (job.state === 'failed') throw new Error(`collection failed: ${job.failed_reason}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('collection did not finish within 30 s');
    },
    async close() {
      await app.close();
      await deps.close();
      await store.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Collect page errors and failed console messages so that a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * A desktop page on the app (1280 × 900, light, reduced motion), with its page errors collected.
 * It fails with Playwright's message (what it waited for) after 10 s, well before a test's own
 * timeout.
 */
export async function openDesktopPage(
  browser: Browser,
  baseUrl: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    baseURL: baseUrl,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, errors: watchErrors(page) };
}

/** Parse a number as the dashboard prints it (`1,234.5`, `12.3%`, `−5.0%`, `4.0/h`); NaN for `—`. */
export function parseShown(text: string): number {
  const cleaned = text.replace(/[,%\s]|\/h$/g, '').replace('−', '-');
  return cleaned === '—' || cleaned === '' ? Number.NaN : Number(cleaned);
}

/**
 * Whether a shown number equals an API value to the precision shown: `12.35` displayed with two
 * decimals matches any API value in [12.345, 12.355].
 */
export function shownEquals(shown: string, value: number | null | undefined): boolean {
  if (value === null || value === undefined) return shown.trim() === '—';
  const n = parseShown(shown);
  if (Number.isNaN(n)) return false;
  const decimals = (shown.replace(/[^\d.]/g, '').split('.')[1] ?? '').length;
  return Math.abs(n - value) <= 0.5 * 10 ** -decimals + 1e-9;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * WCAG 2.1 A/AA violations on the page, found by axe-core (injected through DevTools, so the
 * page's Content-Security-Policy stays on). Returns "rule: target" strings, empty when clean.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } })
      .axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  });
  return result;
}

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}
