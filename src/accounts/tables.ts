import type { ColumnType } from 'kysely';
import type { CreatedAt, NullableTimestamp, Timestamp } from '../infra/db/types.js';

/**
 * Hand-written types of the accounts capability's tables (migration 202612061800_accounts),
 * merged into the `DB` interface of infra/db/types.ts. Value conventions as documented there.
 */

/** Stored token states; `expiring` is also derived on read when < 7 days are left. */
export const TOKEN_STATUSES = ['valid', 'expiring', 'reconnect_needed'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/**
 * A connected Threads account. `id` is the Threads user id (`/me` → `id`): the connector's posts
 * carry it as their `account_id`. `access_token` is sealed by `TokenCipher` (never clear text).
 */
export interface AccountsTable {
  id: string;
  username: string;
  access_token: string;
  token_expires_at: Timestamp;
  /** when the current token was issued (refresh needs it ≥ 24 h old) */
  token_issued_at: Timestamp;
  token_status: ColumnType<TokenStatus, TokenStatus | undefined, TokenStatus>;
  /** why the account needs reconnecting (an API error message, never a token) */
  token_status_reason: ColumnType<string | null, string | null | undefined, string | null>;
  last_polled_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** Threads API calls made for an account, per UTC hour (the connector records them). */
export interface AccountApiUsageTable {
  account_id: string;
  hour: Timestamp;
  calls: ColumnType<number, number, number>;
}

/** OAuth `state` values handed out by /auth/threads/start: single use, short-lived. */
export interface OAuthStatesTable {
  state: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface AccountTables {
  accounts: AccountsTable;
  account_api_usage: AccountApiUsageTable;
  oauth_states: OAuthStatesTable;
}

declare module '../infra/db/types.js' {
  interface DB extends AccountTables {}
}
