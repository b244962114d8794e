/**
 * Content engine benchmark (`npm run bench content`). Figures go to docs/benchmarks.md.
 *
 * 1. Composer: one draft written and scored — `compose` (its hook checked by the pattern
 *    engine), then what every draft is scored on in-process: the pattern engine's analysis, the
 *    engagement model's prediction for the account (a model trained on 2,000 synthetic posts) and
 *    Threads' limits. 2,000 drafts over 40 seeds and every hook family; per draft p50 and p95.
 *    Target p50 ≤ 5 ms. (The near-duplicate query is the store's, measured next.)
 * 2. Near-duplicate query (DraftRepository.nearestDuplicate: LSH bands of pg_trgm's trigrams
 *    through a GIN index, then pg_trgm's similarity() on the likeliest candidates) against
 *    100,000 stored posts of 20 accounts (test/factories/posts.ts, 5,000 per account), on PGlite
 *    and on PostgreSQL: 200 queries, half edited copies of stored posts (three words changed),
 *    half unrelated texts; p50/p95 per query. Target p95 ≤ 20 ms. `--store pglite|postgres`
 *    runs one store.
 */
import { sql } from 'kysely';
import { DEFAULT_STYLE, compose } from '../../src/content/composer.js';
import { DraftRepository } from '../../src/content/draft-repository.js';
import { limitReasons } from '../../src/content/limits.js';
import { NEAR_DUPLICATE_SIMILARITY } from '../../src/content/scoring.js';
import { engagementFeatures } from '../../src/engagement/features.js';
import { predict, trainEngagementModel } from '../../src/engagement/model.js';
import { createStore, type Store } from '../../src/infra/db/client.js';
import { migrateToLatest } from '../../src/infra/db/migrate.js';
import { extractContentPatterns } from '../../src/patterns/extract.js';
import { DEFAULT_NLP } from '../../src/patterns/nlp.js';
import { HOOK_TYPES } from '../../src/patterns/pattern-types.js';
import { mulberry32 } from '../../src/lib/random.js';
import { syntheticPosts } from '../../test/factories/posts.js';
import { createTestDatabase } from '../../test/helpers/pg.js';

const DRAFTS = 2000;
const STORED = 100_000;
const QUERIES = 200;
const BATCH = 1000;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (x: number, d = 2) => x.toFixed(d);

function composerBench(): void {
  const t0 = Date.UTC(2026, 0, 1);
  const rnd = mulberry32(3);
  const training = syntheticPosts(2000).map((p, i) => {
    const time = t0 + i * 50 * 60_000;
    const x = engagementFeatures({
      content: p.content,
      patterns: extractContentPatterns(p.content, DEFAULT_NLP),
      publishedAt: time,
    });
    return { id: `p${i}`, account_id: p.account_id, persona_id: 'bench', time, x, y: -3.5 + (rnd() - 0.5) };
  });
  const model = trainEngagementModel(training);
  const detect = (text: string) => extractContentPatterns(text, DEFAULT_NLP).hook_patterns.map((h) => h.type);
  const topics = ['sourdough', 'home workouts', 'personal finance', 'cold email', 'pricing'];
  const times: number[] = [];
  let sink = 0;
  for (let i = 0; i < DRAFTS + 200; i++) {
    const started = performance.now();
    const [draft] = compose(
      {
        topics,
        avoid: [],
        hookFamily: HOOK_TYPES[i % HOOK_TYPES.length]!,
        style: DEFAULT_STYLE,
        seed: i % 40,
        count: 1,
      },
      detect,
    );
    const patterns = extractContentPatterns(draft!.text, DEFAULT_NLP);
    const x = engagementFeatures({ content: draft!.text, patterns, publishedAt: t0 });
    sink += predict(model, { account_id: 'acct_3', persona_id: 'bench', x, time: t0 }).mean;
    sink += limitReasons(draft!.text).length;
    // the first 200 warm the JIT up
    if (i >= 200) times.push(performance.now() - started);
  }
  if (!Number.isFinite(sink)) throw new Error('non-finite prediction');
  process.stdout.write(
    `composer generate + score, ${DRAFTS} drafts: p50 ${fmt(quantile(times, 0.5))} ms, p95 ${fmt(quantile(times, 0.95))} ms (target p50 ≤ 5 ms)\n`,
  );
}

async function fill(store: Store): Promise<string[]> {
  const posts = syntheticPosts(STORED, 99);
  const started = performance.now();
  for (let i = 0; i < posts.length; i += BATCH) {
    await store.db
      .insertInto('posts')
      .values(
        posts.slice(i, i + BATCH).map((p, j) => ({
          id: `b${i + j}`,
          account_id: p.account_id,
          persona_id: 'bench',
          content: p.content,
          published_at: new Date(Date.UTC(2026, 0, 1) + (i + j) * 60_000),
          source: 'bench',
        })),
      )
      .execute();
  }
  await sql`analyze posts`.execute(store.db);
  process.stdout.write(`  stored ${STORED} posts in ${fmt((performance.now() - started) / 1000, 1)} s\n`);
  return posts.map((p) => p.content);
}

function edited(text: string, rnd: () => number): string {
  const words = text.split(' ');
  for (let k = 0; k < 3; k++) words[Math.floor(rnd() * words.length)] = ['really', 'honestly', 'simply'][k]!;
  return words.join(' ');
}

async function nearDupBench(engine: 'pglite' | 'postgres'): Promise<void> {
  let store: Store;
  let drop = async () => {};
  if (engine === 'pglite') {
    store = await createStore({ DATA_DIR: 'memory://' });
  } else {
    const database = await createTestDatabase();
    store = await createStore({ DATABASE_URL: database.url, DATA_DIR: 'unused' });
    drop = () => database.drop();
  }
  try {
    await migrateToLatest(store.db);
    const texts = await fill(store);
    const repo = new DraftRepository(store.db);
    const rnd = mulberry32(5);
    const unrelated = [
      'Rye flour behaves nothing like wheat: the dough stays sticky, so wet your hands and trust the recipe.',
      'My cat learned to open the fridge. I am not sure whether to be proud or worried about it.',
      'Three things I pack for every hike: water, a map, and one more layer than I think I need.',
      'The bus was late again, so I finally read the book my sister gave me two years ago.',
    ];
    const queries = Array.from({ length: QUERIES }, (_, i) => {
      const k = Math.floor(rnd() * texts.length);
      return i % 2 === 0
        ? { account: `acct_${k % 20}`, text: edited(texts[k]!, rnd), copy: true }
        : { account: `acct_${k % 20}`, text: `${unrelated[i % unrelated.length]!} #${i}`, copy: false };
    });
    for (const q of queries.slice(0, 20))
      await repo.nearestDuplicate(q.account, q.text, NEAR_DUPLICATE_SIMILARITY);
    const times: number[] = [];
    let found = 0;
    let falseHits = 0;
    for (const q of queries) {
      const started = performance.now();
      const hit = await repo.nearestDuplicate(q.account, q.text, NEAR_DUPLICATE_SIMILARITY);
      times.push(performance.now() - started);
      if (q.copy && hit) found++;
      if (!q.copy && hit) falseHits++;
    }
    process.stdout.write(
      `near-duplicate query, ${engine}, ${STORED} posts: p50 ${fmt(quantile(times, 0.5))} ms, p95 ${fmt(quantile(times, 0.95))} ms ` +
        `(target p95 ≤ 20 ms); edited copies found ${found}/${QUERIES / 2}, unrelated flagged ${falseHits}/${QUERIES / 2}\n`,
    );
  } finally {
    await store.close();
    await drop();
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--store');
  const stores =
    only > 0 ? [process.argv[only + 1] as 'pglite' | 'postgres'] : (['pglite', 'postgres'] as const);
  composerBench();
  for (const engine of stores) await nearDupBench(engine);
}

await main();
