import type { EngagementForecast } from '../engagement/service.js';
import type { PatternResult } from '../patterns/extract.js';
import type { DraftRepository, NearDuplicate } from './draft-repository.js';
import { limitReasons } from './limits.js';
import type { StoredLimitReason, StoredPrediction } from './tables.js';

/** Trigram similarity at which a draft counts as a near duplicate of a post or another draft. */
export const NEAR_DUPLICATE_SIMILARITY = 0.5;

export interface DraftScore {
  patterns: PatternResult;
  predicted: StoredPrediction;
  limits_ok: boolean;
  limit_reasons: StoredLimitReason[];
  near_duplicate: NearDuplicate | null;
}

export interface ScorerDeps {
  extract(content: string): PatternResult;
  predict(input: {
    account_id: string;
    persona_id: string;
    content: string;
    published_at?: Date;
  }): Promise<EngagementForecast>;
  drafts: Pick<DraftRepository, 'nearestDuplicate'>;
}

/** Everything a draft is scored on before anyone sees it (SPEC §7). */
export class DraftScorer {
  constructor(private readonly o: ScorerDeps) {}

  async score(draft: {
    account_id: string;
    persona_id: string;
    text: string;
    id?: number;
    at?: Date;
  }): Promise<DraftScore> {
    const patterns = this.o.extract(draft.text);
    const [forecast, near] = await Promise.all([
      this.o.predict({
        account_id: draft.account_id,
        persona_id: draft.persona_id,
        content: draft.text,
        ...(draft.at ? { published_at: draft.at } : {}),
      }),
      this.o.drafts.nearestDuplicate(draft.account_id, draft.text, NEAR_DUPLICATE_SIMILARITY, draft.id),
    ]);
    const reasons = limitReasons(draft.text);
    return {
      patterns,
      predicted: {
        mean: forecast.mean,
        low: forecast.low,
        high: forecast.high,
        basis: forecast.basis,
        model_version: forecast.model_version,
      },
      limits_ok: reasons.length === 0,
      limit_reasons: reasons,
      near_duplicate: near,
    };
  }
}

/** What an account's prediction rests on, in words, when it is not its own history. */
export function basisNote(
  basis: StoredPrediction['basis'],
  accountId: string,
  personaId: string,
): string | null {
  if (basis === 'account') return null;
  return basis === 'persona'
    ? `account ${accountId} has too little measured history: this is the prior of persona ${personaId}`
    : `account ${accountId} has too little measured history and persona ${personaId} none: this is every account's prior`;
}
