/**
 * Metrics engine benchmark (`npm run bench metrics`). Figures go to docs/benchmarks.md.
 *
 * Runs on both stacks — embedded (PGlite, memory cache, in-process queue) and production
 * (PostgreSQL + Redis + BullMQ on this machine) — against the in-process simulator on a fake
 * clock, through the real app (`app.inject`, so the HTTP layer without sockets):
 * 1. `POST /viral-metrics/batch` with 50 posts, cache misses (the clock moves and the timeframe
 *    is new each round, so every post is read from the source, snapshotted, computed and
 *    stored) and cache hits; median of 15 rounds. Baseline in the same run: the 50 source
 *    reads alone (analytics + reply tree, in process), i.e. the floor the simulator sets.
 * 2. A full background cycle (`process_active_posts`) over 1,000 and 10,000 active posts:
 *    posts/s of the second cycle (the first one also stores the posts) and peak RSS.
 * 3. `GET /viral-metrics/{id}` cache hit vs miss (`use_cache=false`), median of 200.
 */
import { createTestApp, type Stack, type TestApp } from '../../test/helpers/app.js';
import { median } from '../../src/lib/stats.js';

const HOUR = 3_600_000;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
sampler.unref();

function publishUntil(t: TestApp, n: number): string[] {
  let posts = t.simulator.listPublished({ limit: n + 1000 });
  for (let i = posts.length; i < n; i++) {
    t.simulator.publish({
      content: `Post ${i}: 3 habits that doubled my output this year. Which one will you try? 🧵`,
    });
  }
  posts = t.simulator.listPublished({ limit: n });
  return posts.map((p) => p.id);
}

async function batchBench(stack: Stack): Promise<void> {
  const t = await createTestApp(stack);
  try {
    t.clock.now += 6 * HOUR;
    const ids = publishUntil(t, 50);
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/viral-metrics/batch', payload });
    // Warm-up: store the posts and JIT-compile the path.
    for (let i = 0; i < 3; i++) {
      t.clock.now += 60_000;
      await post({ post_ids: ids, timeframe: '24h' });
    }
    const misses: number[] = [];
    const hits: number[] = [];
    const floor: number[] = [];
    const timeframes = ['1h', '3h', '6h', '12h', '24h', '7d'];
    for (let round = 0; round < 15; round++) {
      t.clock.now += 5 * 60_000;
      const tf = timeframes[round % timeframes.length]!;
      await t.deps.cache.del(...ids.map((id) => `viral_metrics:${id}:${tf}`));
      let s = performance.now();
      const res = await post({ post_ids: ids, timeframe: tf });
      misses.push(performance.now() - s);
      if (res.statusCode !== 200) throw new Error(`batch answered ${res.statusCode}: ${res.body}`);
      s = performance.now();
      await post({ post_ids: ids, timeframe: tf });
      hits.push(performance.now() - s);
      s = performance.now();
      await Promise.all(
        ids.map((id) =>
          Promise.all([t.deps.source.source.getAnalytics(id), t.deps.source.source.getReplyTree(id)]),
        ),
      );
      floor.push(performance.now() - s);
    }
    console.log(
      `[${stack}] POST /viral-metrics/batch, 50 posts: miss p50 ${ms(median(misses))} (min ${ms(Math.min(...misses))}), hit p50 ${ms(median(hits))}; baseline 50 source reads p50 ${ms(median(floor))}`,
    );

    const one = ids[0]!;
    const hitTimes: number[] = [];
    const missTimes: number[] = [];
    await t.app.inject({ url: `/viral-metrics/${one}?timeframe=6h` });
    for (let i = 0; i < 200; i++) {
      let s = performance.now();
      await t.app.inject({ url: `/viral-metrics/${one}?timeframe=6h` });
      hitTimes.push(performance.now() - s);
      s = performance.now();
      await t.app.inject({ url: `/viral-metrics/${one}?timeframe=6h&use_cache=false` });
      missTimes.push(performance.now() - s);
    }
    console.log(
      `[${stack}] GET /viral-metrics/{id}: cache hit p50 ${ms(median(hitTimes))}, miss p50 ${ms(median(missTimes))} (ratio ${(median(missTimes) / median(hitTimes)).toFixed(1)}×)`,
    );
  } finally {
    await t.close();
  }
}

async function cycleBench(stack: Stack, n: number): Promise<void> {
  const t = await createTestApp(stack, { demo: false, env: { METRICS_TTL_HOURS: '48' } });
  try {
    publishUntil(t, n);
    t.clock.now += 2 * HOUR;
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    let s = performance.now();
    const first = await t.deps.metrics.processor.run(100);
    const firstMs = performance.now() - s;
    t.clock.now += 10 * 60_000;
    s = performance.now();
    const second = await t.deps.metrics.processor.run(100);
    const secondMs = performance.now() - s;
    if (second.processed !== n) throw new Error(`processed ${second.processed} of ${n}`);
    console.log(
      `[${stack}] background cycle, ${n} active posts (batches of 100): first ${(firstMs / 1000).toFixed(2)} s (${Math.round((first.processed / firstMs) * 1000)} posts/s, stores the posts), second ${(secondMs / 1000).toFixed(2)} s (${Math.round((n / secondMs) * 1000)} posts/s); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (+${((peakRss - rssBefore) / 2 ** 20).toFixed(0)} MB during the cycles)`,
    );
  } finally {
    await t.close();
  }
}

console.log(`node ${process.version}`);
for (const stack of ['embedded', 'production'] as const) {
  await batchBench(stack);
  await cycleBench(stack, 1000);
  await cycleBench(stack, 10_000);
}
