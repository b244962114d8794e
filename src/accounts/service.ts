import { randomBytes } from 'node:crypto';
import { DomainError, InvalidInputError, NotFoundError, UnavailableError } from '../errors.js';
import type { Logger } from '../infra/telemetry/logger.js';
import {
  ReconnectNeededError,
  ThreadsApiError,
  ThreadsTokenError,
  redact,
  type LongLivedToken,
  type ThreadsOAuthClient,
  type TokenProvider,
} from '../threads/index.js';
import type { AccountRow, AccountsRepository, OAuthStateRepository } from './repository.js';
import type { TokenStatus } from './tables.js';
import { SecretKeyMissingError, type TokenCipher } from './token-cipher.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How long an OAuth `state` stays usable: the time to log in and approve on threads.net. */
const STATE_TTL_MS = 10 * 60_000;
/** Threads refreshes only tokens at least this old. */
const REFRESH_MIN_AGE_MS = DAY_MS;
/** Tokens with less than this left are refreshed (and shown as `expiring`). */
const REFRESH_WINDOW_MS = 7 * DAY_MS;
/** A long-lived token's life when Threads does not say (a pasted token that cannot be refreshed yet). */
const LONG_LIVED_MS = 60 * DAY_MS;
const USAGE_KEPT_MS = 30 * DAY_MS;

/** The permissions the agent asks for (threads-api.md, "Permissions"). */
const OAUTH_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_manage_replies',
  'threads_read_replies',
  'threads_manage_insights',
  'threads_manage_mentions',
  'threads_delete',
] as const;

/** A bad, expired or replayed OAuth `state` (400: the connect flow must start again). */
export class OAuthStateError extends DomainError {
  constructor(message: string) {
    super(message, 'oauth_state');
  }
}

/** Posts per account and persona seen in the data (simulated or connected accounts alike). */
export interface DataAccount {
  account_id: string;
  persona_id: string;
  posts: number;
}

/** One account as the API lists it; the token is never part of it. */
export interface AccountSummary {
  account_id: string;
  persona_id: string;
  posts: number;
  /** a Threads account connected with a token (false: an account known only from its posts, e.g. the simulator's) */
  connected: boolean;
  username: string | null;
  token_status: TokenStatus | null;
  token_status_reason: string | null;
  token_expires_at: string | null;
  last_polled_at: string | null;
  usage: { calls_last_hour: number; calls_24h: number };
}

export interface ReconnectNotice {
  account_id: string;
  username: string;
  reason: string;
}

export interface AccountsServiceDeps {
  accounts: AccountsRepository;
  states: OAuthStateRepository;
  threads: ThreadsOAuthClient;
  /** undefined without SECRET_KEY: then no token can be stored or read */
  cipher: TokenCipher | undefined;
  oauth: { appId?: string; appSecret?: string; redirectUri?: string; authorizeUrl: string };
  /** accounts known from stored posts (the simulator's demo accounts among them) */
  dataAccounts?: () => Promise<DataAccount[]>;
  clock: () => Date;
  logger: Logger;
}

/**
 * Connected Threads accounts: OAuth connect, pasted tokens, the scheduled refresh that keeps
 * every token alive, and the token provider the connector reads through. Tokens are sealed with
 * the cipher before they are stored and never appear in a log line, an error or an answer.
 */
export class AccountsService implements TokenProvider {
  constructor(private readonly d: AccountsServiceDeps) {}

  /** The Threads authorize URL with a new single-use `state`. */
  async startAuthorization(): Promise<string> {
    this.cipherOrThrow();
    const { appId, appSecret, redirectUri, authorizeUrl } = this.d.oauth;
    const missing = [
      appId === undefined && 'THREADS_APP_ID',
      appSecret === undefined && 'THREADS_APP_SECRET',
      redirectUri === undefined && 'THREADS_REDIRECT_URI',
    ].filter((m): m is string => m !== false);
    if (missing.length > 0)
      throw new UnavailableError(`Connecting with Threads is not configured: set ${missing.join(', ')}`);
    const now = this.d.clock();
    const state = randomBytes(24).toString('base64url');
    await this.d.states.create(state, new Date(now.getTime() + STATE_TTL_MS), now);
    const url = new URL(authorizeUrl);
    url.searchParams.set('client_id', appId!);
    url.searchParams.set('redirect_uri', redirectUri!);
    url.searchParams.set('scope', OAUTH_SCOPES.join(','));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Use a `state` once; throws OAuthStateError when it is unknown, used or expired. */
  async consumeState(state: string): Promise<void> {
    const check = await this.d.states.consume(state, this.d.clock());
    if (check === 'unknown')
      throw new OAuthStateError('Unknown or already used state: start connecting again from the dashboard');
    if (check === 'expired')
      throw new OAuthStateError('Expired state: start connecting again from the dashboard');
  }

  /** The OAuth callback: state checked (single use), code → short-lived → long-lived token, /me, stored. */
  async completeAuthorization(code: string, state: string): Promise<AccountSummary> {
    await this.consumeState(state);
    const cipher = this.cipherOrThrow();
    const short = await this.d.threads.exchangeCode(code);
    const long = await this.d.threads.exchangeForLongLived(short.access_token);
    const profile = await this.d.threads.me(long.access_token);
    const now = this.d.clock();
    const row = await this.store(cipher, profile, long, now);
    this.d.logger.info({ accountId: row.id, username: row.username }, 'Threads account connected');
    return this.summaryOf(row);
  }

  /**
   * A pasted long-lived token: checked with /me (422 when Threads refuses it), then refreshed at
   * once when it is old enough, which also tells its real expiry; a token too new to refresh
   * (< 24 h) has close to its 60 days left.
   */
  async addToken(token: string): Promise<AccountSummary> {
    const cipher = this.cipherOrThrow();
    let profile;
    try {
      profile = await this.d.threads.me(token);
    } catch (err) {
      throw this.tokenRejected(err);
    }
    const now = this.d.clock();
    let long: LongLivedToken = { access_token: token, expires_in: LONG_LIVED_MS / 1000 };
    try {
      long = await this.d.threads.refresh(token);
    } catch (err) {
      if (err instanceof ThreadsTokenError) throw this.tokenRejected(err);
      this.d.logger.info(
        { username: profile.username, reason: errorText(err) },
        'pasted token not refreshable yet; assuming a fresh 60-day token',
      );
    }
    const row = await this.store(cipher, profile, long, now);
    this.d.logger.info({ accountId: row.id, username: row.username }, 'Threads account added with a token');
    return this.summaryOf(row);
  }

  async list(): Promise<AccountSummary[]> {
    const now = this.d.clock();
    const [rows, data, lastHour, lastDay] = await Promise.all([
      this.d.accounts.list(),
      this.d.dataAccounts?.() ?? Promise.resolve([]),
      this.d.accounts.callsSince(hourStart(now)),
      this.d.accounts.callsSince(hourStart(new Date(now.getTime() - DAY_MS + HOUR_MS))),
    ]);
    const posts = new Map<string, DataAccount>();
    for (const a of data) if (!posts.has(a.account_id)) posts.set(a.account_id, a);
    const connected = rows.map((row) =>
      this.summaryOf(row, posts.get(row.id), {
        calls_last_hour: lastHour.get(row.id) ?? 0,
        calls_24h: lastDay.get(row.id) ?? 0,
      }),
    );
    const known = new Set(rows.map((r) => r.id));
    const fromPosts = data
      .filter((a) => !known.has(a.account_id))
      .map((a): AccountSummary => ({
        ...a,
        connected: false,
        username: null,
        token_status: null,
        token_status_reason: null,
        token_expires_at: null,
        last_polled_at: null,
        usage: { calls_last_hour: 0, calls_24h: 0 },
      }));
    return [...connected, ...fromPosts];
  }

  async remove(id: string): Promise<void> {
    if (!(await this.d.accounts.delete(id))) throw new NotFoundError(`account ${id}`);
    this.d.logger.info({ accountId: id }, 'Threads account removed');
  }

  /** Connected accounts whose token is revoked or expired (for /ready and the dashboard banner). */
  async reconnectNeeded(): Promise<ReconnectNotice[]> {
    const now = this.d.clock();
    return (await this.d.accounts.list())
      .filter((row) => effectiveStatus(row, now) === 'reconnect_needed')
      .map((row) => ({
        account_id: row.id,
        username: row.username,
        reason: row.token_status_reason ?? 'the token has expired',
      }));
  }

  // ---- TokenProvider ------------------------------------------------------------------------

  async accessToken(accountId: string): Promise<string> {
    const row = await this.d.accounts.get(accountId);
    if (row === undefined) throw new NotFoundError(`account ${accountId}`);
    const now = this.d.clock();
    if (effectiveStatus(row, now) === 'reconnect_needed') {
      const reason = row.token_status_reason ?? 'the token has expired';
      if (row.token_status !== 'reconnect_needed') await this.markReconnectNeeded(accountId, reason);
      throw new ReconnectNeededError(accountId, reason);
    }
    return this.cipherOrThrow().decrypt(row.access_token, row.id);
  }

  async markReconnectNeeded(accountId: string, reason: string): Promise<void> {
    const row = await this.d.accounts.get(accountId);
    if (row === undefined) throw new NotFoundError(`account ${accountId}`);
    const safe = this.scrubReason(row, reason);
    await this.d.accounts.setStatus(accountId, 'reconnect_needed', safe, this.d.clock());
    if (row.token_status !== 'reconnect_needed')
      this.d.logger.warn(
        { accountId, username: row.username, reason: safe },
        'Threads account needs reconnecting',
      );
  }

  // ---- usage, for the connector ---------------------------------------------------------------

  /** Count `calls` Threads API calls made for the account now. */
  async recordCalls(accountId: string, calls = 1): Promise<void> {
    await this.d.accounts.recordCalls(accountId, calls, this.d.clock());
  }

  /** Calls made for the account over the last 24 hours (hour buckets), for a budget check. */
  async callsLast24h(accountId: string): Promise<number> {
    const since = hourStart(new Date(this.d.clock().getTime() - DAY_MS + HOUR_MS));
    return (await this.d.accounts.callsSince(since)).get(accountId) ?? 0;
  }

  async markPolled(accountId: string): Promise<void> {
    await this.d.accounts.markPolled(accountId, this.d.clock());
  }

  // ---- scheduled work -----------------------------------------------------------------------

  /**
   * The refresh job: every token ≥ 24 h old with < 7 days left gets a new 60-day window. Error 190
   * marks the account `reconnect_needed` (then it is no longer due: never retried in a loop);
   * other failures leave it `expiring` for the next run. Idempotent: a token just refreshed is
   * not due again for 24 h, and a concurrent run's write is not overwritten.
   */
  async refreshDueTokens(): Promise<{ refreshed: number; reconnect_needed: number; failed: number }> {
    const now = this.d.clock();
    const outcome = { refreshed: 0, reconnect_needed: 0, failed: 0 };
    for (const row of await this.d.accounts.list()) {
      if (row.token_status !== 'reconnect_needed' && row.token_expires_at.getTime() <= now.getTime()) {
        await this.markReconnectNeeded(row.id, 'the token expired before it could be refreshed');
        outcome.reconnect_needed++;
      }
    }
    const due = await this.d.accounts.dueForRefresh(now, REFRESH_MIN_AGE_MS, REFRESH_WINDOW_MS);
    if (due.length > 0) {
      const cipher = this.cipherOrThrow();
      for (const row of due) {
        try {
          const token = cipher.decrypt(row.access_token, row.id);
          // Counted whatever its outcome: a refused call is a call too.
          await this.d.accounts.recordCalls(row.id, 1, now);
          const next = await this.d.threads.refresh(token);
          const stored = await this.d.accounts.replaceToken(
            row.id,
            row.access_token,
            {
              access_token: cipher.encrypt(next.access_token, row.id),
              token_expires_at: new Date(now.getTime() + next.expires_in * 1000),
              token_issued_at: now,
            },
            now,
          );
          if (stored) outcome.refreshed++;
        } catch (err) {
          if (err instanceof ThreadsTokenError) {
            await this.markReconnectNeeded(row.id, err.message);
            outcome.reconnect_needed++;
          } else {
            outcome.failed++;
            const reason = `refresh failed, tried again at the next run: ${this.scrubReason(row, errorText(err))}`;
            await this.d.accounts.setStatus(row.id, 'expiring', reason, now);
            this.d.logger.warn({ accountId: row.id, username: row.username, reason }, 'token refresh failed');
          }
        }
      }
    }
    await this.d.accounts.pruneUsage(new Date(now.getTime() - USAGE_KEPT_MS));
    if (outcome.refreshed + outcome.reconnect_needed + outcome.failed > 0)
      this.d.logger.info(outcome, 'account tokens refreshed');
    return outcome;
  }

  /**
   * Re-seal every token with SECRET_KEY (those sealed by SECRET_KEY_PREVIOUS). Tokens that open
   * with neither key are counted in `failed` and left as they are.
   */
  async rotateKey(): Promise<{ rotated: number; unchanged: number; failed: string[] }> {
    const cipher = this.cipherOrThrow();
    const outcome = { rotated: 0, unchanged: 0, failed: [] as string[] };
    for (const { id, access_token } of await this.d.accounts.sealedTokens()) {
      if (!cipher.needsRotation(access_token)) {
        outcome.unchanged++;
        continue;
      }
      try {
        const resealed = cipher.encrypt(cipher.decrypt(access_token, id), id);
        if (await this.d.accounts.reseal(id, access_token, resealed)) outcome.rotated++;
      } catch (err) {
        this.d.logger.error({ accountId: id, reason: errorText(err) }, 'token could not be re-encrypted');
        outcome.failed.push(id);
      }
    }
    return outcome;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private cipherOrThrow(): TokenCipher {
    if (this.d.cipher === undefined) throw new SecretKeyMissingError();
    return this.d.cipher;
  }

  private async store(
    cipher: TokenCipher,
    profile: { id: string; username: string },
    long: LongLivedToken,
    now: Date,
  ): Promise<AccountRow> {
    return this.d.accounts.upsert(
      {
        id: profile.id,
        username: profile.username,
        access_token: cipher.encrypt(long.access_token, profile.id),
        token_expires_at: new Date(now.getTime() + long.expires_in * 1000),
        token_issued_at: now,
      },
      now,
    );
  }

  private tokenRejected(err: unknown): Error {
    if (err instanceof ThreadsApiError)
      return new InvalidInputError(`Threads refused this token (${err.message})`, ['body', 'token']);
    return new UnavailableError(`Could not check the token with Threads: ${errorText(err)}`);
  }

  /** The reason as stored and logged: without the account's token, whatever the caller passed. */
  private scrubReason(row: AccountRow, reason: string): string {
    let token: string | undefined;
    try {
      token = this.d.cipher?.decrypt(row.access_token, row.id);
    } catch {
      // a token that does not open cannot appear in the reason either
    }
    return redact(reason, [token]).slice(0, 500);
  }

  private summaryOf(
    row: AccountRow,
    data?: DataAccount,
    usage: AccountSummary['usage'] = { calls_last_hour: 0, calls_24h: 0 },
  ): AccountSummary {
    return {
      account_id: row.id,
      persona_id: data?.persona_id ?? row.id,
      posts: data?.posts ?? 0,
      connected: true,
      username: row.username,
      token_status: effectiveStatus(row, this.d.clock()),
      token_status_reason: row.token_status_reason,
      token_expires_at: row.token_expires_at.toISOString(),
      last_polled_at: row.last_polled_at?.toISOString() ?? null,
      usage,
    };
  }
}

/**
 * The state shown: `reconnect_needed` when marked so or expired, `expiring` with < 7 days left or
 * after a failed refresh, else `valid`.
 */
function effectiveStatus(row: Pick<AccountRow, 'token_status' | 'token_expires_at'>, now: Date): TokenStatus {
  const left = row.token_expires_at.getTime() - now.getTime();
  if (row.token_status === 'reconnect_needed' || left <= 0) return 'reconnect_needed';
  if (row.token_status === 'expiring' || left < REFRESH_WINDOW_MS) return 'expiring';
  return 'valid';
}

function hourStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
