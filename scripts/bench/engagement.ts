/**
 * Engagement model benchmark (`npm run bench engagement`). Figures go to docs/benchmarks.md.
 * It compiles src/ to dist/ first and measures the compiled code, as `npm start` runs it.
 *
 * 10,000 deterministic synthetic posts (test/factories/posts.ts: 200–300 characters, 20 accounts,
 * here in 5 personas, one post every 50 minutes) with an outcome that depends on their features.
 * 1. Features: the pattern engine on each text, then the model's feature vector (what happens
 *    once per post when it is stored; context, not part of training).
 * 2. Training: `trainEngagementModel` on the 10,000 posts (features as stored): one warm-up,
 *    then the median of 5 runs, wall and CPU time. Target < 2 s.
 * 3. Prediction: `predict` for each of the 10,000 posts (account known, features given),
 *    5 rounds, median per prediction; and from text (pattern engine + features + predict), as
 *    `POST /api/engagement/predict` does apart from HTTP. Target < 0.2 ms per prediction.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mulberry32 } from '../../src/lib/random.js';
import { syntheticPosts } from '../../test/factories/posts.js';
import { median } from '../../src/lib/stats.js';

const POSTS = 10_000;
const RUNS = 5;
const ROOT = new URL('../../', import.meta.url);

/** A module of the build in dist/ (what `npm start` runs), typed as its source. */
const built = <M>(path: string): Promise<M> => import(new URL(`dist/${path}.js`, ROOT).href) as Promise<M>;

function build(): void {
  const started = Date.now();
  const tsc = spawnSync(
    process.execPath,
    [new URL('node_modules/typescript/bin/tsc', ROOT).pathname, '-p', 'tsconfig.build.json'],
    { cwd: ROOT.pathname, stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${tsc.status})`);
  process.stdout.write(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

async function main(): Promise<void> {
  build();
  const [{ DEFAULT_NLP }, { extractContentPatterns }, { engagementFeatures }, model] = await Promise.all([
    built<typeof import('../../src/patterns/nlp.js')>('patterns/nlp'),
    built<typeof import('../../src/patterns/extract.js')>('patterns/extract'),
    built<typeof import('../../src/engagement/features.js')>('engagement/features'),
    built<typeof import('../../src/engagement/model.js')>('engagement/model'),
  ]);
  const { trainEngagementModel, predict } = model;

  const posts = syntheticPosts(POSTS);
  const t0 = Date.UTC(2026, 0, 1);
  const rnd = mulberry32(7);

  // 1. features
  const features = timed(() =>
    posts.map((p, i) => {
      const time = t0 + i * 50 * 60_000;
      const patterns = extractContentPatterns(p.content, DEFAULT_NLP);
      return { time, x: engagementFeatures({ content: p.content, patterns, publishedAt: time }) };
    }),
  );
  const examples = posts.map((p, i) => {
    const { time, x } = features.value[i]!;
    // an outcome the features explain in part: links hurt, hooks help, plus noise
    const y = -3.5 - 0.5 * x[0]! + 0.3 * x[13]! + 0.2 * x[28]! + (rnd() - 0.5);
    const account = p.account_id;
    return {
      id: `p${i}`,
      account_id: account,
      persona_id: `persona_${Number(account.slice(5)) % 5}`,
      time,
      x,
      y,
    };
  });

  // 2. training
  trainEngagementModel(examples);
  const trainings = Array.from({ length: RUNS }, () => timed(() => trainEngagementModel(examples)));
  const trained = trainings[0]!.value;

  // 3. prediction
  const queries = examples.map((e) => ({
    account_id: e.account_id,
    persona_id: e.persona_id,
    x: e.x,
    time: e.time,
  }));
  let sink = 0;
  for (const q of queries) sink += predict(trained, q).mean;
  const rounds = Array.from({ length: RUNS }, () =>
    timed(() => {
      for (const q of queries) sink += predict(trained, q).mean;
    }),
  );
  const fromText = timed(() => {
    for (let i = 0; i < 2000; i++) {
      const p = posts[i]!;
      const q = queries[i]!;
      const patterns = extractContentPatterns(p.content, DEFAULT_NLP);
      sink += predict(trained, {
        ...q,
        x: engagementFeatures({ content: p.content, patterns, publishedAt: q.time }),
      }).mean;
    }
  });
  if (!Number.isFinite(sink)) throw new Error('non-finite prediction');

  const trainWall = median(trainings.map((r) => r.wallMs));
  const trainCpu = median(trainings.map((r) => r.cpuMs));
  const predictUs = median(rounds.map((r) => (r.wallMs * 1000) / POSTS));
  const predictCpuUs = median(rounds.map((r) => (r.cpuMs * 1000) / POSTS));
  const rows: [string, string, string][] = [
    [
      'posts / accounts / personas',
      `${POSTS} / ${trained.accounts.length} / ${Object.keys(trained.personas).length}`,
      '',
    ],
    [
      'features (pattern engine + vector), 10,000 posts',
      `${fmt(features.wallMs, 0)} ms (cpu ${fmt(features.cpuMs, 0)} ms)`,
      'context',
    ],
    [
      `training on 10,000 posts, median of ${RUNS}`,
      `${fmt(trainWall, 0)} ms (cpu ${fmt(trainCpu, 0)} ms; min ${fmt(Math.min(...trainings.map((r) => r.wallMs)), 0)} ms)`,
      '< 2 s',
    ],
    [
      `prediction, features given, median of ${RUNS}×10,000`,
      `${fmt(predictUs, 2)} µs (cpu ${fmt(predictCpuUs, 2)} µs)`,
      '< 200 µs',
    ],
    [
      'prediction from text (engine + features + predict)',
      `${fmt((fromText.wallMs * 1000) / 2000, 1)} µs`,
      'context',
    ],
    ['model size (JSON)', `${fmt(JSON.stringify(trained).length / 1024, 0)} KiB`, ''],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(
    `engagement model, ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, node ${process.version}\n` +
      rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`).join('\n') +
      '\n',
  );
  const ok = trainWall < 2000 && predictUs < 200;
  process.stdout.write(`targets ${ok ? 'met' : 'NOT met'} (training < 2 s, prediction < 0.2 ms)\n`);
}

await main();
