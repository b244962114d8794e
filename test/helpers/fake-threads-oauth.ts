import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A real HTTP server speaking the token side of the Threads API as threads-api.md describes it
 * (authorization code → short-lived token, `th_exchange_token`, `th_refresh_token`, `/v1.0/me`),
 * with error objects in Graph shape and a clock the test moves. Long-lived tokens last 60 days
 * from their issue; refresh needs a token ≥ 24 h old and not expired; a revoked user's tokens
 * all answer 190.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const LONG_LIVED_S = 5_183_944;

interface Token {
  userId: string;
  issuedAt: number;
  expiresAt: number;
  kind: 'short' | 'long';
}

export interface FakeUser {
  id: string;
  username: string;
}

export class FakeThreadsOAuth {
  readonly appId = '990011223344';
  readonly appSecret = `appsecret${randomBytes(8).toString('hex')}`;
  redirectUri = 'http://127.0.0.1/auth/threads/callback';
  /** every token ever issued, to check none leaks into logs or answers */
  readonly issued: string[] = [];
  /** requests per path (`/refresh_access_token`, `/v1.0/me`, …) */
  readonly calls = new Map<string, number>();
  /** when set, every answer is this HTTP status with a temporary error (code 2) */
  failWith: number | undefined;
  /** who "logs in and approves" at GET /oauth/authorize (the browser flow) */
  approvingUser: string | undefined;

  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, { userId: string; used: boolean }>();
  private readonly users = new Map<string, FakeUser & { revoked: boolean }>();
  private server: Server | undefined;
  url = '';

  constructor(readonly clock: { now: number }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, { ...user, revoked: false });
  }

  /** What threads.net does when the user approves: an authorization code for the redirect. */
  authorize(userId: string): string {
    const code = `code${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { userId, used: false });
    return code;
  }

  /** A long-lived token as the Meta developer console hands one out (for pasting). */
  longLivedToken(userId: string, issuedAt = this.clock.now): string {
    return this.issue(userId, 'long', issuedAt);
  }

  /** The user removed the app: every token of theirs answers 190. */
  revoke(userId: string): void {
    this.users.get(userId)!.revoked = true;
  }

  /** Whether Threads would accept this token now. */
  accepts(token: string): boolean {
    return this.check(token) === undefined;
  }

  count(path: string): number {
    return this.calls.get(path) ?? 0;
  }

  private issue(userId: string, kind: Token['kind'], issuedAt = this.clock.now): string {
    const token = `TH${kind === 'long' ? 'LL' : 'SL'}${randomBytes(24).toString('hex')}`;
    const life = kind === 'long' ? LONG_LIVED_S * 1000 : HOUR_MS;
    this.tokens.set(token, { userId, issuedAt, expiresAt: issuedAt + life, kind });
    this.issued.push(token);
    return token;
  }

  private check(token: string | null): string | undefined {
    const t = token ? this.tokens.get(token) : undefined;
    if (t === undefined) return 'Invalid OAuth access token - Cannot parse access token';
    if (this.users.get(t.userId)?.revoked)
      return 'Error validating access token: The user has not authorized application.';
    if (t.expiresAt <= this.clock.now) return 'Error validating access token: Session has expired.';
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.calls.set(url.pathname, this.count(url.pathname) + 1);
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const fail = (status: number, code: number, message: string, type = 'OAuthException') =>
      send(status, { error: { message, type, code, fbtrace_id: 'AbC123' } });
    if (this.failWith !== undefined)
      return fail(this.failWith, 2, 'Service temporarily unavailable', 'THApiException');

    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      // threads.net's page after the user logged in and approved: back to the app with a code.
      const redirect = url.searchParams.get('redirect_uri');
      if (this.approvingUser === undefined || url.searchParams.get('client_id') !== this.appId || !redirect)
        return fail(400, 100, 'Invalid authorization request');
      const back = new URL(redirect);
      back.searchParams.set('code', this.authorize(this.approvingUser));
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth/access_token') {
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== this.appId || form.get('client_secret') !== this.appSecret)
        return fail(400, 101, 'Error validating client secret.');
      if (form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== this.redirectUri)
        return fail(400, 100, 'Invalid redirect_uri or grant_type');
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used) return fail(400, 100, 'Invalid verification code format.');
      code.used = true;
      return send(200, { access_token: this.issue(code.userId, 'short'), user_id: Number(code.userId) });
    }
    if (req.method === 'GET' && url.pathname === '/access_token') {
      if (url.searchParams.get('grant_type') !== 'th_exchange_token')
        return fail(400, 100, 'Unsupported grant_type');
      if (url.searchParams.get('client_secret') !== this.appSecret)
        return fail(400, 101, 'Error validating client secret.');
      const token = url.searchParams.get('access_token');
      const problem = this.check(token);
      if (problem !== undefined) return fail(400, 190, problem);
      const t = this.tokens.get(token!)!;
      return send(200, {
        access_token: this.issue(t.userId, 'long'),
        token_type: 'bearer',
        expires_in: LONG_LIVED_S,
      });
    }
    if (req.method === 'GET' && url.pathname === '/refresh_access_token') {
      if (url.searchParams.get('grant_type') !== 'th_refresh_token')
        return fail(400, 100, 'Unsupported grant_type');
      const token = url.searchParams.get('access_token');
      const problem = this.check(token);
      if (problem !== undefined) return fail(400, 190, problem);
      const t = this.tokens.get(token!)!;
      if (t.kind !== 'long' || this.clock.now - t.issuedAt < DAY_MS)
        return fail(400, 100, 'The access token must be a long-lived token at least 24 hours old');
      return send(200, {
        access_token: this.issue(t.userId, 'long'),
        token_type: 'bearer',
        expires_in: LONG_LIVED_S,
      });
    }
    if (req.method === 'GET' && url.pathname === '/v1.0/me') {
      const token = url.searchParams.get('access_token');
      const problem = this.check(token);
      if (problem !== undefined) return fail(400, 190, problem);
      const user = this.users.get(this.tokens.get(token!)!.userId)!;
      return send(200, { id: user.id, username: user.username });
    }
    return fail(404, 100, 'Unsupported request');
  }
}
