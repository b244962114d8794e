/**
 * Which of an account's posts will do better? `threads-agent eval engagement`: for each account
 * in a file of posts with their engagement, train the engagement model (src/engagement) on the
 * account's first 70 % of posts by time and score the last 30 %, against three one-line
 * baselines. Rows: {id, account, text, timestamp, likes, reposts, replies, quotes}.
 *
 * Figures (per account and overall):
 * - pairwise accuracy: over pairs of scored posts of one account at most 14 days apart whose
 *   engagement differs at least 2×, the share where the higher-scored post did better (a tied
 *   score counts half; chance = 0.5). Overall: pooled over every account's pairs.
 * - Spearman's ρ between the predicted mean and log engagement (overall: mean over accounts,
 *   weighted by scored posts).
 * - interval coverage: share of scored posts whose engagement falls inside the predicted 80 %
 *   interval, as the model runs in the product (its level follows each outcome once the post is
 *   a day old; the effects stay as trained on the first 70 %) — and frozen (`_frozen`: nothing
 *   updated after the first 70 %, so the interval must span the whole later period).
 * - the baselines, scored by pairwise accuracy and Spearman: `no_link` (the post without a link
 *   wins), `length` (the longer post wins, or the shorter when the account's first 70 % says so)
 *   and `pattern_strength` (the engine's score).
 *
 * Engagement = likes + reposts + replies + quotes, and the model's outcome is ln(1 + engagement):
 * such an export has counts, not views, so this is engagement, not a rate. Each account is its
 * own persona (a file says nothing of personas), so an account's prior is the other accounts'.
 */
import { mean } from '../lib/stats.js';
import type { Nlp } from '../patterns/extract.js';
import { PatternService } from '../patterns/service.js';
import { engagementFeatures } from '../engagement/features.js';
import { featureEffects, type FeatureEffect } from '../engagement/explain.js';
import {
  accountModelOf,
  DEFAULT_MODEL_OPTIONS,
  observeOutcome,
  predictWith,
  trainEngagementModel,
  type EngagementExample,
  type EngagementModelOptions,
} from '../engagement/model.js';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import { asObject, finiteNumberField, idField, RowError, stringField } from './fields.js';
import { comparablePairs, coverage, pairwiseAccuracy, spearman } from './ranking.js';
import type { DatasetEvaluator, Progress } from './types.js';

export interface EngagementRow {
  id: string;
  account: string;
  text: string;
  /** ms since the epoch */
  time: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
}

/** Share of each account's posts (the earliest) the model learns from. */
export const TRAIN_SHARE = 0.7;
/** In the product an outcome is known once the post is this old (the fixed age of the target). */
export const OUTCOME_DELAY_MS = 86_400_000;

const BASELINES = ['no_link', 'length', 'pattern_strength'] as const;
type Baseline = (typeof BASELINES)[number];

function countField(row: Record<string, unknown>, field: string): number {
  const v = finiteNumberField(row, field);
  if (v < 0) throw new RowError(field, `expected a count ≥ 0, got ${v}`);
  return v;
}

export function parseEngagementRow(value: unknown): EngagementRow {
  const row = asObject(value);
  const timestamp = stringField(row, 'timestamp');
  const time = Date.parse(timestamp);
  if (!Number.isFinite(time))
    throw new RowError('timestamp', `not an ISO 8601 time: ${JSON.stringify(timestamp)}`);
  return {
    id: idField(row, 'id'),
    account: stringField(row, 'account'),
    text: stringField(row, 'text'),
    time,
    likes: countField(row, 'likes'),
    reposts: countField(row, 'reposts'),
    replies: countField(row, 'replies'),
    quotes: countField(row, 'quotes'),
  };
}

export const engagementOf = (r: EngagementRow): number => r.likes + r.reposts + r.replies + r.quotes;

interface ScoredPost {
  row: EngagementRow;
  x: Float64Array;
  y: number;
  words: number;
  links: number;
  strength: number;
}

export interface AccountFigures {
  account: string;
  posts: number;
  train: number;
  test: number;
  pairs: number;
  pairwise_accuracy: number;
  spearman: number;
  interval_coverage: number;
  interval_coverage_frozen: number;
  baselines: Record<Baseline, { pairwise_accuracy: number; spearman: number }>;
  effects: FeatureEffect[];
}

export interface EngagementEvaluation {
  metrics: Record<string, number>;
  accounts: AccountFigures[];
  model_version: string;
}

const byTime = (a: ScoredPost, b: ScoredPost): number =>
  a.row.time - b.row.time || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);

/** Extract the features of every row (the slow part: the pattern engine on each text). */
function scorePosts(rows: readonly EngagementRow[], nlp: Nlp, progress?: Progress): ScoredPost[] {
  const engine = new PatternService({ nlp, cacheTtlSeconds: 0, cacheMaxEntries: 0 });
  progress?.start(rows.length, 'extracting patterns');
  const out = rows.map((row, i) => {
    const patterns = engine.extract({ content: row.text, engagement_rate: 0 });
    if (i % 100 === 99) progress?.update(i + 1);
    const s = patterns.structure_patterns[0]!;
    return {
      row,
      x: engagementFeatures({ content: row.text, patterns, publishedAt: row.time }),
      y: Math.log1p(engagementOf(row)),
      words: s.word_count,
      links: s.link_count,
      strength: patterns.pattern_strength,
    };
  });
  progress?.update(rows.length);
  progress?.stop();
  return out;
}

const weightedMean = (pairs: readonly [number, number][]): number => {
  let num = 0;
  let den = 0;
  for (const [v, w] of pairs) {
    if (Number.isNaN(v) || w === 0) continue;
    num += v * w;
    den += w;
  }
  return den > 0 ? num / den : Number.NaN;
};

/** Train on each account's first 70 %, score its last 30 % (see the header). */
export function evaluateEngagement(
  rows: readonly EngagementRow[],
  opts: { nlp?: Nlp; progress?: Progress; options?: EngagementModelOptions } = {},
): EngagementEvaluation {
  const options = opts.options ?? DEFAULT_MODEL_OPTIONS;
  const posts = scorePosts(rows, opts.nlp ?? DEFAULT_NLP, opts.progress);
  const byAccount = new Map<string, ScoredPost[]>();
  for (const p of posts) {
    const list = byAccount.get(p.row.account) ?? [];
    list.push(p);
    byAccount.set(p.row.account, list);
  }
  const splits = [...byAccount.keys()].sort().map((account) => {
    const list = byAccount.get(account)!.sort(byTime);
    const cut = Math.floor(list.length * TRAIN_SHARE);
    return { account, train: list.slice(0, cut), test: list.slice(cut) };
  });

  const examples: EngagementExample[] = splits.flatMap(({ account, train }) =>
    train.map((p) => ({
      id: p.row.id,
      account_id: account,
      persona_id: account,
      time: p.row.time,
      x: p.x,
      y: p.y,
    })),
  );
  const model = trainEngagementModel(examples, options);

  // pooled over accounts: [value, weight]
  const pooledPairs: Record<string, [number, number][]> = {};
  const pool = (key: string, value: number, weight: number) =>
    (pooledPairs[key] ??= []).push([value, weight]);
  const coverageHits: number[] = [];
  const frozenHits: number[] = [];

  const accounts: AccountFigures[] = splits.map(({ account, train, test }) => {
    const engagement = test.map((p) => engagementOf(p.row));
    const logEngagement = test.map((p) => p.y);
    const pairs = comparablePairs(test.map((p) => ({ time: p.row.time, engagement: engagementOf(p.row) })));

    // an account with no posts to learn from is predicted by the prior (the other accounts')
    const { account: trained, basis } = accountModelOf(model, account, account);
    // frozen: the model as trained; deployed: its level follows each outcome once a day old
    const frozen = test.map((p) => predictWith(trained, basis, p.x, p.row.time, options.intervalCoverage));
    const deployedIntervals: { low: number; high: number }[] = [];
    let current = trained;
    let observed = 0;
    for (const p of test) {
      while (observed < test.length && test[observed]!.row.time + OUTCOME_DELAY_MS <= p.row.time) {
        const o = test[observed]!;
        current = observeOutcome(current, { x: o.x, y: o.y, time: o.row.time }, options.levelHalfLifeDays);
        observed++;
      }
      deployedIntervals.push(predictWith(current, basis, p.x, p.row.time, options.intervalCoverage));
    }

    const scores = frozen.map((f) => f.mean);
    const trainLength = spearman(
      train.map((p) => p.words),
      train.map((p) => p.y),
    );
    const lengthSign = Number.isNaN(trainLength) || trainLength >= 0 ? 1 : -1;
    const baselineScores: Record<Baseline, number[]> = {
      no_link: test.map((p) => (p.links > 0 ? 0 : 1)),
      length: test.map((p) => lengthSign * p.words),
      pattern_strength: test.map((p) => p.strength),
    };

    const inside = (v: number, iv: { low: number; high: number }) => (v >= iv.low && v <= iv.high ? 1 : 0);
    logEngagement.forEach((v, i) => {
      coverageHits.push(inside(v, deployedIntervals[i]!));
      frozenHits.push(inside(v, frozen[i]!));
    });

    const figures: AccountFigures = {
      account,
      posts: train.length + test.length,
      train: train.length,
      test: test.length,
      pairs: pairs.length,
      pairwise_accuracy: pairwiseAccuracy(pairs, engagement, scores),
      spearman: spearman(scores, logEngagement),
      interval_coverage: coverage(logEngagement, deployedIntervals),
      interval_coverage_frozen: coverage(logEngagement, frozen),
      baselines: Object.fromEntries(
        BASELINES.map((b) => [
          b,
          {
            pairwise_accuracy: pairwiseAccuracy(pairs, engagement, baselineScores[b]),
            spearman: spearman(baselineScores[b], logEngagement),
          },
        ]),
      ) as AccountFigures['baselines'],
      effects: featureEffects(trained),
    };
    pool('pairwise_accuracy', figures.pairwise_accuracy, pairs.length);
    pool('spearman', figures.spearman, test.length);
    for (const b of BASELINES) {
      pool(`${b}_pairwise_accuracy`, figures.baselines[b].pairwise_accuracy, pairs.length);
      pool(`${b}_spearman`, figures.baselines[b].spearman, test.length);
    }
    return figures;
  });

  const overall = (key: string) => weightedMean(pooledPairs[key] ?? []);
  const best = Math.max(
    ...BASELINES.map((b) => overall(`${b}_pairwise_accuracy`)).filter((v) => !Number.isNaN(v)),
  );
  const metrics: Record<string, number> = {
    accounts: splits.length,
    posts: rows.length,
    train_posts: examples.length,
    test_posts: accounts.reduce((s, a) => s + a.test, 0),
    pairs: accounts.reduce((s, a) => s + a.pairs, 0),
    pairwise_accuracy: overall('pairwise_accuracy'),
    spearman: overall('spearman'),
    interval_coverage: mean(coverageHits),
    interval_coverage_frozen: mean(frozenHits),
  };
  for (const b of BASELINES) {
    metrics[`${b}_pairwise_accuracy`] = overall(`${b}_pairwise_accuracy`);
    metrics[`${b}_spearman`] = overall(`${b}_spearman`);
  }
  metrics['best_baseline_pairwise_accuracy'] = Number.isFinite(best) ? best : Number.NaN;
  metrics['margin_over_best_baseline'] =
    metrics['pairwise_accuracy']! - metrics['best_baseline_pairwise_accuracy']!;
  for (const a of accounts) {
    const k = `${a.account}.`;
    metrics[`${k}pairs`] = a.pairs;
    metrics[`${k}pairwise_accuracy`] = a.pairwise_accuracy;
    metrics[`${k}spearman`] = a.spearman;
    metrics[`${k}interval_coverage`] = a.interval_coverage;
    metrics[`${k}interval_coverage_frozen`] = a.interval_coverage_frozen;
    for (const b of BASELINES) metrics[`${k}${b}_pairwise_accuracy`] = a.baselines[b].pairwise_accuracy;
  }
  return { metrics, accounts, model_version: model.version };
}

/** The strongest learned effects of each account, in words (printed under the figures). */
export function effectsSummary(evaluation: EngagementEvaluation, perAccount = 8): string {
  const lines: string[] = [`model ${evaluation.model_version}: strongest learned effects (95 % interval)`];
  for (const a of evaluation.accounts) {
    lines.push(`  ${a.account} (${a.train} posts learned from):`);
    for (const e of a.effects.slice(0, perAccount)) {
      const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))} %`;
      lines.push(`    ${e.text}  [${pct(e.low)} … ${pct(e.high)}]`);
    }
  }
  return lines.join('\n');
}

export const engagementEvaluator: DatasetEvaluator<EngagementRow> = {
  name: 'engagement',
  defaultFile: 'account-engagement/dev.jsonl',
  parseRow: (value) => parseEngagementRow(value),
  evaluate: (rows, progress) => evaluateEngagement(rows, progress ? { progress } : {}).metrics,
  evaluateDetailed(rows, progress) {
    const evaluation = evaluateEngagement(rows, progress ? { progress } : {});
    return {
      metrics: evaluation.metrics,
      details: { model_version: evaluation.model_version, accounts: evaluation.accounts },
      summary: effectsSummary(evaluation),
    };
  },
  references: [
    {
      metric: 'pairwise_accuracy',
      value: 0.64,
      source: 'text features on this dataset (../shared/datasets README); chance 0.5',
    },
    {
      metric: 'no_link_pairwise_accuracy',
      value: 0.56,
      source: '"has no link" rule on this dataset (../shared/datasets README)',
    },
  ],
};
