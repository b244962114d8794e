import { InvalidInputError } from '../errors.js';
import { DAY_MS, HOUR_MS } from './kpis/types.js';

/** The timeframes the metrics API accepts (SPEC §3.3); routes build their TypeBox union from this list. */
export const TIMEFRAMES = ['1h', '3h', '6h', '12h', '24h', '7d'] as const;
export type TimeframeLabel = (typeof TIMEFRAMES)[number];

export const DEFAULT_TIMEFRAME: TimeframeLabel = '1h';

export interface Timeframe {
  label: TimeframeLabel;
  /** length of the window in milliseconds */
  ms: number;
}

const TIMEFRAME_MS: Record<TimeframeLabel, number> = {
  '1h': HOUR_MS,
  '3h': 3 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * DAY_MS,
};

/** True for exactly the labels in TIMEFRAMES (own keys only, so "toString" is not a timeframe). */
export function isTimeframeLabel(value: unknown): value is TimeframeLabel {
  return typeof value === 'string' && Object.hasOwn(TIMEFRAME_MS, value);
}

/** Parses a timeframe label into its window length; anything outside TIMEFRAMES is an InvalidInputError at query.timeframe. */
export function parseTimeframe(value: string): Timeframe {
  if (!isTimeframeLabel(value)) {
    // A closed list rather than a "<n>h" grammar: every window must have a cache key, a baseline
    // and a chart scale, and "90m" or "1000h" would have none of them.
    throw new InvalidInputError(
      `timeframe must be one of ${TIMEFRAMES.join(', ')} (got ${JSON.stringify(String(value).slice(0, 40))})`,
      ['query', 'timeframe'],
      'value_error',
      value,
    );
  }
  return { label: value, ms: TIMEFRAME_MS[value] };
}
