/**
 * The demo's months of history (SPEC §5.2): the simulator's posts older than METRICS_TTL_HOURS
 * — which no poller reads any more, as on a real account — stored once with their patterns and
 * readings at fixed ages taken from the simulator's own engagement curves, plus their 24-hour
 * KPIs, so the patterns, best-time, engagement-model and experiment pages show signal on first
 * start. Runs as the `seed_demo_history` job after start-up (never in front of /health);
 * idempotent: only posts the store did not know get readings.
 */
import type { Logger } from '../infra/telemetry/logger.js';
import type { SnapshotInput } from '../posts/index.js';
import type { PostCounters, ReplyNode, SourcePost } from '../source/index.js';

const MIN = 60_000;
/** Ages (ms after publication) of the seeded readings: dense while young, then sparser. */
const READING_AGES = [15, 30, 60, 120, 180, 240, 360, 480, 720, 960, 1200, 1440].map((m) => m * MIN);
const CHUNK = 50;
/** Let requests and other jobs run between chunks: the demo serves while its history is stored. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface DemoHistoryDeps {
  simulator: {
    now(): number;
    listPublished(q: { limit: number }): SourcePost[];
    countersAt(postId: string, at: number): Omit<PostCounters, 'hourly_breakdown'>;
    replyTree(postId: string): ReplyNode[];
  };
  /** METRICS_TTL_HOURS in ms: younger posts are the pollers' */
  ttlMs: number;
  /** store posts; returns the ids that were new */
  upsertPosts(posts: SourcePost[]): Promise<string[]>;
  /** the pattern engine's analysis of new posts */
  analyse(ids: string[]): Promise<void>;
  insertSnapshots(rows: SnapshotInput[]): Promise<void>;
  /** the metrics engine's KPIs of past readings */
  backfill(items: { postId: string; readings: SnapshotInput[]; replies: ReplyNode[] }[]): Promise<number>;
  logger: Logger;
}

export async function seedDemoHistory(d: DemoHistoryDeps): Promise<{ posts: number; snapshots: number }> {
  const started = performance.now();
  const now = d.simulator.now();
  const old = d.simulator
    .listPublished({ limit: Number.MAX_SAFE_INTEGER })
    .filter((p) => Date.parse(p.published_at) < now - d.ttlMs);
  let posts = 0;
  let snapshots = 0;
  for (let i = 0; i < old.length; i += CHUNK) {
    const chunk = old.slice(i, i + CHUNK);
    await breathe();
    const fresh = new Set(await d.upsertPosts(chunk));
    if (fresh.size === 0) continue;
    await d.analyse([...fresh]);
    const items = chunk
      .filter((p) => fresh.has(p.id))
      .map((p) => {
        const published = Date.parse(p.published_at);
        const readings = READING_AGES.map((age): SnapshotInput => {
          const { post_id, collected_at, ...counters } = d.simulator.countersAt(p.id, published + age);
          void collected_at;
          return { post_id, taken_at: new Date(published + age), ...counters };
        });
        return { postId: p.id, readings, replies: d.simulator.replyTree(p.id) };
      });
    const rows = items.flatMap((it) => it.readings);
    await d.insertSnapshots(rows);
    await d.backfill(items);
    posts += items.length;
    snapshots += rows.length;
    await breathe();
  }
  d.logger.info(
    { posts, snapshots, ms: Math.round(performance.now() - started) },
    'demo history seeded (posts older than METRICS_TTL_HOURS)',
  );
  return { posts, snapshots };
}
