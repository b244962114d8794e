/**
 * Polling that respects the Threads API (SPEC §5.1 "Reading"): one `AccountPoller` per
 * account reads each active post's insights on a schedule that follows the post's age (every
 * few minutes while young, hourly, then daily until METRICS_TTL_HOURS), inside a per-account
 * call budget paced over the day, and reads a post's conversation only when its `replies`
 * counter grew, from the cursor of the last reply seen, so no reply is fetched twice. It slows
 * down when the `X-App-Usage` header climbs and stops for the backoff after a 4/17.
 */
import { SourceError, type PostCounters, type SourceComment, type SourcePost } from '../source/index.js';
import { ThreadsPermissionError } from './errors.js';
import type { Mention, ThreadsApiSource } from './source.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The allowance a poller starts with, and the most it saves up. */
const START_ALLOWANCE_MS = 30 * MIN;

export interface PollPolicy {
  /** a post is young for this long after publication; default 6 h */
  youngForMs: number;
  /** insights interval of a young post; default 8 min (p95 age of its newest snapshot < 10 min) */
  youngEveryMs: number;
  /** after youth, hourly until this age; default 24 h */
  hourlyUntilMs: number;
  hourlyEveryMs: number;
  /** after that, daily until the TTL */
  dailyEveryMs: number;
  /** METRICS_TTL_HOURS: a post older than this is not polled */
  ttlMs: number;
  /** how often the account's newest posts are listed; default 5 min */
  discoverEveryMs: number;
  /** the share of the daily budget the poller plans to use; default 0.5 */
  budgetShare: number;
  /** intervals double above this `X-App-Usage` percentage and quadruple above `criticalUsagePct` */
  slowdownUsagePct: number;
  criticalUsagePct: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  youngForMs: 6 * HOUR,
  youngEveryMs: 8 * MIN,
  hourlyUntilMs: DAY,
  hourlyEveryMs: HOUR,
  dailyEveryMs: DAY,
  ttlMs: DAY,
  discoverEveryMs: 5 * MIN,
  budgetShare: 0.5,
  slowdownUsagePct: 75,
  criticalUsagePct: 90,
};

/** How often a post of this age is read, or null once it is past the TTL. */
export function pollInterval(ageMs: number, p: PollPolicy = DEFAULT_POLL_POLICY): number | null {
  if (ageMs >= p.ttlMs) return null;
  if (ageMs < p.youngForMs) return p.youngEveryMs;
  if (ageMs < p.hourlyUntilMs) return p.hourlyEveryMs;
  return p.dailyEveryMs;
}

export interface AccountPollerOptions {
  source: ThreadsApiSource;
  accountId: string;
  /** the account's API calls per rolling 24 h */
  dailyBudget: number;
  policy?: Partial<PollPolicy>;
  /** the clock posts' ages are measured on (the simulated one in tests and the demo) */
  now?: () => number;
  onCounters?(post: SourcePost, counters: PostCounters, at: number): Promise<void> | void;
  onComments?(post: SourcePost, comments: SourceComment[]): Promise<void> | void;
  /** posts seen for the first time by a listing (before any of their counters) */
  onDiscovered?(posts: SourcePost[]): Promise<void> | void;
  /** posts mentioning the account, newer than the last ones seen, read with each listing */
  onMentions?(mentions: Mention[]): Promise<void> | void;
  /** where a restarted poller resumes (`state()` of the last run) */
  state?: PollerState;
}

interface Tracked {
  post: SourcePost;
  publishedAt: number;
  lastPolled: number | null;
  replies: number;
  lastCommentId?: string;
  /** views + interactions at the last reading, and how many readings in a row found them unchanged */
  lastTotal?: number;
  flat?: number;
}

/**
 * What a poller needs to resume after a restart, as JSON: the posts it follows (id, account,
 * persona and publication only), when each was read, the reply cursor, the allowance left and
 * the newest mention seen. The job system stores it per account between runs.
 */
export interface PollerState {
  posts: {
    id: string;
    account_id: string;
    persona_id: string;
    published_at: string;
    last_polled: number | null;
    replies: number;
    last_comment_id?: string;
    last_total?: number;
    flat?: number;
  }[];
  tokens: number;
  last_refill: number;
  last_discovery: number | null;
  last_mention_at: string | null;
  mentions_refused: boolean;
}

export interface TickResult {
  calls: number;
  polled: number;
  comments: number;
  /** why the tick stopped early, if it did */
  stopped?: 'budget' | 'rate_limited' | 'reconnect_needed';
}

export class AccountPoller {
  readonly policy: PollPolicy;
  private readonly now: () => number;
  private readonly tracked = new Map<string, Tracked>();
  private tokens: number;
  private lastRefill: number;
  private lastDiscovery = Number.NEGATIVE_INFINITY;
  private lastMentionAt: string | null = null;
  /** the token lacks `threads_manage_mentions`: mentions come by webhook only */
  private mentionsRefused = false;
  private totalCalls = 0;

  constructor(private readonly o: AccountPollerOptions) {
    this.policy = { ...DEFAULT_POLL_POLICY, ...o.policy };
    this.now = o.now ?? Date.now;
    this.lastRefill = this.now();
    // Half an hour of allowance to start with: enough for a first round, never a burst of the day.
    this.tokens = this.ratePerMs() * START_ALLOWANCE_MS;
    if (o.state !== undefined) this.restore(o.state);
  }

  /** Everything a later poller of this account needs to go on where this one stopped. */
  state(): PollerState {
    return {
      posts: [...this.tracked.values()].map((t) => ({
        id: t.post.id,
        account_id: t.post.account_id,
        persona_id: t.post.persona_id,
        published_at: t.post.published_at,
        last_polled: t.lastPolled,
        replies: t.replies,
        ...(t.lastCommentId === undefined ? {} : { last_comment_id: t.lastCommentId }),
        ...(t.lastTotal === undefined ? {} : { last_total: t.lastTotal, flat: t.flat ?? 0 }),
      })),
      tokens: this.tokens,
      last_refill: this.lastRefill,
      last_discovery: Number.isFinite(this.lastDiscovery) ? this.lastDiscovery : null,
      last_mention_at: this.lastMentionAt,
      mentions_refused: this.mentionsRefused,
    };
  }

  private restore(s: PollerState): void {
    for (const p of s.posts) {
      this.tracked.set(p.id, {
        post: {
          id: p.id,
          account_id: p.account_id,
          persona_id: p.persona_id,
          username: '',
          content: '',
          post_url: '',
          published_at: p.published_at,
        },
        publishedAt: Date.parse(p.published_at),
        lastPolled: p.last_polled,
        replies: p.replies,
        ...(p.last_comment_id === undefined ? {} : { lastCommentId: p.last_comment_id }),
        ...(p.last_total === undefined ? {} : { lastTotal: p.last_total, flat: p.flat ?? 0 }),
      });
    }
    const cap = this.ratePerMs() * START_ALLOWANCE_MS;
    this.tokens = Math.min(cap, s.tokens);
    this.lastRefill = Math.min(s.last_refill, this.now());
    this.lastDiscovery = s.last_discovery ?? Number.NEGATIVE_INFINITY;
    this.lastMentionAt = s.last_mention_at;
    this.mentionsRefused = s.mentions_refused;
  }

  /** Calls this poller made (retries included). */
  get calls(): number {
    return this.totalCalls;
  }

  /** The posts being followed and when each was last read (simulated ms, null before the first). */
  snapshotTimes(): { post_id: string; published_at: number; last_polled: number | null }[] {
    return [...this.tracked.values()].map((t) => ({
      post_id: t.post.id,
      published_at: t.publishedAt,
      last_polled: t.lastPolled,
    }));
  }

  /**
   * Allowance per ms. The half hour of allowance the poller starts with is part of the day's
   * share, so a day never uses more than `budgetShare` of the budget.
   */
  private ratePerMs(): number {
    return (this.o.dailyBudget * this.policy.budgetShare) / (DAY + START_ALLOWANCE_MS);
  }

  /** The usage-based stretch of every interval. */
  private stretch(): number {
    const pct = this.o.source.usage(this.o.accountId).usagePct ?? 0;
    if (pct >= this.policy.criticalUsagePct) return 4;
    if (pct >= this.policy.slowdownUsagePct) return 2;
    return 1;
  }

  async tick(): Promise<TickResult> {
    const now = this.now();
    const cap = this.ratePerMs() * START_ALLOWANCE_MS;
    this.tokens = Math.min(cap, this.tokens + (now - this.lastRefill) * this.ratePerMs());
    this.lastRefill = now;
    const result: TickResult = { calls: 0, polled: 0, comments: 0 };
    const usage = () => this.o.source.usage(this.o.accountId).calls;
    const spend = async <T>(fn: () => Promise<T>): Promise<T> => {
      const before = usage();
      try {
        return await fn();
      } finally {
        const used = usage() - before;
        this.tokens -= used;
        result.calls += used;
        this.totalCalls += used;
      }
    };
    if (this.o.source.usage(this.o.accountId).backoffUntil !== null)
      return { ...result, stopped: 'rate_limited' };
    try {
      if (now - this.lastDiscovery >= this.policy.discoverEveryMs * this.stretch() && this.tokens >= 1) {
        await spend(() => this.discover(now));
        this.lastDiscovery = now;
        if (this.o.onMentions !== undefined && !this.mentionsRefused && this.tokens >= 1)
          await spend(() => this.readMentions());
      }
      const stretch = this.stretch();
      const due: { t: Tracked; young: boolean; overdue: number }[] = [];
      for (const t of this.tracked.values()) {
        const age = now - t.publishedAt;
        const base = pollInterval(age, this.policy);
        if (base === null) {
          this.tracked.delete(t.post.id);
          continue;
        }
        const young = age < this.policy.youngForMs;
        // A grown-up post whose counters stood still since the last reading is read half as
        // often for each such reading (at most daily): its budget goes to the young ones.
        const interval = young
          ? base
          : Math.min(this.policy.dailyEveryMs, base * 2 ** Math.min(4, t.flat ?? 0));
        const since = t.lastPolled === null ? Number.POSITIVE_INFINITY : now - t.lastPolled;
        if (since >= interval * stretch) due.push({ t, young, overdue: since / (interval * stretch) });
      }
      // Young posts first (their freshness is what the schedule promises), then the most
      // overdue; never-read posts before everything else of their class.
      due.sort(
        (a, b) =>
          Number(b.young) - Number(a.young) || b.overdue - a.overdue || b.t.publishedAt - a.t.publishedAt,
      );
      for (const { t } of due) {
        if (this.tokens < 1) return { ...result, stopped: 'budget' };
        const counters = await spend(() => this.o.source.getAnalytics(t.post.id));
        const moved = counters.views + counters.likes + counters.replies + counters.reposts + counters.quotes;
        t.flat = t.lastPolled !== null && moved === t.lastTotal ? (t.flat ?? 0) + 1 : 0;
        t.lastTotal = moved;
        t.lastPolled = now;
        result.polled++;
        await this.o.onCounters?.(t.post, counters, now);
        // The conversation is read when the counter grew and the allowance covers its pages;
        // otherwise it waits for a later reading (the counter keeps the difference).
        if (counters.replies > t.replies && this.tokens >= Math.ceil((counters.replies - t.replies) / 100)) {
          const comments = await spend(() => this.readReplies(t));
          t.replies = counters.replies;
          result.comments += comments.length;
          if (comments.length > 0) await this.o.onComments?.(t.post, comments);
        }
      }
      return result;
    } catch (err) {
      if (err instanceof SourceError && err.kind === 'rate_limited')
        return { ...result, stopped: 'rate_limited' };
      if (err instanceof SourceError && err.kind === 'auth')
        return { ...result, stopped: 'reconnect_needed' };
      throw err;
    }
  }

  /** The first page of mentions, newest first: those after the newest one seen go on. */
  private async readMentions(): Promise<void> {
    let page;
    try {
      page = await this.o.source.mentions(this.o.accountId);
    } catch (err) {
      // Without threads_manage_mentions the account's mentions come by webhook only.
      if (err instanceof ThreadsPermissionError) {
        this.mentionsRefused = true;
        return;
      }
      throw err;
    }
    const since = this.lastMentionAt;
    const fresh = page.mentions.filter((m) => since === null || m.timestamp > since);
    if (fresh.length === 0) return;
    await this.o.onMentions?.(fresh);
    this.lastMentionAt = fresh.reduce((a, m) => (m.timestamp > a ? m.timestamp : a), since ?? '');
  }

  /** New posts since the last listing: pages from the newest until a known post or the TTL. */
  private async discover(now: number): Promise<void> {
    const found: SourcePost[] = [];
    try {
      await this.listNew(now, found);
    } finally {
      if (found.length > 0) await this.o.onDiscovered?.(found);
    }
  }

  private async listNew(now: number, found: SourcePost[]): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await this.o.source.postsPage(this.o.accountId, {
        limit: 100,
        since: new Date(now - this.policy.ttlMs),
        ...(after === undefined ? {} : { after }),
      });
      let known = false;
      for (const post of page.posts) {
        if (this.tracked.has(post.id)) {
          known = true;
          continue;
        }
        this.tracked.set(post.id, {
          post,
          publishedAt: Date.parse(post.published_at),
          lastPolled: null,
          replies: 0,
        });
        found.push(post);
      }
      if (known || page.next === undefined) return;
      after = page.next;
    }
  }

  /** The replies after the last one seen (the connector resumes from its cursor). */
  private async readReplies(t: Tracked): Promise<SourceComment[]> {
    const out: SourceComment[] = [];
    for (;;) {
      const page = await this.o.source.getComments(t.post.id, {
        limit: 100,
        ...(t.lastCommentId === undefined ? {} : { after: t.lastCommentId }),
      });
      if (page.length === 0) return out;
      out.push(...page);
      t.lastCommentId = page.at(-1)?.id;
      if (page.length < 100) return out;
    }
  }
}
