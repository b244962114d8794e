import type { Span } from './types.js';

export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Cut `text` into plain and highlighted segments. Spans may overlap, arrive unsorted, run past
 * the end, or (from a server counting code points instead of UTF-16 units) not line up: when a
 * span carries its `text` and the offsets disagree, the text is looked up instead.
 */
export function segmentText(text: string, spans: readonly Span[]): Segment[] {
  const ranges: [number, number][] = [];
  for (const span of spans) {
    let { start, end } = span;
    if (span.text && text.slice(start, end) !== span.text) {
      const found = findNear(text, span.text, start);
      if (found < 0) continue;
      start = found;
      end = found + span.text.length;
    }
    start = Math.max(0, Math.min(text.length, start));
    end = Math.max(start, Math.min(text.length, end));
    if (end > start) ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let pos = 0;
  for (const [s, e] of merged) {
    if (s > pos) out.push({ text: text.slice(pos, s), marked: false });
    out.push({ text: text.slice(s, e), marked: true });
    pos = e;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), marked: false });
  return out;
}

/** The occurrence of `needle` closest to `near` (case-insensitive), or -1. */
function findNear(text: string, needle: string, near: number): number {
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  let best = -1;
  for (let i = hay.indexOf(n); i >= 0; i = hay.indexOf(n, i + 1)) {
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
