import { describe, expect, it } from 'vitest';
import { EMOTION_TYPES as ENGINE_EMOTIONS, HOOK_TYPES as ENGINE_HOOKS } from '../../patterns/index.js';
import {
  EMOTION_TYPES,
  HOOK_TYPES,
  MILD_HIGH,
  MILD_LOW,
  audienceMultiplier,
  audiencePreferences,
  bestArm,
} from './audience.js';
import { HOUR_MS } from './engagement.js';
import { SimulatorEngine } from './engine.js';

describe('audience preferences', () => {
  it('speaks the pattern engine’s vocabulary of hook families and emotions', () => {
    expect(HOOK_TYPES).toEqual(ENGINE_HOOKS);
    expect(EMOTION_TYPES).toEqual(ENGINE_EMOTIONS);
  });

  it('multiplies the best hook, the geometric mean of the emotions and the hour', () => {
    const prefs = audiencePreferences('fitness_coach');
    const at = Date.UTC(2025, 0, 1, 6);
    // transformation_story 1.9 beats contrarian 0.7; joy 1.3 and fear 0.75; 06:00 UTC is a 1.5 peak
    const m = audienceMultiplier(
      prefs,
      { hooks: ['contrarian', 'transformation_story'], emotions: ['joy', 'fear'] },
      at,
    );
    expect(m).toBeCloseTo(1.9 * Math.sqrt(1.3 * 0.75) * 1.5, 10);
    expect(audienceMultiplier(prefs, { hooks: [], emotions: [] }, Date.UTC(2025, 0, 1, 10))).toBe(1);
    expect(audienceMultiplier(prefs, { hooks: [], emotions: [] }, Date.UTC(2025, 0, 1, 2))).toBe(0.6);
  });

  it('names the truly best arm of an experiment', () => {
    const arms = [
      { id: 'a', hooks: ['contrarian'] as const, emotions: ['anger'] as const, hour: 18 },
      { id: 'b', hooks: ['transformation_story'] as const, emotions: ['joy'] as const, hour: 10 },
      { id: 'c', hooks: ['statistical'] as const, emotions: [] as const, hour: 7 },
    ];
    const { best, multipliers } = bestArm('fitness_coach', arms);
    expect(best.id).toBe('b');
    expect(multipliers).toEqual({ a: 0.7 * 0.7 * 1.5, b: 1.9 * 1.3, c: 0.85 * 1.5 });
    // another audience, another winner
    expect(
      bestArm('indie_hacker', [
        ...arms,
        { id: 'd', hooks: ['statistical'], emotions: ['surprise'], hour: 15 },
      ]).best.id,
    ).toBe('d');
  });

  it('draws a stable audience for an unknown persona from the seed', () => {
    const a = audiencePreferences('crypto_guru', 7);
    expect(audiencePreferences('crypto_guru', 7)).toEqual(a);
    const values = Object.values(a.hooks).sort((x, y) => x - y);
    // two loved families and one disliked, above and below the mild taste of the other eleven
    expect(values.slice(-2)).toEqual([1.35, 1.7]);
    expect(values[0]).toBe(0.7);
    expect(a.hours).toHaveLength(24);
  });

  it('gives every hook family a distinct multiplier: a mild taste, evenly spread, for the unnamed ones', () => {
    for (const [persona, named] of [
      ['fitness_coach', ['transformation_story', 'personal_story', 'listicle', 'contrarian', 'statistical']],
      ['crypto_guru', []],
    ] as const) {
      const prefs = audiencePreferences(persona, 5);
      const values = Object.values(prefs.hooks);
      expect(new Set(values).size).toBe(HOOK_TYPES.length);
      const mild = HOOK_TYPES.filter((h) => !(named as readonly string[]).includes(h))
        .map((h) => prefs.hooks[h])
        .filter((v) => v >= MILD_LOW - 1e-12 && v <= MILD_HIGH + 1e-12)
        .sort((x, y) => x - y);
      // fitness_coach names 5 families: the other 9 are the ladder 0.8 … 1.2, a ratio of 1.5^(1/8) apart
      if (persona === 'fitness_coach') {
        expect(mild).toHaveLength(9);
        expect(mild[0]).toBeCloseTo(0.8, 12);
        expect(mild[8]).toBeCloseTo(1.2, 12);
        for (let i = 1; i < mild.length; i++) expect(mild[i]! / mild[i - 1]!).toBeCloseTo(1.5 ** (1 / 8), 12);
      } else {
        expect(mild).toHaveLength(11);
      }
    }
    // the hand-written taste is kept, and the order of the mild families depends on the seed
    expect(audiencePreferences('fitness_coach', 5).hooks.transformation_story).toBe(1.9);
    const order = (seed: number) =>
      Object.entries(audiencePreferences('fitness_coach', seed).hooks)
        .sort((x, y) => x[1] - y[1])
        .map(([h]) => h)
        .join();
    expect(order(5)).not.toBe(order(6));
  });

  it('drives the simulator’s engagement when the simulator is given post features', () => {
    const start = Date.UTC(2025, 5, 1, 12);
    const sim = new SimulatorEngine({
      seed: 3,
      startAt: start,
      clock: () => 0,
      demo: false,
      audience: (content) => ({
        hooks: [content.startsWith('T') ? 'transformation_story' : 'contrarian'],
        emotions: [],
      }),
    });
    const views = { loved: 0, disliked: 0 };
    for (let i = 0; i < 150; i++) {
      // 10:00 UTC, an hour this audience is indifferent to; same virality for both halves
      const at = new Date(start - (i + 2) * 24 * HOUR_MS - 2 * HOUR_MS);
      const loved = sim.publish({
        account_id: 'acct_maya',
        content: `T${i} transformed`,
        published_at: at,
        virality: 0.5,
      });
      const disliked = sim.publish({
        account_id: 'acct_maya',
        content: `C${i} contrarian`,
        published_at: at,
        virality: 0.5,
      });
      views.loved += sim.analytics(loved.id).views;
      views.disliked += sim.analytics(disliked.id).views;
    }
    // 1.9 / 0.7 ≈ 2.7 in expectation
    expect(views.loved / views.disliked).toBeGreaterThan(2.2);
    expect(views.loved / views.disliked).toBeLessThan(3.3);
  });
});
