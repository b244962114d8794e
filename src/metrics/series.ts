import {
  COUNTER_FIELDS,
  HOUR_MS,
  type CounterField,
  type Counters,
  type CounterSnapshot,
} from './kpis/types.js';
import type { Timeframe } from './timeframe.js';

/** Per-hour counts a source may hand over itself (the simulator does; the real Threads API does not). */
export type HourlyBreakdownEntry = { hour_start: Date } & Partial<Record<CounterField, number | null>>;

export interface HourlyBucket {
  start: Date;
  end: Date;
  /** counts gained within [start, end); null where no data covers the bucket for that counter */
  deltas: Counters;
}

export type SeriesWarningCode = 'counter_decreased' | 'invalid_value' | 'invalid_timestamp';

export interface SeriesWarning {
  code: SeriesWarningCode;
  field: CounterField | null;
  /** when the problem was first seen */
  at: Date | null;
  /** the highest reading before a decrease */
  previous: number | null;
  /** the lowest reading during a decrease, or the rejected value */
  value: number | null;
  /** how many readings the problem spans */
  readings: number;
  message: string;
}

export interface HourlySeries {
  window: { start: Date; end: Date };
  /** oldest first; one per hour of the timeframe (snapshots) or per source hour overlapping it (breakdown) */
  buckets: HourlyBucket[];
  /** each counter's highest reading up to `now`: the lifetime totals the ratio KPIs use */
  totals: Counters;
  last_snapshot_at: Date | null;
  source: 'snapshots' | 'hourly_breakdown' | 'none';
  warnings: SeriesWarning[];
}

export interface BuildSeriesInput {
  snapshots: readonly CounterSnapshot[];
  timeframe: Timeframe;
  now: Date;
  /** every counter is 0 at publication, which anchors the growth before the first snapshot */
  publishedAt?: Date | null;
  hourlyBreakdown?: readonly HourlyBreakdownEntry[] | null;
}

/**
 * Builds the hourly series of a post from cumulative snapshots (unsorted, duplicated, with gaps and
 * counters that go backwards) or, when the source offers one, from its own hourly breakdown.
 *
 * Between two snapshots a counter is taken to grow linearly, so a bucket receives the share of
 * each interval it overlaps. A reading below the highest earlier one (an unlike, a lagging replica,
 * a reset) is never negative engagement: growth is measured from the highest reading seen
 * ("high-water mark"), so a dip and its recovery are not counted twice. A genuine reset therefore
 * under-counts until the counter passes its old peak — the safe direction for alerts and baselines.
 */
export function buildHourlySeries(input: BuildSeriesInput): HourlySeries {
  const nowMs = input.now.getTime();
  const startMs = nowMs - input.timeframe.ms;
  const warnings: SeriesWarning[] = [];
  const curves = buildCurves(input, nowMs, warnings);

  const totals = emptyCounters();
  let lastSnapshotMs = -Infinity;
  for (const field of COUNTER_FIELDS) {
    const curve = curves[field];
    const lastIndex = curve.times.length - 1;
    if (lastIndex < 0) continue;
    totals[field] = curve.values[lastIndex] ?? null;
    lastSnapshotMs = Math.max(lastSnapshotMs, curve.lastReadingMs);
  }

  const breakdown = normaliseBreakdown(input.hourlyBreakdown ?? [], startMs, nowMs, warnings);
  let buckets: HourlyBucket[];
  let source: HourlySeries['source'];
  if (breakdown.buckets.length > 0) {
    buckets = breakdown.buckets;
    source = 'hourly_breakdown';
    for (const field of COUNTER_FIELDS) totals[field] ??= breakdown.lifetime[field];
  } else {
    buckets = bucketsFromCurves(curves, startMs, nowMs, input.timeframe.ms);
    source = buckets.some((b) => COUNTER_FIELDS.some((f) => b.deltas[f] !== null)) ? 'snapshots' : 'none';
  }

  return {
    window: { start: new Date(startMs), end: new Date(nowMs) },
    buckets,
    totals,
    last_snapshot_at: Number.isFinite(lastSnapshotMs) ? new Date(lastSnapshotMs) : null,
    source,
    warnings,
  };
}

/** Sum of the known values of one counter over buckets; null when no bucket knows it. */
export function sumDeltas(buckets: readonly HourlyBucket[], field: CounterField): number | null {
  let sum: number | null = null;
  for (const bucket of buckets) {
    const value = bucket.deltas[field];
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** Counters with every field unknown (null). */
export function emptyCounters(): Counters {
  return {
    views: null,
    impressions: null,
    engaged_views: null,
    likes: null,
    replies: null,
    reposts: null,
    quotes: null,
    shares: null,
  };
}

/** A monotone cumulative curve: (time, high-water value) points, sorted by time. */
interface Curve {
  times: number[];
  values: number[];
  /** time of the last real reading (not the synthetic publication point) */
  lastReadingMs: number;
}

function buildCurves(
  input: BuildSeriesInput,
  nowMs: number,
  warnings: SeriesWarning[],
): Record<CounterField, Curve> {
  const readings: { takenMs: number; values: Partial<Record<CounterField, number>> }[] = [];
  for (const snapshot of input.snapshots) {
    const takenMs = snapshot.taken_at instanceof Date ? snapshot.taken_at.getTime() : NaN;
    if (!Number.isFinite(takenMs)) {
      warnings.push(invalidTimestamp('a snapshot without a valid taken_at was ignored'));
      continue;
    }
    // Readings after `now` did not exist yet at `now`: recomputing a past moment must not see them.
    if (takenMs > nowMs) continue;
    const values: Partial<Record<CounterField, number>> = {};
    for (const field of COUNTER_FIELDS) {
      const value = snapshot[field];
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        warnings.push({
          code: 'invalid_value',
          field,
          at: new Date(takenMs),
          previous: null,
          value: typeof value === 'number' && Number.isFinite(value) ? value : null,
          readings: 1,
          message: `${field} reading ${String(value)} is not a count and was ignored`,
        });
        continue;
      }
      values[field] = value;
    }
    readings.push({ takenMs, values });
  }
  readings.sort((a, b) => a.takenMs - b.takenMs);

  const publishedMs = input.publishedAt ? input.publishedAt.getTime() : NaN;
  const curves = {} as Record<CounterField, Curve>;
  for (const field of COUNTER_FIELDS) {
    const points: [number, number][] = [];
    for (const { takenMs, values } of readings) {
      const value = values[field];
      if (value === undefined) continue;
      const last = points.at(-1);
      // Two readings at the same instant: keep the larger; both cannot be right and counters only grow.
      if (last && last[0] === takenMs) last[1] = Math.max(last[1], value);
      else points.push([takenMs, value]);
    }
    const curve: Curve = { times: [], values: [], lastReadingMs: points.at(-1)?.[0] ?? -Infinity };
    const first = points[0];
    if (first && Number.isFinite(publishedMs) && publishedMs < first[0]) {
      curve.times.push(publishedMs);
      curve.values.push(0);
    }
    let highWater = -Infinity;
    let dip: SeriesWarning | null = null;
    for (const [time, value] of points) {
      if (value < highWater) {
        if (dip) {
          dip.value = Math.min(dip.value ?? value, value);
          dip.readings += 1;
        } else {
          dip = {
            code: 'counter_decreased',
            field,
            at: new Date(time),
            previous: highWater,
            value,
            readings: 1,
            message: '',
          };
        }
      } else {
        if (dip) warnings.push(describeDip(dip));
        dip = null;
        highWater = value;
      }
      curve.times.push(time);
      curve.values.push(highWater);
    }
    if (dip) warnings.push(describeDip(dip));
    curves[field] = curve;
  }
  return curves;
}

function describeDip(dip: SeriesWarning): SeriesWarning {
  return {
    ...dip,
    message:
      `${dip.field} fell from ${dip.previous} to ${dip.value} at ${dip.at?.toISOString()} ` +
      `(${dip.readings} reading${dip.readings === 1 ? '' : 's'}); counted as no growth until it passed ${dip.previous} again`,
  };
}

function bucketsFromCurves(
  curves: Record<CounterField, Curve>,
  startMs: number,
  nowMs: number,
  windowMs: number,
): HourlyBucket[] {
  const count = Math.max(1, Math.ceil(windowMs / HOUR_MS));
  const buckets: HourlyBucket[] = [];
  for (let k = 0; k < count; k += 1) {
    const from = startMs + k * HOUR_MS;
    const to = Math.min(from + HOUR_MS, nowMs);
    const deltas = emptyCounters();
    for (const field of COUNTER_FIELDS) deltas[field] = growthBetween(curves[field], from, to);
    buckets.push({ start: new Date(from), end: new Date(to), deltas });
  }
  return buckets;
}

/** Growth of a curve within [from, to), or null when no interval between two points overlaps it. */
function growthBetween(curve: Curve, from: number, to: number): number | null {
  const first = curve.times[0];
  const last = curve.times.at(-1);
  if (first === undefined || last === undefined || first === last) return null;
  const lo = Math.max(from, first);
  const hi = Math.min(to, last);
  if (!(lo < hi)) return null;
  return Math.max(0, valueAt(curve, hi) - valueAt(curve, lo));
}

/** Linear interpolation of the curve at `time` (which lies within its first and last point). */
function valueAt(curve: Curve, time: number): number {
  const { times, values } = curve;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((times[mid] ?? Infinity) <= time) lo = mid;
    else hi = mid - 1;
  }
  const t0 = times[lo] ?? time;
  const v0 = values[lo] ?? 0;
  const t1 = times[lo + 1];
  const v1 = values[lo + 1];
  if (t1 === undefined || v1 === undefined || t1 === t0) return v0;
  return v0 + ((v1 - v0) * (time - t0)) / (t1 - t0);
}

function normaliseBreakdown(
  entries: readonly HourlyBreakdownEntry[],
  startMs: number,
  nowMs: number,
  warnings: SeriesWarning[],
): { buckets: HourlyBucket[]; lifetime: Counters } {
  const byHour = new Map<number, Counters>();
  const lifetime = emptyCounters();
  for (const entry of entries) {
    const hourMs = entry.hour_start instanceof Date ? entry.hour_start.getTime() : NaN;
    if (!Number.isFinite(hourMs)) {
      warnings.push(invalidTimestamp('an hourly breakdown entry without a valid hour_start was ignored'));
      continue;
    }
    if (hourMs > nowMs) continue;
    const merged = byHour.get(hourMs) ?? emptyCounters();
    for (const field of COUNTER_FIELDS) {
      const raw = entry[field];
      if (raw === null || raw === undefined) continue;
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        warnings.push({
          code: 'invalid_value',
          field,
          at: new Date(hourMs),
          previous: null,
          value: null,
          readings: 1,
          message: `hourly ${field} ${String(raw)} is not a count and was ignored`,
        });
        continue;
      }
      if (raw < 0) {
        warnings.push({
          code: 'counter_decreased',
          field,
          at: new Date(hourMs),
          previous: null,
          value: raw,
          readings: 1,
          message: `hourly ${field} was ${raw} at ${new Date(hourMs).toISOString()}; counted as 0`,
        });
      }
      merged[field] = Math.max(merged[field] ?? 0, raw, 0);
    }
    byHour.set(hourMs, merged);
  }

  const buckets: HourlyBucket[] = [];
  for (const [hourMs, deltas] of [...byHour.entries()].sort((a, b) => a[0] - b[0])) {
    for (const field of COUNTER_FIELDS) {
      const value = deltas[field];
      if (value !== null) lifetime[field] = (lifetime[field] ?? 0) + value;
    }
    if (hourMs + HOUR_MS > startMs && hourMs < nowMs) {
      buckets.push({ start: new Date(hourMs), end: new Date(Math.min(hourMs + HOUR_MS, nowMs)), deltas });
    }
  }
  return { buckets, lifetime };
}

/** A reading ignored because its time is missing or invalid. */
function invalidTimestamp(message: string): SeriesWarning {
  return {
    code: 'invalid_timestamp',
    field: null,
    at: null,
    previous: null,
    value: null,
    readings: 1,
    message,
  };
}
