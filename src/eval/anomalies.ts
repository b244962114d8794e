/**
 * `threads-agent eval anomalies`: seeded simulations with labelled anomalies injected, run
 * through the real collection pipeline (collector, episodes, embedded store), scored against
 * the ground truth. See docs/evaluation.md ("anomalies").
 */
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { createDeps, type Deps } from '../deps.js';
import { median } from '../lib/stats.js';
import { createSource } from '../source/create-source.js';
import {
  INJECTED_ANOMALY_TYPES,
  SimulatorEngine,
  type AnomalyPlan,
  type InjectedAnomaly,
  type InjectedAnomalyType,
} from '../source/simulator/engine.js';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import { PatternService } from '../patterns/service.js';
import type { AlertSink } from '../metrics/alerts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Which anomaly types find which injected anomaly: a "drop" alert of either kind finds a throttled post. */
export const MATCHING_TYPES: Record<InjectedAnomalyType, readonly string[]> = {
  suppression: ['reach_drop', 'viral_coefficient_drop'],
  spike: ['reach_spike'],
  reply_storm: ['reply_storm'],
  pattern_fatigue: ['pattern_fatigue'],
};

/** How long after an injection's end a detection still counts as finding it. */
const MATCH_GRACE_MS = HOUR_MS;
/** A post is followed for a day (METRICS_TTL_HOURS). */
const ACTIVE_MS = 24 * HOUR_MS;
/** A stretch's fatigue may be found up to a day after its last post. */
const FATIGUE_GRACE_MS = DAY_MS;

export interface AnomalyEvalOptions {
  seeds: readonly number[];
  /** days simulated before anomalies are injected, so that personas have a history */
  warmupDays: number;
  /** days with anomalies injected (and scored) */
  days: number;
  /** simulated minutes between two collections */
  intervalMinutes: number;
  /** share of posts that get a suppression, spike or reply storm */
  share: number;
  /** progress lines (stderr) */
  onProgress?: (line: string) => void;
}

export const DEFAULT_ANOMALY_EVAL: AnomalyEvalOptions = {
  seeds: [42, 43],
  warmupDays: 3,
  days: 4,
  // The demo (`npm start`, SIMULATOR_SPEEDUP 60) collects every 10 real seconds: 10 simulated minutes.
  intervalMinutes: 10,
  share: 0.5,
};

/** A stored anomaly as the evaluation reads it. */
export interface DetectedAnomaly {
  post_id: string;
  anomaly_type: string;
  severity: string;
  detected_at: Date;
  episode_key: string | null;
}

export interface TypeScore {
  injected: number;
  found: number;
  detections: number;
  true_detections: number;
  precision: number;
  recall: number;
  /** median of (first detection − start), in minutes and in collection intervals */
  median_delay_minutes: number;
  median_delay_intervals: number;
}

export interface AnomalyEvalResult {
  seeds: number[];
  interval_minutes: number;
  posts: number;
  clean_posts: number;
  clean_post_days: number;
  per_type: Record<InjectedAnomalyType, TypeScore>;
  /** anomalies raised on posts with nothing injected, per 100 post-days */
  false_alerts_per_100_post_days: number;
  false_high_per_100_post_days: number;
  false_by_type: Record<string, number>;
}

interface SeedRun {
  injected: InjectedAnomaly[];
  detected: DetectedAnomaly[];
  posts: { id: string; persona_id: string; published_at: number }[];
  from: number;
  end: number;
}

/** Run every seed and score them together. */
export async function evaluateAnomalies(opts: AnomalyEvalOptions): Promise<AnomalyEvalResult> {
  const runs: SeedRun[] = [];
  for (const seed of opts.seeds) runs.push(await runSeed(seed, opts));
  return { ...scoreRuns(runs, opts.intervalMinutes), seeds: [...opts.seeds] };
}

/** One seeded simulation through the real pipeline, collected every `intervalMinutes`. */
export async function runSeed(seed: number, opts: AnomalyEvalOptions): Promise<SeedRun> {
  const start = Date.parse('2026-01-05T00:00:00.000Z');
  const from = start + opts.warmupDays * DAY_MS;
  const end = from + opts.days * DAY_MS;
  const clock = { now: start };
  const patterns = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 3600 });
  const plan: AnomalyPlan = { from, share: opts.share, fatigueStretches: true, stretchWindowMs: 2 * DAY_MS };
  const simulator = new SimulatorEngine({
    seed,
    speedup: 1,
    startAt: start,
    clock: () => clock.now,
    virality: (content) => patterns.extract({ content, engagement_rate: 0 }).pattern_strength,
    anomalies: plan,
  });
  const config = loadConfig({
    DATA_DIR: 'memory://',
    SOURCE: 'simulator',
    LOG_LEVEL: 'silent',
    COMMENT_MONITORING_ENABLED: 'false',
    COMMENT_MONITOR_NEW_POSTS: 'false',
  });
  const silent: AlertSink = { kind: 'log', send: () => Promise.resolve() };
  const deps: Deps = await createDeps(config, {
    logger: pino({ level: 'silent' }),
    source: createSource(config, { simulator }),
    alerts: silent,
  });
  try {
    await deps.start({ schedule: false });
    const step = opts.intervalMinutes * 60_000;
    let lastDay = -1;
    for (let t = start; t <= end; t += step) {
      clock.now = t;
      await deps.metrics.processor.run();
      const day = Math.floor((t - start) / DAY_MS);
      if (day !== lastDay) {
        lastDay = day;
        opts.onProgress?.(`seed ${seed}: day ${day + 1} of ${opts.warmupDays + opts.days}`);
      }
    }
    const rows = await deps.store.db.selectFrom('viral_metrics_anomalies').selectAll().execute();
    const detected = rows.map((r) => ({
      post_id: r.post_id,
      anomaly_type: r.anomaly_type,
      severity: r.severity,
      detected_at: r.detected_at,
      episode_key: (r as { episode_key?: string | null }).episode_key ?? null,
    }));
    const posts = simulator
      .listPublished({ limit: 100_000 })
      .map((p) => ({ id: p.id, persona_id: p.persona_id, published_at: Date.parse(p.published_at) }));
    return { injected: simulator.injectedAnomalies(), detected, posts, from, end };
  } finally {
    await deps.close();
  }
}

/** Precision, recall and delay per injected type; false alerts on posts with nothing injected. */
export function scoreRuns(runs: readonly SeedRun[], intervalMinutes: number): AnomalyEvalResult {
  const perType = {} as Record<InjectedAnomalyType, TypeScore>;
  let posts = 0;
  let cleanPosts = 0;
  let cleanMs = 0;
  let falseAll = 0;
  let falseHigh = 0;
  const falseByType: Record<string, number> = {};
  const acc = Object.fromEntries(
    INJECTED_ANOMALY_TYPES.map((t) => [
      t,
      { injected: 0, found: 0, detections: 0, trueDet: 0, delays: [] as number[] },
    ]),
  ) as Record<
    InjectedAnomalyType,
    { injected: number; found: number; detections: number; trueDet: number; delays: number[] }
  >;

  for (const run of runs) {
    const scored = run.posts.filter((p) => p.published_at >= run.from && p.published_at < run.end);
    posts += scored.length;
    const injected = run.injected.filter((a) => a.start !== null && Date.parse(a.start) < run.end);
    const touched = new Set(run.injected.flatMap((a) => a.post_ids));
    const personaOf = new Map(run.posts.map((p) => [p.id, p.persona_id]));
    const inPeriod = run.detected.filter((d) => d.detected_at.getTime() >= run.from);

    for (const type of INJECTED_ANOMALY_TYPES) {
      const mine = injected.filter((a) => a.type === type);
      const dets = inPeriod.filter((d) => MATCHING_TYPES[type].includes(d.anomaly_type));
      const matched = new Set<DetectedAnomaly>();
      for (const a of mine) {
        const s = Date.parse(a.start!);
        const e = windowEnd(a, s);
        const hits = dets
          .filter((d) => {
            const t = d.detected_at.getTime();
            if (t < s || t > e) return false;
            return type === 'pattern_fatigue'
              ? personaOf.get(d.post_id) === a.persona_id
              : a.post_ids.includes(d.post_id);
          })
          .sort((x, y) => x.detected_at.getTime() - y.detected_at.getTime());
        for (const h of hits) matched.add(h);
        acc[type].injected++;
        if (hits.length > 0) {
          acc[type].found++;
          acc[type].delays.push(hits[0]!.detected_at.getTime() - s);
        }
      }
      // Every other detection of these types counts against precision, on clean posts and on posts
      // with another injected anomaly alike (a drop alert on a post whose spike is fading is false).
      acc[type].detections += dets.length;
      acc[type].trueDet += matched.size;
    }

    for (const p of scored) {
      if (touched.has(p.id)) continue;
      cleanPosts++;
      cleanMs += Math.max(0, Math.min(p.published_at + ACTIVE_MS, run.end) - p.published_at);
      for (const d of inPeriod) {
        if (d.post_id !== p.id || d.anomaly_type === 'pattern_fatigue') continue;
        falseAll++;
        if (d.severity === 'high') falseHigh++;
        falseByType[d.anomaly_type] = (falseByType[d.anomaly_type] ?? 0) + 1;
      }
    }
  }

  for (const type of INJECTED_ANOMALY_TYPES) {
    const a = acc[type];
    const delay = median(a.delays);
    perType[type] = {
      injected: a.injected,
      found: a.found,
      detections: a.detections,
      true_detections: a.trueDet,
      precision: a.detections === 0 ? Number.NaN : a.trueDet / a.detections,
      recall: a.injected === 0 ? Number.NaN : a.found / a.injected,
      median_delay_minutes: delay / 60_000,
      median_delay_intervals: delay / (intervalMinutes * 60_000),
    };
  }
  const postDays = cleanMs / DAY_MS;
  return {
    seeds: [],
    interval_minutes: intervalMinutes,
    posts,
    clean_posts: cleanPosts,
    clean_post_days: postDays,
    per_type: perType,
    false_alerts_per_100_post_days: postDays > 0 ? (falseAll * 100) / postDays : Number.NaN,
    false_high_per_100_post_days: postDays > 0 ? (falseHigh * 100) / postDays : Number.NaN,
    false_by_type: falseByType,
  };
}

/** Until when a detection finds the anomaly. */
function windowEnd(a: InjectedAnomaly, start: number): number {
  switch (a.type) {
    case 'suppression':
      return start + ACTIVE_MS; // lasts for the rest of the post's life
    case 'spike':
      return start + 3 * Number(a.details.tau_ms ?? HOUR_MS) + MATCH_GRACE_MS;
    case 'reply_storm':
      return (a.end === null ? start : Date.parse(a.end)) + MATCH_GRACE_MS;
    case 'pattern_fatigue':
      return (a.end === null ? start + 2 * DAY_MS : Date.parse(a.end)) + FATIGUE_GRACE_MS;
  }
}

/** The result as a table. */
export function formatAnomalyTable(r: AnomalyEvalResult): string {
  const f = (v: number, d = 2) => (Number.isNaN(v) ? 'n/a' : v.toFixed(d));
  const rows: string[][] = [
    ['type', 'injected', 'found', 'detections', 'precision', 'recall', 'median delay (min)', 'intervals'],
  ];
  for (const type of INJECTED_ANOMALY_TYPES) {
    const s = r.per_type[type];
    rows.push([
      type,
      String(s.injected),
      String(s.found),
      String(s.detections),
      f(s.precision),
      f(s.recall),
      f(s.median_delay_minutes, 0),
      f(s.median_delay_intervals, 1),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const falseTypes = Object.entries(r.false_by_type)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return [
    `seeds ${r.seeds.join(', ')}; collection every ${r.interval_minutes} simulated minutes; ${r.posts} posts scored`,
    '',
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `posts with nothing injected: ${r.clean_posts} (${f(r.clean_post_days, 1)} post-days)`,
    `false alerts per 100 post-days: ${f(r.false_alerts_per_100_post_days)} (high severity: ${f(r.false_high_per_100_post_days)})`,
    `false alerts by type: ${falseTypes || 'none'}`,
  ].join('\n');
}
