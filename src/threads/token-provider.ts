/**
 * The narrow door through which the Threads connector gets an account's access token and
 * reports that the account must be reconnected. The accounts capability implements it over
 * its repository (encrypted tokens, scheduled refresh); tests use `InMemoryTokenProvider`.
 *
 * A token is a secret: implementations never log it and never put it in an error message.
 */
import { SourceError } from '../source/index.js';

export interface TokenProvider {
  /** The current long-lived token of the account; rejects when the account is unknown or needs reconnecting. */
  accessToken(accountId: string): Promise<string>;
  /** The API answered 190 (expired or revoked token): the account needs a human to reconnect it. */
  markReconnectNeeded(accountId: string, reason: string): Promise<void>;
}

/**
 * Thrown by `accessToken` when no usable token exists; the message never contains a token. A
 * non-transient `SourceError` of kind `auth`, so no retry loop spins on it.
 */
export class ReconnectNeededError extends SourceError {
  constructor(
    readonly accountId: string,
    readonly reason: string,
  ) {
    super(`Threads account ${accountId} needs reconnecting: ${reason}`, 'auth', false);
    this.name = 'ReconnectNeededError';
  }
}

/** Tokens held in memory, for tests and the in-process demo. */
export class InMemoryTokenProvider implements TokenProvider {
  private readonly tokens = new Map<string, string>();
  private readonly reconnect = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [accountId, token] of Object.entries(initial)) this.tokens.set(accountId, token);
  }

  set(accountId: string, token: string): void {
    this.tokens.set(accountId, token);
    this.reconnect.delete(accountId);
  }

  accessToken(accountId: string): Promise<string> {
    const reason = this.reconnect.get(accountId);
    if (reason !== undefined) return Promise.reject(new ReconnectNeededError(accountId, reason));
    const token = this.tokens.get(accountId);
    if (token === undefined) return Promise.reject(new ReconnectNeededError(accountId, 'no token'));
    return Promise.resolve(token);
  }

  markReconnectNeeded(accountId: string, reason: string): Promise<void> {
    this.reconnect.set(accountId, reason);
    return Promise.resolve();
  }

  /** The reason given when the account was marked, or undefined while it is usable. */
  reconnectReason(accountId: string): string | undefined {
    return this.reconnect.get(accountId);
  }
}
