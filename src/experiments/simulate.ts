/**
 * "What would an experiment of this size tell me?" — whole experiments run in process against
 * the simulator's hidden audience, on a simulated clock, many times over, and summarised.
 *
 * One run: a demo persona (round robin) and `arms` distinct hook families drawn at random; the
 * persona's prior comes from 30 past posts on random families. A slot opens every `slotHours`;
 * Thompson sampling gives it to one arm and the post is simulated with the simulator's own
 * engagement process: its virality is one of the arm's (`viralities`: how well the posts the
 * arm would publish are built to spread), reach and luck vary from post to post, and the
 * audience's lift acts on the engaged-view rate. Its reward — the engagement rate at
 * `rewardAgeHours` — is revealed only once the post is that old, so several posts are always in
 * flight as in a real account.
 * After each revealed reward the stopping rule is applied. Deterministic for a seed.
 *
 * Regret is measured on the true expected engagement rate of each arm (mean over the post-to-post
 * variation): Σ over the `posts` slots of (best arm's rate − the chosen arm's rate), where after
 * a winner every remaining slot goes to the winner; uniform allocation's regret over the same
 * slots is posts × (best − mean of the arms).
 */
import { interactions } from '../metrics/index.js';
import { HOOK_TYPES, type HookType } from '../patterns/index.js';
import { expectedEngagementRate, withAudienceLift, type AudienceModel } from '../source/simulator/index.js';
import { DEMO_ACCOUNTS } from '../source/simulator/index.js';
import { engagementParams, HOUR_MS, PostEngagement } from '../source/simulator/index.js';
import { rngFor, type Rng } from '../source/simulator/index.js';
import { rateToOutcome } from '../engagement/index.js';
import { decide, MIN_REWARDS_PER_ARM, probabilityOfBest, type Decision } from './decision.js';
import { posterior, priorFromHistory } from './posterior.js';
import { chooseArm } from './thompson.js';

export interface SimulateOptions {
  arms: number;
  /** max_posts of each experiment */
  posts: number;
  runs: number;
  seed: number;
  rewardAgeHours: number;
  /** hours between publishing slots */
  slotHours: number;
  audience: AudienceModel;
  /**
   * The virality (0..1) of the posts a persona would publish with a hook family: each simulated
   * post draws one of them, and an arm's true rate is the mean over all of them. The CLI gives
   * the composer's drafts as the pattern engine scores them, which is what the default
   * simulator's audience responds to (`composerViralities` in src/cli/experiments.ts).
   */
  viralities: (personaId: string, family: HookType) => readonly number[];
  /** called after each run with the number of runs done */
  onRun?: (done: number) => void;
}

export const SIMULATE_DEFAULTS = { rewardAgeHours: 24, slotHours: 8 } as const;

/** Past posts the persona's prior is computed from. */
const HISTORY_POSTS = 30;
/**
 * The best arm counts as separable when its true rate beats the runner-up's by at least this
 * share: below, the two are a near-tie that the post-to-post noise hides from any experiment of
 * a few hundred posts, and the summary says how often that happened.
 */
export const SEPARABLE_GAP = 0.05;

export interface RunOutcome {
  persona_id: string;
  arms: HookType[];
  /** true expected engagement rate of each arm */
  true_rates: number[];
  best_arm: number;
  state: 'winner' | 'inconclusive';
  winner: number | null;
  posts_to_decision: number;
  slots: number[];
  regret: number;
  uniform_regret: number;
}

export interface SimulationSummary {
  settings: {
    arms: number;
    posts: number;
    runs: number;
    seed: number;
    reward_age_hours: number;
    slot_hours: number;
  };
  /** share of runs that ended with the truly best arm declared winner */
  best_found_share: number;
  wrong_winner_share: number;
  inconclusive_share: number;
  /** share of runs whose best arm beats the runner-up by ≥ SEPARABLE_GAP */
  separable_share: number;
  /** best_found_share among those runs */
  best_found_share_separable: number;
  /** mean over runs of the posts given a slot before the decision (max_posts when inconclusive) */
  mean_posts_to_decision: number;
  /** mean cumulative regret in engagement-rate units (interactions per view) × posts */
  mean_regret: number;
  mean_uniform_regret: number;
  /** mean_regret / mean_uniform_regret */
  regret_ratio: number;
}

export function simulateExperiments(options: SimulateOptions): {
  summary: SimulationSummary;
  runs: RunOutcome[];
} {
  if (options.arms < 2 || options.arms > HOOK_TYPES.length) {
    throw new RangeError(`arms must be between 2 and ${HOOK_TYPES.length}`);
  }
  const runs: RunOutcome[] = [];
  for (let r = 0; r < options.runs; r++) {
    runs.push(simulateRun(options, r));
    options.onRun?.(r + 1);
  }
  const mean = (f: (o: RunOutcome) => number) =>
    runs.reduce((s, o) => s + f(o), 0) / Math.max(1, runs.length);
  const meanRegret = mean((o) => o.regret);
  const meanUniform = mean((o) => o.uniform_regret);
  const separable = runs.filter((o) => {
    const [first = 0, second = 0] = [...o.true_rates].sort((a, b) => b - a);
    return first >= second * (1 + SEPARABLE_GAP);
  });
  return {
    summary: {
      settings: {
        arms: options.arms,
        posts: options.posts,
        runs: options.runs,
        seed: options.seed,
        reward_age_hours: options.rewardAgeHours,
        slot_hours: options.slotHours,
      },
      best_found_share: mean((o) => (o.winner === o.best_arm ? 1 : 0)),
      wrong_winner_share: mean((o) => (o.winner !== null && o.winner !== o.best_arm ? 1 : 0)),
      inconclusive_share: mean((o) => (o.state === 'inconclusive' ? 1 : 0)),
      separable_share: separable.length / Math.max(1, runs.length),
      best_found_share_separable:
        separable.filter((o) => o.winner === o.best_arm).length / Math.max(1, separable.length),
      mean_posts_to_decision: mean((o) => o.posts_to_decision),
      mean_regret: meanRegret,
      mean_uniform_regret: meanUniform,
      regret_ratio: meanUniform > 0 ? meanRegret / meanUniform : 0,
    },
    runs,
  };
}

interface InFlight {
  arm: number;
  revealAt: number;
  reward: number | null;
}

function simulateRun(o: SimulateOptions, run: number): RunOutcome {
  const account = DEMO_ACCOUNTS[run % DEMO_ACCOUNTS.length]!;
  const persona = account.persona_id;
  const rng = rngFor(o.seed, 'experiment-run', run);
  const arms = drawFamilies(rng, o.arms);
  const lifts = arms.map((f) => o.audience.hookLift(persona, f));
  const pools = arms.map((f) => viralityPool(o, persona, f));
  const ageMs = o.rewardAgeHours * HOUR_MS;

  const trueRates = lifts.map(
    (lift, arm) =>
      pools[arm]!.reduce(
        (s, v) => s + expectedEngagementRate(withAudienceLift(paramsFor(account.followers, v, 1, 0), lift)),
        0,
      ) / pools[arm]!.length,
  );
  const bestArm = trueRates.indexOf(Math.max(...trueRates));
  const bestRate = trueRates[bestArm]!;

  const history: number[] = [];
  for (let i = 0; i < HISTORY_POSTS; i++) {
    const family = HOOK_TYPES[rng.int(HOOK_TYPES.length)]!;
    const rate = postRate(
      rng,
      account.followers,
      viralityPool(o, persona, family),
      o.audience.hookLift(persona, family),
      -(i + 2) * ageMs,
      ageMs,
    );
    if (rate !== null) history.push(rateToOutcome(rate));
  }
  const prior = priorFromHistory(history);

  const rewards: number[][] = arms.map(() => []);
  const slots = arms.map(() => 0);
  const inFlight: InFlight[] = [];
  let allocated = 0;
  let regret = 0;
  let now = 0;
  let decision: Decision = { state: 'running', winner: null };
  for (;;) {
    let revealed = false;
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const post = inFlight[i]!;
      if (post.revealAt > now) continue;
      if (post.reward !== null) rewards[post.arm]!.push(post.reward);
      inFlight.splice(i, 1);
      revealed = true;
    }
    if (revealed) {
      const posteriors = rewards.map((ys) => posterior(prior, ys));
      const counts = rewards.map((ys) => ys.length);
      const pBest = counts.every((n) => n >= MIN_REWARDS_PER_ARM) ? probabilityOfBest(posteriors) : [];
      decision = decide({
        probabilityBest: pBest,
        rewards: counts,
        posts: allocated,
        maxPosts: o.posts,
        pending: inFlight.length,
      });
      if (decision.state !== 'running') break;
    }
    if (allocated < o.posts) {
      const arm = chooseArm(
        rng,
        rewards.map((ys) => posterior(prior, ys)),
        slots,
      );
      const rate = postRate(rng, account.followers, pools[arm]!, lifts[arm]!, now, ageMs);
      inFlight.push({
        arm,
        revealAt: now + ageMs,
        reward: rate === null ? null : rateToOutcome(rate),
      });
      slots[arm]!++;
      regret += bestRate - trueRates[arm]!;
      allocated++;
      now += o.slotHours * HOUR_MS;
    } else {
      now = Math.min(...inFlight.map((p) => p.revealAt));
    }
  }
  if (decision.state === 'winner') regret += (o.posts - allocated) * (bestRate - trueRates[decision.winner]!);
  const meanRate = trueRates.reduce((a, b) => a + b, 0) / trueRates.length;
  return {
    persona_id: persona,
    arms,
    true_rates: trueRates,
    best_arm: bestArm,
    state: decision.state === 'winner' ? 'winner' : 'inconclusive',
    winner: decision.winner,
    posts_to_decision: allocated,
    slots,
    regret,
    uniform_regret: o.posts * (bestRate - meanRate),
  };
}

function drawFamilies(rng: Rng, n: number): HookType[] {
  const pool = [...HOOK_TYPES];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

function viralityPool(o: SimulateOptions, personaId: string, family: HookType): readonly number[] {
  const pool = o.viralities(personaId, family);
  if (pool.length === 0) throw new RangeError(`no virality for ${personaId}'s ${family} posts`);
  return pool;
}

function paramsFor(followers: number, virality: number, luck: number, publishedAt: number) {
  return engagementParams({ publishedAt, followers, virality, luck, hasCallToAction: false });
}

/** One simulated post's engagement rate (interactions / views) at `ageMs`; null without views. */
function postRate(
  rng: Rng,
  followers: number,
  viralities: readonly number[],
  lift: number,
  publishedAt: number,
  ageMs: number,
): number | null {
  const virality = viralities[rng.int(viralities.length)]!;
  const luck = Math.exp(0.35 * rng.normal());
  const params = withAudienceLift(paramsFor(followers, virality, luck, publishedAt), lift);
  const counters = new PostEngagement(params, rng.int(2 ** 32)).countersAt(publishedAt + ageMs);
  return counters.views > 0 ? (interactions(counters) ?? 0) / counters.views : null;
}
