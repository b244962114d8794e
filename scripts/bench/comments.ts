/**
 * Comment pipeline benchmark (`npm run bench comments`). Figures go to docs/benchmarks.md.
 *
 * On both stacks — embedded (PGlite in a data directory on disk, memory cache, in-process
 * queue) and production (PostgreSQL + Redis cache + BullMQ on this machine) — through the real
 * app (`app.inject`: the HTTP layer without sockets) with the real analyzer:
 * 1. 10,000 comments, 10 % of them duplicates (half inside a request, half of an earlier one),
 *    sent to `POST /comments/process` in 10 requests of 1,000, one after the other, with no
 *    worker running (production runs the API and the worker as separate processes): wall time
 *    until all are acknowledged (= stored and queued). After the rounds the worker starts and
 *    drains the backlog: analysis throughput. RSS growth over the measured rounds.
 * 2. The same with the worker running in the same process during ingestion (the embedded
 *    `npm start` shape, where analysis competes with ingestion for the one thread).
 * 3. Baseline in the same run: the same 10,000 rows bulk-inserted straight into `comments`,
 *    one `insert … select from unnest(…) on conflict do nothing` per 1,000 rows (the statement
 *    the pipeline uses, without HTTP, validation, cache or queue). Target: HTTP ≥ 0.5× its rows/s.
 * Each figure is the median of 3 rounds on fresh ids after a warm-up round, on one database
 * (the table grows by 9,000 rows a round, as it would in use).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { defaultAnalyzer } from '../../src/comments/default-analyzer.js';
import type { CommentInput, ProcessCommentsResponse } from '../../src/comments/schemas.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createStore, type Store } from '../../src/infra/db/client.js';
import type { DB } from '../../src/infra/db/types.js';
import { createQueue } from '../../src/infra/queue/index.js';
import { createCommentsHarness, type CommentsHarness } from '../../test/factories/comments.js';
import { deleteKeys, randomPrefix, TEST_REDIS_URL } from '../../test/helpers/redis.js';
import { pgliteTemplate } from '../../test/helpers/pglite.js';
import { testStoreEngines } from '../../test/helpers/stores.js';
import { median } from '../../src/lib/stats.js';

type Stack = 'embedded' | 'production';

const TOTAL = 10_000;
const PER_REQUEST = 1_000;
const DISTINCT = 9_000;
const ROUNDS = 3;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);
sampler.unref();

const TEXTS = [
  'LINK please! 🙏',
  'how much is it and do you ship to Canada?',
  'this is exactly what I needed, thank you so much',
  'mine arrived broken and nobody answers my emails',
  'check my profile for free followers 🔥🔥🔥',
  'interesting take, not sure I agree with point 3 though',
  'where can I buy the template?',
  'saving this for later',
];

/**
 * 10 requests of 1,000 with 9,000 distinct ids: in each request 50 entries repeat an id of the
 * same request and 50 repeat an id of the previous request (the first request repeats its own).
 */
function workload(prefix: string): CommentInput[][] {
  const requests: CommentInput[][] = [];
  let next = 0;
  const distinctPerRequest = PER_REQUEST - 100;
  for (let r = 0; r < TOTAL / PER_REQUEST; r++) {
    const batch: CommentInput[] = [];
    for (let i = 0; i < distinctPerRequest; i++, next++) {
      batch.push({
        id: `${prefix}_${next}`,
        text: `${TEXTS[next % TEXTS.length]!} #${next}`,
        author: `user_${next % 3000}`,
        timestamp: new Date(Date.UTC(2026, 10, 20, 12, 0, 0) + next * 1000).toISOString(),
      });
    }
    const previous = requests[r - 1] ?? batch;
    for (let i = 0; i < 50; i++) batch.push({ ...batch[(i * 17) % distinctPerRequest]! });
    for (let i = 0; i < 50; i++) batch.push({ ...previous[(i * 13 + 5) % distinctPerRequest]! });
    requests.push(batch);
  }
  return requests;
}

interface Setup {
  h: CommentsHarness;
  db: Kysely<DB>;
  close(): Promise<void>;
}

/**
 * PGlite in a data directory on disk, as `npm start` runs it (DATA_DIR): with `memory://` the
 * table's pages and WAL would live in the process and count as RSS growth.
 */
async function onDiskPglite(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-comments-'));
  const store = await createStore({ DATA_DIR: dir }, undefined, { pgliteTemplate: await pgliteTemplate() });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function setup(stack: Stack, startWorker: boolean): Promise<Setup> {
  const { store, cleanup } =
    stack === 'embedded'
      ? await onDiskPglite()
      : await testStoreEngines.find((e) => e.engine === 'postgres')!.create();
  const prefix = randomPrefix();
  const logger = pino({ level: 'silent' });
  const infra = { REDIS_URL: stack === 'production' ? TEST_REDIS_URL : undefined };
  const cache = await createCache(infra, logger, { prefix: `${prefix}:cache:` });
  const queue = await createQueue(infra, logger, { prefix });
  const h = await createCommentsHarness(store, {
    cache,
    queue,
    analyzer: defaultAnalyzer,
    startQueue: startWorker,
    config: {
      COMMENT_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(stack === 'production' ? { REDIS_URL: TEST_REDIS_URL } : {}),
    },
  });
  return {
    h,
    db: store.db,
    close: async () => {
      await h.close();
      await cache.close();
      await cleanup();
      if (stack === 'production') await deleteKeys(prefix);
    },
  };
}

async function countAnalysed(db: Kysely<DB>, prefix: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from comment_analysis where comment_id like ${`${prefix}\\_%`}`.execute(db);
  return Number(rows[0]?.n);
}

/** Node CPU time (user + system, ms) spent in the last `ingest`: the app's own work, which other load on the machine barely inflates. */
let lastIngestCpuMs = 0;

async function ingest(s: Setup, prefix: string): Promise<number> {
  const requests = workload(prefix);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let stored = 0;
  let duplicates = 0;
  for (const comments of requests) {
    const res = await s.h.app.inject({
      method: 'POST',
      url: '/comments/process',
      payload: { post_id: `post_${prefix}`, comments },
    });
    if (res.statusCode !== 200)
      throw new Error(`process answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const body = res.json<ProcessCommentsResponse>();
    stored += body.stored_count;
    duplicates += body.duplicates_filtered;
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  lastIngestCpuMs = (used.user + used.system) / 1000;
  if (stored !== DISTINCT || duplicates !== TOTAL - DISTINCT) {
    throw new Error(`stored ${stored}, duplicates ${duplicates}`);
  }
  return ms;
}

async function untilAnalysed(s: Setup, prefix: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await countAnalysed(s.db, prefix)) < DISTINCT) {
    if (Date.now() > deadline) throw new Error('analysis did not finish within 5 minutes');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function baseline(s: Setup, prefix: string): Promise<number> {
  const requests = workload(prefix);
  const started = performance.now();
  for (const comments of requests) {
    await sql`
      insert into comments (comment_id, post_id, text, author, timestamp, parent_id)
      select u.comment_id, ${`post_${prefix}`}, u.text, u.author, u.timestamp, null
      from unnest(${comments.map((c) => c.id)}::varchar[], ${comments.map((c) => c.text)}::text[],
                  ${comments.map((c) => c.author)}::varchar[], ${comments.map((c) => c.timestamp)}::varchar[])
        as u(comment_id, text, author, timestamp)
      on conflict (comment_id) do nothing`.execute(s.db);
  }
  return performance.now() - started;
}

/**
 * API alone (worker not started), then the worker drains the whole backlog; the baseline after
 * each round, on the same database.
 */
async function split(stack: Stack): Promise<void> {
  const s = await setup(stack, false);
  try {
    await ingest(s, 'w');
    await baseline(s, 'wb');
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const acks: number[] = [];
    const cpus: number[] = [];
    const bases: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      acks.push(await ingest(s, `r${round}`));
      cpus.push(lastIngestCpuMs);
      bases.push(await baseline(s, `b${round}`));
    }
    const backlog = (ROUNDS + 1) * DISTINCT;
    const started = performance.now();
    await s.h.queue.start();
    for (const prefix of ['w', ...Array.from({ length: ROUNDS }, (_, r) => `r${r}`)])
      await untilAnalysed(s, prefix);
    const drain = performance.now() - started;
    const ack = median(acks);
    const base = median(bases);
    console.log(
      `[${stack}] API alone: ${TOTAL.toLocaleString('en')} comments (10 % duplicates) in 10 requests of 1,000 ` +
        `acknowledged in ${ack.toFixed(0)} ms (min ${Math.min(...acks).toFixed(0)}; ${rate(TOTAL, ack)}), ` +
        `${median(cpus).toFixed(0)} ms of Node CPU`,
    );
    console.log(
      `[${stack}] baseline bulk insert of the same rows: ${base.toFixed(0)} ms (${rate(TOTAL, base)}); ` +
        `HTTP path = ${(base / ack).toFixed(2)}× the baseline's rows/s (target ≥ 0.5)`,
    );
    console.log(
      `[${stack}] worker then analysed the backlog of ${backlog.toLocaleString('en')} in ${drain.toFixed(0)} ms ` +
        `(${rate(backlog, drain)}; 9,000 in ${((DISTINCT / backlog) * drain).toFixed(0)} ms)`,
    );
    console.log(
      `[${stack}] RSS ${mb(rssBefore)} before the measured rounds, peak ${mb(peakRss)} (+${mb(peakRss - rssBefore)})`,
    );
  } finally {
    await s.close();
  }
}

/** Worker running in the same process during ingestion (embedded `npm start`). */
async function together(stack: Stack): Promise<void> {
  const s = await setup(stack, true);
  try {
    await ingest(s, 'warm');
    await untilAnalysed(s, 'warm');
    const acks: number[] = [];
    const totals: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      acks.push(await ingest(s, `t${round}`));
      await untilAnalysed(s, `t${round}`);
      totals.push(performance.now() - started);
    }
    console.log(
      `[${stack}] worker in the same process: acknowledged in ${median(acks).toFixed(0)} ms, ` +
        `all analysed after ${median(totals).toFixed(0)} ms (${rate(DISTINCT, median(totals))} end to end)`,
    );
  } finally {
    await s.close();
  }
}

console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
for (const stack of ['embedded', 'production'] as const) {
  await split(stack);
  await together(stack);
}
