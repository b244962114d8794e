/**
 * The fake-threads world: accounts, posts, engagement, replies and DMs, evolving on a
 * simulated clock `simNow = startAt + (realNow − realStart) × speedup`.
 *
 * Everything random is drawn from streams named by (seed, purpose, id), and everything that
 * changes over time is computed lazily up to `now()` and is a function of simulated time
 * only, so two simulators with the same seed and the same clock readings return the same
 * posts, counters and comments however often (or rarely) they were read before.
 */
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type {
  CommentLabel,
  DmMessage,
  DmResult,
  HourlyBucket,
  PostCounters,
  ReplyNode,
  SourceComment,
  SourcePost,
} from '../threads-source.js';
import {
  authorPool,
  commentText,
  creatorReplyText,
  pickAuthor,
  pickLabel,
  spamAuthorPool,
  type CommentContext,
} from './comment-templates.js';
import {
  DEMO_ACCOUNTS,
  accountFor,
  callToActionKeyword,
  composePost,
  type SimAccount,
} from './demo-content.js';
import {
  HOUR_MS,
  PostEngagement,
  engagementParams,
  replyTimestamp,
  type EngagementInjection,
} from './engagement.js';
import {
  audienceMultiplier,
  audiencePreferences,
  type AudiencePreferences,
  type PostFeatures,
} from './audience.js';
import { hashSeed, rngFor } from './random.js';
import { defaultVirality, type ViralityFn } from './virality.js';

export interface SimulatorOptions {
  /** default 42 */
  seed?: number;
  /** simulated ms per real ms; default 60 */
  speedup?: number;
  /** simulated time at creation (epoch ms or Date); default: the real clock's reading */
  startAt?: number | Date;
  /** the real clock in epoch ms; tests pass a fake one. Default Date.now */
  clock?: () => number;
  /** publish the demo accounts' posts (a backlog of 3 days and a new post every few hours); default true */
  demo?: boolean;
  /** how far before the start the demo's posts begin; default 72 h (the `npm start` demo: 90 days) */
  backlogMs?: number;
  /** how well a post is built to spread (0..1); the pattern engine plugs in here */
  virality?: ViralityFn;
  /**
   * The hook families and emotions of a post (the pattern engine plugs in here): when given, each
   * persona's hidden audience preferences (audience.ts) scale the post's reach by its hooks,
   * emotions and hour. Off when absent, so runs without it keep their numbers.
   */
  audience?: (content: string) => PostFeatures;
  accounts?: readonly SimAccount[];
  /**
   * Inject labelled anomalies into the demo posts (`eval anomalies`); none by default. The posts
   * that get none are the same as without a plan.
   */
  anomalies?: AnomalyPlan;
}

/** The anomalies the simulator can inject, as ground truth for the detector. */
export const INJECTED_ANOMALY_TYPES = ['suppression', 'spike', 'reply_storm', 'pattern_fatigue'] as const;
export type InjectedAnomalyType = (typeof INJECTED_ANOMALY_TYPES)[number];
export type PostAnomalyType = Exclude<InjectedAnomalyType, 'pattern_fatigue'>;

/** One injected anomaly: what, where, and from when to when (simulated time). */
export interface InjectedAnomaly {
  id: string;
  type: InjectedAnomalyType;
  account_id: string;
  persona_id: string;
  /** the post it was injected into; for a pattern-fatigue stretch, the stretch's posts so far */
  post_ids: string[];
  /** when it takes effect (ISO); null for a fatigue stretch whose fourth post is not out yet */
  start: string | null;
  /** when it stops; null while it lasts for the rest of the post's life (suppression) or the stretch goes on */
  end: string | null;
  /** its size: `factor` (suppression), `impressions` and `tau_ms` (spike), `per_hour` (storm), `hook` and `posts` (fatigue) */
  details: Record<string, number | string>;
}

export interface InjectPostAnomaly {
  type: PostAnomalyType;
  /** simulated time it takes effect; default now (it never acts on what was already simulated) */
  at?: number | Date;
  /** suppression: share of the usual reach that still sees the post; default 0.3 */
  factor?: number;
  /** spike: extra impressions; default the post's expected organic reach */
  impressions?: number;
  /** spike: mean lifetime of the repost's attention; default 1 h */
  tauMs?: number;
  /** reply storm: extra replies per hour; default 30 */
  perHour?: number;
  /** reply storm: how long it lasts; default 2 h */
  durationMs?: number;
}

export interface FatigueStretchInput {
  account_id: string;
  /** the stretch starts with the account's first post at or after this time; default now */
  from?: number | Date;
  /** posts in the stretch; default 10 */
  posts?: number;
  /** which of the persona's hooks it reuses (index); default seeded */
  hook?: number;
}

/**
 * Where the demo injects anomalies: each demo post published at or after `from` gets one of
 * `types` with probability `share`, starting `minAgeMs`–`maxAgeMs` after publication; and each
 * account has one pattern-fatigue stretch starting in [from, from + stretchWindowMs) when
 * `fatigueStretches` is on.
 */
export interface AnomalyPlan {
  from: number | Date;
  share?: number;
  types?: readonly PostAnomalyType[];
  minAgeMs?: number;
  maxAgeMs?: number;
  fatigueStretches?: boolean;
  stretchWindowMs?: number;
}

/** Posts of a fatigue stretch come every 1.5–3 h: a creator on a spree with a hook that worked. */
const STRETCH_MIN_GAP_MS = 1.5 * HOUR_MS;
const STRETCH_MAX_GAP_MS = 3 * HOUR_MS;
/** The audience tolerates this many uses of a hook; each further use reaches 20 % fewer people. */
const STRETCH_TOLERATED_USES = 3;
const STRETCH_REACH_DECAY = 0.8;

export interface SimPublishInput {
  content: string;
  account_id?: string;
  persona_id?: string;
  /** backdate the post (simulator only); default now, never in the future */
  published_at?: string | Date;
  /** override the virality function for this post (simulator only) */
  virality?: number;
}

export interface SimNewComment {
  text: string;
  author: string;
  parent_id?: string;
  /** ground truth for a scripted comment; default `other` */
  true_label?: CommentLabel;
}

export interface DmRecord {
  id: string;
  idempotency_key: string;
  recipient: string;
  text: string;
  post_id?: string;
  sent_at: string;
}

export interface CommentsQuery {
  after?: string;
  limit?: number;
  includeLabels?: boolean;
}

export interface PublishedQuery {
  since?: Date;
  limit?: number;
  account_id?: string;
}

/** The demo's backlog: demo posts start this long before the simulator's start. */
const BACKLOG_MS = 72 * HOUR_MS;
/** A demo account posts every 4 to 12 simulated hours. */
const MIN_GAP_MS = 4 * HOUR_MS;
const MAX_GAP_MS = 12 * HOUR_MS;
/** Guards memory if someone runs the demo at a huge speed-up for days. */
const MAX_DEMO_POSTS = 5_000;
export const MAX_CONTENT_CHARS = 500;
const NESTED_REPLY_RATE = 0.28;
const MAX_DEPTH = 5;

interface SimComment {
  id: string;
  post_id: string;
  text: string;
  author: string;
  timestamp: number;
  parent_id?: string;
  depth: number;
  label: CommentLabel;
}

interface PostState {
  post: SourcePost;
  publishedAt: number;
  account: SimAccount;
  virality: number;
  engagement: PostEngagement;
  ctx: CommentContext;
  /** generated replies materialised so far, in time order */
  generated: SimComment[];
  /** where materialisation stopped: index into the engagement's reply steps and within it */
  runIndex: number;
  runOffset: number;
  /** replies posted through the API, in time order */
  added: SimComment[];
  byId: Map<string, SimComment>;
}

interface DemoSchedule {
  account: SimAccount;
  next: number;
  count: number;
}

interface FatigueStretch {
  anomaly: InjectedAnomaly;
  account_id: string;
  from: number;
  posts: number;
  hook: number;
  /** posts published in the stretch so far */
  published: number;
}

export class SimulatorEngine {
  readonly seed: number;
  private speedupFactor: number;
  private readonly clock: () => number;
  private anchorReal: number;
  private anchorSim: number;
  private readonly viralityFn: ViralityFn;
  private readonly audienceFeatures: ((content: string) => PostFeatures) | undefined;
  private readonly audiences = new Map<string, AudiencePreferences>();
  private readonly accountsById = new Map<string, SimAccount>();
  private readonly posts = new Map<string, PostState>();
  private sortedPosts: PostState[] = [];
  private sorted = true;
  private readonly schedules: DemoSchedule[] = [];
  private demoPosts = 0;
  private publishedSeq = 0;
  private addedSeq = 0;
  private readonly dmsByKey = new Map<string, DmRecord>();
  private readonly authors: string[];
  private readonly spamAuthors: string[];
  private readonly plan: AnomalyPlan | undefined;
  private readonly injected: InjectedAnomaly[] = [];
  private readonly stretches: FatigueStretch[] = [];

  constructor(options: SimulatorOptions = {}) {
    this.seed = options.seed ?? 42;
    this.speedupFactor = options.speedup ?? 60;
    if (!(this.speedupFactor > 0)) throw new RangeError('speedup must be > 0');
    this.clock = options.clock ?? Date.now;
    this.anchorReal = this.clock();
    const start = options.startAt;
    this.anchorSim = start === undefined ? this.anchorReal : start instanceof Date ? start.getTime() : start;
    this.viralityFn = options.virality ?? defaultVirality;
    this.audienceFeatures = options.audience;
    for (const account of options.accounts ?? DEMO_ACCOUNTS) this.accountsById.set(account.id, account);
    this.authors = authorPool(rngFor(this.seed, 'authors'), 400);
    this.spamAuthors = spamAuthorPool(rngFor(this.seed, 'spam-authors'), 40);
    this.plan = options.anomalies;
    if (options.demo ?? true) {
      for (const account of this.accountsById.values()) {
        const first = this.anchorSim - (options.backlogMs ?? BACKLOG_MS) + gapFor(this.seed, account.id, 0);
        this.schedules.push({ account, next: first, count: 0 });
      }
    }
    if (this.plan?.fatigueStretches === true) {
      const from = timeOf(this.plan.from);
      const window = this.plan.stretchWindowMs ?? 48 * HOUR_MS;
      for (const account of this.accountsById.values()) {
        const rng = rngFor(this.seed, 'anomaly-plan-stretch', account.id);
        this.injectFatigueStretch({ account_id: account.id, from: from + rng.next() * window });
      }
    }
  }

  // ---- clock -------------------------------------------------------------------------------

  /** Simulated time, epoch ms. */
  now(): number {
    return Math.floor(this.anchorSim + (this.clock() - this.anchorReal) * this.speedupFactor);
  }

  get speedup(): number {
    return this.speedupFactor;
  }

  /** Change the pace from now on without a jump in simulated time. */
  setSpeedup(speedup: number): void {
    if (!(speedup > 0)) throw new RangeError('speedup must be > 0');
    this.anchorSim = this.now();
    this.anchorReal = this.clock();
    this.speedupFactor = speedup;
  }

  /** Jump simulated time forward (tests and demos: "show me tomorrow"). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('can only advance forward');
    this.anchorSim += ms;
  }

  // ---- accounts and posts --------------------------------------------------------------------

  accounts(): SimAccount[] {
    return [...this.accountsById.values()];
  }

  listPublished(query: PublishedQuery = {}): SourcePost[] {
    const now = this.now();
    this.publishScheduled(now);
    if (!this.sorted) {
      this.sortedPosts.sort((a, b) => b.publishedAt - a.publishedAt || (a.post.id < b.post.id ? -1 : 1));
      this.sorted = true;
    }
    const since = query.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    const limit = query.limit ?? 100;
    const out: SourcePost[] = [];
    for (const state of this.sortedPosts) {
      if (out.length >= limit || state.publishedAt < since) break;
      if (state.publishedAt > now) continue;
      if (query.account_id !== undefined && state.account.id !== query.account_id) continue;
      out.push({ ...state.post });
    }
    return out;
  }

  getPost(postId: string): SourcePost {
    return { ...this.state(postId).post };
  }

  /** The virality the simulation uses for a post (not part of the source interface). */
  viralityOf(postId: string): number {
    return this.state(postId).virality;
  }

  publish(input: SimPublishInput): SourcePost {
    const now = this.now();
    this.publishScheduled(now);
    const content = input.content;
    if (content.trim().length === 0) throw new InvalidInputError('content is empty', ['body', 'content']);
    if ([...content].length > MAX_CONTENT_CHARS) {
      throw new InvalidInputError(`content is longer than ${MAX_CONTENT_CHARS} characters`, [
        'body',
        'content',
      ]);
    }
    const publishedAt = input.published_at === undefined ? now : new Date(input.published_at).getTime();
    if (!Number.isFinite(publishedAt))
      throw new InvalidInputError('published_at is not a date', ['body', 'published_at']);
    if (publishedAt > now)
      throw new InvalidInputError('published_at is in the future', ['body', 'published_at']);
    const account = this.accountFor(input.account_id);
    this.publishedSeq++;
    const id = `18${String(this.publishedSeq).padStart(15, '0')}`;
    return { ...this.addPost(id, account, content, publishedAt, input.persona_id, input.virality).post };
  }

  // ---- engagement ---------------------------------------------------------------------------

  analytics(postId: string): PostCounters {
    const now = this.now();
    const s = this.state(postId);
    const c = s.engagement.countersAt(now);
    // Replies posted through the API count as engaged views too, so the invariants hold.
    const added = s.added.filter((a) => a.timestamp <= now);
    const hourly: HourlyBucket[] = s.engagement.hourlyAt(now, hourIso);
    for (const a of added) {
      const bucket = hourly[Math.floor(a.timestamp / HOUR_MS) - Math.floor(s.publishedAt / HOUR_MS)];
      if (bucket !== undefined) {
        bucket.replies++;
        bucket.views++;
      }
    }
    const extra = added.length;
    return {
      post_id: s.post.id,
      views: c.views + extra,
      impressions: c.impressions + extra,
      engaged_views: c.engaged_views + extra,
      likes: c.likes,
      replies: c.replies + extra,
      reposts: c.reposts,
      quotes: c.quotes,
      shares: c.shares,
      collected_at: new Date(now).toISOString(),
      hourly_breakdown: hourly,
    };
  }

  /**
   * The post's counters at any simulated time up to now (ground truth for tests and evaluation:
   * what the source would have answered then). Replies posted through the API are not included.
   */
  countersAt(postId: string, at: number | Date): Omit<PostCounters, 'hourly_breakdown'> {
    const t = Math.min(timeOf(at), this.now());
    const c = this.state(postId).engagement.countersAt(t);
    return { post_id: postId, ...c, collected_at: new Date(t).toISOString() };
  }

  // ---- replies ------------------------------------------------------------------------------

  /** Replies of every depth, oldest first, after the comment `after` (unknown ids: from the start). */
  comments(postId: string, query: CommentsQuery = {}): SourceComment[] {
    const now = this.now();
    const s = this.state(postId);
    const all = this.visibleComments(s, now);
    let start = 0;
    if (query.after !== undefined) {
      const i = all.findIndex((c) => c.id === query.after);
      if (i >= 0) start = i + 1;
    }
    const limit = query.limit ?? 100;
    return all.slice(start, start + limit).map((c) => toSourceComment(c, query.includeLabels ?? false));
  }

  /** Reply trees, top-level replies oldest first, children oldest first. */
  replyTree(postId: string): ReplyNode[] {
    const s = this.state(postId);
    const nodes = new Map<string, ReplyNode>();
    const roots: ReplyNode[] = [];
    for (const c of this.visibleComments(s, this.now())) {
      const node: ReplyNode = {
        id: c.id,
        author: c.author,
        text: c.text,
        timestamp: new Date(c.timestamp).toISOString(),
        children: [],
      };
      nodes.set(c.id, node);
      const parent = c.parent_id === undefined ? undefined : nodes.get(c.parent_id);
      (parent?.children ?? roots).push(node);
    }
    return roots;
  }

  /**
   * One visible reply of any depth by id (its post id is the id's prefix), with its depth
   * (1 = a reply to the post); NotFoundError when it does not exist yet.
   */
  reply(replyId: string): SourceComment & { depth: number } {
    const postId = replyId.split('_')[0] ?? '';
    const now = this.now();
    const s = this.state(postId);
    this.materialise(s, now);
    const c = s.byId.get(replyId);
    if (c === undefined || c.timestamp > now) throw new NotFoundError(`reply ${replyId}`);
    return { ...toSourceComment(c, false), depth: c.depth };
  }

  addComment(postId: string, input: SimNewComment): SourceComment {
    const now = this.now();
    const s = this.state(postId);
    if (input.text.trim().length === 0) throw new InvalidInputError('text is empty', ['body', 'text']);
    let depth = 1;
    if (input.parent_id !== undefined) {
      this.visibleComments(s, now);
      const parent = s.byId.get(input.parent_id);
      if (parent === undefined || parent.timestamp > now) {
        throw new InvalidInputError(`parent comment ${input.parent_id} not found on this post`, [
          'body',
          'parent_id',
        ]);
      }
      depth = parent.depth + 1;
    }
    this.addedSeq++;
    const comment: SimComment = {
      id: `${postId}_u${String(this.addedSeq)}`,
      post_id: postId,
      text: input.text,
      author: input.author,
      timestamp: Math.max(now, s.publishedAt),
      depth,
      label: input.true_label ?? 'other',
      ...(input.parent_id === undefined ? {} : { parent_id: input.parent_id }),
    };
    s.added.push(comment);
    s.byId.set(comment.id, comment);
    return toSourceComment(comment, true);
  }

  // ---- DMs ----------------------------------------------------------------------------------

  sendDm(msg: DmMessage): DmResult {
    const existing = this.dmsByKey.get(msg.idempotency_key);
    if (existing !== undefined) return { id: existing.id, duplicate: true };
    const record: DmRecord = {
      id: `dm_${String(this.dmsByKey.size + 1)}`,
      idempotency_key: msg.idempotency_key,
      recipient: msg.recipient,
      text: msg.text,
      sent_at: new Date(this.now()).toISOString(),
      ...(msg.post_id === undefined ? {} : { post_id: msg.post_id }),
    };
    this.dmsByKey.set(msg.idempotency_key, record);
    return { id: record.id, duplicate: false };
  }

  /** Every DM accepted, in the order received. */
  dms(): DmRecord[] {
    return [...this.dmsByKey.values()].map((d) => ({ ...d }));
  }

  // ---- internals ----------------------------------------------------------------------------

  private audienceFactor(personaId: string, content: string, at: number): number {
    let prefs = this.audiences.get(personaId);
    if (prefs === undefined) {
      prefs = audiencePreferences(personaId, this.seed);
      this.audiences.set(personaId, prefs);
    }
    return audienceMultiplier(prefs, this.audienceFeatures?.(content) ?? { hooks: [], emotions: [] }, at);
  }

  private state(postId: string): PostState {
    this.publishScheduled(this.now());
    const s = this.posts.get(postId);
    if (s === undefined || s.publishedAt > this.now()) throw new NotFoundError(`post ${postId}`);
    return s;
  }

  private accountFor(id: string | undefined): SimAccount {
    if (id === undefined) {
      const first = this.accountsById.values().next().value;
      if (first !== undefined) return first;
      id = 'acct_default';
    }
    let account = this.accountsById.get(id);
    if (account === undefined) {
      // Any account id the app publishes for gets a plausible audience of its own.
      account = accountFor(id, 5_000 + (hashSeed(this.seed, 'followers', id) % 45_000));
      this.accountsById.set(id, account);
    }
    return account;
  }

  /** Materialise the demo posts whose time has come. Each account has its own stream. */
  private publishScheduled(now: number): void {
    for (const sch of this.schedules) {
      while (sch.next <= now && this.demoPosts < MAX_DEMO_POSTS) {
        const rng = rngFor(this.seed, 'demo-post', sch.account.id, sch.count);
        const stretch = this.stretches.find(
          (s) => s.account_id === sch.account.id && sch.next >= s.from && s.published < s.posts,
        );
        const content = composePost(
          rng,
          rngFor(this.seed, 'demo-order', sch.account.id),
          sch.account,
          sch.count,
          stretch?.hook,
        );
        const id = demoPostId(this.seed, sch.account.id, sch.count);
        const state = this.addPost(id, sch.account, content, sch.next, undefined, undefined, stretch);
        this.demoPosts++;
        sch.count++;
        if (stretch === undefined) {
          this.planPostAnomaly(state);
          sch.next += gapFor(this.seed, sch.account.id, sch.count);
        } else {
          const u = rngFor(this.seed, 'stretch-gap', sch.account.id, sch.count).next();
          sch.next += Math.floor(STRETCH_MIN_GAP_MS + u * (STRETCH_MAX_GAP_MS - STRETCH_MIN_GAP_MS));
        }
      }
    }
  }

  // ---- injected anomalies -------------------------------------------------------------------

  /** Every anomaly injected so far (ground truth), in the order injected. */
  injectedAnomalies(): InjectedAnomaly[] {
    this.publishScheduled(this.now());
    return this.injected.map((a) => ({ ...a, post_ids: [...a.post_ids], details: { ...a.details } }));
  }

  /**
   * Inject a suppression, spike or reply storm into a post. It acts from `at` (default now), or
   * from the end of what was already simulated of the post when that is later: what was read
   * stays as it was. Returns the ground truth with the effective start.
   */
  injectAnomaly(postId: string, input: InjectPostAnomaly): InjectedAnomaly {
    const s = this.state(postId);
    const at = input.at === undefined ? this.now() : timeOf(input.at);
    return this.inject(s, input, at);
  }

  /**
   * Make an account reuse one hook for its next `posts` demo posts, published every 1.5–3 h from
   * `from` on; beyond the third use each post reaches 20 % fewer people than the one before.
   * The anomaly starts with the fourth use.
   */
  injectFatigueStretch(input: FatigueStretchInput): InjectedAnomaly {
    const account = this.accountsById.get(input.account_id);
    if (account === undefined) throw new NotFoundError(`account ${input.account_id}`);
    const from = input.from === undefined ? this.now() : timeOf(input.from);
    const hook = input.hook ?? rngFor(this.seed, 'stretch-hook', account.id, from).int(10);
    const posts = input.posts ?? 10;
    const anomaly: InjectedAnomaly = {
      id: `inj_${String(this.injected.length + 1)}`,
      type: 'pattern_fatigue',
      account_id: account.id,
      persona_id: account.persona_id,
      post_ids: [],
      // Set when the stretch's fourth post is published.
      start: null,
      end: null,
      details: { hook, posts },
    };
    this.injected.push(anomaly);
    this.stretches.push({ anomaly, account_id: account.id, from, posts, hook, published: 0 });
    // The account's next post comes no later than the stretch's start.
    const sch = this.schedules.find((x) => x.account.id === account.id);
    if (sch !== undefined && sch.next > from) sch.next = Math.max(from, this.now());
    return { ...anomaly };
  }

  private inject(s: PostState, input: InjectPostAnomaly, at: number): InjectedAnomaly {
    let injection: EngagementInjection;
    let details: Record<string, number>;
    if (input.type === 'suppression') {
      const factor = input.factor ?? 0.3;
      if (!(factor >= 0 && factor < 1)) throw new RangeError('suppression factor must be in [0, 1)');
      injection = { kind: 'suppression', at, factor };
      details = { factor };
    } else if (input.type === 'spike') {
      const impressions = input.impressions ?? s.engagement.params.reach;
      const tauMs = input.tauMs ?? HOUR_MS;
      injection = { kind: 'spike', at, impressions, tauMs };
      details = { impressions: Math.round(impressions), tau_ms: tauMs };
    } else {
      const perHour = input.perHour ?? 30;
      const durationMs = input.durationMs ?? 2 * HOUR_MS;
      injection = { kind: 'reply_storm', at, until: at + durationMs, perHour };
      details = { per_hour: perHour, duration_ms: durationMs };
    }
    const effective = s.engagement.inject(injection);
    const anomaly: InjectedAnomaly = {
      id: `inj_${String(this.injected.length + 1)}`,
      type: input.type,
      account_id: s.account.id,
      persona_id: s.post.persona_id,
      post_ids: [s.post.id],
      start: new Date(effective.at).toISOString(),
      end: effective.kind === 'reply_storm' ? new Date(effective.until).toISOString() : null,
      details,
    };
    this.injected.push(anomaly);
    return { ...anomaly, post_ids: [...anomaly.post_ids], details: { ...anomaly.details } };
  }

  /** The plan's draw for a new demo post: maybe one anomaly, from its own random stream. */
  private planPostAnomaly(s: PostState): void {
    const plan = this.plan;
    if (plan === undefined || s.publishedAt < timeOf(plan.from)) return;
    const rng = rngFor(this.seed, 'anomaly-plan', s.post.id);
    if (!rng.chance(plan.share ?? 0.5)) return;
    const types = plan.types ?? (['suppression', 'spike', 'reply_storm'] as const);
    const type = types[rng.int(types.length)];
    if (type === undefined) return;
    const minAge = plan.minAgeMs ?? 1 * HOUR_MS;
    const maxAge = plan.maxAgeMs ?? 16 * HOUR_MS;
    const at = s.publishedAt + Math.floor(minAge + rng.next() * (maxAge - minAge));
    const reach = s.engagement.params.reach;
    this.inject(
      s,
      {
        type,
        factor: 0.15 + 0.35 * rng.next(),
        impressions: reach * (0.4 + 0.8 * rng.next()),
        tauMs: (0.5 + rng.next()) * HOUR_MS,
        perHour: 15 + 30 * rng.next(),
        durationMs: (1 + 2 * rng.next()) * HOUR_MS,
      },
      at,
    );
  }

  private addPost(
    id: string,
    account: SimAccount,
    content: string,
    publishedAt: number,
    personaId: string | undefined,
    viralityOverride: number | undefined,
    stretch?: FatigueStretch,
  ): PostState {
    const at = Math.floor(publishedAt);
    const virality = Math.min(1, Math.max(0, viralityOverride ?? this.viralityFn(content)));
    const keyword = callToActionKeyword(content);
    let luck = Math.exp(0.35 * rngFor(this.seed, 'luck', id).normal());
    if (this.audienceFeatures !== undefined)
      luck *= this.audienceFactor(personaId ?? account.persona_id, content, at);
    if (stretch !== undefined) {
      stretch.published++;
      const use = stretch.published;
      luck *= STRETCH_REACH_DECAY ** Math.max(0, use - STRETCH_TOLERATED_USES);
      const a = stretch.anomaly;
      a.post_ids.push(id);
      if (use === STRETCH_TOLERATED_USES + 1) a.start = new Date(at).toISOString();
      if (use === stretch.posts) a.end = new Date(at).toISOString();
    }
    const params = engagementParams({
      publishedAt: at,
      followers: account.followers,
      virality,
      luck,
      hasCallToAction: keyword !== undefined,
    });
    const state: PostState = {
      post: {
        id,
        account_id: account.id,
        persona_id: personaId ?? account.persona_id,
        username: account.username,
        content,
        post_url: `https://www.threads.net/@${account.username}/post/${shortcode(this.seed, id)}`,
        published_at: new Date(at).toISOString(),
      },
      publishedAt: at,
      account,
      virality,
      engagement: new PostEngagement(params, hashSeed(this.seed, 'engagement', id)),
      ctx: { account, keyword },
      generated: [],
      runIndex: 0,
      runOffset: 0,
      added: [],
      byId: new Map(),
    };
    this.posts.set(id, state);
    this.sortedPosts.push(state);
    this.sorted = false;
    return state;
  }

  /** Generated and added replies visible at `now`, merged in time order. */
  private visibleComments(s: PostState, now: number): SimComment[] {
    this.materialise(s, now);
    const generated = s.generated.filter((c) => c.timestamp <= now);
    const added = s.added.filter((c) => c.timestamp <= now);
    if (added.length === 0) return generated;
    const out: SimComment[] = [];
    let i = 0;
    let j = 0;
    while (i < generated.length || j < added.length) {
      const g = generated[i];
      const a = added[j];
      if (a === undefined || (g !== undefined && g.timestamp <= a.timestamp)) {
        if (g !== undefined) out.push(g);
        i++;
      } else {
        out.push(a);
        j++;
      }
    }
    return out;
  }

  /**
   * Create the generated replies that exist by `now`. Reply i's text, author and parent come
   * from its own stream (seed, post, i), so they do not depend on when it was materialised.
   */
  private materialise(s: PostState, now: number): void {
    const runs = s.engagement.replyStepsAt(now);
    while (s.runIndex < runs.length) {
      const run = runs[s.runIndex];
      if (run === undefined) break;
      while (s.runOffset < run.count) {
        const ts = replyTimestamp(run, s.runOffset);
        if (ts > now) return;
        s.generated.push(this.generateComment(s, s.generated.length, ts));
        s.runOffset++;
      }
      s.runIndex++;
      s.runOffset = 0;
    }
  }

  private generateComment(s: PostState, i: number, timestamp: number): SimComment {
    const rng = rngFor(this.seed, 'comment', s.post.id, i);
    let parent: SimComment | undefined;
    if (i > 0 && rng.chance(NESTED_REPLY_RATE)) {
      parent = s.generated[i - 1 - rng.int(Math.min(i, 15))];
      while (parent !== undefined && parent.depth >= MAX_DEPTH) {
        parent = parent.parent_id === undefined ? undefined : s.byId.get(parent.parent_id);
      }
    }
    let label: CommentLabel;
    let author: string;
    let text: string;
    const asksCreator =
      parent !== undefined && (parent.label === 'question' || parent.label === 'purchase_intent');
    if (parent !== undefined && asksCreator && parent.author !== s.account.username && rng.chance(0.35)) {
      label = 'other';
      author = s.account.username;
      text = creatorReplyText(rng, s.ctx, parent.author);
    } else {
      label = pickLabel(rng, s.ctx);
      author = pickAuthor(rng, label === 'spam' ? this.spamAuthors : this.authors);
      text = commentText(rng, label, s.ctx, parent?.author);
    }
    const comment: SimComment = {
      id: `${s.post.id}_${String(i + 1)}`,
      post_id: s.post.id,
      text,
      author,
      timestamp,
      depth: parent === undefined ? 1 : parent.depth + 1,
      label,
      ...(parent === undefined ? {} : { parent_id: parent.id }),
    };
    s.byId.set(comment.id, comment);
    return comment;
  }
}

const hourIsoCache = new Map<number, string>();
/** Posts share UTC hours, so the hour labels of every breakdown come from one small cache. */
function hourIso(hour: number): string {
  let iso = hourIsoCache.get(hour);
  if (iso === undefined) {
    if (hourIsoCache.size >= 100_000) hourIsoCache.clear();
    iso = new Date(hour).toISOString();
    hourIsoCache.set(hour, iso);
  }
  return iso;
}

function toSourceComment(c: SimComment, withLabel: boolean): SourceComment {
  return {
    id: c.id,
    post_id: c.post_id,
    text: c.text,
    author: c.author,
    timestamp: new Date(c.timestamp).toISOString(),
    ...(c.parent_id === undefined ? {} : { parent_id: c.parent_id }),
    ...(withLabel ? { true_label: c.label } : {}),
  };
}

function timeOf(t: number | Date): number {
  return t instanceof Date ? t.getTime() : t;
}

function gapFor(seed: number, accountId: string, n: number): number {
  const u = rngFor(seed, 'demo-gap', accountId, n).next();
  return Math.floor(MIN_GAP_MS + u * (MAX_GAP_MS - MIN_GAP_MS));
}

/** Numeric ids like the real API's media ids; demo posts start with 17, published ones with 18. */
function demoPostId(seed: number, accountId: string, n: number): string {
  const a = hashSeed(seed, 'post-id', accountId, n) % 100_000_000;
  const b = hashSeed(seed, 'post-id-2', accountId, n) % 10_000_000;
  return `17${String(a).padStart(8, '0')}${String(b).padStart(7, '0')}`;
}

function shortcode(seed: number, id: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let h = hashSeed(seed, 'shortcode', id);
  let out = 'D';
  for (let i = 0; i < 10; i++) {
    out += alphabet[h % 64] ?? 'A';
    h = Math.floor(h / 64) ^ hashSeed(h, i);
  }
  return out;
}
