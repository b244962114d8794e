/**
 * Benchmark of the fake-threads simulator: how fast analytics, comments and the HTTP API
 * answer. Run alone with `npx tsx scripts/bench/simulator.ts`, or call `runSimulatorBench()`.
 * Uses a fake real clock so the simulated time is the same on every run.
 */
import { pathToFileURL } from 'node:url';
import { HOUR_MS } from '../../src/source/simulator/engagement.js';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { HttpSimulatorSource } from '../../src/source/simulator/http-source.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

export async function runSimulatorBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const start = Date.UTC(2025, 5, 1, 12);
  let real = 0;
  const sim = new SimulatorEngine({ seed: 42, startAt: start, clock: () => real, demo: false });

  // 10,000 posts spread evenly over the last 7 days, as many accounts' worth of history.
  const ids: string[] = [];
  const [, publishMs] = time(() => {
    for (let i = 0; i < 10_000; i++) {
      const at = start - Math.floor(((i + 0.5) / 10_000) * 7 * 24 * HOUR_MS);
      ids.push(sim.publish({ content: `post ${i}`, published_at: new Date(at), virality: (i % 10) / 10 }).id);
    }
  });
  figures.push({ name: 'publish 10,000 backdated posts', value: publishMs, unit: 'ms' });

  const [, cold] = time(() => ids.forEach((id) => sim.analytics(id)));
  figures.push({
    name: 'analytics of 10,000 posts, cold (simulates up to 7 days each)',
    value: cold,
    unit: 'ms',
  });
  real += 60_000; // one simulated hour later at ×60
  const [, warm] = time(() => ids.forEach((id) => sim.analytics(id)));
  figures.push({ name: 'analytics of 10,000 posts, 1 simulated hour later', value: warm, unit: 'ms' });

  const recent = ids.slice(0, 50);
  real += 60_000;
  const [, fifty] = time(() => recent.forEach((id) => sim.analytics(id)));
  figures.push({ name: 'analytics of the 50 newest posts (a collection batch)', value: fifty, unit: 'ms' });

  const busy = sim.publish({
    content: 'Comment LINK',
    virality: 0.95,
    published_at: new Date(start - 24 * HOUR_MS),
  });
  const [comments, commentsMs] = time(() => sim.comments(busy.id, { limit: 100_000, includeLabels: true }));
  figures.push({
    name: `first read of a viral post's ${comments.length} replies (generated)`,
    value: commentsMs,
    unit: 'ms',
  });
  const [, treeMs] = time(() => sim.replyTree(busy.id));
  figures.push({ name: 'its reply tree, second read', value: treeMs, unit: 'ms' });

  const app = buildSimulatorApp(sim);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const client = new HttpSimulatorSource(url);
    await client.getAnalytics(recent[0] ?? '');
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await client.getAnalytics(recent[i % recent.length] ?? '');
    figures.push({
      name: 'HTTP GET /analytics, sequential, mean per call',
      value: (performance.now() - t0) / n,
      unit: 'ms',
    });
  } finally {
    await app.close();
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runSimulatorBench();
  for (const f of figures) console.log(`${f.name.padEnd(70)} ${f.value.toFixed(2).padStart(10)} ${f.unit}`);
}
