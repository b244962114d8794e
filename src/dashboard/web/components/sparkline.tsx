import { sparklinePoints } from '../lib/sparkline.js';
import { formatNumber } from '../lib/format.js';

const W = 96;
const H = 24;

/** A tiny trend line for a table cell (SVG: dozens per page cost nothing, unlike canvases). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const points = sparklinePoints(values, W, H);
  if (!points) return <span class="muted">—</span>;
  const first = values.find((v) => Number.isFinite(v));
  const last = [...values].reverse().find((v) => Number.isFinite(v));
  const description = `${label}: ${formatNumber(first, 2)} to ${formatNumber(last, 2)} over ${values.length} readings`;
  return (
    <svg class="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description}>
      <title>{description}</title>
      <polyline
        points={points}
        fill="none"
        stroke="currentColor"
        stroke-width="1.5"
        stroke-linejoin="round"
      />
    </svg>
  );
}
