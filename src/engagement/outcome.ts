/**
 * What the engagement model learns to predict in the product: a post's engagement rate at a
 * fixed age (24 hours by default), read from its stored snapshots of cumulative counters, and
 * the log scale the model works on. A rate, not a count, so that a post is compared with what it
 * could have reached; at a fixed age, so that a young post is not compared with an old one. Pure.
 */
import { interactions } from '../metrics/index.js';

export const DEFAULT_FIXED_AGE_MS = 24 * 3_600_000;

/** Added before the log, so that a post nobody engaged with has a finite outcome (0.1 %). */
export const RATE_FLOOR = 0.001;

/** y = ln(rate + 0.001) */
export const rateToOutcome = (rate: number): number => Math.log(Math.max(0, rate) + RATE_FLOOR);

/** rate = max(0, e^y − 0.001) */
export const outcomeToRate = (y: number): number => Math.max(0, Math.exp(y) - RATE_FLOOR);

export interface CounterReading {
  /** ms */
  taken_at: number;
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

/**
 * Engagement rate (interactions / views) at `publishedAt + ageMs`, interpolated linearly between
 * the readings on either side of that moment. With no reading before it, the first reading after
 * it counts if it came at most one more age later (a rate changes slowly with age; a count would
 * not). Null when the post is not that old at its newest reading, was first read too late, or had
 * no views.
 *
 * @param readings sorted by taken_at, ascending
 */
export function engagementRateAtAge(
  publishedAt: number,
  readings: readonly CounterReading[],
  ageMs: number = DEFAULT_FIXED_AGE_MS,
): number | null {
  const target = publishedAt + ageMs;
  let after = -1;
  for (let i = 0; i < readings.length; i++) {
    if (readings[i]!.taken_at >= target) {
      after = i;
      break;
    }
  }
  if (after < 0) return null;
  const b = readings[after]!;
  const a = after > 0 ? readings[after - 1]! : null;
  let views: number;
  let engaged: number;
  if (a === null || b.taken_at === target) {
    if (a === null && b.taken_at - target > ageMs) return null;
    views = b.views;
    engaged = interactions(b) ?? 0;
  } else {
    const f = (target - a.taken_at) / (b.taken_at - a.taken_at);
    views = a.views + f * (b.views - a.views);
    const ia = interactions(a) ?? 0;
    engaged = ia + f * ((interactions(b) ?? 0) - ia);
  }
  if (!(views > 0)) return null;
  return Math.max(0, engaged) / views;
}
