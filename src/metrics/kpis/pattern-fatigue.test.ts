import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayedUsageCount, patternFatigue as sut, postPatternFatigue } from './pattern-fatigue.js';
import { DAY_MS, type PatternUsage } from './types.js';

const NOW = new Date('2025-08-08T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const use = (days: number, overrides: Partial<PatternUsage> = {}): PatternUsage => ({
  persona_id: 'p1',
  pattern_id: 'curiosity_gap',
  used_at: daysAgo(days),
  ...overrides,
});
const ask = (usage: PatternUsage[]) => ({ usage, personaId: 'p1', patternId: 'curiosity_gap', now: NOW });

describe(sut.name, () => {
  it('is 0 for 2 uses this week', () => {
    // 2 uses today: decayed count 2 ≤ 3 free uses → 0
    expect(sut(ask([use(0), use(0)]))).toBe(0);
  });

  it('rises by 0.2 per use beyond 3 for 5 uses this week', () => {
    // 5 uses today: (5 − 3) × 0.2 = 0.4
    expect(sut(ask([use(0), use(0), use(0), use(0), use(0)]))).toBeCloseTo(0.4, 10);
  });

  it('decays each use by 0.95 per day of age', () => {
    // ages 0..4 days: 1 + 0.95 + 0.9025 + 0.857375 + 0.81450625 = 4.52438125
    // (4.52438125 − 3) × 0.2 = 0.30487625
    const usage = [use(0), use(1), use(2), use(3), use(4)];
    expect(decayedUsageCount(ask(usage))).toBeCloseTo(4.52438125, 10);
    expect(sut(ask(usage))).toBeCloseTo(0.30487625, 10);
  });

  it('weighs old uses less than fresh ones', () => {
    // 6 uses 6 days ago: 6 × 0.95^6 = 6 × 0.735091890625 = 4.41055134375 → (1.41055134375) × 0.2 = 0.28211026875
    const old = Array.from({ length: 6 }, () => use(6));
    expect(sut(ask(old))).toBeCloseTo(0.28211026875, 10);
    // the same 6 uses today: (6 − 3) × 0.2 = 0.6
    expect(sut(ask(Array.from({ length: 6 }, () => use(0))))).toBeCloseTo(0.6, 10);
  });

  it('forgets uses older than 7 days', () => {
    expect(sut(ask(Array.from({ length: 20 }, () => use(7))))).toBe(0);
    expect(sut(ask(Array.from({ length: 20 }, () => use(30))))).toBe(0);
  });

  it('saturates at 1 from 8 decayed uses', () => {
    // 8 uses today: (8 − 3) × 0.2 = 1; 12 uses → 1.8 → 1
    expect(sut(ask(Array.from({ length: 8 }, () => use(0))))).toBeCloseTo(1, 10);
    expect(sut(ask(Array.from({ length: 12 }, () => use(0))))).toBe(1);
  });

  it('counts only the persona and pattern asked about', () => {
    const usage = [
      ...Array.from({ length: 10 }, () => use(0, { persona_id: 'someone_else' })),
      ...Array.from({ length: 10 }, () => use(0, { pattern_id: 'urgency' })),
      use(0),
    ];
    expect(decayedUsageCount(ask(usage))).toBe(1);
  });

  it('ignores uses recorded after now', () => {
    expect(decayedUsageCount(ask(Array.from({ length: 10 }, () => use(-1))))).toBe(0);
  });

  it('multiplies by usage_count when a row holds several uses', () => {
    // one row of 5 uses 1 day ago: 5 × 0.95 = 4.75 → (1.75) × 0.2 = 0.35
    expect(sut(ask([use(1, { usage_count: 5 })]))).toBeCloseTo(0.35, 10);
  });

  it('stays within 0..1 for arbitrary usage histories', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            days: fc.double({ min: -10, max: 30, noNaN: true }),
            count: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e6, noNaN: true })),
          }),
        ),
        (rows) => {
          const value = sut(ask(rows.map((r) => use(r.days, { usage_count: r.count }))));
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe(postPatternFatigue.name, () => {
  it('scores a post by its most fatigued pattern and reports each one', () => {
    // curiosity_gap: 5 uses today → 0.4; urgency: 1 use → 0; listicle: never used → 0
    const usage = [...Array.from({ length: 5 }, () => use(0)), use(0, { pattern_id: 'urgency' })];
    const result = postPatternFatigue({
      usage,
      personaId: 'p1',
      patternIds: ['urgency', 'curiosity_gap', 'listicle'],
      now: NOW,
    });
    expect(result.score).toBeCloseTo(0.4, 10);
    expect(result.by_pattern).toEqual({ urgency: 0, curiosity_gap: expect.closeTo(0.4, 10), listicle: 0 });
  });

  it('is 0 for a post without patterns', () => {
    expect(postPatternFatigue({ usage: [use(0)], personaId: 'p1', patternIds: [], now: NOW })).toEqual({
      score: 0,
      by_pattern: {},
    });
  });

  it('keeps a pattern id named __proto__ as an ordinary key', () => {
    const result = postPatternFatigue({ usage: [], personaId: 'p1', patternIds: ['__proto__'], now: NOW });
    expect(Object.keys(result.by_pattern)).toEqual(['__proto__']);
  });
});
