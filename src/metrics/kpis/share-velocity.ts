import { countOf } from './counts.js';
import type { Counters } from './types.js';

/** Share velocity = the highest (shares + reposts) gained in one hourly bucket, in shares per hour; 0 without buckets. */
export function shareVelocity(hourlyDeltas: readonly Partial<Counters>[]): number {
  let peak = 0;
  for (const bucket of hourlyDeltas) {
    peak = Math.max(peak, countOf(bucket.shares) + countOf(bucket.reposts));
  }
  return peak;
}
