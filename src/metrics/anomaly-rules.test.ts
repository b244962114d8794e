import { describe, expect, it } from 'vitest';
import { detectAnomalies as sut, percentDrop, type AnomalyInput } from './anomaly-rules.js';
import { HOUR_MS } from './kpis/types.js';

const NOW = new Date('2025-08-08T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR_MS);
const CALM = { viral_coefficient: 20, engagement_trajectory: 0, pattern_fatigue: 0 };
const input = (
  overrides: Omit<Partial<AnomalyInput>, 'current'> & { current?: Partial<AnomalyInput['current']> },
): AnomalyInput => ({
  postId: 'post_1',
  baseline: { viral_coefficient: 20.5 },
  now: NOW,
  ...overrides,
  current: { ...CALM, ...overrides.current },
});

describe(percentDrop.name, () => {
  it('is the fall below baseline in percent', () => {
    // (20.5 − 8.2) × 100 / 20.5 = 60
    expect(percentDrop(20.5, 8.2)).toBeCloseTo(60, 10);
    expect(percentDrop(10, 7)).toBe(30);
  });

  it('is 0 above baseline and null without a positive baseline', () => {
    expect(percentDrop(10, 12)).toBe(0);
    expect(percentDrop(0, 5)).toBeNull();
    expect(percentDrop(null, 5)).toBeNull();
    expect(percentDrop(undefined, 5)).toBeNull();
  });
});

describe(sut.name, () => {
  it('raises a high viral_coefficient_drop for a fall of more than 30 %', () => {
    // (20.5 − 8.2) × 100 / 20.5 = 60 %
    const [anomaly, ...rest] = sut(input({ current: { viral_coefficient: 8.2 } }));
    expect(rest).toEqual([]);
    expect(anomaly).toEqual({
      post_id: 'post_1',
      anomaly_type: 'viral_coefficient_drop',
      severity: 'high',
      metric_name: 'viral_coefficient',
      current_value: 8.2,
      baseline_value: 20.5,
      drop_percentage: expect.closeTo(60, 10),
      threshold: 30,
      pattern_id: null,
      message: 'Viral coefficient dropped 60.0% from baseline (8.20 vs 20.50)',
      detected_at: NOW,
    });
  });

  it('stays quiet at exactly 30 % and fires just above it', () => {
    // 10 → 7 is (3 × 100) / 10 = 30 %, not more than 30; 10 → 6.95 is 30.5 %
    expect(sut(input({ baseline: { viral_coefficient: 10 }, current: { viral_coefficient: 7 } }))).toEqual(
      [],
    );
    expect(
      sut(input({ baseline: { viral_coefficient: 10 }, current: { viral_coefficient: 6.95 } })),
    ).toHaveLength(1);
  });

  it('raises no drop without a baseline or with a baseline of 0', () => {
    expect(sut(input({ baseline: {}, current: { viral_coefficient: 0 } }))).toEqual([]);
    expect(sut(input({ baseline: { viral_coefficient: null }, current: { viral_coefficient: 0 } }))).toEqual(
      [],
    );
    expect(sut(input({ baseline: { viral_coefficient: 0 }, current: { viral_coefficient: 0 } }))).toEqual([]);
  });

  it('raises no drop for a post with fewer than 100 views', () => {
    expect(sut(input({ current: { viral_coefficient: 0, views: 99 } }))).toEqual([]);
    expect(sut(input({ current: { viral_coefficient: 0, views: 100 } }))).toHaveLength(1);
  });

  it('raises a medium negative_trajectory below −50', () => {
    expect(sut(input({ current: { engagement_trajectory: -50 } }))).toEqual([]);
    const [anomaly] = sut(input({ current: { engagement_trajectory: -73.97 } }));
    expect(anomaly).toMatchObject({
      anomaly_type: 'negative_trajectory',
      severity: 'medium',
      metric_name: 'engagement_trajectory',
      current_value: -73.97,
      baseline_value: null,
      drop_percentage: null,
      threshold: -50,
      message: 'Engagement is rapidly decelerating (trajectory: -74.0)',
    });
  });

  it('raises a low pattern_fatigue above 0.8 naming the most worn pattern', () => {
    expect(sut(input({ current: { pattern_fatigue: 0.8 } }))).toEqual([]);
    const [anomaly] = sut(
      input({
        current: { pattern_fatigue: 0.86, pattern_fatigue_by_pattern: { urgency: 0.2, curiosity_gap: 0.86 } },
        baseline: { viral_coefficient: 20.5, pattern_fatigue: 0.3 },
      }),
    );
    expect(anomaly).toMatchObject({
      anomaly_type: 'pattern_fatigue',
      severity: 'low',
      metric_name: 'pattern_fatigue',
      current_value: 0.86,
      baseline_value: 0.3,
      threshold: 0.8,
      pattern_id: 'curiosity_gap',
      message: "Content pattern 'curiosity_gap' showing high fatigue (score: 0.86)",
    });
  });

  it('returns every rule that fires, most severe first', () => {
    const found = sut(
      input({ current: { viral_coefficient: 1, engagement_trajectory: -90, pattern_fatigue: 0.95 } }),
    );
    expect(found.map((a) => [a.anomaly_type, a.severity])).toEqual([
      ['viral_coefficient_drop', 'high'],
      ['negative_trajectory', 'medium'],
      ['pattern_fatigue', 'low'],
    ]);
  });

  describe('cooldown', () => {
    const falling = { viral_coefficient: 1, engagement_trajectory: -90 };

    it('does not raise a type again for the same post within the cooldown', () => {
      const recent = [
        { post_id: 'post_1', anomaly_type: 'viral_coefficient_drop', detected_at: hoursAgo(5) },
      ];
      const found = sut(input({ current: falling, recent, cooldownMs: 6 * HOUR_MS }));
      expect(found.map((a) => a.anomaly_type)).toEqual(['negative_trajectory']);
    });

    it('raises it again once the cooldown has passed', () => {
      const recent = [
        { post_id: 'post_1', anomaly_type: 'viral_coefficient_drop', detected_at: hoursAgo(6) },
      ];
      expect(sut(input({ current: falling, recent, cooldownMs: 6 * HOUR_MS }))).toHaveLength(2);
    });

    it('defaults to a 6 hour cooldown', () => {
      const recent = (hours: number) => [
        { post_id: 'post_1', anomaly_type: 'negative_trajectory', detected_at: hoursAgo(hours) },
      ];
      expect(sut(input({ current: falling, recent: recent(5.9) })).map((a) => a.anomaly_type)).toEqual([
        'viral_coefficient_drop',
      ]);
      expect(sut(input({ current: falling, recent: recent(6.1) }))).toHaveLength(2);
    });

    it('does not let another post hold the type back', () => {
      const recent = [
        { post_id: 'post_2', anomaly_type: 'viral_coefficient_drop', detected_at: hoursAgo(1) },
      ];
      expect(sut(input({ current: falling, recent }))).toHaveLength(2);
    });

    it('treats recent anomalies without a post id as this post’s', () => {
      const recent = [{ anomaly_type: 'viral_coefficient_drop', detected_at: hoursAgo(1) }];
      expect(sut(input({ current: falling, recent })).map((a) => a.anomaly_type)).toEqual([
        'negative_trajectory',
      ]);
    });

    it('holds back a type whose earlier detection is stamped after now (clock skew)', () => {
      const recent = [
        { post_id: 'post_1', anomaly_type: 'negative_trajectory', detected_at: hoursAgo(-0.1) },
      ];
      expect(sut(input({ current: falling, recent })).map((a) => a.anomaly_type)).toEqual([
        'viral_coefficient_drop',
      ]);
    });
  });
});
