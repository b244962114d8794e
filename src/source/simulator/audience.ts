/**
 * The simulated audience's hidden taste: how much more (or less) a persona's followers engage
 * with a post opening on a given hook family. The bandit never reads it; the experiment
 * simulation uses it as the truth the bandit has to find.
 *
 * Seeded: each (persona, family) lift is exp(z) with z drawn once from a mixture — the persona
 * loves a family (z ~ U(0.2, 0.45), 15 %), dislikes one (z ~ U(−0.5, −0.15), 25 %) or is
 * indifferent to it (z ~ Normal(0, 0.06), 60 %) — so an audience has a few clear favourites, a
 * few clear dislikes and a neutral middle, as creators describe theirs.
 */
import type { HookType } from '../../patterns/index.js';
import type { EngagementParams } from './engagement.js';
import { rngFor } from './random.js';

export interface AudienceModel {
  /** Multiplicative lift on the engaged-view rate of this persona's posts opening on `family`; 1 = neutral. */
  hookLift(personaId: string, family: HookType): number;
}

export function seededAudience(seed: number): AudienceModel {
  const cache = new Map<string, number>();
  return {
    hookLift(personaId, family) {
      const key = `${personaId}\u0000${family}`;
      let lift = cache.get(key);
      if (lift === undefined) {
        const rng = rngFor(seed, 'audience', personaId, family);
        const kind = rng.next();
        const z =
          kind < 0.15 ? 0.2 + 0.25 * rng.next() : kind < 0.4 ? -0.5 + 0.35 * rng.next() : 0.06 * rng.normal();
        lift = Math.exp(z);
        cache.set(key, lift);
      }
      return lift;
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
