import type { DraftRepository } from './draft-repository.js';
import type { QuietHours } from './tables.js';

/**
 * Best time to post (SPEC §7): an account's engagement by hour of the week (UTC), each hour's
 * mean shrunk toward the account's mean, so an hour with one lucky post does not win:
 *   score_h = (Σ rates at h + K · account_mean) / (n_h + K).
 * Pure; the clock and the history come in.
 */

export const HOURS_PER_WEEK = 168;
/** An hour's own posts count against K posts' worth of the account mean. */
export const SHRINKAGE_POSTS = 5;
const HOUR_MS = 3_600_000;

export interface RateSample {
  published_at: Date;
  /** engagement rate of the post (interactions / views) */
  rate: number;
}

export interface HourSlot {
  /** 0 = Sunday */
  day: number;
  hour: number;
  posts: number;
  mean: number | null;
  score: number;
}

export interface HourOfWeekScores {
  posts: number;
  account_mean: number;
  /** index: day · 24 + hour */
  slots: HourSlot[];
}

export function hourOfWeek(t: Date): number {
  return t.getUTCDay() * 24 + t.getUTCHours();
}

export function hourOfWeekScores(samples: readonly RateSample[], k = SHRINKAGE_POSTS): HourOfWeekScores {
  const sums = new Float64Array(HOURS_PER_WEEK);
  const counts = new Int32Array(HOURS_PER_WEEK);
  let total = 0;
  for (const s of samples) {
    const h = hourOfWeek(s.published_at);
    sums[h]! += s.rate;
    counts[h]!++;
    total += s.rate;
  }
  const mean = samples.length > 0 ? total / samples.length : 0;
  const slots: HourSlot[] = [];
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const n = counts[h]!;
    slots.push({
      day: Math.floor(h / 24),
      hour: h % 24,
      posts: n,
      mean: n > 0 ? sums[h]! / n : null,
      score: (sums[h]! + k * mean) / (n + k),
    });
  }
  return { posts: samples.length, account_mean: mean, slots };
}

export function isQuiet(hour: number, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  return quiet.start < quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end;
}

export interface SlotRequest {
  now: Date;
  scores: readonly HourSlot[];
  quiet: QuietHours | null;
  postsPerDay: number;
  /** when the persona's other posts go (or went) out */
  taken: readonly Date[];
  /** how far ahead to look, in days (default 7) */
  horizonDays?: number;
}

/**
 * The next best free slot: the start of an hour after `now`, outside the quiet hours, at least
 * 24 h / posts_per_day from every taken time and on a UTC day with fewer than posts_per_day
 * taken. Within the first day (24 h from now) that has a free hour, the best-scored one; ties go
 * to the earliest. `null` when the horizon has none.
 */
export function nextFreeSlot(req: SlotRequest): Date | null {
  const gapMs = (24 / req.postsPerDay) * HOUR_MS;
  const perDay = new Map<number, number>();
  for (const t of req.taken) {
    const day = Math.floor(t.getTime() / (24 * HOUR_MS));
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const first = Math.floor(req.now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const horizon = (req.horizonDays ?? 7) * 24;
  for (let window = 0; window < horizon; window += 24) {
    let best: { at: number; score: number } | null = null;
    for (let i = window; i < window + 24; i++) {
      const at = first + i * HOUR_MS;
      const t = new Date(at);
      if (isQuiet(t.getUTCHours(), req.quiet)) continue;
      if ((perDay.get(Math.floor(at / (24 * HOUR_MS))) ?? 0) >= req.postsPerDay) continue;
      if (req.taken.some((x) => Math.abs(x.getTime() - at) < gapMs)) continue;
      const score = req.scores[hourOfWeek(t)]!.score;
      if (best === null || score > best.score) best = { at, score };
    }
    if (best) return new Date(best.at);
  }
  return null;
}

/** Best times of an account, from its stored posts and their latest engagement. */
export class BestTimesService {
  constructor(private readonly o: { drafts: Pick<DraftRepository, 'engagementHistory'> }) {}

  async scores(accountId: string): Promise<HourOfWeekScores> {
    return hourOfWeekScores(await this.o.drafts.engagementHistory(accountId));
  }

  async forAccount(accountId: string, limit: number) {
    const s = await this.scores(accountId);
    const slots = [...s.slots].sort(
      (a, b) => b.score - a.score || b.posts - a.posts || a.day * 24 + a.hour - (b.day * 24 + b.hour),
    );
    return {
      account_id: accountId,
      posts: s.posts,
      account_mean: s.account_mean,
      shrinkage_posts: SHRINKAGE_POSTS,
      slots: slots.slice(0, limit),
    };
  }
}
