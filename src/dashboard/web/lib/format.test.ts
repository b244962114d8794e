import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatKpi,
  formatLift,
  formatNumber,
  formatPercent,
  formatRelative,
  humanize,
  tickDigits,
  truncate,
} from './format.js';

describe(formatNumber.name, () => {
  it('groups thousands and rounds half away from zero to the digits asked', () => {
    expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    expect(formatNumber(2.5)).toBe('3');
    expect(formatNumber(0.125, 2)).toBe('0.13');
  });

  it('prints a dash for missing or non-finite values', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('never prints negative zero', () => {
    expect(formatNumber(-0.004, 2)).toBe('0.00');
    expect(formatNumber(-0.4)).toBe('0');
  });
});

describe(formatPercent.name, () => {
  it('turns a ratio into a percentage', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(1, 0)).toBe('100%');
  });
});

describe(formatLift.name, () => {
  it('signs lifts with plus and a true minus', () => {
    expect(formatLift(0.123)).toBe('+12.3%');
    expect(formatLift(-0.05)).toBe('−5.0%');
  });

  it('leaves zero (also after rounding) unsigned', () => {
    expect(formatLift(0)).toBe('0.0%');
    expect(formatLift(-0.0001)).toBe('0.0%');
  });
});

describe(formatKpi.name, () => {
  it('uses each KPI’s digits and unit', () => {
    expect(formatKpi('viral_coefficient', 3.14159)).toBe('3.14');
    expect(formatKpi('scroll_stop_rate', 42.06)).toBe('42.1%');
    expect(formatKpi('share_velocity', 12)).toBe('12.0/h');
    expect(formatKpi('engagement_trajectory', -12.34)).toBe('-12.3');
    expect(formatKpi('pattern_fatigue', undefined)).toBe('—');
  });
});

describe(formatRelative.name, () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('picks the largest whole unit', () => {
    expect(formatRelative('2025-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2025-01-01T09:30:00Z', now)).toBe('2 hours ago');
    expect(formatRelative('2024-12-31T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2025-01-01T12:00:30Z', now)).toBe('in 30 seconds');
  });

  it('says now within ten seconds and a dash for bad input', () => {
    expect(formatRelative('2025-01-01T11:59:55Z', now)).toBe('now');
    expect(formatRelative('not a date', now)).toBe('—');
    expect(formatRelative(null, now)).toBe('—');
  });
});

describe(formatDateTime.name, () => {
  it('prints local date and minutes', () => {
    const d = new Date(2025, 2, 4, 14, 5, 59);
    expect(formatDateTime(d.toISOString())).toBe('2025-03-04 14:05');
    expect(formatDateTime('garbage')).toBe('—');
  });
});

describe(truncate.name, () => {
  it('keeps short text and collapses whitespace', () => {
    expect(truncate('  a \n b  ', 10)).toBe('a b');
  });

  it('cuts on a word boundary when one is near the limit', () => {
    expect(truncate('the quick brown fox', 14)).toBe('the quick…');
    expect(truncate('supercalifragilistic word', 10)).toBe('supercali…');
  });

  it('never splits an emoji (counts code points)', () => {
    expect(truncate('😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe(humanize.name, () => {
  it('turns snake case into a sentence', () => {
    expect(humanize('purchase_intent')).toBe('Purchase intent');
  });
});

describe(tickDigits.name, () => {
  it('gives the decimals a tick step needs', () => {
    expect(tickDigits(5)).toBe(0);
    expect(tickDigits(0.5)).toBe(1);
    expect(tickDigits(0.25)).toBe(2);
    expect(tickDigits(0.002)).toBe(3);
  });

  it('stays at zero for nonsense steps and caps at six', () => {
    expect(tickDigits(0)).toBe(0);
    expect(tickDigits(Number.NaN)).toBe(0);
    expect(tickDigits(1 / 3)).toBe(6);
  });
});
