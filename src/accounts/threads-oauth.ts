/**
 * The four Threads calls that concern tokens (threads-api.md, "Hosts, auth, permissions"):
 * code → short-lived token, short-lived → long-lived (`th_exchange_token`), refresh
 * (`th_refresh_token`) and `/me` to learn whose token it is. Real HTTP with a timeout.
 *
 * Tokens travel as the `access_token` parameter, as Threads documents; they are never part of an
 * error message: Threads' own message is scrubbed of the token before it is kept.
 */

export interface ThreadsOAuthOptions {
  /** THREADS_API_URL, e.g. https://graph.threads.net */
  apiUrl: string;
  appId?: string;
  appSecret?: string;
  redirectUri?: string;
  timeoutMs: number;
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

/** Code 190: the token is expired, revoked or not a token; only a human reconnecting helps. */
const TOKEN_INVALID_CODE = 190;

/** An error answer of the API, or no answer (`code` undefined: network, timeout, not JSON). */
export class ThreadsApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    readonly subcode?: number,
  ) {
    super(message);
    this.name = 'ThreadsApiError';
  }

  get tokenInvalid(): boolean {
    return this.code === TOKEN_INVALID_CODE;
  }
}

function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

export class ThreadsOAuthClient {
  constructor(private readonly o: ThreadsOAuthOptions) {}

  /** Step 1 of the OAuth callback: the authorization code for a short-lived (1 h) token. */
  async exchangeCode(code: string): Promise<{ access_token: string; user_id: string }> {
    const form = new URLSearchParams({
      client_id: this.required('appId'),
      client_secret: this.required('appSecret'),
      code,
      grant_type: 'authorization_code',
      redirect_uri: this.required('redirectUri'),
    });
    const body = await this.call('/oauth/access_token', { method: 'POST', body: form }, [code]);
    const token = stringField(body, 'access_token');
    const userId = body.user_id;
    if (typeof userId !== 'string' && typeof userId !== 'number')
      throw new ThreadsApiError('Threads answered the code exchange without a user_id', 200, undefined);
    return { access_token: token, user_id: String(userId) };
  }

  /** Step 2: the short-lived token for a long-lived (60-day) one. */
  async exchangeForLongLived(shortLived: string): Promise<LongLivedToken> {
    const query = new URLSearchParams({
      grant_type: 'th_exchange_token',
      client_secret: this.required('appSecret'),
      access_token: shortLived,
    });
    return this.longLived(await this.call(`/access_token?${query}`, { method: 'GET' }, [shortLived]));
  }

  /** A long-lived token ≥ 24 h old and not expired, for a new 60-day one. */
  async refresh(token: string): Promise<LongLivedToken> {
    const query = new URLSearchParams({ grant_type: 'th_refresh_token', access_token: token });
    return this.longLived(await this.call(`/refresh_access_token?${query}`, { method: 'GET' }, [token]));
  }

  async me(token: string): Promise<ThreadsProfile> {
    const query = new URLSearchParams({ fields: 'id,username', access_token: token });
    const body = await this.call(`/v1.0/me?${query}`, { method: 'GET' }, [token]);
    const id = body.id;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new ThreadsApiError('Threads answered /me without an id', 200, undefined);
    return { id: String(id), username: stringField(body, 'username') };
  }

  private required(key: 'appId' | 'appSecret' | 'redirectUri'): string {
    const value = this.o[key];
    if (value === undefined) {
      const name = {
        appId: 'THREADS_APP_ID',
        appSecret: 'THREADS_APP_SECRET',
        redirectUri: 'THREADS_REDIRECT_URI',
      }[key];
      throw new ThreadsApiError(`${name} is not set`, undefined, undefined);
    }
    return value;
  }

  private longLived(body: Record<string, unknown>): LongLivedToken {
    const expires = body.expires_in;
    if (typeof expires !== 'number' || !Number.isFinite(expires) || expires <= 0)
      throw new ThreadsApiError('Threads answered without a valid expires_in', 200, undefined);
    return { access_token: stringField(body, 'access_token'), expires_in: expires };
  }

  private async call(
    path: string,
    init: { method: 'GET' | 'POST'; body?: URLSearchParams },
    secrets: readonly string[],
  ): Promise<Record<string, unknown>> {
    const hide = [...secrets, this.o.appSecret];
    let res: Response;
    try {
      res = await fetch(new URL(path, this.o.apiUrl), {
        method: init.method,
        ...(init.body ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      const reason =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : 'error';
      throw new ThreadsApiError(`Threads API unreachable: ${scrub(reason, hide)}`, undefined, undefined);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ThreadsApiError(`Threads API answered ${res.status} without JSON`, res.status, undefined);
    }
    if (typeof body !== 'object' || body === null)
      throw new ThreadsApiError(
        `Threads API answered ${res.status} without an object`,
        res.status,
        undefined,
      );
    const error = (body as { error?: unknown }).error;
    if (!res.ok || error !== undefined) {
      const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
      const code = typeof e.code === 'number' ? e.code : undefined;
      const subcode = typeof e.error_subcode === 'number' ? e.error_subcode : undefined;
      const message = typeof e.message === 'string' ? scrub(e.message, hide) : `HTTP ${res.status}`;
      throw new ThreadsApiError(
        `Threads API error${code === undefined ? '' : ` ${code}`}: ${message}`,
        res.status,
        code,
        subcode,
      );
    }
    return body as Record<string, unknown>;
  }
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '')
    throw new ThreadsApiError(`Threads answered without ${key}`, 200, undefined);
  return value;
}
