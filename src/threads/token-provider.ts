/**
 * How the Threads connector obtains an account's access token, and tells that the token no
 * longer works (error 190). Implemented by the accounts capability over its encrypted store.
 */
export interface TokenProvider {
  accessToken(accountId: string): Promise<string>;
  markReconnectNeeded(accountId: string, reason: string): Promise<void>;
}
