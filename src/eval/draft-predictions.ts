/**
 * `threads-agent eval predictions`: how good is the `predicted_engagement` a draft is scored
 * with? On simulator history (the four demo accounts, a seeded simulator on a fake clock):
 * every post's engagement rate at 24 h (interactions / views, from the simulator's counters),
 * the engagement model (src/engagement, PRODUCT_MODEL_OPTIONS: the options the product
 * predicts with) trained on each account's first 70 % of posts by time, and the last 30 %
 * held out and predicted from their text and publishing time, as a draft is.
 *
 * Figures: coverage of the 80 % interval (share of held-out posts whose realised rate falls in
 * low…high; target 80 ± 10 %) and Spearman's ρ between the predicted mean and the realised
 * rate (over all held-out posts, and the mean of the per-account ρ). The simulator's audience
 * responds to the pattern engine's pattern strength, so this is a synthetic check of the
 * pipeline, not evidence about real audiences (docs/evaluation.md has the real-data figures).
 */
import { engagementFeatures } from '../engagement/features.js';
import {
  accountModelOf,
  predictWith,
  trainEngagementModel,
  type EngagementExample,
} from '../engagement/model.js';
import { outcomeToRate, rateToOutcome } from '../engagement/outcome.js';
import { PRODUCT_MODEL_OPTIONS } from '../engagement/service.js';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import { PatternService } from '../patterns/service.js';
import { SimulatorEngine } from '../source/simulator/engine.js';
import { coverage, spearman } from './ranking.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const TRAIN_SHARE = 0.7;

export interface PredictionEvalOptions {
  seed: number;
  /** simulated days of history after the demo's 3-day backlog */
  days: number;
}

export interface PredictionEvaluation {
  seed: number;
  posts: number;
  held_out: number;
  model_version: string;
  coverage_80: number;
  spearman: number;
  spearman_per_account_mean: number;
  per_account: { account_id: string; held_out: number; coverage_80: number; spearman: number }[];
}

export function evaluateDraftPredictions(opts: PredictionEvalOptions): PredictionEvaluation {
  const engine = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
  const start = Date.UTC(2026, 10, 1);
  let now = start;
  const sim = new SimulatorEngine({
    seed: opts.seed,
    speedup: 1,
    startAt: start,
    clock: () => now,
    demo: true,
    virality: (content) => engine.extract({ content, engagement_rate: 0 }).pattern_strength,
  });
  now = start + opts.days * DAY_MS;
  const measuredUntil = now - DAY_MS;
  const posts = sim
    .listPublished({ limit: 1_000_000 })
    .filter((p) => Date.parse(p.published_at) <= measuredUntil)
    .map((p) => {
      const publishedAt = Date.parse(p.published_at);
      const c = sim.countersAt(p.id, publishedAt + DAY_MS);
      const rate = c.views > 0 ? (c.likes + c.replies + c.reposts + c.quotes + c.shares) / c.views : 0;
      const patterns = engine.extract({ content: p.content, engagement_rate: 0 });
      return {
        id: p.id,
        account_id: p.account_id,
        persona_id: p.persona_id,
        time: publishedAt,
        x: engagementFeatures({ content: p.content, patterns, publishedAt }),
        rate,
      };
    })
    .sort((a, b) => a.time - b.time);

  const train: EngagementExample[] = [];
  const test: typeof posts = [];
  for (const account of new Set(posts.map((p) => p.account_id))) {
    const own = posts.filter((p) => p.account_id === account);
    const cut = Math.floor(own.length * TRAIN_SHARE);
    own.forEach((p, i) => {
      if (i < cut)
        train.push({
          id: p.id,
          account_id: p.account_id,
          persona_id: p.persona_id,
          time: p.time,
          x: p.x,
          y: rateToOutcome(p.rate),
        });
      else test.push(p);
    });
  }
  const model = trainEngagementModel(train, PRODUCT_MODEL_OPTIONS);
  const predicted = test.map((p) => {
    const { account, basis } = accountModelOf(model, p.account_id, p.persona_id);
    const pr = predictWith(account, basis, p.x, p.time, model.options.intervalCoverage);
    return { ...p, mean: outcomeToRate(pr.mean), low: outcomeToRate(pr.low), high: outcomeToRate(pr.high) };
  });
  const perAccount = [...new Set(predicted.map((p) => p.account_id))].sort().map((account_id) => {
    const own = predicted.filter((p) => p.account_id === account_id);
    return {
      account_id,
      held_out: own.length,
      coverage_80: coverage(
        own.map((p) => p.rate),
        own,
      ),
      spearman: spearman(
        own.map((p) => p.mean),
        own.map((p) => p.rate),
      ),
    };
  });
  return {
    seed: opts.seed,
    posts: posts.length,
    held_out: predicted.length,
    model_version: model.version,
    coverage_80: coverage(
      predicted.map((p) => p.rate),
      predicted,
    ),
    spearman: spearman(
      predicted.map((p) => p.mean),
      predicted.map((p) => p.rate),
    ),
    spearman_per_account_mean: perAccount.reduce((s, a) => s + a.spearman, 0) / perAccount.length,
    per_account: perAccount,
  };
}

export function formatPredictionEvaluation(r: PredictionEvaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `draft predictions on simulator history (seed ${r.seed}, model ${r.model_version}): ${r.posts} posts, ${r.held_out} held out (each account's last 30 %)`,
    `coverage of the 80 % interval: ${pct(r.coverage_80)} (target 80 ± 10 %)`,
    `Spearman ρ, predicted mean vs realised rate: ${r.spearman.toFixed(3)} overall, ${r.spearman_per_account_mean.toFixed(3)} mean per account`,
    ...r.per_account.map(
      (a) =>
        `  ${a.account_id}: ${a.held_out} held out, coverage ${pct(a.coverage_80)}, ρ ${a.spearman.toFixed(3)}`,
    ),
  ];
  return lines.join('\n');
}
