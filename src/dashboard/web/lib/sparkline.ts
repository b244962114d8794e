/**
 * SVG polyline points for a sparkline of `values` in a `width`×`height` box with `pad` pixels
 * kept free at top and bottom. A flat series is drawn at mid-height; non-finite values are
 * skipped. Returns '' for fewer than two usable points.
 */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 2): string {
  const pts = values.map((v, i) => [i, v] as const).filter(([, v]) => Number.isFinite(v));
  if (pts.length < 2) return '';
  const ys = pts.map(([, v]) => v);
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const span = max - min;
  const lastIndex = values.length - 1;
  const inner = height - 2 * pad;
  return pts
    .map(([i, v]) => {
      const x = (i / lastIndex) * width;
      const y = span === 0 ? height / 2 : pad + inner - ((v - min) / span) * inner;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
