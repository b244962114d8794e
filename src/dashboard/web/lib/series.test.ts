import { describe, expect, it } from 'vitest';
import { alignSnapshots, groupKpiHistory } from './series.js';
import type { Snapshot } from './types.js';

const snap = (taken_at: string, views: number, impressions: number | null): Snapshot => ({
  taken_at,
  views,
  impressions,
  engaged_views: null,
  likes: 1,
  replies: 0,
  reposts: 0,
  quotes: 0,
  shares: 0,
});

describe(alignSnapshots.name, () => {
  it('sorts by time, converts to epoch seconds and keeps nulls', () => {
    const sut = alignSnapshots(
      [snap('2025-01-01T00:02:00Z', 30, null), snap('2025-01-01T00:00:00Z', 10, 100), snap('bad', 1, 1)],
      ['views', 'impressions'],
    );
    expect(sut.x).toEqual([1735689600, 1735689720]);
    expect(sut.columns.views).toEqual([10, 30]);
    expect(sut.columns.impressions).toEqual([100, null]);
  });
});

describe(groupKpiHistory.name, () => {
  it('splits long-format history into one sorted series per metric', () => {
    const sut = groupKpiHistory([
      { recorded_at: '2025-01-01T00:01:00Z', metric_name: 'viral_coefficient', metric_value: 2 },
      { recorded_at: '2025-01-01T00:00:00Z', metric_name: 'viral_coefficient', metric_value: 1 },
      { recorded_at: '2025-01-01T00:00:00Z', metric_name: 'reply_depth', metric_value: 1.5 },
      { recorded_at: '2025-01-01T00:00:00Z', metric_name: 'reply_depth', metric_value: Number.NaN },
    ]);
    expect(sut.get('viral_coefficient')).toEqual({ x: [1735689600, 1735689660], y: [1, 2] });
    expect(sut.get('reply_depth')).toEqual({ x: [1735689600], y: [1.5] });
    expect(sut.size).toBe(2);
  });
});
