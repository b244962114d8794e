import { clamp } from '../../lib/math.js';

export interface TrajectoryPoint {
  /** hours since the start of the window; gaps in the series keep their true spacing */
  hour: number;
  /** views gained in that hour */
  views: number | null;
  /** interactions gained in that hour */
  interactions: number | null;
}

/** Fewer points cannot tell a trend from noise (seed). */
export const TRAJECTORY_MIN_POINTS = 3;

/**
 * Engagement trajectory = view-weighted least-squares slope of the hourly rate (interactions / views) × window span / mean rate × 100, in −100…100; 0 below 3 hours with views.
 *
 * Read it as "the fitted line changes by this percentage of the average rate across the window":
 * −50 means the rate fell by half its average level. 0 also when the mean rate is 0.
 */
export function engagementTrajectory(points: readonly TrajectoryPoint[]): number {
  const usable = points.filter(
    (p): p is TrajectoryPoint & { views: number; interactions: number } =>
      Number.isFinite(p.hour) &&
      p.views !== null &&
      Number.isFinite(p.views) &&
      p.views > 0 &&
      p.interactions !== null &&
      Number.isFinite(p.interactions),
  );
  if (usable.length < TRAJECTORY_MIN_POINTS) return 0;

  // Weighted by the hour's views: a rate measured on 2 views is mostly noise, one on 2,000 is not.
  let weight = 0;
  let sumX = 0;
  let sumY = 0;
  for (const p of usable) {
    const rate = Math.max(0, p.interactions) / p.views;
    weight += p.views;
    sumX += p.views * p.hour;
    sumY += p.views * rate;
  }
  const meanX = sumX / weight;
  const meanY = sumY / weight;
  if (!(meanY > 0) || !Number.isFinite(meanY)) return 0;

  let sxx = 0;
  let sxy = 0;
  let minHour = Infinity;
  let maxHour = -Infinity;
  for (const p of usable) {
    const dx = p.hour - meanX;
    const rate = Math.max(0, p.interactions) / p.views;
    sxx += p.views * dx * dx;
    sxy += p.views * dx * (rate - meanY);
    minHour = Math.min(minHour, p.hour);
    maxHour = Math.max(maxHour, p.hour);
  }
  if (!(sxx > 0)) return 0;
  const slopePerHour = sxy / sxx;
  // Scaling by the span makes the value independent of the timeframe: a rate that halves over
  // 3 hours or over 24 hours reads the same.
  const changeAcrossWindow = slopePerHour * (maxHour - minHour);
  return clamp((changeAcrossWindow / meanY) * 100, -100, 100);
}
