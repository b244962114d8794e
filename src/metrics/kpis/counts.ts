import type { Counters } from './types.js';

const INTERACTION_FIELDS = ['likes', 'replies', 'reposts', 'quotes', 'shares'] as const;

/** Interactions = likes + replies + reposts + quotes + shares (count); null when none of them is known. */
export function interactions(counters: Partial<Counters>): number | null {
  let sum = 0;
  let known = false;
  for (const field of INTERACTION_FIELDS) {
    const value = counters[field];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    known = true;
    sum += Math.max(0, value);
  }
  return known ? sum : null;
}

/** A counter as a usable non-negative number: unknown, negative and non-finite values count as 0. */
export function countOf(value: number | null | undefined): number {
  return value !== null && value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}
