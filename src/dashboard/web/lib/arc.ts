/**
 * Geometry of the small emotional-arc chart of a post: the valence of each segment (−1…1) on a
 * fixed vertical scale, so that a flat, slightly positive post reads as flat and slightly
 * positive rather than stretched to the full height as a sparkline would draw it.
 */
export interface ArcPoint {
  x: number;
  y: number;
  index: number;
  valence: number;
  kind: 'peak' | 'valley' | 'plain';
}

export interface ArcGeometry {
  points: ArcPoint[];
  /** SVG polyline points */
  line: string;
  /** y of valence 0 */
  zeroY: number;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Points of `valences` in a `width`×`height` box with `pad` pixels free on every side. */
export function arcGeometry(
  valences: readonly number[],
  peaks: readonly number[],
  valleys: readonly number[],
  width: number,
  height: number,
  pad = 4,
): ArcGeometry {
  const n = valences.length;
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const yOf = (v: number): number => round(pad + ((1 - Math.max(-1, Math.min(1, v))) / 2) * innerH);
  const peakSet = new Set(peaks);
  const valleySet = new Set(valleys);
  const points = valences.map((raw, i) => {
    const valence = Number.isFinite(raw) ? raw : 0;
    return {
      x: round(n === 1 ? width / 2 : pad + (i / (n - 1)) * innerW),
      y: yOf(valence),
      index: i,
      valence,
      kind: peakSet.has(i) ? ('peak' as const) : valleySet.has(i) ? ('valley' as const) : ('plain' as const),
    };
  });
  return { points, line: points.map((p) => `${p.x},${p.y}`).join(' '), zeroY: yOf(0) };
}
