/**
 * Benchmark of polling through the Threads Graph API connector against the simulator over real
 * HTTP (`npx tsx scripts/bench/threads-polling.ts`, or `npm run bench threads-polling`):
 *
 * 1. A simulated day of one account with 1,000 active posts (one published every 86.4 s from a
 *    day before the start, so ~1,000 are within METRICS_TTL_HOURS = 24 at every moment): the
 *    `AccountPoller` ticks every simulated minute. Reported: API calls used vs the account's
 *    daily budget, and the p95 age of the newest snapshot of posts younger than 6 h, sampled
 *    every minute (target ≤ 10 min with ≤ 50 % of the budget). Run for two budgets: a generous
 *    one (4,800 × 50 impressions) and the API's floor (4,800 × 10).
 * 2. 10,000 replies on one post read through `/conversation` paging (100 per page): replies/s.
 */
import { pathToFileURL } from 'node:url';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { GraphApi } from '../../src/source/simulator/graph-api.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import { AccountPoller } from '../../src/threads/poller.js';
import { ThreadsApiSource } from '../../src/threads/source.js';
import { InMemoryTokenProvider } from '../../src/threads/token-provider.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 5, 1, 0);
const ACCOUNT = 'acct_devon';

function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0;
}

async function world(budget: number) {
  const sim = new SimulatorEngine({ seed: 11, startAt: START, clock: () => 0, demo: false });
  const graph = new GraphApi(sim, { dailyCallBudget: budget });
  const app = buildSimulatorApp(sim, { graph });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  sim.accounts();
  const token = graph.issueLongLived(ACCOUNT).access_token;
  const source = new ThreadsApiSource({
    baseUrl,
    tokens: new InMemoryTokenProvider({ [ACCOUNT]: token }),
    accounts: [{ id: ACCOUNT, persona_id: 'indie_hacker' }],
    retryMinMs: 10,
  });
  return { sim, graph, app, source };
}

export async function pollingDay(budget: number): Promise<Record<string, number>> {
  const { sim, app, source } = await world(budget);
  const gap = DAY / 1000;
  let next = START - DAY;
  let n = 0;
  const publishDue = () => {
    while (next <= sim.now()) {
      sim.publish({
        account_id: ACCOUNT,
        content: `shipping log ${n}: what broke today and why`,
        published_at: new Date(next),
      });
      n++;
      next += gap;
    }
  };
  publishDue();
  const poller = new AccountPoller({ source, accountId: ACCOUNT, dailyBudget: budget, now: () => sim.now() });
  const ages: number[] = [];
  let stoppedForBudget = 0;
  const t0 = performance.now();
  for (let minute = 0; minute < 24 * 60; minute++) {
    publishDue();
    const r = await poller.tick();
    if (r.stopped === 'budget') stoppedForBudget++;
    const now = sim.now();
    for (const s of poller.snapshotTimes()) {
      if (now - s.published_at < 6 * HOUR) ages.push((now - (s.last_polled ?? s.published_at)) / MIN);
    }
    sim.advance(MIN);
  }
  const wallS = (performance.now() - t0) / 1000;
  await app.close();
  return {
    budget,
    calls: poller.calls,
    budget_used_pct: Math.round((poller.calls / budget) * 1000) / 10,
    p95_newest_snapshot_age_min: Math.round(p95(ages) * 10) / 10,
    ticks_stopped_by_budget: stoppedForBudget,
    posts_published: n,
    wall_s: Math.round(wallS * 10) / 10,
  };
}

export async function replyPaging(): Promise<Record<string, number>> {
  const { sim, app, source } = await world(10_000_000);
  const post = sim.publish({
    account_id: ACCOUNT,
    content: 'ask me anything about shipping',
    published_at: new Date(START - HOUR),
  });
  for (let i = 0; i < 10_000; i++)
    sim.addComment(post.id, { text: `question ${i}: how do you price?`, author: `user_${i % 700}` });
  const t0 = performance.now();
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await source.getComments(post.id, { limit: 100, ...(after === undefined ? {} : { after }) });
    if (page.length === 0) break;
    total += page.length;
    after = page.at(-1)?.id;
  }
  const s = (performance.now() - t0) / 1000;
  await app.close();
  return {
    replies: total,
    seconds: Math.round(s * 100) / 100,
    replies_per_s: Math.round(total / s),
    calls: source.usage(ACCOUNT).calls,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = (name: string, r: Record<string, number>) =>
    process.stdout.write(`${name}: ${JSON.stringify(r)}\n`);
  out('polling day, budget 4,800 × 50', await pollingDay(4800 * 50));
  out('polling day, budget 4,800 × 10 (the API floor)', await pollingDay(4800 * 10));
  out('10,000 replies via /conversation paging', await replyPaging());
}
