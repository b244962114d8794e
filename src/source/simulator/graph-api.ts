/**
 * The Threads Graph API as the simulator plays it (SPEC §5.2, facts in threads-api.md): OAuth
 * tokens that expire on the simulated clock, publish containers and quotas, hidden and deleted
 * media, a per-account call budget with `X-App-Usage`, errors queued by tests, and signed
 * webhooks. Framework-free: `graph-routes.ts` puts it on HTTP. Every failure is a
 * `GraphApiError` carrying the error object the real API would send.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { NotFoundError } from '../../errors.js';
import type { SourceComment, SourcePost } from '../threads-source.js';
import { HOUR_MS } from './engagement.js';
import type { SimulatorEngine } from './engine.js';

export const DAY_MS = 24 * HOUR_MS;
export const SHORT_LIVED_MS = HOUR_MS;
/** 60 days, as `expires_in` 5184000 s. */
export const LONG_LIVED_MS = 60 * DAY_MS;
const REFRESH_MIN_AGE_MS = DAY_MS;
export const POST_QUOTA = 250;
export const REPLY_QUOTA = 1000;
export const DELETE_QUOTA = 100;
export const MAX_TEXT_CHARS = 500;
export const MAX_LINKS = 5;
export const ALL_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_read_replies',
  'threads_manage_replies',
  'threads_manage_insights',
  'threads_delete',
  'threads_manage_mentions',
] as const;

export interface GraphErrorObject {
  message: string;
  type: 'THApiException' | 'OAuthException';
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id: string;
  is_transient?: boolean;
}

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: GraphErrorObject,
  ) {
    super(body.message);
    this.name = 'GraphApiError';
  }
}

/** The error object and HTTP status the simulator answers for each code it plays. */
export function graphError(code: number, message?: string, subcode?: number): GraphApiError {
  const trace = randomBytes(8).toString('base64url');
  const base = (
    status: number,
    type: GraphErrorObject['type'],
    text: string,
    extra: Partial<GraphErrorObject> = {},
  ) =>
    new GraphApiError(status, {
      message: message ?? text,
      type,
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: trace,
      ...extra,
    });
  switch (code) {
    case 190:
      return base(401, 'OAuthException', 'Error validating access token: Session has expired.');
    case 4:
      return base(400, 'OAuthException', 'Application request limit reached', { is_transient: true });
    case 17:
      return base(400, 'OAuthException', 'User request limit reached', { is_transient: true });
    case 1:
      return base(500, 'THApiException', 'An unknown error occurred', { is_transient: true });
    case 2:
      return base(503, 'THApiException', 'Service temporarily unavailable', { is_transient: true });
    case 10:
      return base(403, 'OAuthException', 'Application does not have permission for this action');
    case 368:
      return base(
        400,
        'THApiException',
        'The action attempted has been deemed abusive or is otherwise disallowed',
        {
          error_user_title: 'Action blocked',
        },
      );
    case 506:
      return base(400, 'THApiException', 'Duplicate post', { error_user_title: 'Duplicate post' });
    default:
      return base(400, 'THApiException', 'Invalid parameter');
  }
}

function unknownObject(id: string): GraphApiError {
  return graphError(
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
    33,
  );
}

export interface GraphApiOptions {
  appId?: string;
  appSecret?: string;
  /** calls per account per rolling 24 simulated hours before error 17; default 4800 × 10 */
  dailyCallBudget?: number;
  /** posts and replies per account per rolling 24 h; default 250 and 1,000 as on Threads */
  postQuota?: number;
  replyQuota?: number;
  /** where signed webhooks go; none by default */
  webhookUrl?: string;
  fetch?: typeof fetch;
}

interface Token {
  accountId: string;
  kind: 'short' | 'long';
  issuedAt: number;
  expiresAt: number;
  scopes: string[];
  revoked: boolean;
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED';

interface Container {
  id: string;
  accountId: string;
  text: string;
  replyToId?: string;
  createdAt: number;
  status: Exclude<ContainerStatus, 'EXPIRED'>;
  mediaId?: string;
}

interface QueuedError {
  code: number;
  subcode?: number;
  /** only calls whose path ends with this */
  path?: string;
  /** only calls with this method */
  method?: string;
  remaining: number;
}

export interface WebhookDelivery {
  url: string;
  body: string;
  signature: string;
  status: number | null;
  error?: string;
}

export interface Mention {
  id: string;
  account_id: string;
  username: string;
  text: string;
  timestamp: number;
}

/** A media object as `/{media-id}` knows it: a post or a reply. */
export type GraphMedia =
  | { kind: 'post'; post: SourcePost }
  | { kind: 'reply'; reply: SourceComment & { depth: number }; root: SourcePost };

const LINK_RE = /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+/giu;

export function countLinks(text: string): number {
  return text.match(LINK_RE)?.length ?? 0;
}

export class GraphApi {
  readonly appId: string;
  readonly appSecret: string;
  private readonly budget: number;
  private readonly postQuota: number;
  private readonly replyQuota: number;
  private webhookUrl: string | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<
    string,
    { accountId: string; redirectUri: string; scopes: string[]; expiresAt: number }
  >();
  private readonly containers = new Map<string, Container>();
  private readonly hidden = new Set<string>();
  private readonly deleted = new Set<string>();
  /** per account: timestamps (sim ms) of published posts, replies and deletions */
  private readonly published = new Map<string, { posts: number[]; replies: number[]; deletes: number[] }>();
  /** per account: calls per simulated hour */
  private readonly calls = new Map<string, Map<number, number>>();
  private readonly errors: QueuedError[] = [];
  private readonly drops: { path: string; remaining: number }[] = [];
  private readonly mentions: Mention[] = [];
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private seq = 0;
  /** replies already announced by webhook, so `scanReplies` sends each once */
  private readonly announced = new Set<string>();

  constructor(
    readonly sim: SimulatorEngine,
    options: GraphApiOptions = {},
  ) {
    this.appId = options.appId ?? 'sim-threads-app';
    this.appSecret = options.appSecret ?? 'sim-threads-app-secret';
    this.budget = options.dailyCallBudget ?? 4800 * 10;
    this.postQuota = options.postQuota ?? POST_QUOTA;
    this.replyQuota = options.replyQuota ?? REPLY_QUOTA;
    this.webhookUrl = options.webhookUrl;
    this.fetchFn = options.fetch ?? fetch;
  }

  get dailyCallBudget(): number {
    return this.budget;
  }

  // ---- OAuth ----------------------------------------------------------------------------------

  /** The consent screen, answered yes at once: a single-use code for the account (default: the first). */
  authorize(q: {
    client_id?: string;
    redirect_uri?: string;
    scope?: string;
    response_type?: string;
    state?: string;
    account_id?: string;
  }): string {
    if (q.client_id !== this.appId) throw graphError(100, 'Invalid client_id');
    if (q.response_type !== 'code') throw graphError(100, 'response_type must be code');
    if (q.redirect_uri === undefined || !/^https?:\/\//.test(q.redirect_uri))
      throw graphError(100, 'redirect_uri is required');
    const accountId = q.account_id ?? this.sim.accounts()[0]?.id;
    if (accountId === undefined || !this.sim.accounts().some((a) => a.id === accountId))
      throw graphError(100, 'Unknown account');
    const scopes = (q.scope ?? 'threads_basic')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const code = `AQ${randomBytes(24).toString('hex')}`;
    this.codes.set(code, {
      accountId,
      redirectUri: q.redirect_uri,
      scopes,
      expiresAt: this.sim.now() + 10 * 60_000,
    });
    const url = new URL(q.redirect_uri);
    url.searchParams.set('code', `${code}#_`);
    if (q.state !== undefined) url.searchParams.set('state', q.state);
    return url.toString();
  }

  /** `POST /oauth/access_token`: code → short-lived token (1 h). */
  exchangeCode(p: Record<string, string | undefined>): { access_token: string; user_id: string } {
    if (p.client_id !== this.appId || p.client_secret !== this.appSecret)
      throw graphError(101, 'Error validating client secret.');
    if (p.grant_type !== 'authorization_code') throw graphError(100, 'grant_type must be authorization_code');
    const code = (p.code ?? '').replace(/#_$/, '');
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (entry === undefined || entry.expiresAt < this.sim.now())
      throw graphError(100, 'Invalid verification code format.', 36009);
    if (p.redirect_uri !== entry.redirectUri)
      throw graphError(
        100,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        36008,
      );
    const token = this.issue(entry.accountId, 'short', entry.scopes);
    return { access_token: token, user_id: entry.accountId };
  }

  /** `GET /access_token?grant_type=th_exchange_token`: short → long-lived (60 days). */
  exchangeForLongLived(p: Record<string, string | undefined>): {
    access_token: string;
    token_type: 'bearer';
    expires_in: number;
  } {
    if (p.grant_type !== 'th_exchange_token') throw graphError(100, 'grant_type must be th_exchange_token');
    if (p.client_secret !== this.appSecret) throw graphError(101, 'Error validating client secret.');
    const t = this.validToken(p.access_token);
    if (t.kind !== 'short') throw graphError(100, 'Only short-lived tokens can be exchanged');
    const token = this.issue(t.accountId, 'long', t.scopes);
    return { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 };
  }

  /** `GET /refresh_access_token`: a long-lived token ≥ 24 h old and unexpired → a new 60-day one. */
  refresh(p: Record<string, string | undefined>): {
    access_token: string;
    token_type: 'bearer';
    expires_in: number;
  } {
    if (p.grant_type !== 'th_refresh_token') throw graphError(100, 'grant_type must be th_refresh_token');
    const t = this.validToken(p.access_token);
    if (t.kind !== 'long') throw graphError(100, 'Only long-lived tokens can be refreshed');
    if (this.sim.now() - t.issuedAt < REFRESH_MIN_AGE_MS)
      throw graphError(100, 'The token must be at least 24 hours old to be refreshed');
    const token = this.issue(t.accountId, 'long', t.scopes);
    return { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 };
  }

  /** A long-lived token straight away (tests and the in-process demo skip the browser). */
  issueLongLived(
    accountId: string,
    scopes: readonly string[] = ALL_SCOPES,
  ): { access_token: string; expires_at: string } {
    if (!this.sim.accounts().some((a) => a.id === accountId)) throw new NotFoundError(`account ${accountId}`);
    const token = this.issue(accountId, 'long', [...scopes]);
    const t = this.tokens.get(token);
    return { access_token: token, expires_at: new Date(t?.expiresAt ?? 0).toISOString() };
  }

  /** The user took the app's access away: every token of the account stops working (190). */
  revokeAccount(accountId: string): number {
    let n = 0;
    for (const t of this.tokens.values()) {
      if (t.accountId === accountId && !t.revoked) {
        t.revoked = true;
        n++;
      }
    }
    return n;
  }

  private issue(accountId: string, kind: Token['kind'], scopes: string[]): string {
    const token = `TH${randomBytes(32).toString('hex')}`;
    const now = this.sim.now();
    this.tokens.set(token, {
      accountId,
      kind,
      issuedAt: now,
      expiresAt: now + (kind === 'short' ? SHORT_LIVED_MS : LONG_LIVED_MS),
      scopes,
      revoked: false,
    });
    return token;
  }

  private validToken(token: string | undefined): Token & { token: string } {
    if (token === undefined || token.length === 0)
      throw graphError(
        190,
        'An active access token must be used to query information about the current user.',
      );
    const t = this.tokens.get(token);
    if (t === undefined) throw graphError(190, 'Invalid OAuth access token - Cannot parse access token');
    if (t.revoked)
      throw graphError(190, 'Error validating access token: The user has not authorized application.', 458);
    if (t.expiresAt <= this.sim.now())
      throw graphError(190, 'Error validating access token: Session has expired.', 463);
    return { ...t, token };
  }

  // ---- every Graph call -----------------------------------------------------------------------

  /**
   * Authenticate a Graph call, apply queued errors and the call budget, and count it. Returns
   * the account and the usage header's value (percent of the budget used).
   */
  begin(
    path: string,
    token: string | undefined,
    method = 'GET',
  ): { accountId: string; scopes: string[]; usage: string } {
    const t = this.validToken(token);
    const q = this.errors.find(
      (e) =>
        e.remaining > 0 &&
        (e.path === undefined || path.endsWith(e.path)) &&
        (e.method === undefined || e.method === method),
    );
    if (q !== undefined) {
      q.remaining--;
      if (q.remaining === 0) this.errors.splice(this.errors.indexOf(q), 1);
      throw graphError(q.code, undefined, q.subcode);
    }
    const used = this.callsInWindow(t.accountId);
    if (used >= this.budget) throw graphError(17);
    const hour = Math.floor(this.sim.now() / HOUR_MS);
    let hours = this.calls.get(t.accountId);
    if (hours === undefined) {
      hours = new Map();
      this.calls.set(t.accountId, hours);
    }
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
    return { accountId: t.accountId, scopes: t.scopes, usage: this.usageHeader(t.accountId) };
  }

  /** `X-App-Usage`: whole percent of the account's rolling-24-h budget used. */
  usageHeader(accountId: string): string {
    const pct = Math.min(100, Math.floor((this.callsInWindow(accountId) / this.budget) * 100));
    return JSON.stringify({
      call_count: pct,
      total_cputime: Math.floor(pct / 2),
      total_time: Math.floor(pct / 2),
    });
  }

  callsInWindow(accountId: string): number {
    const hours = this.calls.get(accountId);
    if (hours === undefined) return 0;
    const now = Math.floor(this.sim.now() / HOUR_MS);
    let sum = 0;
    for (const [h, n] of hours) {
      if (h > now - 24) sum += n;
      else hours.delete(h);
    }
    return sum;
  }

  /** The next `count` Graph calls (whose path ends with `path` and whose method is `method`, when given) fail with `code`. */
  queueError(input: {
    code: number;
    subcode?: number;
    count?: number;
    path?: string;
    method?: string;
  }): void {
    this.errors.push({
      code: input.code,
      remaining: input.count ?? 1,
      ...(input.subcode === undefined ? {} : { subcode: input.subcode }),
      ...(input.path === undefined ? {} : { path: input.path }),
      ...(input.method === undefined ? {} : { method: input.method.toUpperCase() }),
    });
  }

  clearErrors(): void {
    this.errors.length = 0;
    this.drops.length = 0;
  }

  /**
   * The next `count` successful calls whose path ends with `path` do their work and then lose the
   * answer (the connection is cut): the "unknown outcome" a client must reconcile.
   */
  dropResponses(input: { path: string; count?: number }): void {
    this.drops.push({ path: input.path, remaining: input.count ?? 1 });
  }

  /** Whether this answer is to be lost (counts it). */
  takeDrop(path: string): boolean {
    const d = this.drops.find((x) => x.remaining > 0 && path.endsWith(x.path));
    if (d === undefined) return false;
    d.remaining--;
    if (d.remaining === 0) this.drops.splice(this.drops.indexOf(d), 1);
    return true;
  }

  requireScope(scopes: string[], scope: string): void {
    if (!scopes.includes(scope))
      throw graphError(10, `Application does not have permission for this action (${scope})`);
  }

  // ---- reading --------------------------------------------------------------------------------

  account(accountId: string) {
    const a = this.sim.accounts().find((x) => x.id === accountId);
    if (a === undefined) throw unknownObject(accountId);
    return a;
  }

  /** The account's posts, newest first, without deleted ones. */
  posts(accountId: string): SourcePost[] {
    return this.sim
      .listPublished({ account_id: accountId, limit: Number.MAX_SAFE_INTEGER })
      .filter((p) => !this.deleted.has(p.id));
  }

  media(id: string): GraphMedia {
    if (this.deleted.has(id)) throw unknownObject(id);
    try {
      if (id.includes('_')) {
        const reply = this.sim.reply(id);
        return { kind: 'reply', reply, root: this.sim.getPost(reply.post_id) };
      }
      return { kind: 'post', post: this.sim.getPost(id) };
    } catch (err) {
      if (err instanceof NotFoundError) throw unknownObject(id);
      throw err;
    }
  }

  /** A post's replies of every depth, oldest first, without deleted ones. */
  conversation(postId: string): SourceComment[] {
    return this.sim
      .comments(postId, { limit: Number.MAX_SAFE_INTEGER })
      .filter((c) => !this.deleted.has(c.id));
  }

  hideStatus(replyId: string): 'HIDDEN' | 'NOT_HUSHED' {
    return this.hidden.has(replyId) ? 'HIDDEN' : 'NOT_HUSHED';
  }

  isHidden(replyId: string): boolean {
    return this.hidden.has(replyId);
  }

  // ---- moderation and deletion ----------------------------------------------------------------

  manageReply(accountId: string, replyId: string, hide: boolean): void {
    const m = this.media(replyId);
    if (m.kind !== 'reply') throw graphError(100, 'Only replies can be hidden');
    if (m.root.account_id !== accountId)
      throw graphError(10, 'You can only manage replies to your own posts');
    if (m.reply.depth !== 1) throw graphError(100, 'Only top-level replies can be hidden');
    if (hide) this.hidden.add(replyId);
    else this.hidden.delete(replyId);
  }

  delete(accountId: string, mediaId: string): void {
    const m = this.media(mediaId);
    const owner =
      m.kind === 'post'
        ? m.post.account_id
        : m.reply.author === this.account(accountId).username
          ? accountId
          : '';
    if (owner !== accountId) throw graphError(10, 'You can only delete your own media');
    const q = this.quotas(accountId);
    if (q.deletes.length >= DELETE_QUOTA) throw graphError(100, 'Deletion limit reached', 2207050);
    q.deletes.push(this.sim.now());
    this.deleted.add(mediaId);
  }

  // ---- publishing -----------------------------------------------------------------------------

  createContainer(accountId: string, p: Record<string, string | undefined>): string {
    const mediaType = p.media_type ?? 'TEXT';
    if (mediaType !== 'TEXT') throw graphError(100, `The simulator publishes TEXT only, not ${mediaType}`);
    const text = p.text ?? '';
    if (text.trim().length === 0) throw graphError(100, 'Param text must be non-empty for TEXT posts');
    if ([...text].length > MAX_TEXT_CHARS)
      throw graphError(100, `Param text must be at most ${MAX_TEXT_CHARS} characters long`);
    if (countLinks(text) > MAX_LINKS) throw graphError(100, 'THREADS_API__LINK_LIMIT_EXCEEDED', 4279009);
    if (p.reply_to_id !== undefined) this.media(p.reply_to_id);
    this.seq++;
    const id = `19${String(this.seq).padStart(15, '0')}`;
    this.containers.set(id, {
      id,
      accountId,
      text,
      createdAt: this.sim.now(),
      status: 'FINISHED',
      ...(p.reply_to_id === undefined ? {} : { replyToId: p.reply_to_id }),
    });
    if (p.auto_publish_text === 'true') return this.publishContainer(accountId, id);
    return id;
  }

  containerStatus(
    accountId: string,
    id: string,
  ): { id: string; status: ContainerStatus; error_message?: string } {
    const c = this.containers.get(id);
    if (c === undefined || c.accountId !== accountId) throw unknownObject(id);
    if (c.status !== 'PUBLISHED' && this.sim.now() - c.createdAt > DAY_MS) return { id, status: 'EXPIRED' };
    return { id, status: c.status };
  }

  isContainer(id: string): boolean {
    return this.containers.has(id);
  }

  publishContainer(accountId: string, creationId: string | undefined): string {
    if (creationId === undefined) throw graphError(100, 'Param creation_id is required');
    const c = this.containers.get(creationId);
    if (c === undefined || c.accountId !== accountId) throw unknownObject(creationId);
    if (c.status === 'PUBLISHED') throw graphError(100, 'This container has already been published');
    if (this.containerStatus(accountId, creationId).status === 'EXPIRED')
      throw graphError(100, 'The media container has expired', 4279001);
    const now = this.sim.now();
    const q = this.quotas(accountId);
    const account = this.account(accountId);
    let mediaId: string;
    if (c.replyToId === undefined) {
      if (q.posts.length >= this.postQuota)
        throw graphError(4, 'Publishing limit reached: 250 posts per 24 hours', 2207042);
      const dup = this.posts(accountId).find(
        (p) => p.content === c.text && now - Date.parse(p.published_at) < DAY_MS,
      );
      if (dup !== undefined) throw graphError(506);
      mediaId = this.sim.publish({ content: c.text, account_id: accountId }).id;
      q.posts.push(now);
    } else {
      if (q.replies.length >= this.replyQuota)
        throw graphError(4, 'Reply limit reached: 1000 replies per 24 hours', 2207042);
      const target = this.media(c.replyToId);
      const postId = target.kind === 'post' ? target.post.id : target.root.id;
      const parent = target.kind === 'post' ? undefined : target.reply.id;
      mediaId = this.sim.addComment(postId, {
        text: c.text,
        author: account.username,
        ...(parent === undefined ? {} : { parent_id: parent }),
      }).id;
      q.replies.push(now);
    }
    c.status = 'PUBLISHED';
    c.mediaId = mediaId;
    return mediaId;
  }

  publishingLimit(accountId: string) {
    const q = this.quotas(accountId);
    return {
      quota_usage: q.posts.length,
      config: { quota_total: this.postQuota, quota_duration: DAY_MS / 1000 },
      reply_quota_usage: q.replies.length,
      reply_config: { quota_total: this.replyQuota, quota_duration: DAY_MS / 1000 },
      delete_quota_usage: q.deletes.length,
      delete_config: { quota_total: DELETE_QUOTA, quota_duration: DAY_MS / 1000 },
    };
  }

  private quotas(accountId: string) {
    let q = this.published.get(accountId);
    if (q === undefined) {
      q = { posts: [], replies: [], deletes: [] };
      this.published.set(accountId, q);
    }
    const from = this.sim.now() - DAY_MS;
    q.posts = q.posts.filter((t) => t > from);
    q.replies = q.replies.filter((t) => t > from);
    q.deletes = q.deletes.filter((t) => t > from);
    return q;
  }

  // ---- mentions -------------------------------------------------------------------------------

  /** Someone mentions the account (a script or test); announced by webhook when one is set. */
  addMention(accountId: string, username: string, text: string): Mention {
    this.account(accountId);
    this.seq++;
    const mention: Mention = {
      id: `16${String(this.seq).padStart(15, '0')}`,
      account_id: accountId,
      username,
      text,
      timestamp: this.sim.now(),
    };
    this.mentions.push(mention);
    this.send({
      topic: 'interaction',
      field: 'mentions',
      targetId: accountId,
      value: {
        id: mention.id,
        username,
        text,
        media_type: 'TEXT_POST',
        permalink: `https://www.threads.net/@${username}/post/${mention.id}`,
        timestamp: graphTime(mention.timestamp),
      },
    });
    return mention;
  }

  mentionsOf(accountId: string): Mention[] {
    return this.mentions.filter((m) => m.account_id === accountId && m.timestamp <= this.sim.now()).reverse();
  }

  // ---- webhooks -------------------------------------------------------------------------------

  setWebhookUrl(url: string | undefined): void {
    this.webhookUrl = url;
  }

  /** Announce one reply (`moderate` / `replies`) to the configured URL. */
  announceReply(reply: SourceComment): void {
    if (this.announced.has(reply.id)) return;
    this.announced.add(reply.id);
    const root = this.sim.getPost(reply.post_id);
    this.send({
      topic: 'moderate',
      field: 'replies',
      targetId: root.id,
      value: {
        id: reply.id,
        username: reply.author,
        text: reply.text,
        media_type: 'TEXT_POST',
        permalink: `${root.post_url}?reply=${reply.id}`,
        replied_to: { id: reply.parent_id ?? root.id },
        root_post: { id: root.id, owner_id: root.account_id, username: root.username },
        timestamp: graphTime(Date.parse(reply.timestamp)),
      },
    });
  }

  /** Announce every reply that appeared since the last scan on posts younger than `maxAgeMs`. */
  scanReplies(maxAgeMs = DAY_MS): number {
    if (this.webhookUrl === undefined) return 0;
    const since = new Date(this.sim.now() - maxAgeMs);
    let n = 0;
    for (const post of this.sim.listPublished({ since, limit: Number.MAX_SAFE_INTEGER })) {
      for (const c of this.conversation(post.id)) {
        if (c.author === post.username || this.announced.has(c.id)) continue;
        this.announceReply(c);
        n++;
      }
    }
    return n;
  }

  /** Deliveries so far (tests read what was sent and how the receiver answered). */
  webhookDeliveries(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d }));
  }

  /** Wait for webhooks in flight. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private send(e: { topic: string; field: string; targetId: string; value: Record<string, unknown> }): void {
    const url = this.webhookUrl;
    if (url === undefined) return;
    const body = JSON.stringify({
      app_id: this.appId,
      topic: e.topic,
      target_id: e.targetId,
      time: Math.floor(this.sim.now() / 1000),
      subscription_id: `sub_${this.appId}`,
      values: { value: e.value, field: e.field },
    });
    const signature = `sha256=${createHmac('sha256', this.appSecret).update(body).digest('hex')}`;
    const delivery: WebhookDelivery = { url, body, signature, status: null };
    this.deliveries.push(delivery);
    const p = this.fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
      signal: AbortSignal.timeout(5000),
    })
      .then(async (res) => {
        delivery.status = res.status;
        await res.arrayBuffer();
      })
      .catch((err: unknown) => {
        delivery.error = err instanceof Error ? err.message : String(err);
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}

/** Graph timestamps look like `2025-03-01T10:00:00+0000`. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
