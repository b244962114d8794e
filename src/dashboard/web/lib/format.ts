import type { KpiName } from './types.js';

/**
 * Number and time formatting. The locale is fixed (en-US) so that what the page shows is the
 * same on every machine and can be compared with the API's numbers in the browser tests.
 */
const cache = new Map<number, Intl.NumberFormat>();

function formatter(digits: number): Intl.NumberFormat {
  let f = cache.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(digits, f);
  }
  return f;
}

/** `1234.567, 1` → `1,234.6`; null, undefined and non-finite values → `—`. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const out = formatter(digits).format(value);
  // -0.0 reads as a sign error to people; show 0.0.
  return /^-0(\.0+)?$/.test(out) ? out.slice(1) : out;
}

/** A ratio 0–1 as a percentage: `0.1234` → `12.3%`. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${formatNumber(ratio * 100, digits)}%`;
}

/** A signed relative change: `0.123` → `+12.3%`, `-0.05` → `−5.0%` (true minus sign). */
export function formatLift(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const text = formatNumber(Math.abs(ratio * 100), digits);
  if (/^0(\.0+)?$/.test(text)) return `${text}%`;
  return `${ratio < 0 ? '−' : '+'}${text}%`;
}

export interface KpiMeta {
  name: KpiName;
  label: string;
  /** one line for tooltips and the table caption */
  description: string;
  digits: number;
  unit: string;
}

/** What each KPI means and how to print it (SPEC §3.2). */
export const KPI_META: Record<KpiName, KpiMeta> = {
  viral_coefficient: {
    name: 'viral_coefficient',
    label: 'Viral coefficient',
    description: '(shares + reposts + quotes + replies) per 100 views, capped at 50',
    digits: 2,
    unit: '',
  },
  scroll_stop_rate: {
    name: 'scroll_stop_rate',
    label: 'Scroll-stop rate',
    description: 'engaged views per 100 impressions',
    digits: 1,
    unit: '%',
  },
  share_velocity: {
    name: 'share_velocity',
    label: 'Share velocity',
    description: 'peak shares and reposts per hour',
    digits: 1,
    unit: '/h',
  },
  reply_depth: {
    name: 'reply_depth',
    label: 'Reply depth',
    description: 'mean depth of reply threads',
    digits: 2,
    unit: '',
  },
  engagement_trajectory: {
    name: 'engagement_trajectory',
    label: 'Trajectory',
    description: 'trend of the hourly engagement rate, −100 to 100',
    digits: 1,
    unit: '',
  },
  pattern_fatigue: {
    name: 'pattern_fatigue',
    label: 'Pattern fatigue',
    description: 'how worn out this post’s patterns are for the persona, 0 to 1',
    digits: 2,
    unit: '',
  },
};

export function formatKpi(name: KpiName, value: number | null | undefined): string {
  const meta = KPI_META[name];
  const text = formatNumber(value, meta.digits);
  return text === '—' ? text : `${text}${meta.unit}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];
const rtf = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });

/** `5 minutes ago`, `in 2 hours`, `now`; `—` for an invalid date. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const seconds = Math.round((t - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? 'now' : rtf.format(seconds, 'second');
}

/** `2025-03-04 14:05` in the viewer's time zone; `—` for an invalid date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Shorten to `max` characters on a word boundary when one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** `purchase_intent` → `Purchase intent`. */
export function humanize(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Decimals needed to tell ticks `incr` apart: 0.25 → 2, 0.5 → 1, 5 → 0 (at most 6). */
export function tickDigits(incr: number): number {
  if (!(incr > 0) || !Number.isFinite(incr)) return 0;
  for (let d = 0; d < 6; d++) {
    const scaled = incr * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 6;
}
