import { clamp } from '../../lib/math.js';
import { countOf } from './counts.js';
import type { Counters } from './types.js';

/** Outliers above this are capped so that one tiny post cannot skew persona averages (seed). */
export const VIRAL_COEFFICIENT_CAP = 50;

/** Viral coefficient = (shares + reposts + quotes + replies) / views × 100, in percent, capped at 50; 0 when views are 0 or unknown. */
export function viralCoefficient(counters: Partial<Counters>): number {
  const views = countOf(counters.views);
  if (views === 0) return 0;
  const secondary =
    countOf(counters.shares) +
    countOf(counters.reposts) +
    countOf(counters.quotes) +
    countOf(counters.replies);
  return clamp((secondary / views) * 100, 0, VIRAL_COEFFICIENT_CAP);
}
