import { DAY_MS, KPI_NAMES, type KpiName } from './kpis/types.js';

/** A row of `viral_metrics_history`; `post_id` lets each post count once in a persona average. */
export interface MetricHistoryRow {
  metric_name: string;
  metric_value: number;
  recorded_at: Date;
  post_id?: string | null;
  /** how many readings `metric_value` already averages (a row aggregated in SQL); 1 when absent */
  readings?: number | null;
}

/** The post's own earlier readings of one KPI, already averaged (e.g. by the database). */
export interface OwnAggregate {
  mean: number;
  readings: number;
}

export const BASELINE_WINDOW_MS = 7 * DAY_MS;
/** Fewer earlier readings of the post itself say little about its own level (SPEC §3.5). */
export const MIN_OWN_READINGS = 3;
/** Share of the post's own average in a blended baseline. */
export const OWN_READINGS_WEIGHT = 0.5;

export interface BaselineEntry {
  /** the baseline the anomaly rules compare against; null when there is no history at all */
  value: number | null;
  source: 'persona' | 'post' | 'blended' | 'none';
  persona_mean: number | null;
  /** posts behind persona_mean */
  persona_posts: number;
  /** the post's own earlier readings, averaged; null below MIN_OWN_READINGS */
  post_mean: number | null;
  post_readings: number;
}

export interface Baseline {
  values: Record<KpiName, number | null>;
  details: Record<KpiName, BaselineEntry>;
}

export interface BaselineInput {
  /** the persona's history; the post's own rows are dropped when `excludePostId` is given */
  personaHistory: readonly MetricHistoryRow[];
  /** the post's own earlier readings */
  postHistory?: readonly MetricHistoryRow[];
  now: Date;
  windowMs?: number;
  excludePostId?: string | null;
  /**
   * The post's own earlier readings already averaged per metric (by the database), used instead of
   * `postHistory` for the metrics it names: a post read every 5 minutes has thousands of rows a week.
   */
  postAggregate?: Partial<Record<KpiName, OwnAggregate>>;
  /**
   * The persona average per metric already computed (by the database, over each post's latest
   * reading, the post itself excluded), used instead of `personaHistory` for the metrics it names.
   */
  personaAggregate?: Partial<Record<KpiName, { mean: number | null; posts: number }>>;
}

/** Persona rolling average = mean over the persona's posts of each post's mean reading of `metric` in (now − window, now], in the KPI's unit; each post counts once. */
export function personaRollingAverage(
  rows: readonly MetricHistoryRow[],
  metric: KpiName,
  now: Date,
  windowMs = BASELINE_WINDOW_MS,
  excludePostId: string | null = null,
): { mean: number | null; posts: number } {
  const nowMs = now.getTime();
  // Averaging posts rather than rows: an active post read every 5 minutes would otherwise outvote
  // a post that was read twice, and the baseline would describe that one post.
  const perPost = new Map<string, { sum: number; n: number }>();
  rows.forEach((row, index) => {
    if (!inWindow(row, metric, nowMs, windowMs, true)) return;
    if (excludePostId !== null && row.post_id === excludePostId) return;
    const key = row.post_id ?? `\u0000row:${index}`;
    const weight = readingsIn(row);
    if (weight === 0) return;
    const acc = perPost.get(key) ?? { sum: 0, n: 0 };
    acc.sum += row.metric_value * weight;
    acc.n += weight;
    perPost.set(key, acc);
  });
  if (perPost.size === 0) return { mean: null, posts: 0 };
  let total = 0;
  for (const { sum, n } of perPost.values()) total += sum / n;
  return { mean: total / perPost.size, posts: perPost.size };
}

/**
 * Baseline per KPI = the persona's 7-day rolling average; when the post has ≥ 3 earlier readings in the window,
 * 0.5 × persona average + 0.5 × the post's own average (only the post's average when the persona has none).
 * Blending keeps both questions the anomaly rules ask — "worse than this account's usual post?" and
 * "worse than this post was?" — without letting either a single odd post or a noisy persona decide alone.
 */
export function computeBaseline(input: BaselineInput): Baseline {
  const windowMs = input.windowMs ?? BASELINE_WINDOW_MS;
  const nowMs = input.now.getTime();
  const values = {} as Record<KpiName, number | null>;
  const details = {} as Record<KpiName, BaselineEntry>;
  for (const metric of KPI_NAMES) {
    const persona =
      input.personaAggregate?.[metric] ??
      personaRollingAverage(input.personaHistory, metric, input.now, windowMs, input.excludePostId ?? null);
    const own = ownReadings(input, metric, nowMs, windowMs);
    const postMean = own.readings >= MIN_OWN_READINGS ? own.mean : null;

    let entry: BaselineEntry;
    if (persona.mean !== null && postMean !== null) {
      entry = {
        value: (1 - OWN_READINGS_WEIGHT) * persona.mean + OWN_READINGS_WEIGHT * postMean,
        source: 'blended',
        persona_mean: persona.mean,
        persona_posts: persona.posts,
        post_mean: postMean,
        post_readings: own.readings,
      };
    } else if (postMean !== null) {
      entry = baselineOf(postMean, 'post', persona, postMean, own.readings);
    } else if (persona.mean !== null) {
      entry = baselineOf(persona.mean, 'persona', persona, null, own.readings);
    } else {
      entry = baselineOf(null, 'none', persona, null, own.readings);
    }
    values[metric] = entry.value;
    details[metric] = entry;
  }
  return { values, details };
}

function baselineOf(
  value: number | null,
  source: BaselineEntry['source'],
  persona: { mean: number | null; posts: number },
  postMean: number | null,
  postReadings: number,
): BaselineEntry {
  return {
    value,
    source,
    persona_mean: persona.mean,
    persona_posts: persona.posts,
    post_mean: postMean,
    post_readings: postReadings,
  };
}

/** The post's own earlier readings of `metric`: its aggregate when given, else its rows in [now − window, now). */
function ownReadings(
  input: BaselineInput,
  metric: KpiName,
  nowMs: number,
  windowMs: number,
): { mean: number | null; readings: number } {
  const aggregate = input.postAggregate?.[metric];
  if (aggregate) {
    const valid =
      Number.isFinite(aggregate.mean) && Number.isFinite(aggregate.readings) && aggregate.readings > 0;
    return valid ? { mean: aggregate.mean, readings: aggregate.readings } : { mean: null, readings: 0 };
  }
  let sum = 0;
  let readings = 0;
  for (const row of input.postHistory ?? []) {
    if (!inWindow(row, metric, nowMs, windowMs, false)) continue;
    const weight = readingsIn(row);
    sum += row.metric_value * weight;
    readings += weight;
  }
  return { mean: readings > 0 ? sum / readings : null, readings };
}

function readingsIn(row: MetricHistoryRow): number {
  const n = row.readings;
  if (n === null || n === undefined) return 1;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** (now − window, now], or strictly before now for the post's own earlier readings. */
function inWindow(
  row: MetricHistoryRow,
  metric: KpiName,
  nowMs: number,
  windowMs: number,
  includeNow: boolean,
): boolean {
  if (row.metric_name !== metric || !Number.isFinite(row.metric_value)) return false;
  const age = nowMs - row.recorded_at.getTime();
  return (includeNow ? age >= 0 : age > 0) && age < windowMs;
}
