/**
 * The four Threads calls that concern tokens (threads-api.md, "Hosts, auth, permissions"):
 * code → short-lived token, short-lived → long-lived (`th_exchange_token`), refresh
 * (`th_refresh_token`) and `/me` to learn whose token it is. They go through the same
 * `graphRequest` as every Graph read, so they share its error classes (190 → `ThreadsTokenError`,
 * 4/17 → `ThreadsRateLimitError` …) and its redaction: the app secret, the authorization code and
 * the tokens of a call never appear in an error message.
 */
import { UnavailableError } from '../errors.js';
import { SourceError } from '../source/index.js';
import { graphRequest, type Params } from './graph-http.js';

export interface ThreadsOAuthOptions {
  /** THREADS_API_URL, e.g. https://graph.threads.net */
  apiUrl: string;
  appId?: string;
  appSecret?: string;
  redirectUri?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface LongLivedToken {
  access_token: string;
  /** seconds from now */
  expires_in: number;
}

export interface ThreadsProfile {
  id: string;
  username: string;
}

/** Not an account's call: a rate limit here is not an account's backoff, the caller decides. */
const RATE_LIMIT_BACKOFF_MS = 60_000;

export class ThreadsOAuthClient {
  private readonly base: string;

  constructor(private readonly o: ThreadsOAuthOptions) {
    this.base = o.apiUrl.replace(/\/+$/, '');
  }

  /** Step 1 of the OAuth callback: the authorization code for a short-lived (1 h) token. */
  async exchangeCode(code: string): Promise<{ access_token: string; user_id: string }> {
    const what = 'POST /oauth/access_token';
    const body = await this.call(
      'POST',
      '/oauth/access_token',
      {
        client_id: this.required('appId'),
        client_secret: this.required('appSecret'),
        code,
        grant_type: 'authorization_code',
        redirect_uri: this.required('redirectUri'),
      },
      [code],
    );
    const token = stringField(what, body, 'access_token');
    const userId = body.user_id;
    if (typeof userId !== 'string' && typeof userId !== 'number') throw invalid(what, 'user_id');
    return { access_token: token, user_id: String(userId) };
  }

  /** Step 2: the short-lived token for a long-lived (60-day) one. */
  async exchangeForLongLived(shortLived: string): Promise<LongLivedToken> {
    const params = {
      grant_type: 'th_exchange_token',
      client_secret: this.required('appSecret'),
      access_token: shortLived,
    };
    const body = await this.call('GET', '/access_token', params, [shortLived]);
    return longLived('GET /access_token', body);
  }

  /** A long-lived token ≥ 24 h old and not expired, for a new 60-day one. */
  async refresh(token: string): Promise<LongLivedToken> {
    const params = { grant_type: 'th_refresh_token', access_token: token };
    const body = await this.call('GET', '/refresh_access_token', params, [token]);
    return longLived('GET /refresh_access_token', body);
  }

  async me(token: string): Promise<ThreadsProfile> {
    const what = 'GET /v1.0/me';
    const body = await this.call('GET', '/v1.0/me', { fields: 'id,username', access_token: token }, [token]);
    const id = body.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw invalid(what, 'id');
    return { id: String(id), username: stringField(what, body, 'username') };
  }

  private required(key: 'appId' | 'appSecret' | 'redirectUri'): string {
    const value = this.o[key];
    if (value === undefined) {
      const name = {
        appId: 'THREADS_APP_ID',
        appSecret: 'THREADS_APP_SECRET',
        redirectUri: 'THREADS_REDIRECT_URI',
      }[key];
      throw new UnavailableError(`Connecting with Threads is not configured: set ${name}`);
    }
    return value;
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    params: Params,
    secrets: readonly string[],
  ): Promise<Record<string, unknown>> {
    const { payload } = await graphRequest<Record<string, unknown>>({
      method,
      base: this.base,
      path,
      params,
      secrets: [...secrets, this.o.appSecret],
      timeoutMs: this.o.timeoutMs,
      fetch: this.o.fetch ?? fetch,
      rateLimitBackoffMs: RATE_LIMIT_BACKOFF_MS,
    });
    return payload;
  }
}

function longLived(what: string, body: Record<string, unknown>): LongLivedToken {
  const expires = body.expires_in;
  if (typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0)
    throw invalid(what, 'expires_in');
  return { access_token: stringField(what, body, 'access_token'), expires_in: expires };
}

function stringField(what: string, body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw invalid(what, key);
  return value;
}

function invalid(what: string, field: string): SourceError {
  return new SourceError(
    `${what}: Threads answered without a valid ${field}`,
    'invalid_response',
    false,
    200,
  );
}
