import { clamp } from '../../lib/math.js';
import { DAY_MS, type PatternUsage } from './types.js';

export const FATIGUE_DECAY_PER_DAY = 0.95;
export const FATIGUE_LOOKBACK_DAYS = 7;
/** Uses per week an audience tolerates before a pattern starts to wear (seed). */
export const FATIGUE_FREE_USES = 3;
/** The seed's "20 % fatigue per excess use": full fatigue at 3 + 5 = 8 decayed uses in a week. */
export const FATIGUE_PER_EXCESS_USE = 0.2;

export interface PatternFatigueInput {
  usage: readonly PatternUsage[];
  personaId: string;
  patternId: string;
  now: Date;
}

/** Decayed usage = Σ usage_count × 0.95^(age in days) over the persona's uses of the pattern in the 7 days before `now`, in uses. */
export function decayedUsageCount({ usage, personaId, patternId, now }: PatternFatigueInput): number {
  const nowMs = now.getTime();
  let total = 0;
  for (const row of usage) {
    if (row.persona_id !== personaId || row.pattern_id !== patternId) continue;
    const ageMs = nowMs - row.used_at.getTime();
    // Rows after `now` did not exist yet at `now` (recomputing a past moment must not see them).
    if (!(ageMs >= 0) || ageMs >= FATIGUE_LOOKBACK_DAYS * DAY_MS) continue;
    total += usesIn(row) * FATIGUE_DECAY_PER_DAY ** (ageMs / DAY_MS);
  }
  return total;
}

/** Pattern fatigue = min(1, max(0, decayed usage − 3) × 0.2), 0 = fresh … 1 = worn out (8+ decayed uses a week). */
export function patternFatigue(input: PatternFatigueInput): number {
  const excess = decayedUsageCount(input) - FATIGUE_FREE_USES;
  return clamp(excess * FATIGUE_PER_EXCESS_USE, 0, 1);
}

export interface PostPatternFatigue {
  /** the most worn pattern's fatigue, 0–1 */
  score: number;
  /** fatigue of each of the post's patterns, 0–1 */
  by_pattern: Record<string, number>;
}

/** Post pattern fatigue = the highest patternFatigue among the post's patterns (0–1; 0 without patterns): one worn-out hook is enough to tire the audience. */
export function postPatternFatigue(input: {
  usage: readonly PatternUsage[];
  personaId: string;
  patternIds: readonly string[];
  now: Date;
}): PostPatternFatigue {
  const entries: [string, number][] = [];
  let score = 0;
  for (const patternId of new Set(input.patternIds)) {
    const fatigue = patternFatigue({
      usage: input.usage,
      personaId: input.personaId,
      patternId,
      now: input.now,
    });
    entries.push([patternId, fatigue]);
    score = Math.max(score, fatigue);
  }
  // fromEntries defines own properties, so a pattern id like "__proto__" stays an ordinary key.
  return { score, by_pattern: Object.fromEntries(entries) };
}

function usesIn(row: PatternUsage): number {
  const count = row.usage_count;
  if (count === null || count === undefined) return 1;
  return Number.isFinite(count) && count > 0 ? count : 0;
}
