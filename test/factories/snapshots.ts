import {
  COUNTER_FIELDS,
  HOUR_MS,
  type CounterField,
  type CounterSnapshot,
} from '../../src/metrics/kpis/types.js';

/** A fixed instant so that hand-computed expectations never depend on the clock. */
export const T0 = new Date('2025-08-01T10:00:00.000Z');

export function at(hoursAfterT0: number): Date {
  return new Date(T0.getTime() + hoursAfterT0 * HOUR_MS);
}

/** One cumulative reading with plausible counters; override any field, or set it to null to drop it. */
export function makeSnapshot(overrides: Partial<CounterSnapshot> = {}): CounterSnapshot {
  return {
    taken_at: T0,
    views: 1000,
    impressions: 2500,
    engaged_views: 400,
    likes: 80,
    replies: 12,
    reposts: 6,
    quotes: 2,
    shares: 5,
    ...overrides,
  };
}

export interface SnapshotSeriesOptions {
  start?: Date;
  everyMs?: number;
  /** counters of the first snapshot; a field set to null stays null in every snapshot (source lacks it) */
  initial?: Partial<Record<CounterField, number | null>>;
  /** what each step adds: snapshot i + 1 = snapshot i + increments[i]; negative values make a counter go back */
  increments: readonly Partial<Record<CounterField, number>>[];
}

/** increments.length + 1 cumulative snapshots, `everyMs` apart (1 h by default), starting at `start` (T0). */
export function makeSnapshotSeries(options: SnapshotSeriesOptions): CounterSnapshot[] {
  const start = (options.start ?? T0).getTime();
  const every = options.everyMs ?? HOUR_MS;
  const current: Record<CounterField, number | null> = {
    views: 0,
    impressions: 0,
    engaged_views: 0,
    likes: 0,
    replies: 0,
    reposts: 0,
    quotes: 0,
    shares: 0,
    ...options.initial,
  };
  const series: CounterSnapshot[] = [{ taken_at: new Date(start), ...current }];
  options.increments.forEach((step, index) => {
    for (const field of COUNTER_FIELDS) {
      const value = current[field];
      if (value !== null) current[field] = value + (step[field] ?? 0);
    }
    series.push({ taken_at: new Date(start + (index + 1) * every), ...current });
  });
  return series;
}
