import { describe, expect, it } from 'vitest';
import {
  evaluateFatigue,
  evaluatePostReading,
  fatigueOfUses,
  percentDrop,
  type Observation,
  type PostReadingInput,
} from './anomaly-rules.js';
import { MARK_STEP_MS, type AgePoint, type HistoryCurve } from './baseline.js';
import { HOUR_MS } from './kpis/types.js';

const PUB = new Date('2026-01-10T08:00:00.000Z');
const STEP = 10 * 60_000;

/** Cumulative views of a post of level `level` that decays with mean age `tauH` hours. */
const curve = (level: number, tauH: number) => (ageMs: number) =>
  level * (1 - Math.exp(-ageMs / (tauH * HOUR_MS)));

function pointsOf(
  views: (ageMs: number) => number,
  untilMs: number,
  every: number,
  replies = (v: number) => 0.01 * v,
): AgePoint[] {
  const out: AgePoint[] = [];
  for (let a = 0; a <= untilMs; a += every) {
    const v = Math.round(views(a));
    out.push({ age_ms: a, views: v, secondary: Math.round(0.03 * v), replies: Math.round(replies(v)) });
  }
  return out;
}

/** Twelve earlier posts of the persona, levels 2,000–9,000 views, decay 4–6 h. */
const HISTORY: HistoryCurve[] = Array.from({ length: 12 }, (_, j) => ({
  post_id: `h${j}`,
  points: pointsOf(curve(2000 + ((j * 617) % 7000), 4 + (j % 5) * 0.5), 24 * HOUR_MS, MARK_STEP_MS),
}));

function reading(points: AgePoint[], overrides: Partial<PostReadingInput> = {}): PostReadingInput {
  const last = points.at(-1)!;
  return {
    postId: 'p1',
    publishedAt: PUB,
    now: new Date(PUB.getTime() + last.age_ms),
    points,
    history: HISTORY,
    ...overrides,
  };
}

const activeTypes = (obs: Observation[]) =>
  obs.filter((o) => o.state === 'active').map((o) => o.anomaly_type);
const stateOf = (obs: Observation[], type: string) => obs.find((o) => o.anomaly_type === type)?.state;

describe(percentDrop.name, () => {
  it('is the fall below the expectation in percent, 0 above it, null without one', () => {
    expect(percentDrop(20.5, 8.2)).toBeCloseTo(60, 10);
    expect(percentDrop(10, 7)).toBe(30);
    expect(percentDrop(10, 12)).toBe(0);
    expect(percentDrop(0, 5)).toBeNull();
    expect(percentDrop(null, 5)).toBeNull();
  });
});

describe(evaluatePostReading.name, () => {
  it('raises nothing for a post that decays as the persona\u2019s posts do, at any age', () => {
    const views = curve(5000, 5);
    for (let until = HOUR_MS; until <= 24 * HOUR_MS; until += 20 * 60_000) {
      const obs = evaluatePostReading(reading(pointsOf(views, until, STEP)));
      expect(activeTypes(obs), `at ${until / HOUR_MS} h`).toEqual([]);
    }
  });

  it('a day-old post with a slow hour is not a drop: it is compared with day-old posts, not its first hours', () => {
    const obs = evaluatePostReading(reading(pointsOf(curve(5000, 5), 24 * HOUR_MS, STEP)));
    expect(stateOf(obs, 'reach_drop')).not.toBe('active');
    expect(stateOf(obs, 'viral_coefficient_drop')).not.toBe('active');
  });

  it('finds a suppression: reach cut to a fifth from 6 h on', () => {
    const natural = curve(5000, 5);
    const cut = 6 * HOUR_MS;
    const views = (a: number) => (a <= cut ? natural(a) : natural(cut) + 0.2 * (natural(a) - natural(cut)));
    const obs = evaluatePostReading(reading(pointsOf(views, cut + 2 * STEP, STEP)));
    const drop = obs.find((o) => o.anomaly_type === 'reach_drop');
    expect(drop?.state).toBe('active');
    if (drop?.state !== 'active') return;
    expect(drop.anomaly.severity).toBe('high');
    expect(drop.anomaly.drop_percentage).toBeGreaterThan(60);
    expect(drop.anomaly.message).toMatch(
      /^Reach is \d+ % below what your posts usually have at 6 h: \d+ views in the last 10 min, about \d+ expected\.$/,
    );
  });

  it('finds a spike: a repost that brings three times the expected views', () => {
    const natural = curve(5000, 5);
    const at = 8 * HOUR_MS;
    const views = (a: number) => natural(a) + (a > at ? 1500 * (1 - Math.exp(-(a - at) / HOUR_MS)) : 0);
    const obs = evaluatePostReading(reading(pointsOf(views, at + STEP, STEP)));
    expect(activeTypes(obs)).toEqual(['reach_spike']);
    const spike = obs.find((o) => o.state === 'active');
    expect(spike?.state === 'active' && spike.anomaly.severity).toBe('medium');
  });

  it('finds a reply storm: thirty extra replies an hour', () => {
    const views = curve(5000, 5);
    const at = 5 * HOUR_MS;
    const points = pointsOf(views, at + HOUR_MS, STEP).map((p) => ({
      ...p,
      replies: p.replies + (p.age_ms > at ? Math.round((30 * (p.age_ms - at)) / HOUR_MS) : 0),
    }));
    const obs = evaluatePostReading(reading(points));
    expect(activeTypes(obs)).toEqual(['reply_storm']);
    const storm = obs.find((o) => o.state === 'active');
    expect(storm?.state === 'active' && storm.anomaly.message).toMatch(
      /^Replies are pouring in: \d+ in the last/,
    );
  });

  it('says "not enough data", never a 100 % drop, for a window with too few views', () => {
    // a tiny post: 40 views in its life, none in the last hour
    const tiny = (a: number) => Math.min(40, curve(60, 1)(a));
    const obs = evaluatePostReading(reading(pointsOf(tiny, 20 * HOUR_MS, STEP)));
    expect(activeTypes(obs)).toEqual([]);
    expect(stateOf(obs, 'reach_drop')).toBe('no_data');
    expect(stateOf(obs, 'viral_coefficient_drop')).toBe('no_data');
  });

  it('says "not enough data" without enough earlier posts of the persona', () => {
    const obs = evaluatePostReading(
      reading(pointsOf(curve(5000, 5), 6 * HOUR_MS, STEP), { history: HISTORY.slice(0, 4) }),
    );
    expect(obs.filter((o) => o.anomaly_type !== 'negative_trajectory').map((o) => o.state)).toEqual(
      Array(4).fill('no_data'),
    );
  });

  it('keeps comparing an ongoing drop with the post\u2019s level from before it began', () => {
    const natural = curve(5000, 5);
    const cut = 4 * HOUR_MS;
    const views = (a: number) => (a <= cut ? natural(a) : natural(cut) + 0.3 * (natural(a) - natural(cut)));
    const points = pointsOf(views, 6 * HOUR_MS, STEP);
    const obs = evaluatePostReading(reading(points, { openEpisodeAges: { reach_drop: cut + STEP } }));
    const drop = obs.find((o) => o.anomaly_type === 'reach_drop');
    expect(drop?.state).toBe('active');
    expect(drop?.state === 'active' && drop.anomaly.drop_percentage).toBeGreaterThan(55);
  });
});

describe(evaluateFatigue.name, () => {
  const base = { personaId: 'coach', postIdFor: () => 'p9', baselinePosts: 12, now: PUB };

  it('is the seed\u2019s fatigue of decayed uses', () => {
    expect(fatigueOfUses(3)).toBe(0);
    expect(fatigueOfUses(5.5)).toBeCloseTo(0.5, 10);
    expect(fatigueOfUses(20)).toBe(1);
  });

  it('raises low severity when a pattern is used far beyond the persona\u2019s habit', () => {
    const obs = evaluateFatigue({
      ...base,
      uses: [{ pattern_id: 'hook:contrarian', recent: 9, expected: 1.5 }],
    });
    expect(obs.state).toBe('active');
    if (obs.state !== 'active') return;
    expect(obs.episode_key).toBe('persona:coach:pattern_fatigue');
    expect(obs.anomaly).toMatchObject({ severity: 'low', pattern_id: 'hook:contrarian', post_id: 'p9' });
    expect(obs.anomaly.message).toMatch(
      /^Your audience has seen the hook 'contrarian' about 9 times this week/,
    );
  });

  it('stays quiet for a pattern the persona always uses, and without history', () => {
    expect(
      evaluateFatigue({ ...base, uses: [{ pattern_id: 'emotion:joy', recent: 14, expected: 12 }] }).state,
    ).toBe('clear');
    expect(
      evaluateFatigue({ ...base, baselinePosts: 2, uses: [{ pattern_id: 'hook:x', recent: 9, expected: 0 }] })
        .state,
    ).toBe('no_data');
  });
});
