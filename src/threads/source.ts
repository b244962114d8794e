/**
 * `ThreadsSource` over the Threads Graph API (SPEC §5.1): posts, insights, conversation and
 * mentions read through `GraphClient`, and publishing, public replies, hiding and deletion done
 * exactly once. Publishing checks the 500-character and 5-link limits and the account's quota
 * before any call, records the container in the `PublishLedger` before `threads_publish`, and
 * reconciles an unknown outcome (same text, same `reply_to_id`) before publishing again.
 *
 * The API has no impressions: `impressions` is reported equal to `views` and `engaged_views` as
 * the interactions (capped at views). Threads has no DM endpoint: `sendDm` delivers a public reply.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../infra/telemetry/logger.js';
import {
  SourceError,
  type DmMessage,
  type DmResult,
  type GetCommentsOptions,
  type ListPublishedOptions,
  type NewComment,
  type PostCounters,
  type PublishInput,
  type ReplyNode,
  type SourceComment,
  type SourcePost,
  type ThreadsSource,
} from '../source/index.js';
import { ThreadsLimitError, ThreadsQuotaError, ThreadsUnknownObjectError } from './errors.js';
import { GraphClient, type AccountUsage, type GraphClientOptions } from './graph-client.js';
import { InMemoryPublishLedger, type PublishLedger, type PublishRecord } from './publish-ledger.js';

export const MAX_TEXT_CHARS = 500;
export const MAX_LINKS = 5;
const POST_FIELDS =
  'id,media_product_type,media_type,permalink,username,text,timestamp,shortcode,is_quote_post';
const REPLY_FIELDS = 'id,text,username,timestamp,replied_to,root_post,hide_status,is_reply_owned_by_me';
const METRICS = 'views,likes,replies,reposts,quotes,shares';
const LINK_RE = /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+/giu;

export interface ConnectorAccount {
  /** the agent's account id (the TokenProvider's key) */
  id: string;
  persona_id: string;
}

export interface ThreadsApiSourceOptions extends Omit<GraphClientOptions, 'logger'> {
  /** the connected accounts; the first is the default for calls that name none */
  accounts: readonly ConnectorAccount[];
  ledger?: PublishLedger;
  logger?: Logger;
  /** container status polls before giving up; default 10, `statusPollMs` apart (default 500) */
  statusPolls?: number;
  statusPollMs?: number;
  /** pages of recent posts / conversation searched when reconciling; default 3 */
  reconcilePages?: number;
  /** when counters are read (`collected_at`): the simulated clock in the demo; default Date.now */
  clock?: () => number;
}

export interface GraphPage<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

export interface GraphPost {
  id: string;
  media_product_type?: string;
  media_type?: string;
  permalink?: string;
  username?: string;
  text?: string;
  timestamp?: string;
  shortcode?: string;
  is_quote_post?: boolean;
}

export interface GraphReply {
  id: string;
  text?: string;
  username?: string;
  timestamp?: string;
  replied_to?: { id: string };
  root_post?: { id: string };
  hide_status?: 'NOT_HUSHED' | 'HIDDEN' | string;
  is_reply_owned_by_me?: boolean;
}

export interface GraphProfile {
  id: string;
  username?: string;
  name?: string;
  threads_profile_picture_url?: string;
  threads_biography?: string;
  is_verified?: boolean;
}

export interface PublishingLimit {
  quota_usage: number;
  config: { quota_total: number; quota_duration: number };
  reply_quota_usage: number;
  reply_config: { quota_total: number; quota_duration: number };
}

export interface PublishOnceInput {
  accountId?: string;
  text: string;
  /** a post or reply id: publish a reply to it */
  replyToId?: string;
  /** the job's idempotency key; the same key never publishes twice */
  key: string;
}

export interface PublishOnceResult {
  id: string;
  /** true when nothing was published now: an earlier attempt with this key had done it */
  adopted: boolean;
}

export interface Mention {
  id: string;
  username: string;
  text: string;
  timestamp: string;
  permalink?: string;
}

/** Graph timestamps (`2025-03-01T10:00:00+0000`) as ISO 8601. */
export function isoTime(graph: string | undefined): string {
  if (graph === undefined) throw new SourceError('response has no timestamp', 'invalid_response', false);
  const ms = Date.parse(graph.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!Number.isFinite(ms)) throw new SourceError(`bad timestamp ${graph}`, 'invalid_response', false);
  return new Date(ms).toISOString();
}

/** The limits Threads enforces on text, checked before any call. */
export function checkText(text: string): void {
  if (text.trim().length === 0) throw new ThreadsLimitError('the text is empty');
  const chars = [...text].length;
  if (chars > MAX_TEXT_CHARS)
    throw new ThreadsLimitError(
      `the text has ${chars} characters; Threads accepts at most ${MAX_TEXT_CHARS}`,
    );
  const links = text.match(LINK_RE)?.length ?? 0;
  if (links > MAX_LINKS)
    throw new ThreadsLimitError(`the text has ${links} links; Threads accepts at most ${MAX_LINKS}`);
}

function isUnknownOutcome(err: unknown): boolean {
  return err instanceof SourceError && err.transient && err.kind !== 'rate_limited';
}

export class ThreadsApiSource implements ThreadsSource {
  readonly client: GraphClient;
  private accounts: readonly ConnectorAccount[];
  private readonly clock: () => number;
  private readonly ledger: PublishLedger;
  private readonly logger: Logger | undefined;
  private readonly statusPolls: number;
  private readonly statusPollMs: number;
  private readonly reconcilePages: number;
  /** which account a post belongs to, learned from reads and publishes */
  private readonly postAccount = new Map<string, string>();
  /**
   * The persona a post was published for, when not its account's. Threads has no such field:
   * remembered in memory, long enough for the content engine to store the post it just published
   * (its publisher also sets the stored post's persona afterwards).
   */
  private readonly postPersona = new Map<string, string>();
  /** per post: the last comment id returned and the Graph cursor right after it */
  private readonly commentCursor = new Map<string, { lastId: string; cursor: string }>();

  constructor(o: ThreadsApiSourceOptions) {
    this.client = new GraphClient({ ...o, ...(o.logger === undefined ? {} : { logger: o.logger }) });
    this.accounts = o.accounts;
    this.ledger = o.ledger ?? new InMemoryPublishLedger();
    this.logger = o.logger;
    this.statusPolls = o.statusPolls ?? 10;
    this.statusPollMs = o.statusPollMs ?? 500;
    this.reconcilePages = o.reconcilePages ?? 3;
    this.clock = o.clock ?? Date.now;
  }

  /** The connected accounts now (accounts connect and leave while the app runs). */
  setAccounts(accounts: readonly ConnectorAccount[]): void {
    this.accounts = accounts;
  }

  connectedAccounts(): readonly ConnectorAccount[] {
    return this.accounts;
  }

  usage(accountId: string): AccountUsage {
    return this.client.usage(accountId);
  }

  // ---- reading -------------------------------------------------------------------------------

  profile(accountId = this.defaultAccount().id): Promise<GraphProfile> {
    return this.client.get<GraphProfile>(accountId, '/v1.0/me', {
      fields: 'id,username,name,threads_profile_picture_url,threads_biography,is_verified',
    });
  }

  /** One page of an account's posts, newest first. */
  async postsPage(
    accountId: string,
    opts: { after?: string; limit?: number; since?: Date } = {},
  ): Promise<{ posts: SourcePost[]; next?: string }> {
    const page = await this.client.get<GraphPage<GraphPost>>(accountId, '/v1.0/me/threads', {
      fields: POST_FIELDS,
      limit: Math.min(100, opts.limit ?? 100),
      after: opts.after,
      since: opts.since === undefined ? undefined : Math.floor(opts.since.getTime() / 1000),
    });
    const posts = page.data.map((p) => this.toPost(p, accountId));
    const next = page.paging?.next === undefined ? undefined : page.paging.cursors?.after;
    return next === undefined ? { posts } : { posts, next };
  }

  async listPublished(opts: ListPublishedOptions = {}): Promise<SourcePost[]> {
    const limit = opts.limit ?? 100;
    const accounts = opts.account_id === undefined ? this.accounts : [this.account(opts.account_id)];
    const all: SourcePost[] = [];
    for (const a of accounts) {
      let after: string | undefined;
      let got = 0;
      do {
        const page = await this.postsPage(a.id, {
          limit: Math.min(100, limit - got),
          ...(after === undefined ? {} : { after }),
          ...(opts.since === undefined ? {} : { since: opts.since }),
        });
        all.push(...page.posts);
        got += page.posts.length;
        after = page.next;
      } while (after !== undefined && got < limit);
    }
    all.sort((x, y) => (x.published_at < y.published_at ? 1 : x.published_at > y.published_at ? -1 : 0));
    return all.slice(0, limit);
  }

  async getPost(postId: string): Promise<SourcePost> {
    const accountId = this.accountOf(postId);
    const node = await this.client.get<GraphPost>(accountId, `/v1.0/${enc(postId)}`, { fields: POST_FIELDS });
    return this.toPost(node, accountId);
  }

  async getAnalytics(postId: string): Promise<PostCounters> {
    const res = await this.client.get<{ data: { name: string; values: { value: number }[] }[] }>(
      this.accountOf(postId),
      `/v1.0/${enc(postId)}/insights`,
      { metric: METRICS },
    );
    const v = (name: string) => res.data.find((d) => d.name === name)?.values[0]?.value ?? 0;
    const views = v('views');
    const interactions = v('likes') + v('replies') + v('reposts') + v('quotes') + v('shares');
    return {
      post_id: postId,
      views,
      impressions: views,
      engaged_views: Math.min(views, interactions),
      likes: v('likes'),
      replies: v('replies'),
      reposts: v('reposts'),
      quotes: v('quotes'),
      shares: v('shares'),
      collected_at: new Date(this.clock()).toISOString(),
    };
  }

  /** One page of a post's conversation, oldest first, from a Graph cursor (or the start). */
  async conversationPage(
    postId: string,
    opts: { after?: string; limit?: number } = {},
  ): Promise<{ replies: GraphReply[]; cursor?: string; next?: string }> {
    const page = await this.client.get<GraphPage<GraphReply>>(
      this.accountOf(postId),
      `/v1.0/${enc(postId)}/conversation`,
      { fields: REPLY_FIELDS, reverse: false, limit: Math.min(100, opts.limit ?? 100), after: opts.after },
    );
    const cursor = page.paging?.cursors?.after;
    const next = page.paging?.next === undefined ? undefined : cursor;
    return {
      replies: page.data,
      ...(cursor === undefined ? {} : { cursor }),
      ...(next === undefined ? {} : { next }),
    };
  }

  async getComments(postId: string, opts: GetCommentsOptions = {}): Promise<SourceComment[]> {
    const limit = opts.limit ?? 100;
    const known = opts.after === undefined ? undefined : this.commentCursor.get(postId);
    // With the cursor of `after` the reading resumes there; otherwise it pages from the start and
    // skips up to `after` (an id the API does not know reads from the start: dedup makes it safe).
    let cursor = known !== undefined && known.lastId === opts.after ? known.cursor : undefined;
    let skipping = opts.after !== undefined && cursor === undefined;
    const skipped: SourceComment[] = [];
    const out: SourceComment[] = [];
    for (;;) {
      const page = await this.conversationPage(postId, {
        limit: skipping ? 100 : limit - out.length,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      for (const r of page.replies) {
        const c = this.toComment(r, postId);
        if (skipping) {
          skipped.push(c);
          if (c.id === opts.after) skipping = false;
        } else if (out.length < limit) {
          out.push(c);
        }
      }
      const last = out.at(-1);
      if (last !== undefined && page.cursor !== undefined && page.replies.at(-1)?.id === last.id)
        this.commentCursor.set(postId, { lastId: last.id, cursor: page.cursor });
      if (page.next === undefined || out.length >= limit) break;
      cursor = page.next;
    }
    if (skipping) return skipped.slice(0, limit);
    return out;
  }

  async getReplyTree(postId: string): Promise<ReplyNode[]> {
    const all: SourceComment[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.conversationPage(postId, cursor === undefined ? {} : { after: cursor });
      all.push(...page.replies.map((r) => this.toComment(r, postId)));
      cursor = page.next;
    } while (cursor !== undefined);
    const nodes = new Map<string, ReplyNode>();
    const roots: ReplyNode[] = [];
    for (const c of all) {
      const node: ReplyNode = {
        id: c.id,
        author: c.author,
        text: c.text,
        timestamp: c.timestamp,
        children: [],
      };
      nodes.set(c.id, node);
      const parent = c.parent_id === undefined ? undefined : nodes.get(c.parent_id);
      (parent?.children ?? roots).push(node);
    }
    return roots;
  }

  /** Posts mentioning the account, newest first (one page from a cursor). */
  async mentions(
    accountId = this.defaultAccount().id,
    after?: string,
  ): Promise<{ mentions: Mention[]; next?: string }> {
    const page = await this.client.get<
      GraphPage<{ id: string; username?: string; text?: string; timestamp?: string; permalink?: string }>
    >(accountId, '/v1.0/me/mentions', { fields: 'id,username,text,timestamp,permalink', after });
    const mentions = page.data.map((m) => ({
      id: m.id,
      username: m.username ?? '',
      text: m.text ?? '',
      timestamp: isoTime(m.timestamp),
      ...(m.permalink === undefined ? {} : { permalink: m.permalink }),
    }));
    const next = page.paging?.next === undefined ? undefined : page.paging.cursors?.after;
    return next === undefined ? { mentions } : { mentions, next };
  }

  // ---- acting --------------------------------------------------------------------------------

  async publish(input: PublishInput & { idempotency_key?: string }): Promise<SourcePost> {
    const accountId = input.account_id ?? this.defaultAccount().id;
    const r = await this.publishOnce({
      accountId,
      text: input.content,
      key: input.idempotency_key ?? randomUUID(),
    });
    this.postAccount.set(r.id, accountId);
    if (input.persona_id !== undefined) this.postPersona.set(r.id, input.persona_id);
    return this.getPost(r.id);
  }

  /** A public reply to the post, or with `parent_id` to a reply; the author is the account. */
  async postComment(
    postId: string,
    comment: NewComment & { idempotency_key?: string },
  ): Promise<SourceComment> {
    const accountId = this.accountOf(postId);
    const r = await this.publishOnce({
      accountId,
      text: comment.text,
      replyToId: comment.parent_id ?? postId,
      key: comment.idempotency_key ?? randomUUID(),
    });
    const node = await this.client.get<GraphReply>(accountId, `/v1.0/${enc(r.id)}`, { fields: REPLY_FIELDS });
    return this.toComment(node, postId);
  }

  /**
   * Threads has no DM API (threads-api.md): the message is delivered as a public reply to the
   * post, addressed to the recipient, exactly once per idempotency key.
   */
  async sendDm(msg: DmMessage): Promise<DmResult> {
    if (msg.post_id === undefined)
      throw new ThreadsLimitError(
        'Threads has no DM API: a message is delivered as a public reply and needs post_id',
      );
    const mention = `@${msg.recipient}`;
    const text = msg.text.startsWith(mention) ? msg.text : `${mention} ${msg.text}`;
    const r = await this.publishOnce({
      accountId: this.accountOf(msg.post_id),
      text,
      replyToId: msg.post_id,
      key: `dm:${msg.idempotency_key}`,
    });
    return { id: r.id, duplicate: r.adopted };
  }

  /**
   * Publish a post or a reply once per `key`: limits first, container recorded before
   * `threads_publish`, an unknown outcome reconciled before any new attempt.
   */
  async publishOnce(input: PublishOnceInput): Promise<PublishOnceResult> {
    const accountId = input.accountId ?? this.defaultAccount().id;
    checkText(input.text);
    const previous = await this.ledger.get(input.key);
    if (previous?.media_id !== undefined) return { id: previous.media_id, adopted: true };
    let container: string | undefined;
    if (previous !== undefined) {
      const found = await this.reconcile(previous);
      if (found !== undefined) {
        await this.ledger.recordPublished(input.key, found);
        this.logger?.info(
          { account_id: accountId, media_id: found },
          'threads publish reconciled: adopted the earlier attempt',
        );
        return { id: found, adopted: true };
      }
      const status = await this.containerStatus(accountId, previous.container_id);
      if (status === 'FINISHED') container = previous.container_id;
      else if (status === 'PUBLISHED' || status === 'IN_PROGRESS')
        throw new SourceError(
          `container ${previous.container_id} is ${status} but its ${previous.reply_to_id === undefined ? 'post' : 'reply'} is not visible yet`,
          'http',
          true,
        );
    }
    if (container === undefined) {
      await this.checkQuota(accountId, input.replyToId !== undefined);
      const created = await this.client.post<{ id: string }>(
        accountId,
        '/v1.0/me/threads',
        { media_type: 'TEXT', text: input.text, reply_to_id: input.replyToId },
        { retry: true },
      );
      container = created.id;
      await this.ledger.recordContainer({
        key: input.key,
        account_id: accountId,
        container_id: container,
        text: input.text,
        ...(input.replyToId === undefined ? {} : { reply_to_id: input.replyToId }),
      });
      await this.waitFinished(accountId, container);
    }
    try {
      const published = await this.client.post<{ id: string }>(accountId, '/v1.0/me/threads_publish', {
        creation_id: container,
      });
      await this.ledger.recordPublished(input.key, published.id);
      return { id: published.id, adopted: false };
    } catch (err) {
      if (isUnknownOutcome(err)) {
        // The request may have published before the answer was lost: look before anyone retries.
        const record = await this.ledger.get(input.key);
        const found = record === undefined ? undefined : await this.reconcile(record);
        if (found !== undefined) {
          await this.ledger.recordPublished(input.key, found);
          return { id: found, adopted: true };
        }
      }
      throw err;
    }
  }

  async hideReply(replyId: string, hide = true, accountId?: string): Promise<void> {
    await this.client.post<{ success: boolean }>(
      accountId ?? this.accountOf(replyId),
      `/v1.0/${enc(replyId)}/manage_reply`,
      { hide },
      { retry: true },
    );
  }

  async deleteMedia(mediaId: string, accountId?: string): Promise<void> {
    await this.client.delete<{ success: boolean }>(
      accountId ?? this.accountOf(mediaId),
      `/v1.0/${enc(mediaId)}`,
    );
    this.postAccount.delete(mediaId);
    this.postPersona.delete(mediaId);
  }

  async publishingLimit(accountId = this.defaultAccount().id): Promise<PublishingLimit> {
    const res = await this.client.get<{ data: PublishingLimit[] }>(
      accountId,
      '/v1.0/me/threads_publishing_limit',
      {
        fields: 'quota_usage,config,reply_quota_usage,reply_config',
      },
    );
    const limit = res.data[0];
    if (limit === undefined)
      throw new SourceError('threads_publishing_limit: empty answer', 'invalid_response', false);
    return limit;
  }

  async health(): Promise<boolean> {
    try {
      await this.profile();
      return true;
    } catch {
      return false;
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  private defaultAccount(): ConnectorAccount {
    const a = this.accounts[0];
    if (a === undefined)
      throw new SourceError(
        'no Threads account is connected: connect one from the dashboard or with `threads-agent accounts add`',
        'auth',
        false,
      );
    return a;
  }

  private account(id: string): ConnectorAccount {
    const a = this.accounts.find((x) => x.id === id);
    if (a === undefined) throw new SourceError(`account ${id} is not connected`, 'not_found', false, 404);
    return a;
  }

  private accountOf(mediaId: string): string {
    return this.postAccount.get(mediaId) ?? this.defaultAccount().id;
  }

  private toPost(p: GraphPost, accountId: string): SourcePost {
    this.postAccount.set(p.id, accountId);
    return {
      id: p.id,
      account_id: accountId,
      persona_id: this.postPersona.get(p.id) ?? this.account(accountId).persona_id,
      username: p.username ?? '',
      content: p.text ?? '',
      post_url: p.permalink ?? '',
      published_at: isoTime(p.timestamp),
    };
  }

  private toComment(r: GraphReply, postId: string): SourceComment {
    const parent = r.replied_to?.id;
    return {
      id: r.id,
      post_id: postId,
      text: r.text ?? '',
      author: r.username ?? '',
      timestamp: isoTime(r.timestamp),
      ...(parent === undefined || parent === postId ? {} : { parent_id: parent }),
    };
  }

  private async containerStatus(accountId: string, containerId: string): Promise<string> {
    try {
      const s = await this.client.get<{ status?: string }>(accountId, `/v1.0/${enc(containerId)}`, {
        fields: 'status,error_message',
      });
      return s.status ?? 'ERROR';
    } catch (err) {
      if (err instanceof ThreadsUnknownObjectError) return 'EXPIRED';
      throw err;
    }
  }

  private async waitFinished(accountId: string, containerId: string): Promise<void> {
    for (let i = 0; i < this.statusPolls; i++) {
      const status = await this.containerStatus(accountId, containerId);
      if (status === 'FINISHED') return;
      if (status === 'ERROR' || status === 'EXPIRED')
        throw new SourceError(`container ${containerId} is ${status}`, 'rejected', false);
      await new Promise((r) => setTimeout(r, this.statusPollMs));
    }
    throw new SourceError(
      `container ${containerId} not ready after ${this.statusPolls} polls`,
      'timeout',
      true,
    );
  }

  private async checkQuota(accountId: string, reply: boolean): Promise<void> {
    const l = await this.publishingLimit(accountId);
    const [used, total] = reply
      ? [l.reply_quota_usage, l.reply_config.quota_total]
      : [l.quota_usage, l.config.quota_total];
    if (used >= total)
      throw new ThreadsQuotaError(
        `${reply ? 'reply' : 'publishing'} quota used: ${used} of ${total} per ${Math.round((reply ? l.reply_config : l.config).quota_duration / 3600)} h`,
      );
  }

  /** The media an earlier attempt published, found by text (and `reply_to_id`), or undefined. */
  private async reconcile(r: PublishRecord): Promise<string | undefined> {
    if (r.reply_to_id === undefined) {
      let after: string | undefined;
      for (let i = 0; i < this.reconcilePages; i++) {
        const page = await this.postsPage(r.account_id, {
          limit: 25,
          ...(after === undefined ? {} : { after }),
        });
        const hit = page.posts.find((p) => p.content === r.text);
        if (hit !== undefined) return hit.id;
        after = page.next;
        if (after === undefined) break;
      }
      return undefined;
    }
    const target = await this.client.get<{ id: string; root_post?: { id: string } }>(
      r.account_id,
      `/v1.0/${enc(r.reply_to_id)}`,
      { fields: 'id,root_post' },
    );
    const root = target.root_post?.id ?? target.id;
    let after: string | undefined;
    for (let i = 0; i < this.reconcilePages; i++) {
      const page = await this.client.get<GraphPage<GraphReply>>(
        r.account_id,
        `/v1.0/${enc(root)}/conversation`,
        {
          fields: REPLY_FIELDS,
          reverse: true,
          limit: 100,
          after,
        },
      );
      const hit = page.data.find(
        (x) => x.text === r.text && x.replied_to?.id === r.reply_to_id && x.is_reply_owned_by_me === true,
      );
      if (hit !== undefined) return hit.id;
      after = page.paging?.next === undefined ? undefined : page.paging.cursors?.after;
      if (after === undefined) break;
    }
    return undefined;
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
