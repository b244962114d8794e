import { describe, expect, it } from 'vitest';
import { hourOfWeekScores, isQuiet, nextFreeSlot } from './best-times.js';

const HOUR = 3_600_000;
const SUNDAY = Date.parse('2026-11-01T00:00:00.000Z');

describe(hourOfWeekScores.name, () => {
  it('shrinks each hour toward the account mean by K posts', () => {
    const s = hourOfWeekScores(
      [
        { published_at: new Date(SUNDAY + 18 * HOUR), rate: 0.1 },
        { published_at: new Date(SUNDAY + 18 * HOUR + 7 * 24 * HOUR), rate: 0.1 },
        { published_at: new Date(SUNDAY + 3 * HOUR), rate: 0.04 },
      ],
      2,
    );
    expect(s.account_mean).toBeCloseTo(0.08, 12);
    // (0.2 + 2·0.08) / 4 = 0.09; (0.04 + 0.16) / 3; an empty hour is the mean
    expect(s.slots[18]!.score).toBeCloseTo(0.09, 12);
    expect(s.slots[3]!.score).toBeCloseTo(0.2 / 3, 12);
    expect(s.slots[100]).toMatchObject({ posts: 0, mean: null, score: expect.closeTo(0.08, 12) as number });
  });
});

describe(nextFreeSlot.name, () => {
  const flat = hourOfWeekScores([]).slots;

  it('takes the best hour of the next day, on the hour, outside quiet hours', () => {
    const scores = hourOfWeekScores([
      { published_at: new Date(SUNDAY + 20 * HOUR), rate: 0.2 },
      { published_at: new Date(SUNDAY + 3 * HOUR), rate: 0 },
    ]).slots;
    const at = nextFreeSlot({
      now: new Date(SUNDAY + 9 * HOUR + 5 * 60_000),
      scores,
      quiet: null,
      postsPerDay: 3,
      taken: [],
    });
    expect(at?.toISOString()).toBe('2026-11-01T20:00:00.000Z');
    // with nothing learned, the earliest hour that is not quiet
    const quiet = nextFreeSlot({
      now: new Date(SUNDAY + 21 * HOUR + 1),
      scores: flat,
      quiet: { start: 22, end: 7 },
      postsPerDay: 3,
      taken: [],
    });
    expect(quiet?.toISOString()).toBe('2026-11-02T07:00:00.000Z');
  });

  it('keeps 24 h / posts_per_day between posts and at most posts_per_day a UTC day', () => {
    const now = new Date(SUNDAY + 9 * HOUR + 1);
    const at = nextFreeSlot({
      now,
      scores: flat,
      quiet: null,
      postsPerDay: 4,
      taken: [new Date(SUNDAY + 12 * HOUR)],
    });
    // 6 h from the post at 12:00
    expect(at?.toISOString()).toBe('2026-11-01T18:00:00.000Z');
    const full = nextFreeSlot({
      now,
      scores: flat,
      quiet: null,
      postsPerDay: 1,
      taken: [new Date(SUNDAY + 8 * HOUR)],
    });
    expect(full?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('answers null when the horizon has no free hour', () => {
    expect(
      nextFreeSlot({
        now: new Date(SUNDAY),
        scores: flat,
        quiet: { start: 0, end: 23 },
        postsPerDay: 1,
        taken: [new Date(SUNDAY + 23 * HOUR)],
        horizonDays: 1,
      }),
    ).toBeNull();
  });
});

describe(isQuiet.name, () => {
  it('wraps past midnight', () => {
    expect([21, 22, 23, 0, 6, 7].map((h) => isQuiet(h, { start: 22, end: 7 }))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([8, 9, 17].map((h) => isQuiet(h, { start: 9, end: 17 }))).toEqual([false, true, false]);
  });
});
