import { describe, expect, it } from 'vitest';
import { evaluateDraftPredictions, formatPredictionEvaluation } from './draft-predictions.js';

describe(evaluateDraftPredictions.name, () => {
  it('holds out each account’s last 30 % and scores the intervals and the ranking, the same on every run', () => {
    const r = evaluateDraftPredictions({ seed: 42, days: 12 });
    expect(r.per_account.map((a) => a.account_id)).toEqual([
      'acct_devon',
      'acct_maya',
      'acct_rosa',
      'acct_sam',
    ]);
    expect(r.held_out).toBe(r.per_account.reduce((n, a) => n + a.held_out, 0));
    expect(r.held_out).toBeGreaterThan(0.25 * r.posts);
    expect(r.held_out).toBeLessThan(0.35 * r.posts);
    // the simulator's audience follows pattern strength, which the model sees: it must rank well
    expect(r.spearman).toBeGreaterThan(0.5);
    expect(r.coverage_80).toBeGreaterThanOrEqual(0.6);
    expect(r.coverage_80).toBeLessThanOrEqual(1);
    expect(evaluateDraftPredictions({ seed: 42, days: 12 })).toEqual(r);
    expect(formatPredictionEvaluation(r)).toContain('coverage of the 80 % interval');
  });
});
