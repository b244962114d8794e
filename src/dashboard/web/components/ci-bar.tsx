import { formatLift } from '../lib/format.js';

const W = 140;
const H = 18;

/**
 * A one-row forest plot: the interval [low, high] and the point estimate on a scale shared by
 * every row of the table, with the zero line (no lift) drawn for reference.
 */
export function CiBar({
  lift,
  low,
  high,
  scale,
}: {
  lift: number;
  low: number;
  high: number;
  scale: { min: number; max: number };
}) {
  const span = scale.max - scale.min || 1;
  const px = (v: number) =>
    Math.round(((Math.min(scale.max, Math.max(scale.min, v)) - scale.min) / span) * W * 10) / 10;
  const zero = px(0);
  const label = `lift ${formatLift(lift)}, 95% interval ${formatLift(low)} to ${formatLift(high)}`;
  return (
    <svg class="ci-bar" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={zero} x2={zero} y1={0} y2={H} class="ci-zero" />
      <line
        x1={px(low)}
        x2={px(high)}
        y1={H / 2}
        y2={H / 2}
        class={`ci-range ${low > 0 ? 'pos' : high < 0 ? 'neg' : ''}`}
      />
      <circle cx={px(lift)} cy={H / 2} r={4} class="ci-point" />
    </svg>
  );
}

/** Shared scale for a set of intervals, always including 0 and padded a little. */
export function ciScale(intervals: readonly (readonly [number, number] | null)[]): {
  min: number;
  max: number;
} {
  let min = 0;
  let max = 0;
  for (const ci of intervals) {
    if (!ci) continue;
    if (Number.isFinite(ci[0])) min = Math.min(min, ci[0]);
    if (Number.isFinite(ci[1])) max = Math.max(max, ci[1]);
  }
  const pad = (max - min) * 0.05 || 0.05;
  return { min: min - pad, max: max + pad };
}
