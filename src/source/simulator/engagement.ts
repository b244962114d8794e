/**
 * Engagement of one simulated post as a discrete-time self-exciting (Hawkes) process.
 *
 * Time is cut into steps on the absolute UTC grid: quarter-hours while the post is young, whole
 * hours later, so no step straddles a UTC hour of `hourly_breakdown`. In each step the post gets
 *   impressions ~ Poisson(organic + excited)
 * where `organic` is the follower reach decaying exponentially with age and `excited` is the
 * intensity left by earlier reshares (reposts, quotes, shares), each of which brings
 * `kernelMass` further impressions spread over an exponential kernel. Views, engaged views and
 * interactions are binomial thinnings of the impressions, so the counters are consistent by
 * construction. The branching ratio (impressions triggered per impression) stays below 1, so
 * the process dies out instead of exploding.
 *
 * Evaluation is lazy: a post's state advances step by step only up to the time asked for, and
 * its random stream is resumable, so a read costs nothing for steps already simulated and the
 * result never depends on when or how often the post was read before.
 */
import { Rng } from './random.js';

export const STEP_MS = 15 * 60_000;
export const HOUR_MS = 3_600_000;

/** Index of each counter in the step vectors. */
export const C = {
  impressions: 0,
  views: 1,
  engaged: 2,
  likes: 3,
  replies: 4,
  reposts: 5,
  quotes: 6,
  shares: 7,
} as const;
const N_COUNTERS = 8;
/** Hourly buckets keep views, likes, replies, reposts, quotes, shares. */
const HOURLY_FROM = [C.views, C.likes, C.replies, C.reposts, C.quotes, C.shares] as const;
const N_HOURLY = HOURLY_FROM.length;

export interface EngagementParams {
  publishedAt: number;
  /** expected organic impressions over the whole life of the post */
  reach: number;
  /** views per impression */
  viewRate: number;
  /** engaged views per view */
  engagedRate: number;
  /** interactions per engaged view */
  likeRate: number;
  replyRate: number;
  repostRate: number;
  quoteRate: number;
  shareRate: number;
  /** further impressions expected from one reshare (the Hawkes kernel's integral) */
  kernelMass: number;
  /** mean age at which organic reach arrives (exponential decay constant) */
  organicTauMs: number;
  /** mean lifetime of the excitation left by a reshare */
  kernelTauMs: number;
  /** after this age nothing changes any more */
  lifetimeMs: number;
  /**
   * Labelled anomalies injected into this post (tests, `eval anomalies`); absent or empty for a
   * natural post. Added before the simulation reaches their start (see `PostEngagement.inject`).
   */
  injections?: EngagementInjection[];
}

/**
 * Something that happens to a post from outside its natural course:
 * - `suppression`: from `at` on, the platform shows the post to `factor` × the people it would
 *   have reached (a throttled post); it lasts for the rest of the post's life;
 * - `spike`: at `at` a large account reposts it, which brings `impressions` extra impressions
 *   spread over an exponential kernel of mean `tauMs` (and the reshares those bring);
 * - `reply_storm`: from `at` to `until`, `perHour` extra replies an hour from outside the usual
 *   audience (a pile-on), each an impression, a view and an engaged view as well.
 */
export type EngagementInjection =
  | { kind: 'suppression'; at: number; factor: number }
  | { kind: 'spike'; at: number; impressions: number; tauMs: number }
  | { kind: 'reply_storm'; at: number; until: number; perHour: number };

export interface ParamsInput {
  publishedAt: number;
  followers: number;
  /** 0..1, how well the content is built to spread */
  virality: number;
  /** per-post multiplicative noise on reach (≈ 1) */
  luck: number;
  /** the post asks for replies ("comment LINK"), which lifts the reply rate */
  hasCallToAction: boolean;
}

/**
 * Rates from the post's virality. Magnitudes follow what creators report for text posts:
 * views ≈ 60–80 % of impressions, a few percent to a quarter of views engaged, likes the bulk
 * of interactions, replies and reshares a few percent of engaged views.
 */
export function engagementParams(input: ParamsInput): EngagementParams {
  const v = Math.min(1, Math.max(0, input.virality));
  const viewRate = 0.62 + 0.2 * v;
  const engagedRate = 0.04 + 0.22 * v;
  const repostRate = 0.008 + 0.02 * v;
  const quoteRate = 0.002 + 0.006 * v;
  const shareRate = 0.01 + 0.025 * v;
  // Branching ratio m: impressions caused (through reshares) per impression. m < 1 keeps the
  // process subcritical; total expected impressions ≈ reach / (1 − m).
  const branching = 0.15 + 0.65 * v;
  const reshareRate = viewRate * engagedRate * (repostRate + quoteRate + shareRate);
  return {
    publishedAt: input.publishedAt,
    reach: Math.max(0, input.followers * (0.15 + 1.2 * v) * input.luck),
    viewRate,
    engagedRate,
    likeRate: 0.25 + 0.2 * v,
    replyRate: 0.012 + 0.025 * v + (input.hasCallToAction ? 0.03 : 0),
    repostRate,
    quoteRate,
    shareRate,
    kernelMass: branching / reshareRate,
    organicTauMs: 5 * HOUR_MS,
    kernelTauMs: 2 * HOUR_MS,
    lifetimeMs: 7 * 24 * HOUR_MS,
  };
}

/** A run of replies created within one step, evenly spread over it (see `replyTimestamp`). */
export interface ReplyStep {
  start: number;
  length: number;
  count: number;
}

export interface CountersAt {
  impressions: number;
  views: number;
  engaged_views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

export interface HourlyAt<H = number> {
  /** start of the UTC hour (epoch ms unless labelled otherwise) */
  hour: H;
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

/** Young posts move fast: quarter-hour steps for the first hours, then hourly ones. */
const FINE_STEPS_FOR_MS = 6 * HOUR_MS;

/**
 * End of the step starting at `start`: the next quarter-hour (young post) or hour boundary, or
 * an injection's start or end when one comes first, so that an injection acts from its exact time.
 */
function stepEnd(params: EngagementParams, start: number): number {
  const grid = start - params.publishedAt < FINE_STEPS_FOR_MS ? STEP_MS : HOUR_MS;
  let end = Math.floor(start / grid) * grid + grid;
  for (const inj of params.injections ?? []) {
    if (inj.at > start && inj.at < end) end = inj.at;
    if (inj.kind === 'reply_storm' && inj.until > start && inj.until < end) end = inj.until;
  }
  return end;
}

/** The latest time at which an injection still changes something, or −∞ without injections. */
function lastInjectionTime(params: EngagementParams): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const inj of params.injections ?? []) {
    last = Math.max(last, inj.kind === 'reply_storm' ? inj.until : inj.at);
  }
  return last;
}

/**
 * The lazily advanced state of one post. `pending` holds the counts of the step that contains
 * the latest time read; everything before it is in `total`, `hourly` and `replySteps`.
 */
export class PostEngagement {
  private readonly rng: Rng;
  private step = 0;
  private excitation = 0;
  private readonly total = new Array<number>(N_COUNTERS).fill(0);
  private readonly pending = new Array<number>(N_COUNTERS).fill(0);
  private pendingStart: number;
  private pendingEnd: number;
  /** flat: N_HOURLY values per hour since the publication hour, completed steps only */
  private readonly hourly: number[] = [];
  private readonly replyRuns: ReplyStep[] = [];
  private readonly endOfLife: number;
  /** expected organic impressions not yet delivered */
  private organicLeft: number;

  constructor(
    readonly params: EngagementParams,
    private readonly seedState: number,
  ) {
    this.rng = new Rng(seedState);
    this.endOfLife = params.publishedAt + params.lifetimeMs;
    this.organicLeft = params.reach;
    this.pendingStart = params.publishedAt;
    this.pendingEnd = params.publishedAt;
    this.simulateStep();
  }

  /**
   * The earliest time from which an injection can still act: the end of the step already drawn.
   * Everything before it has been simulated (and may have been read), so it cannot change.
   */
  get simulatedUntil(): number {
    return Number.isFinite(this.pendingEnd) ? this.pendingEnd : this.pendingStart;
  }

  /**
   * Inject an anomaly from `max(at, simulatedUntil)` on (returned): the past stays as it was
   * read. A replay of this post sees the injection too (it lives in the shared params).
   */
  inject(injection: EngagementInjection): EngagementInjection {
    const at = Math.max(injection.at, this.simulatedUntil);
    const effective: EngagementInjection =
      injection.kind === 'reply_storm'
        ? { ...injection, at, until: Math.max(injection.until, at + 1) }
        : { ...injection, at };
    if (!Number.isFinite(this.pendingEnd) && at >= this.pendingStart) {
      // The post had died out; it comes back to life for the injection.
      this.pendingEnd = this.pendingStart;
    }
    (this.params.injections ??= []).push(effective);
    return effective;
  }

  /** Counters at time `t` (epoch ms). Before publication everything is 0. */
  countersAt(t: number): CountersAt {
    if (t < this.params.publishedAt) {
      return {
        impressions: 0,
        views: 0,
        engaged_views: 0,
        likes: 0,
        replies: 0,
        reposts: 0,
        quotes: 0,
        shares: 0,
      };
    }
    const s = this.at(t);
    const cur = (i: number) => (s.total[i] ?? 0) + s.partial(i, t);
    return {
      impressions: cur(C.impressions),
      views: cur(C.views),
      engaged_views: cur(C.engaged),
      likes: cur(C.likes),
      replies: cur(C.replies),
      reposts: cur(C.reposts),
      quotes: cur(C.quotes),
      shares: cur(C.shares),
    };
  }

  /**
   * Engagement gained per UTC hour from the publication hour to the hour of `t`. `label` turns
   * the hour's start (epoch ms) into the `hour` field, so callers get their final shape in one
   * allocation per hour (old posts have up to 168 hours).
   */
  hourlyAt(t: number): HourlyAt[];
  hourlyAt<H>(t: number, label: (hourStart: number) => H): HourlyAt<H>[];
  hourlyAt<H>(t: number, label?: (hourStart: number) => H): HourlyAt<H | number>[] {
    if (t < this.params.publishedAt) return [];
    const s = this.at(t);
    const firstHour = Math.floor(s.params.publishedAt / HOUR_MS);
    const lastHour = Math.floor(Math.min(t, s.endOfLife - 1) / HOUR_MS);
    const pendingHour = Number.isFinite(s.pendingEnd) ? Math.floor(s.pendingStart / HOUR_MS) : -1;
    const hourly = s.hourly;
    const out: HourlyAt<H | number>[] = [];
    for (let h = firstHour; h <= lastHour; h++) {
      const b = (h - firstHour) * N_HOURLY;
      const bucket: HourlyAt<H | number> = {
        hour: label === undefined ? h * HOUR_MS : label(h * HOUR_MS),
        views: hourly[b] ?? 0,
        likes: hourly[b + 1] ?? 0,
        replies: hourly[b + 2] ?? 0,
        reposts: hourly[b + 3] ?? 0,
        quotes: hourly[b + 4] ?? 0,
        shares: hourly[b + 5] ?? 0,
      };
      if (h === pendingHour) {
        bucket.views += s.partial(C.views, t);
        bucket.likes += s.partial(C.likes, t);
        bucket.replies += s.partial(C.replies, t);
        bucket.reposts += s.partial(C.reposts, t);
        bucket.quotes += s.partial(C.quotes, t);
        bucket.shares += s.partial(C.shares, t);
      }
      out.push(bucket);
    }
    return out;
  }

  /**
   * Steps in which replies were created up to `t`, with their full counts; the last may be only
   * partly visible at `t` (use `replyTimestamp` to tell which of its replies exist yet).
   */
  replyStepsAt(t: number): ReplyStep[] {
    if (t < this.params.publishedAt) return [];
    const s = this.at(t);
    const runs = s.replyRuns.slice();
    const pendingReplies = s.pending[C.replies] ?? 0;
    if (pendingReplies > 0 && t >= s.pendingStart && t < s.pendingEnd) {
      runs.push({ start: s.pendingStart, length: s.pendingEnd - s.pendingStart, count: pendingReplies });
    }
    return runs;
  }

  /** The state to read `t` from: this one advanced, or a fresh replay when `t` is in its past. */
  private at(t: number): PostEngagement {
    if (t < this.pendingStart) {
      const replay = new PostEngagement(this.params, this.seedState);
      replay.advanceTo(t);
      return replay;
    }
    this.advanceTo(t);
    return this;
  }

  private advanceTo(t: number): void {
    while (t >= this.pendingEnd) {
      this.commitPending();
      this.simulateStep();
    }
  }

  /**
   * Part of the pending step visible at t: floor(elapsed × count / length). Integer arithmetic,
   * and the same rule places reply timestamps, so `replies` always equals the replies listed.
   */
  private partial(i: number, t: number): number {
    if (t < this.pendingStart || !Number.isFinite(this.pendingEnd)) return 0;
    const n = this.pending[i] ?? 0;
    if (n === 0) return 0;
    return Math.floor(((t - this.pendingStart) * n) / (this.pendingEnd - this.pendingStart));
  }

  private commitPending(): void {
    const hourIndex = Math.floor(this.pendingStart / HOUR_MS) - Math.floor(this.params.publishedAt / HOUR_MS);
    const base = hourIndex * N_HOURLY;
    while (this.hourly.length < base + N_HOURLY) this.hourly.push(0);
    for (let i = 0; i < N_COUNTERS; i++) this.total[i] = (this.total[i] ?? 0) + (this.pending[i] ?? 0);
    for (let j = 0; j < N_HOURLY; j++) {
      this.hourly[base + j] = (this.hourly[base + j] ?? 0) + (this.pending[HOURLY_FROM[j] ?? 0] ?? 0);
    }
    const replies = this.pending[C.replies] ?? 0;
    if (replies > 0) {
      this.replyRuns.push({
        start: this.pendingStart,
        length: this.pendingEnd - this.pendingStart,
        count: replies,
      });
    }
  }

  private simulateStep(): void {
    const p = this.params;
    const start = this.pendingEnd;
    // Once less than a twentieth of an impression is still expected, the post is over: stop
    // stepping (reads of old posts stay cheap) rather than draw hundreds of near-empty steps.
    const expectedLeft = this.organicLeft + this.excitation * p.kernelTauMs + spikeLeft(p.injections, start);
    const injectionAhead = lastInjectionTime(p) > start;
    if (start >= this.endOfLife || (this.step > 0 && expectedLeft < 0.05 && !injectionAhead)) {
      this.pending.fill(0);
      this.pendingStart = start;
      this.pendingEnd = Number.POSITIVE_INFINITY;
      return;
    }
    const end = Math.min(stepEnd(p, start), this.endOfLife);
    const length = end - start;
    const organic = this.organicLeft * (1 - decayOver(length, p.organicTauMs));
    this.organicLeft -= organic;
    const decay = decayOver(length, p.kernelTauMs);
    const excited = this.excitation * p.kernelTauMs * (1 - decay);
    const injected = injectedIn(p.injections, start, end);

    const r = this.rng;
    const impressions = r.poisson((organic + excited + injected.impressions) * injected.factor);
    const views = r.binomial(impressions, p.viewRate);
    const engaged = r.binomial(views, p.engagedRate);
    const reposts = r.binomial(engaged, p.repostRate);
    const quotes = r.binomial(engaged, p.quoteRate);
    const shares = r.binomial(engaged, p.shareRate);
    // Drawn only while a storm lasts, so the steps of a post without one draw exactly as before.
    const stormReplies = injected.stormReplies > 0 ? r.poisson(injected.stormReplies) : 0;
    this.pending[C.impressions] = impressions + stormReplies;
    this.pending[C.views] = views + stormReplies;
    this.pending[C.engaged] = engaged + stormReplies;
    this.pending[C.likes] = r.binomial(engaged, p.likeRate);
    this.pending[C.replies] = r.binomial(engaged, p.replyRate) + stormReplies;
    this.pending[C.reposts] = reposts;
    this.pending[C.quotes] = quotes;
    this.pending[C.shares] = shares;

    // Reshares made during this step start exciting from its end: intensity (per ms) whose
    // integral over the kernel is kernelMass impressions per reshare.
    this.excitation = this.excitation * decay + ((reposts + quotes + shares) * p.kernelMass) / p.kernelTauMs;
    this.pendingStart = start;
    this.pendingEnd = end;
    this.step++;
  }
}

/** Expected impressions that injected spikes still have to bring after `t`. */
function spikeLeft(injections: readonly EngagementInjection[] | undefined, t: number): number {
  let left = 0;
  for (const inj of injections ?? []) {
    if (inj.kind === 'spike' && t >= inj.at) left += inj.impressions * Math.exp(-(t - inj.at) / inj.tauMs);
  }
  return left;
}

/**
 * What injections add to the step [start, end): a factor on its impressions (suppression),
 * expected extra impressions (a spike's kernel mass falling in the step) and expected extra
 * replies (a storm's share of the step).
 */
function injectedIn(
  injections: readonly EngagementInjection[] | undefined,
  start: number,
  end: number,
): { factor: number; impressions: number; stormReplies: number } {
  let factor = 1;
  let impressions = 0;
  let stormReplies = 0;
  for (const inj of injections ?? []) {
    if (inj.kind === 'suppression') {
      if (start >= inj.at) factor *= inj.factor;
    } else if (inj.kind === 'spike') {
      if (end > inj.at) {
        const from = Math.max(0, start - inj.at);
        const to = end - inj.at;
        impressions += inj.impressions * (Math.exp(-from / inj.tauMs) - Math.exp(-to / inj.tauMs));
      }
    } else {
      const overlap = Math.min(end, inj.until) - Math.max(start, inj.at);
      if (overlap > 0) stormReplies += (inj.perHour * overlap) / HOUR_MS;
    }
  }
  return { factor, impressions, stormReplies };
}

const fullStepDecay = new Map<number, number>();
/** exp(−length/tau), memoised for whole steps because almost every step is one. */
function decayOver(length: number, tau: number): number {
  if (length !== STEP_MS) return Math.exp(-length / tau);
  let d = fullStepDecay.get(tau);
  if (d === undefined) {
    d = Math.exp(-length / tau);
    fullStepDecay.set(tau, d);
  }
  return d;
}

/** Timestamp (epoch ms) of the j-th of `count` replies created in a step (0-based). */
export function replyTimestamp(run: ReplyStep, j: number): number {
  return run.start + Math.ceil(((j + 1) * run.length) / run.count);
}
