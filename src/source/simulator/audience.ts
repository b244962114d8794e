/**
 * Hidden audience preferences (SPEC §5.2): what each persona's audience rewards — which hook
 * families, which emotions, which posting hours (UTC). The simulator multiplies a post's reach
 * by `audienceMultiplier`, so that the pattern engine's lift and the experiments' bandit have
 * something true to find; `bestArm` tells an evaluation which of a set of variants is truly best.
 *
 * The preferences are the ground truth of the simulation and nothing else reads them: the app
 * only sees the engagement they produce. Pure functions, no I/O.
 */
import type { EngagementParams } from './engagement.js';
import { Rng, hashSeed } from './random.js';

/**
 * The pattern engine's hook families and emotions (patterns/pattern-types.ts), by name: the
 * simulator is the outside world and does not import the engine; audience.test.ts checks the
 * lists are the engine's.
 */
export const HOOK_TYPES = [
  'discovery',
  'statistical',
  'transformation_story',
  'curiosity_gap',
  'urgency',
  'question',
  'listicle',
  'how_to',
  'contrarian',
  'personal_story',
  'social_proof',
  'direct_address',
  'scarcity',
  'call_to_action',
] as const;
export type HookType = (typeof HOOK_TYPES)[number];
export const EMOTION_TYPES = [
  'anger',
  'disgust',
  'fear',
  'joy',
  'sadness',
  'surprise',
  'excitement',
] as const;
export type EmotionType = (typeof EMOTION_TYPES)[number];

export interface AudiencePreferences {
  persona_id: string;
  /** reach multiplier per hook family, distinct per family; a post takes its best hook's */
  hooks: Record<HookType, number>;
  /** reach multiplier per emotion; a post takes the geometric mean of its emotions' */
  emotions: Record<EmotionType, number>;
  /** reach multiplier per UTC hour of publication, 24 entries */
  hours: number[];
}

/** What the simulator needs to know about a post to apply the preferences. */
export interface PostFeatures {
  hooks: readonly HookType[];
  emotions: readonly EmotionType[];
}

/** A variant an experiment could run: its hook families, emotions and publication hour (UTC). */
export interface Arm extends PostFeatures {
  id: string;
  hour: number;
}

const neutralHooks = (): Record<HookType, number> =>
  Object.fromEntries(HOOK_TYPES.map((h) => [h, 1])) as Record<HookType, number>;
const neutralEmotions = (): Record<EmotionType, number> =>
  Object.fromEntries(EMOTION_TYPES.map((e) => [e, 1])) as Record<EmotionType, number>;

/** A daily rhythm: `peak` hours (UTC) get `high`, the night (hours in `low`) gets `lowValue`. */
function hours(peaks: readonly number[], high: number, low: readonly number[], lowValue: number): number[] {
  return Array.from({ length: 24 }, (_, h) => (peaks.includes(h) ? high : low.includes(h) ? lowValue : 1));
}

/** The demo personas' audiences, written by hand so that each has a clear, different taste. */
const DEMO: Record<
  string,
  {
    hooks: Partial<Record<HookType, number>>;
    emotions: Partial<Record<EmotionType, number>>;
    hours: number[];
  }
> = {
  fitness_coach: {
    hooks: {
      transformation_story: 1.9,
      personal_story: 1.5,
      listicle: 1.3,
      contrarian: 0.7,
      statistical: 0.85,
    },
    emotions: { joy: 1.3, excitement: 1.25, fear: 0.75, anger: 0.7 },
    hours: hours([6, 7, 17, 18], 1.5, [0, 1, 2, 3, 4], 0.6),
  },
  indie_hacker: {
    hooks: { statistical: 1.8, how_to: 1.5, contrarian: 1.3, personal_story: 0.8, listicle: 0.9 },
    emotions: { surprise: 1.35, excitement: 1.2, sadness: 0.75, disgust: 0.7 },
    hours: hours([14, 15, 16], 1.6, [2, 3, 4, 5, 6], 0.55),
  },
  money_coach: {
    hooks: { contrarian: 1.8, statistical: 1.4, curiosity_gap: 1.25, personal_story: 0.85, urgency: 0.7 },
    emotions: { surprise: 1.3, fear: 1.15, joy: 0.9, anger: 0.75 },
    hours: hours([11, 12, 20, 21], 1.45, [1, 2, 3, 4], 0.6),
  },
  home_chef: {
    hooks: { personal_story: 1.7, question: 1.5, how_to: 1.3, statistical: 0.75, contrarian: 0.8 },
    emotions: { joy: 1.4, surprise: 1.15, anger: 0.65, fear: 0.8 },
    hours: hours([16, 17, 18, 19], 1.5, [1, 2, 3, 4, 5], 0.6),
  },
};

/**
 * The mild taste of an audience for the hook families it neither loves nor dislikes: a real
 * audience is never exactly indifferent to a way of opening a post, so each such family gets
 * its own multiplier, spread evenly in log scale over [MILD_LOW, MILD_HIGH] in a seeded order
 * per persona. Every family of a persona thus has a distinct multiplier, and any set of variants
 * has one truly best (neighbouring mild families differ by about 5 %, a near-tie that only long
 * experiments resolve).
 */
export const MILD_LOW = 0.8;
export const MILD_HIGH = 1.2;

function withMildTaste(
  named: Partial<Record<HookType, number>>,
  personaId: string,
  seed: number,
): Record<HookType, number> {
  const mild = shuffled(
    HOOK_TYPES.filter((h) => named[h] === undefined),
    new Rng(hashSeed(seed, 'audience-mild', personaId)),
  );
  const hooks = neutralHooks();
  mild.forEach((h, i) => {
    const t = mild.length === 1 ? 0.5 : i / (mild.length - 1);
    hooks[h] = MILD_LOW * Math.pow(MILD_HIGH / MILD_LOW, t);
  });
  return { ...hooks, ...named };
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The audience of a persona: the hand-written one for the demo personas, otherwise a seeded
 * draw (two loved hook families, one disliked; one loved emotion; an evening peak); the other
 * hook families get the audience's mild taste (`withMildTaste`).
 */
export function audiencePreferences(personaId: string, seed = 42): AudiencePreferences {
  const demo = DEMO[personaId];
  if (demo !== undefined) {
    return {
      persona_id: personaId,
      hooks: withMildTaste(demo.hooks, personaId, seed),
      emotions: { ...neutralEmotions(), ...demo.emotions },
      hours: [...demo.hours],
    };
  }
  const rng = new Rng(hashSeed(seed, 'audience', personaId));
  const hooksShuffled = shuffled(HOOK_TYPES, rng);
  const h = withMildTaste(
    {
      [hooksShuffled[0] ?? 'question']: 1.7,
      [hooksShuffled[1] ?? 'how_to']: 1.35,
      [hooksShuffled[2] ?? 'urgency']: 0.7,
    },
    personaId,
    seed,
  );
  const e = neutralEmotions();
  e[EMOTION_TYPES[rng.int(EMOTION_TYPES.length)] ?? 'joy'] = 1.3;
  const peak = 12 + rng.int(10);
  return {
    persona_id: personaId,
    hooks: h,
    emotions: e,
    hours: hours([peak, (peak + 1) % 24], 1.4, [2, 3, 4], 0.6),
  };
}

/**
 * How much more (or less) of its usual reach a post gets from this audience:
 * best hook's multiplier × geometric mean of its emotions' × its hour's. A post with no hook and
 * no emotion published at an indifferent hour gets exactly 1.
 */
export function audienceMultiplier(
  prefs: AudiencePreferences,
  features: PostFeatures,
  publishedAt: number | Date,
): number {
  const hook = features.hooks.length === 0 ? 1 : Math.max(...features.hooks.map((x) => prefs.hooks[x]));
  const emotion =
    features.emotions.length === 0
      ? 1
      : Math.exp(
          features.emotions.reduce((s, x) => s + Math.log(prefs.emotions[x]), 0) / features.emotions.length,
        );
  const hour = new Date(publishedAt).getUTCHours();
  return hook * emotion * (prefs.hours[hour] ?? 1);
}

/** The arm this persona's audience truly rewards most (ties: the first given), with every arm's multiplier. */
export function bestArm(
  personaId: string,
  arms: readonly Arm[],
  seed = 42,
): { best: Arm; multipliers: Record<string, number> } {
  if (arms.length === 0) throw new RangeError('bestArm needs at least one arm');
  const prefs = audiencePreferences(personaId, seed);
  const multipliers: Record<string, number> = {};
  let best = arms[0] as Arm;
  for (const arm of arms) {
    const at = Date.UTC(2025, 0, 1, arm.hour);
    multipliers[arm.id] = audienceMultiplier(prefs, arm, at);
    if ((multipliers[arm.id] ?? 0) > (multipliers[best.id] ?? 0)) best = arm;
  }
  return { best, multipliers };
}

/** The hook-family part of the audience's taste, as the experiment simulation reads it. */
export interface AudienceModel {
  /** Multiplicative lift on the engaged-view rate of this persona's posts opening on `family`; 1 = neutral. */
  hookLift(personaId: string, family: HookType): number;
}

/** The hidden preferences above (hand-written for the demo personas, seeded otherwise), by hook family. */
export function seededAudience(seed: number): AudienceModel {
  const byPersona = new Map<string, AudiencePreferences>();
  return {
    hookLift(personaId, family) {
      let prefs = byPersona.get(personaId);
      if (prefs === undefined) {
        prefs = audiencePreferences(personaId, seed);
        byPersona.set(personaId, prefs);
      }
      return prefs.hooks[family];
    },
  };
}

/**
 * The post's engagement parameters under the audience's lift: the engaged-view rate scales by
 * `lift` (capped at 0.95) and the reshare kernel shrinks by the same factor, so the branching
 * ratio — and with it the post's reach — stays what its virality made it: the audience's taste
 * changes how many viewers engage, not how far the post travels.
 */
export function withAudienceLift(params: EngagementParams, lift: number): EngagementParams {
  const engagedRate = Math.min(0.95, params.engagedRate * lift);
  return { ...params, engagedRate, kernelMass: (params.kernelMass * params.engagedRate) / engagedRate };
}

/** Expected interactions per view of a post with these parameters (the engagement rate's mean). */
export function expectedEngagementRate(params: EngagementParams): number {
  const perEngaged =
    params.likeRate + params.replyRate + params.repostRate + params.quoteRate + params.shareRate;
  return params.engagedRate * perEngaged;
}
