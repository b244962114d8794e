/**
 * The one door through which the metrics collector and the comment pipeline see the outside
 * world. Implementations: the in-process simulator, an HTTP client to an external simulator
 * (`FAKE_THREADS_URL`), and later the real Threads API. All timestamps are ISO 8601 strings
 * so that every implementation returns the same values in-process and over HTTP.
 */

/** The true intent of a simulated comment; the real API never provides one. */
export const COMMENT_LABELS = [
  'purchase_intent',
  'question',
  'praise',
  'complaint',
  'spam',
  'other',
] as const;
export type CommentLabel = (typeof COMMENT_LABELS)[number];

export interface SourcePost {
  id: string;
  account_id: string;
  persona_id: string;
  /** the account's handle, without the @ */
  username: string;
  content: string;
  post_url: string;
  published_at: string;
}

/** One hour of engagement gained (not cumulative); `hour` is the start of the UTC hour. */
export interface HourlyBucket {
  hour: string;
  views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

/**
 * Cumulative counters of a post at `collected_at`. Invariants of the simulator (not of every
 * source): impressions ≥ views ≥ engaged_views ≥ each interaction count.
 */
export interface PostCounters {
  post_id: string;
  views: number;
  impressions: number;
  engaged_views: number;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
  collected_at: string;
  /** Only sources that know it (the simulator); the real API gives totals only (SPEC §3.1). */
  hourly_breakdown?: HourlyBucket[];
}

export interface SourceComment {
  id: string;
  post_id: string;
  text: string;
  author: string;
  timestamp: string;
  /** id of the comment this one answers; absent for a top-level reply to the post */
  parent_id?: string;
  /** ground truth, only from the simulator and only when asked for */
  true_label?: CommentLabel;
}

export interface ReplyNode {
  id: string;
  author: string;
  text: string;
  timestamp: string;
  children: ReplyNode[];
}

export interface PublishInput {
  content: string;
  /** defaults to the source's first account */
  account_id?: string;
  /**
   * The persona the post is published for (a content-engine draft's); default: the account's.
   * The post then carries it as `persona_id` wherever the source reports it.
   */
  persona_id?: string;
}

export interface NewComment {
  text: string;
  author: string;
  parent_id?: string;
}

export interface DmMessage {
  idempotency_key: string;
  recipient: string;
  text: string;
  post_id?: string;
}

export interface DmResult {
  id: string;
  /** true when a message with this idempotency key was already accepted: nothing was re-sent */
  duplicate: boolean;
}

export interface ListPublishedOptions {
  /** only posts published at or after this instant */
  since?: Date;
  /** newest first; default 100 */
  limit?: number;
  account_id?: string;
}

export interface GetCommentsOptions {
  /**
   * id of the last comment already seen: only later comments are returned. An id the source
   * does not know (e.g. from before a simulator restart) reads from the start; dedup by id
   * makes that safe.
   */
  after?: string;
  /** default 100 */
  limit?: number;
  /** attach `true_label` (simulator only; ignored by real sources) */
  includeLabels?: boolean;
}

export interface ThreadsSource {
  /** Newest first. */
  listPublished(opts?: ListPublishedOptions): Promise<SourcePost[]>;
  getPost(postId: string): Promise<SourcePost>;
  getAnalytics(postId: string): Promise<PostCounters>;
  /** Replies of every depth as trees, oldest top-level reply first. */
  getReplyTree(postId: string): Promise<ReplyNode[]>;
  /** All replies of every depth, flat, oldest first (Threads' `/conversation`). */
  getComments(postId: string, opts?: GetCommentsOptions): Promise<SourceComment[]>;
  /** Reply to a post or, with parent_id, to a comment. */
  postComment(postId: string, comment: NewComment): Promise<SourceComment>;
  publish(input: PublishInput): Promise<SourcePost>;
  /** Idempotent by `idempotency_key`: a retried delivery never sends twice. */
  sendDm(msg: DmMessage): Promise<DmResult>;
  health(): Promise<boolean>;
}

export type SourceErrorKind =
  | 'timeout'
  | 'network'
  | 'http'
  | 'not_found'
  | 'invalid_response'
  /** the account's token is expired or revoked: a human must reconnect it (Threads 190) */
  | 'auth'
  /** the API asked to slow down (Threads 4 / 17) */
  | 'rate_limited'
  /** the API refused the request for good (bad parameter, duplicate post, policy block, limits) */
  | 'rejected'
  | 'permission';

/**
 * A failed source call. `transient` tells the caller whether retrying can help: timeouts,
 * network errors, 5xx, 429 and 408 are transient; 404 and other 4xx are not.
 */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly kind: SourceErrorKind,
    readonly transient: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceError';
  }

  static fromStatus(status: number, message: string): SourceError {
    if (status === 404) return new SourceError(message, 'not_found', false, status);
    const transient = status >= 500 || status === 429 || status === 408;
    return new SourceError(message, 'http', transient, status);
  }
}
