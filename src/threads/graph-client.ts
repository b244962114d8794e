/**
 * One HTTP call to the Threads Graph API for one account, done right: the token from the
 * `TokenProvider` (sent as the `access_token` parameter, never logged, never in an error), a
 * timeout, the error object mapped to its class (errors.ts), 190 reported to the provider and
 * never retried, 4/17 putting the account in backoff (calls fail fast until it ends), 1/2 and
 * network failures retried with exponential backoff for calls that are safe to repeat, and the
 * `X-App-Usage` header kept per account so the poller can slow down before the API says so.
 */
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../infra/telemetry/logger.js';
import { SourceError } from '../source/index.js';
import { ThreadsApiError, ThreadsRateLimitError, ThreadsTokenError } from './errors.js';
import { graphRequest, type Params } from './graph-http.js';
import type { TokenProvider } from './token-provider.js';

export interface GraphClientOptions {
  /** e.g. https://graph.threads.net, or a simulator's base URL */
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: typeof fetch;
  /** per call; default 10 000 */
  timeoutMs?: number;
  /** retries of a safe call after 1/2, 5xx, network errors and timeouts; default 3 */
  retries?: number;
  /** first retry delay; default 500 ms */
  retryMinMs?: number;
  /** first backoff after 4/17, doubled on each further one up to `maxRateLimitBackoffMs`; default 60 s */
  rateLimitBackoffMs?: number;
  /** default 1 h */
  maxRateLimitBackoffMs?: number;
  logger?: Logger;
  /** the real clock (backoff windows); default Date.now */
  now?: () => number;
}

export type { Params };

export interface CallOptions {
  /** retry 1/2, 5xx, network errors and timeouts (safe only when repeating the call is harmless) */
  retry?: boolean;
}

/** What the poller needs to know about an account's standing with the API. */
export interface AccountUsage {
  /** calls this client made for the account */
  calls: number;
  /** the highest percentage of the last `X-App-Usage` header, or null before one was seen */
  usagePct: number | null;
  /** epoch ms until which calls fail fast after a 4/17, or null */
  backoffUntil: number | null;
}

interface AccountState {
  calls: number;
  usagePct: number | null;
  backoffUntil: number | null;
  backoffMs: number;
}

export class GraphClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryMinMs: number;
  private readonly firstBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly o: GraphClientOptions) {
    this.base = o.baseUrl.replace(/\/+$/, '');
    this.fetchFn = o.fetch ?? fetch;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.retries = o.retries ?? 3;
    this.retryMinMs = o.retryMinMs ?? 500;
    this.firstBackoffMs = o.rateLimitBackoffMs ?? 60_000;
    this.maxBackoffMs = o.maxRateLimitBackoffMs ?? 3_600_000;
    this.now = o.now ?? Date.now;
  }

  usage(accountId: string): AccountUsage {
    const s = this.state(accountId);
    return {
      calls: s.calls,
      usagePct: s.usagePct,
      backoffUntil: s.backoffUntil !== null && s.backoffUntil > this.now() ? s.backoffUntil : null,
    };
  }

  get<T>(accountId: string, path: string, params: Params = {}, opts: CallOptions = {}): Promise<T> {
    return this.call<T>('GET', accountId, path, params, opts.retry ?? true);
  }

  post<T>(accountId: string, path: string, params: Params = {}, opts: CallOptions = {}): Promise<T> {
    return this.call<T>('POST', accountId, path, params, opts.retry ?? false);
  }

  delete<T>(accountId: string, path: string, params: Params = {}, opts: CallOptions = {}): Promise<T> {
    return this.call<T>('DELETE', accountId, path, params, opts.retry ?? true);
  }

  private state(accountId: string): AccountState {
    let s = this.accounts.get(accountId);
    if (s === undefined) {
      s = { calls: 0, usagePct: null, backoffUntil: null, backoffMs: 0 };
      this.accounts.set(accountId, s);
    }
    return s;
  }

  private async call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    accountId: string,
    path: string,
    params: Params,
    retry: boolean,
  ): Promise<T> {
    const once = () => this.once<T>(method, accountId, path, params);
    if (!retry) return once();
    return pRetry(
      async () => {
        try {
          return await once();
        } catch (err) {
          // Only temporary failures are worth repeating now; a rate limit waits for its backoff.
          if (!(err instanceof SourceError) || !err.transient || err instanceof ThreadsRateLimitError)
            throw new AbortError(err instanceof Error ? err : new Error(String(err)));
          throw err;
        }
      },
      { retries: this.retries, minTimeout: this.retryMinMs, factor: 2, randomize: true },
    );
  }

  private async once<T>(
    method: 'GET' | 'POST' | 'DELETE',
    accountId: string,
    path: string,
    params: Params,
  ): Promise<T> {
    const what = `${method} ${path}`;
    const s = this.state(accountId);
    const now = this.now();
    if (s.backoffUntil !== null && s.backoffUntil > now) {
      throw new ThreadsRateLimitError(
        what,
        undefined,
        { code: 17, message: `account ${accountId} is backing off after a rate limit; not called` },
        s.backoffUntil - now,
      );
    }
    const token = await this.o.tokens.accessToken(accountId);
    const started = this.now();
    s.calls++;
    try {
      const { payload, status } = await graphRequest<T>({
        method,
        base: this.base,
        path,
        params: { ...params, access_token: token },
        secrets: [token],
        timeoutMs: this.timeoutMs,
        fetch: this.fetchFn,
        rateLimitBackoffMs: this.nextBackoff(s),
        onHeaders: (h) => this.readUsage(s, h.get('x-app-usage')),
      });
      this.logCall(accountId, method, path, status, started);
      s.backoffMs = 0;
      return payload;
    } catch (err) {
      if (err instanceof ThreadsApiError) {
        this.logCall(accountId, method, path, err.status, started);
        await this.onApiError(accountId, s, err);
      }
      throw err;
    }
  }

  private logCall(
    accountId: string,
    method: string,
    path: string,
    status: number | undefined,
    started: number,
  ): void {
    this.o.logger?.debug(
      { account_id: accountId, method, path, status, duration_ms: this.now() - started },
      'threads api call',
    );
  }

  /** 4/17 put the account in backoff; 190 tells the token provider the account needs reconnecting. */
  private async onApiError(accountId: string, s: AccountState, err: ThreadsApiError): Promise<void> {
    if (err instanceof ThreadsRateLimitError) {
      s.backoffUntil = this.now() + err.retryAfterMs;
      s.backoffMs = err.retryAfterMs;
      this.o.logger?.warn(
        { account_id: accountId, code: err.code, backoff_ms: err.retryAfterMs },
        'threads api rate limit: account backs off',
      );
    } else if (err instanceof ThreadsTokenError) {
      await this.o.tokens.markReconnectNeeded(accountId, err.message);
      this.o.logger?.warn(
        { account_id: accountId, code: err.code },
        'threads token rejected: account needs reconnecting',
      );
    }
  }

  private nextBackoff(s: AccountState): number {
    return Math.min(this.maxBackoffMs, s.backoffMs === 0 ? this.firstBackoffMs : s.backoffMs * 2);
  }

  private readUsage(s: AccountState, header: string | null): void {
    if (header === null) return;
    try {
      const u = JSON.parse(header) as Record<string, unknown>;
      const values = ['call_count', 'total_cputime', 'total_time']
        .map((k) => u[k])
        .filter((v): v is number => typeof v === 'number');
      if (values.length > 0) s.usagePct = Math.max(...values);
    } catch {
      // A malformed header tells nothing; the error codes remain the authority.
    }
  }
}
