/**
 * The per-account engagement model: which of an account's posts will do better, from every
 * feature the pattern engine reads in them (features.ts), learned from the account's own history
 * and shrunk toward its persona's and then a global prior. Pure and deterministic: the same
 * examples and options give the same model, bit for bit, whatever order they come in.
 *
 * Outcome. y = a log-scale engagement figure of a post at a fixed age (the service uses
 * ln(engagement rate at 24 h + 0.001); the evaluation ln(1 + interactions)). On a log scale an
 * effect is a ratio: w = −0.51 means "0.6×", i.e. 40 % worse.
 *
 * Effects (ridge regression toward a prior mean, i.e. a normal prior on the effects):
 *   y = L(t) + w·x + ε,   ε ~ N(0, σ²)
 *   w_a = (S_a + κ_a·Δ)⁻¹ (s_a + κ_a·Δ·w_prior)
 * where S_a = Σ (x − x̄)(x − x̄)ᵀ and s_a = Σ (x − x̄)(y − ȳ) over the account's posts (centred on
 * its own means, so its level is not an effect), Δ = diag(scaleⱼ²) with scaleⱼ the feature's
 * pooled within-account standard deviation (floored), and κ the prior's strength counted in
 * posts: for a lone feature with the pooled spread, w = (n·ŵ + κ·w_prior)/(n + κ), so a prior of
 * κ = 100 weighs as much as 100 of the account's own posts.
 *
 * The chain of priors (each level's own data counted once):
 *   global_(−p) = fit on every account outside persona p, toward 0 (no effect), strength κ_g
 *   persona_(−a) = fit on the other accounts of persona p, toward global_(−p), strength κ_p
 *   account a    = fit on its own posts, toward persona_(−a), strength κ_a
 * With no other account in the persona, persona_(−a) = global_(−p); with no other account at all,
 * both are 0. A new account of persona p gets persona p's fit on all its accounts (toward
 * global_(−p)); a new persona, the fit on all accounts. Sums of squares are additive, so every
 * "all but" fit is a subtraction, and training is one pass over the posts plus a few d×d solves.
 *
 * Level. L(t) = exponentially weighted mean of the residuals rᵢ = yᵢ − w·xᵢ (level.ts,
 * half-life H days), combined with the prior level by precision:
 *   L = (n_eff/σ²·L_ew + L₀/τ²) / (n_eff/σ² + 1/τ²),   Var L = 1 / (n_eff/σ² + 1/τ²)
 * where L₀, τ² are the mean and spread of the comparable accounts' levels (or defaults).
 *
 * Prediction at time t, for features x:
 *   mean  = L + w·x
 *   var   = σ² (the post's own noise)
 *         + Var L (the level's estimate)
 *         + D·(t − t_last) in days (the level's drift since the last outcome, level.ts)
 *         + σ²·(x − x̄)ᵀ(S_a + κ_a·Δ)⁻¹(x − x̄) (the effects' estimate)
 *   interval = mean ± z·√var (z = 1.2816 for the 80 % interval)
 * σ² = mean one-step-ahead squared residual (each scaled by 1/(1 + 1/n_eff), the level's share),
 * inflated by n/(n − d_eff) for the effects fitted on the same posts, and pooled with the prior's
 * σ² as ν posts' worth; D likewise pooled with the prior's as days of history.
 */
import { createHash } from 'node:crypto';
import { FEATURE_COUNT, FEATURE_KEYS } from './features.js';
import { cholesky, choleskyInverse, choleskySolve, dot, quadraticForm } from './linalg.js';
import {
  DAY_MS,
  EMPTY_LEVEL,
  driftPerDay,
  effectiveCount,
  levelMean,
  observeLevel,
  type LevelState,
} from './level.js';

/** Bump when the model's mathematics change: it is part of every model version. */
export const ENGAGEMENT_ALGORITHM = 'engagement-v1';

export interface EngagementModelOptions {
  /** κ_a: strength of the persona prior over an account's effects, in posts */
  accountPriorPosts: number;
  /** κ_p: strength of the global prior over a persona's effects, in posts */
  personaPriorPosts: number;
  /** κ_g: strength of "no effect" over the global effects, in posts */
  globalPriorPosts: number;
  /** half-life of the level's weighted mean, days */
  levelHalfLifeDays: number;
  /** coverage of the predicted interval, e.g. 0.8 */
  intervalCoverage: number;
  /** smallest feature scale (a feature that never varies is not divided by ~0) */
  scaleFloor: number;
  /** ν: the prior residual variance counts as this many posts */
  variancePriorPosts: number;
  /** the prior drift counts as this many days of history */
  driftPriorDays: number;
  /** what is assumed where no account can tell */
  defaults: {
    /** level of an account with no history and no comparable account (outcome scale) */
    level: number;
    /** its variance, and the spread of levels between accounts while fewer than 2 are known */
    levelVariance: number;
    residualVariance: number;
    driftPerDay: number;
  };
  /** fixed feature scales instead of the pooled spread (tests, hand computations) */
  scales?: readonly number[];
}

/**
 * Defaults, chosen on the first 70 % of ../shared/datasets/account-engagement only (a rolling
 * time split inside it; docs/evaluation.md): κ = 100 posts, half-life 14 days. κ_p and κ_g
 * could not be tuned on one account and are set equal to κ_a.
 */
export const DEFAULT_MODEL_OPTIONS: EngagementModelOptions = {
  accountPriorPosts: 100,
  personaPriorPosts: 100,
  globalPriorPosts: 100,
  levelHalfLifeDays: 14,
  intervalCoverage: 0.8,
  scaleFloor: 0.05,
  variancePriorPosts: 20,
  driftPriorDays: 90,
  defaults: { level: 0, levelVariance: 1, residualVariance: 0.5, driftPerDay: 3e-4 },
};

/** One post with a known outcome. */
export interface EngagementExample {
  /** ties at the same time are ordered by id, so input order never matters */
  id: string;
  account_id: string;
  persona_id: string;
  /** publishing time, ms */
  time: number;
  /** FEATURES order (features.ts) */
  x: ArrayLike<number>;
  /** log-scale outcome */
  y: number;
}

/** What an account, persona or the whole population contributes as a prior. */
export interface PriorModel {
  weights: number[];
  /** (S + κ·Δ)⁻¹ of the fit, row-major */
  precisionInverse: number[];
  featureMeans: number[];
  /** L₀ for a new account under this prior, and τ² */
  level: number;
  levelVariance: number;
  residualVariance: number;
  driftPerDay: number;
  accounts: number;
  posts: number;
}

export interface AccountModel {
  account_id: string;
  persona_id: string;
  posts: number;
  /** the account's effects, per feature (FEATURES order), on the outcome's log scale */
  weights: number[];
  /** the prior's effects the account was shrunk toward (persona_(−a), see above) */
  priorWeights: number[];
  /** per feature, how far its effect was pulled toward the prior (0 = own data only, 1 = the prior) */
  shrinkage: number[];
  precisionInverse: number[];
  featureMeans: number[];
  /** running weighted mean of the residuals (level.ts) */
  level: LevelState;
  priorLevel: number;
  priorLevelVariance: number;
  residualVariance: number;
  driftPerDay: number;
}

export interface EngagementModel {
  algorithm: typeof ENGAGEMENT_ALGORITHM;
  /** `engagement-v1+<12 hex>`: the algorithm, options and every example hashed */
  version: string;
  options: EngagementModelOptions;
  featureKeys: string[];
  scales: number[];
  /** sorted by account id */
  accounts: AccountModel[];
  /** persona id → the fit on all its accounts, for a new account of that persona */
  personas: Record<string, PriorModel>;
  /** the fit on every account, for an account of a new persona */
  global: PriorModel;
}

export interface Prediction {
  /** centre of the prediction on the log scale (the mean of the log outcome) */
  mean: number;
  low: number;
  high: number;
  /** predictive standard deviation on the log scale */
  sd: number;
  /** per feature, w·(x − x̄): how much this post's features move it from the account's typical post */
  contributions: number[];
  /** the model the prediction came from: the account's own, its persona's, or the global one */
  basis: 'account' | 'persona' | 'global';
}

const D = FEATURE_COUNT;

/** Sufficient statistics of a set of posts, centred on each account's own means. */
interface Stats {
  n: number;
  /** Σ (x − x̄)(x − x̄)ᵀ, row-major */
  sxx: Float64Array;
  /** Σ (x − x̄)(y − ȳ) */
  sxy: Float64Array;
}

const emptyStats = (): Stats => ({ n: 0, sxx: new Float64Array(D * D), sxy: new Float64Array(D) });

function addStats(into: Stats, s: Stats, sign: 1 | -1): void {
  into.n += sign * s.n;
  for (let i = 0; i < s.sxx.length; i++) into.sxx[i]! += sign * s.sxx[i]!;
  for (let i = 0; i < s.sxy.length; i++) into.sxy[i]! += sign * s.sxy[i]!;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile of ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The shrinkage step on its own: effects of a set of posts (sufficient statistics S, s) pulled
 * toward `prior` with strength κ over scales: w = (S + κ·diag(scale²))⁻¹ (s + κ·diag(scale²)·prior).
 * Also returns (S + κ·diag(scale²))⁻¹. With n = 0 the answer is the prior, exactly.
 */
export function shrinkToward(
  stats: { n: number; sxx: ArrayLike<number>; sxy: ArrayLike<number> },
  prior: ArrayLike<number>,
  kappa: number,
  scales: ArrayLike<number>,
): { weights: Float64Array; precisionInverse: Float64Array } {
  const d = scales.length;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const penalty = kappa * scales[i]! * scales[i]!;
    for (let j = 0; j < d; j++) a[i * d + j] = stats.n > 0 ? stats.sxx[i * d + j]! : 0;
    a[i * d + i]! += penalty;
    b[i] = (stats.n > 0 ? stats.sxy[i]! : 0) + penalty * prior[i]!;
  }
  const l = cholesky(a, d);
  const precisionInverse = choleskyInverse(l, d);
  const weights = stats.n > 0 ? choleskySolve(l, d, b) : Float64Array.from(prior);
  return { weights, precisionInverse };
}

interface AccountData {
  account_id: string;
  persona_id: string;
  examples: EngagementExample[];
  stats: Stats;
  means: Float64Array;
}

function accountData(account_id: string, persona_id: string, examples: EngagementExample[]): AccountData {
  const n = examples.length;
  const means = new Float64Array(D);
  let yMean = 0;
  for (const e of examples) {
    for (let j = 0; j < D; j++) means[j]! += e.x[j]!;
    yMean += e.y;
  }
  for (let j = 0; j < D; j++) means[j]! /= n;
  yMean /= n;
  const stats = emptyStats();
  stats.n = n;
  const c = new Float64Array(D);
  for (const e of examples) {
    for (let j = 0; j < D; j++) c[j] = e.x[j]! - means[j]!;
    const dy = e.y - yMean;
    for (let i = 0; i < D; i++) {
      const ci = c[i]!;
      if (ci === 0) continue;
      stats.sxy[i]! += ci * dy;
      const row = i * D;
      // lower triangle only; mirrored below
      for (let j = 0; j <= i; j++) stats.sxx[row + j]! += ci * c[j]!;
    }
  }
  for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) stats.sxx[j * D + i] = stats.sxx[i * D + j]!;
  return { account_id, persona_id, examples, stats, means };
}

/** Residual variance, level series and drift of an account under effects `w`. */
interface LevelFit {
  level: LevelState;
  /** Σ one-step squared residual / (1 + 1/n_eff) */
  squares: number;
  /** how many one-step residuals */
  count: number;
  drift: number | null;
  /** days between the first and last post */
  spanDays: number;
  /** weighted recent means of y and x, for the level a new account would have */
  recentY: number;
  recentX: Float64Array;
}

function fitLevel(examples: readonly EngagementExample[], w: ArrayLike<number>, halfLife: number): LevelFit {
  let level = EMPTY_LEVEL;
  let ys = EMPTY_LEVEL;
  const xs = new Float64Array(D);
  let squares = 0;
  let count = 0;
  const times: number[] = [];
  const levels: number[] = [];
  for (const e of examples) {
    const r = e.y - dot(w, e.x);
    if (level.weight > 0) {
      const err = r - levelMean(level);
      squares += (err * err) / (1 + 1 / effectiveCount(level));
      count++;
    }
    const decay = level.weight > 0 ? 2 ** (-Math.max(0, e.time - level.time) / DAY_MS / halfLife) : 0;
    for (let j = 0; j < D; j++) xs[j] = xs[j]! * decay + e.x[j]!;
    level = observeLevel(level, r, e.time, halfLife);
    ys = observeLevel(ys, e.y, e.time, halfLife);
    times.push(e.time);
    levels.push(levelMean(level));
  }
  for (let j = 0; j < D; j++) xs[j]! /= level.weight || 1;
  const first = examples[0]?.time ?? 0;
  const last = examples[examples.length - 1]?.time ?? 0;
  return {
    level,
    squares,
    count,
    drift: driftPerDay(times, levels),
    spanDays: (last - first) / DAY_MS,
    recentY: levelMean(ys),
    recentX: xs,
  };
}

/** d_eff = tr(S·(S + κΔ)⁻¹): how many effects the posts actually pinned down. */
function effectiveParameters(sxx: Float64Array, inv: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) t += sxx[i * D + j]! * inv[j * D + i]!;
  return t;
}

const toArray = (a: ArrayLike<number>): number[] => Array.from(a);

function compareExamples(a: EngagementExample, b: EngagementExample): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The version of a model trained on `examples` with `options`: a hash of everything that shapes it. */
function versionOf(sorted: readonly AccountData[], options: EngagementModelOptions): string {
  const h = createHash('sha1');
  h.update(`${ENGAGEMENT_ALGORITHM}\n${JSON.stringify(options)}\n${FEATURE_KEYS.join(',')}\n`);
  const num = new Float64Array(2 + D);
  for (const acc of sorted) {
    h.update(`${acc.account_id}\u0000${acc.persona_id}\u0000`);
    for (const e of acc.examples) {
      h.update(`${e.id}\u0000`);
      num[0] = e.time;
      num[1] = e.y;
      for (let j = 0; j < D; j++) num[2 + j] = e.x[j]!;
      h.update(new Uint8Array(num.buffer));
    }
  }
  return `${ENGAGEMENT_ALGORITHM}+${h.digest('hex').slice(0, 12)}`;
}

/** Pool of residual variance and drift over a set of accounts' level fits. */
function pooledNoise(
  fits: readonly LevelFit[],
  dEff: readonly number[],
  options: EngagementModelOptions,
): { residualVariance: number; driftPerDay: number } {
  let squares = 0;
  let count = 0;
  let driftNum = 0;
  let driftDen = 0;
  fits.forEach((f, i) => {
    const dof = Math.max(1, f.count - dEff[i]!);
    squares += f.squares * (f.count / dof);
    count += f.count;
    if (f.drift !== null) {
      driftNum += f.drift * f.spanDays;
      driftDen += f.spanDays;
    }
  });
  return {
    residualVariance: count > 0 ? squares / count : options.defaults.residualVariance,
    driftPerDay: driftDen > 0 ? driftNum / driftDen : options.defaults.driftPerDay,
  };
}

/** L₀ and τ² of a pool of accounts as seen by effects `w`: the mean and spread of ȳ_recent − w·x̄_recent. */
function pooledLevel(
  fits: readonly LevelFit[],
  w: ArrayLike<number>,
  options: EngagementModelOptions,
): { level: number; levelVariance: number } {
  if (fits.length === 0)
    return { level: options.defaults.level, levelVariance: options.defaults.levelVariance };
  const levels = fits.map((f) => f.recentY - dot(w, f.recentX));
  const mean = levels.reduce((s, x) => s + x, 0) / levels.length;
  let ss = 0;
  for (const l of levels) ss += (l - mean) ** 2;
  // the default spread counts as one more account, so two similar accounts do not claim certainty
  const levelVariance = (ss + options.defaults.levelVariance) / levels.length;
  return { level: mean, levelVariance };
}

/** Train the model on every account's posts. Deterministic; input order does not matter. */
export function trainEngagementModel(
  examples: readonly EngagementExample[],
  options: EngagementModelOptions = DEFAULT_MODEL_OPTIONS,
): EngagementModel {
  // group by account, accounts and posts in a fixed order
  const byAccount = new Map<string, EngagementExample[]>();
  for (const e of examples) {
    if (e.x.length !== D) throw new RangeError(`example ${e.id}: ${e.x.length} features, expected ${D}`);
    if (!Number.isFinite(e.y) || !Number.isFinite(e.time))
      throw new RangeError(`example ${e.id}: outcome and time must be finite`);
    const list = byAccount.get(e.account_id) ?? [];
    list.push(e);
    byAccount.set(e.account_id, list);
  }
  const accounts: AccountData[] = [...byAccount.keys()].sort().map((id) => {
    const list = byAccount.get(id)!.sort(compareExamples);
    // an account belongs to the persona of its newest post
    return accountData(id, list[list.length - 1]!.persona_id, list);
  });

  const total = emptyStats();
  const personaStats = new Map<string, Stats>();
  for (const a of accounts) {
    addStats(total, a.stats, 1);
    const p = personaStats.get(a.persona_id) ?? emptyStats();
    addStats(p, a.stats, 1);
    personaStats.set(a.persona_id, p);
  }

  const scales =
    options.scales !== undefined
      ? Float64Array.from(options.scales)
      : Float64Array.from({ length: D }, (_, j) =>
          Math.max(
            options.scaleFloor,
            total.n > 0 ? Math.sqrt(Math.max(0, total.sxx[j * D + j]!) / total.n) : 0,
          ),
        );
  if (scales.length !== D) throw new RangeError(`scales: ${scales.length} values, expected ${D}`);
  const zero = new Float64Array(D);

  const without = (all: Stats, part: Stats): Stats => {
    const s = emptyStats();
    addStats(s, all, 1);
    addStats(s, part, -1);
    return s;
  };

  // global_(−p) and the persona fits on all their accounts
  const globalWithout = new Map<string, Float64Array>();
  const personaAll = new Map<string, ReturnType<typeof shrinkToward>>();
  for (const [pid, ps] of [...personaStats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const g = shrinkToward(without(total, ps), zero, options.globalPriorPosts, scales).weights;
    globalWithout.set(pid, g);
    personaAll.set(pid, shrinkToward(ps, g, options.personaPriorPosts, scales));
  }
  const globalAll = shrinkToward(total, zero, options.globalPriorPosts, scales);

  // each account toward persona_(−a)
  const fitted = accounts.map((a) => {
    const ps = personaStats.get(a.persona_id)!;
    const prior = shrinkToward(
      without(ps, a.stats),
      globalWithout.get(a.persona_id)!,
      options.personaPriorPosts,
      scales,
    ).weights;
    const own = shrinkToward(a.stats, prior, options.accountPriorPosts, scales);
    const level = fitLevel(a.examples, own.weights, options.levelHalfLifeDays);
    const dEff = effectiveParameters(a.stats.sxx, own.precisionInverse);
    return { a, prior, own, level, dEff };
  });

  // noise and level priors: pooled over the comparable accounts (same persona, else any other)
  const poolOf = (accountId: string | null, personaId: string) => {
    const others = fitted.filter((f) => f.a.account_id !== accountId);
    const sameP = others.filter((f) => f.a.persona_id === personaId);
    return sameP.length > 0 ? sameP : others;
  };

  const accountModels: AccountModel[] = fitted.map(({ a, prior, own, level, dEff }) => {
    const pool = poolOf(a.account_id, a.persona_id);
    const noise = pooledNoise(
      pool.map((f) => f.level),
      pool.map((f) => f.dEff),
      options,
    );
    const priorLevel = pooledLevel(
      pool.map((f) => f.level),
      own.weights,
      options,
    );
    const dof = Math.max(1, level.count - dEff);
    const nu = options.variancePriorPosts;
    const residualVariance =
      (level.squares * (level.count / dof) + nu * noise.residualVariance) / (level.count + nu);
    const ownDrift = level.drift ?? noise.driftPerDay;
    const spanDays = level.drift === null ? 0 : level.spanDays;
    const drift =
      (spanDays * ownDrift + options.driftPriorDays * noise.driftPerDay) /
      (spanDays + options.driftPriorDays);
    const shrinkage = Array.from({ length: D }, (_, j) => {
      const penalty = options.accountPriorPosts * scales[j]! * scales[j]!;
      return penalty / (a.stats.sxx[j * D + j]! + penalty);
    });
    return {
      account_id: a.account_id,
      persona_id: a.persona_id,
      posts: a.stats.n,
      weights: toArray(own.weights),
      priorWeights: toArray(prior),
      shrinkage,
      precisionInverse: toArray(own.precisionInverse),
      featureMeans: toArray(a.means),
      level: level.level,
      priorLevel: priorLevel.level,
      priorLevelVariance: priorLevel.levelVariance,
      residualVariance,
      driftPerDay: drift,
    };
  });

  const priorOf = (
    fit: ReturnType<typeof shrinkToward>,
    pool: typeof fitted,
    stats: Stats,
    means: Float64Array,
  ): PriorModel => {
    const noise = pooledNoise(
      pool.map((f) => f.level),
      pool.map((f) => f.dEff),
      options,
    );
    const lvl = pooledLevel(
      pool.map((f) => f.level),
      fit.weights,
      options,
    );
    return {
      weights: toArray(fit.weights),
      precisionInverse: toArray(fit.precisionInverse),
      featureMeans: toArray(means),
      level: lvl.level,
      levelVariance: lvl.levelVariance,
      residualVariance: noise.residualVariance,
      driftPerDay: noise.driftPerDay,
      accounts: pool.length,
      posts: stats.n,
    };
  };
  const meansOf = (pool: typeof fitted): Float64Array => {
    const m = new Float64Array(D);
    let n = 0;
    for (const f of pool) {
      for (let j = 0; j < D; j++) m[j]! += f.a.means[j]! * f.a.stats.n;
      n += f.a.stats.n;
    }
    if (n > 0) for (let j = 0; j < D; j++) m[j]! /= n;
    return m;
  };

  const personas: Record<string, PriorModel> = {};
  for (const [pid, fit] of personaAll) {
    const pool = fitted.filter((f) => f.a.persona_id === pid);
    personas[pid] = priorOf(fit, pool, personaStats.get(pid)!, meansOf(pool));
  }

  return {
    algorithm: ENGAGEMENT_ALGORITHM,
    version: versionOf(accounts, options),
    options,
    featureKeys: [...FEATURE_KEYS],
    scales: toArray(scales),
    accounts: accountModels,
    personas,
    global: priorOf(globalAll, fitted, total, meansOf(fitted)),
  };
}

/** The account's model, or (for an account the model never saw) its persona's prior, or the global one. */
export function accountModelOf(
  model: EngagementModel,
  accountId: string,
  personaId: string,
): { account: AccountModel; basis: Prediction['basis'] } {
  const own = findAccount(model, accountId);
  if (own) return { account: own, basis: 'account' };
  const persona = model.personas[personaId];
  const prior = persona ?? model.global;
  // the prior's own uncertainty plus how far an account may stray from it (κ_a·Δ)⁻¹
  const precisionInverse = [...prior.precisionInverse];
  for (let j = 0; j < D; j++) {
    const s = model.scales[j]!;
    precisionInverse[j * D + j]! += 1 / (model.options.accountPriorPosts * s * s);
  }
  return {
    account: {
      account_id: accountId,
      persona_id: personaId,
      posts: 0,
      weights: prior.weights,
      priorWeights: prior.weights,
      shrinkage: prior.weights.map(() => 1),
      precisionInverse,
      featureMeans: prior.featureMeans,
      level: EMPTY_LEVEL,
      priorLevel: prior.level,
      priorLevelVariance: prior.levelVariance,
      residualVariance: prior.residualVariance,
      driftPerDay: prior.driftPerDay,
    },
    basis: persona ? 'persona' : 'global',
  };
}

function findAccount(model: EngagementModel, accountId: string): AccountModel | undefined {
  // accounts are sorted by id: binary search
  let lo = 0;
  let hi = model.accounts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = model.accounts[mid]!.account_id;
    if (id === accountId) return model.accounts[mid];
    if (id < accountId) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The level now and its variance (before drift): the account's own, combined with its prior by precision. */
export function currentLevel(account: AccountModel): { level: number; variance: number } {
  const nEff = effectiveCount(account.level);
  const tau2 = account.priorLevelVariance;
  if (nEff === 0) return { level: account.priorLevel, variance: tau2 };
  const own = nEff / account.residualVariance;
  const precision = own + 1 / tau2;
  return {
    level: (own * levelMean(account.level) + account.priorLevel / tau2) / precision,
    variance: 1 / precision,
  };
}

/** Predict the log outcome of a post with features `x` published at `time` (ms). */
export function predictWith(
  account: AccountModel,
  basis: Prediction['basis'],
  x: ArrayLike<number>,
  time: number,
  intervalCoverage: number,
): Prediction {
  const { level, variance: levelVariance } = currentLevel(account);
  const w = account.weights;
  const centred = new Float64Array(D);
  const contributions = new Array<number>(D);
  let effect = 0;
  for (let j = 0; j < D; j++) {
    effect += w[j]! * x[j]!;
    centred[j] = x[j]! - account.featureMeans[j]!;
    contributions[j] = w[j]! * centred[j]!;
  }
  const days = account.level.weight > 0 ? Math.max(0, time - account.level.time) / DAY_MS : 0;
  const sigma2 = account.residualVariance;
  const variance =
    sigma2 +
    levelVariance +
    account.driftPerDay * days +
    sigma2 * quadraticForm(account.precisionInverse, D, centred);
  const sd = Math.sqrt(variance);
  const z = normalQuantile(0.5 + intervalCoverage / 2);
  const mean = level + effect;
  return { mean, low: mean - z * sd, high: mean + z * sd, sd, contributions, basis };
}

/** Predict for an account by id (a new account gets its persona's or the global prior). */
export function predict(
  model: EngagementModel,
  post: { account_id: string; persona_id: string; x: ArrayLike<number>; time: number },
): Prediction {
  const { account, basis } = accountModelOf(model, post.account_id, post.persona_id);
  return predictWith(account, basis, post.x, post.time, model.options.intervalCoverage);
}

/**
 * The account's model after one more outcome, without retraining: only its level moves (the
 * effects and variances stay as trained). What keeps predictions current between retrainings.
 */
export function observeOutcome(
  account: AccountModel,
  outcome: { x: ArrayLike<number>; y: number; time: number },
  halfLifeDays: number,
): AccountModel {
  const r = outcome.y - dot(account.weights, outcome.x);
  return { ...account, level: observeLevel(account.level, r, outcome.time, halfLifeDays) };
}
