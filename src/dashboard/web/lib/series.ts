import type { KpiHistoryPoint, Snapshot } from './types.js';

export interface Aligned {
  /** epoch seconds, ascending */
  x: number[];
  columns: Record<string, (number | null)[]>;
}

/** Snapshots (any order) → one x axis and one column per counter; a missing counter is null. */
export function alignSnapshots(
  snapshots: readonly Snapshot[],
  counters: readonly (keyof Snapshot)[],
): Aligned {
  const rows = snapshots
    .map((s) => ({ t: Date.parse(s.taken_at) / 1000, s }))
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t);
  const columns: Record<string, (number | null)[]> = {};
  for (const c of counters) {
    columns[c] = rows.map(({ s }) => {
      const v = s[c];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
  }
  return { x: rows.map((r) => r.t), columns };
}

/** KPI history (long format) → one aligned series per metric name, each on its own x axis. */
export function groupKpiHistory(
  history: readonly KpiHistoryPoint[],
): Map<string, { x: number[]; y: number[] }> {
  const out = new Map<string, { t: number; v: number }[]>();
  for (const p of history) {
    const t = Date.parse(p.recorded_at) / 1000;
    if (!Number.isFinite(t) || !Number.isFinite(p.metric_value)) continue;
    let list = out.get(p.metric_name);
    if (!list) out.set(p.metric_name, (list = []));
    list.push({ t, v: p.metric_value });
  }
  const result = new Map<string, { x: number[]; y: number[] }>();
  for (const [name, list] of out) {
    list.sort((a, b) => a.t - b.t);
    result.set(name, { x: list.map((p) => p.t), y: list.map((p) => p.v) });
  }
  return result;
}
