import { describe, expect, it } from 'vitest';
import { computeBaseline as sut, personaRollingAverage, type MetricHistoryRow } from './baseline.js';
import { DAY_MS } from './kpis/types.js';

const NOW = new Date('2025-08-08T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const row = (
  metric_value: number,
  days: number,
  post_id: string | null = null,
  metric_name = 'viral_coefficient',
): MetricHistoryRow => ({ metric_name, metric_value, recorded_at: daysAgo(days), post_id });

// post a: 10 and 20 (mean 15); post b: 30; post c is 8 days old; one scroll-stop row must not mix in
const PERSONA = [
  row(10, 1, 'a'),
  row(20, 2, 'a'),
  row(30, 3, 'b'),
  row(99, 8, 'c'),
  row(70, 1, 'b', 'scroll_stop_rate'),
];

describe(personaRollingAverage.name, () => {
  it('averages posts, not rows, over the last 7 days', () => {
    // (mean(10, 20) + 30) / 2 = (15 + 30) / 2 = 22.5; a plain row mean would be 20
    expect(personaRollingAverage(PERSONA, 'viral_coefficient', NOW)).toEqual({ mean: 22.5, posts: 2 });
  });

  it('counts each row without a post id as its own post', () => {
    // (10 + 20 + 30) / 3 = 20
    expect(personaRollingAverage([row(10, 1), row(20, 1), row(30, 1)], 'viral_coefficient', NOW)).toEqual({
      mean: 20,
      posts: 3,
    });
  });

  it('leaves out the excluded post', () => {
    expect(personaRollingAverage(PERSONA, 'viral_coefficient', NOW, 7 * DAY_MS, 'a')).toEqual({
      mean: 30,
      posts: 1,
    });
  });

  it('includes a reading at now and excludes one exactly 7 days old', () => {
    expect(personaRollingAverage([row(4, 0), row(100, 7)], 'viral_coefficient', NOW)).toEqual({
      mean: 4,
      posts: 1,
    });
  });

  it('weighs rows that average several readings by their count within a post', () => {
    // post a: 10 over 1 reading and 20 over 3 readings → (10 + 60) / 4 = 17.5; post b: 30 → (17.5 + 30) / 2 = 23.75
    const rows = [{ ...row(10, 1, 'a'), readings: 1 }, { ...row(20, 1, 'a'), readings: 3 }, row(30, 1, 'b')];
    expect(personaRollingAverage(rows, 'viral_coefficient', NOW)).toEqual({ mean: 23.75, posts: 2 });
  });

  it('ignores non-finite values', () => {
    expect(personaRollingAverage([row(Number.NaN, 1), row(6, 1)], 'viral_coefficient', NOW)).toEqual({
      mean: 6,
      posts: 1,
    });
  });
});

describe(sut.name, () => {
  it('uses the persona average while the post has fewer than 3 earlier readings', () => {
    const baseline = sut({ personaHistory: PERSONA, postHistory: [row(4, 0.1), row(6, 0.2)], now: NOW });
    expect(baseline.values.viral_coefficient).toBe(22.5);
    expect(baseline.details.viral_coefficient).toEqual({
      value: 22.5,
      source: 'persona',
      persona_mean: 22.5,
      persona_posts: 2,
      post_mean: null,
      post_readings: 2,
    });
  });

  it('blends half persona, half own readings once the post has 3', () => {
    // own mean (4 + 6 + 8) / 3 = 6; 0.5 × 22.5 + 0.5 × 6 = 14.25
    const baseline = sut({
      personaHistory: PERSONA,
      postHistory: [row(4, 0.1), row(6, 0.2), row(8, 0.3)],
      now: NOW,
    });
    expect(baseline.values.viral_coefficient).toBe(14.25);
    expect(baseline.details.viral_coefficient.source).toBe('blended');
    expect(baseline.details.viral_coefficient.post_mean).toBe(6);
  });

  it('uses the own readings alone when the persona has no history', () => {
    const baseline = sut({
      personaHistory: [],
      postHistory: [row(4, 0.1), row(6, 0.2), row(8, 0.3)],
      now: NOW,
    });
    expect(baseline.details.viral_coefficient).toMatchObject({ value: 6, source: 'post' });
  });

  it('does not count a reading taken at now as an earlier reading of the post', () => {
    const baseline = sut({
      personaHistory: [],
      postHistory: [row(4, 0), row(6, 0.2), row(8, 0.3)],
      now: NOW,
    });
    expect(baseline.details.viral_coefficient).toMatchObject({
      value: null,
      source: 'none',
      post_readings: 2,
    });
  });

  it('takes the own readings from a pre-aggregated mean when given', () => {
    // own aggregate mean 6 over 3 readings → blended 0.5 × 22.5 + 0.5 × 6 = 14.25
    const blended = sut({
      personaHistory: PERSONA,
      postAggregate: { viral_coefficient: { mean: 6, readings: 3 } },
      now: NOW,
    });
    expect(blended.details.viral_coefficient).toMatchObject({
      value: 14.25,
      source: 'blended',
      post_readings: 3,
    });
    // 2 readings are not enough: persona only
    const personaOnly = sut({
      personaHistory: PERSONA,
      postAggregate: { viral_coefficient: { mean: 6, readings: 2 } },
      now: NOW,
    });
    expect(personaOnly.details.viral_coefficient).toMatchObject({
      value: 22.5,
      source: 'persona',
      post_readings: 2,
    });
  });

  it('has no baseline without history', () => {
    const baseline = sut({ personaHistory: [], now: NOW });
    expect(Object.values(baseline.values)).toEqual([null, null, null, null, null, null]);
  });

  it('keeps each KPI separate', () => {
    const baseline = sut({ personaHistory: PERSONA, now: NOW });
    expect(baseline.values.scroll_stop_rate).toBe(70);
    expect(baseline.values.share_velocity).toBeNull();
  });
});
