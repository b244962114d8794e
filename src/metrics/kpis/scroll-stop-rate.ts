import { clamp } from '../../lib/math.js';
import { countOf, interactions } from './counts.js';
import type { Counters } from './types.js';

export interface ScrollStopRate {
  /** percent, 0–100 */
  value: number;
  /** true when the source had no impressions and the rate was estimated from views */
  flagged: boolean;
}

/** Scroll-stop rate = engaged_views / impressions × 100 (percent, 0–100); without impressions, interactions / views × 100 and flagged. */
export function scrollStopRate(counters: Partial<Counters>): ScrollStopRate {
  const impressions = known(counters.impressions);
  const engagedViews = known(counters.engaged_views);
  const views = countOf(counters.views);
  // Every view is an impression, so impressions = 0 next to views > 0 means the source does not
  // report impressions (some send 0 for unsupported fields), not that nobody saw the post.
  const hasImpressions = impressions !== null && engagedViews !== null && (impressions > 0 || views === 0);
  if (hasImpressions) {
    return { value: impressions > 0 ? clamp((engagedViews / impressions) * 100, 0, 100) : 0, flagged: false };
  }
  if (views === 0) return { value: 0, flagged: true };
  return { value: clamp(((interactions(counters) ?? 0) / views) * 100, 0, 100), flagged: true };
}

function known(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? Math.max(0, value) : null;
}
