import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { AccountsTable, TokenStatus } from './tables.js';

export type AccountRow = Selectable<AccountsTable>;

export interface AccountUpsert {
  id: string;
  username: string;
  /** sealed by TokenCipher */
  access_token: string;
  token_expires_at: Date;
  token_issued_at: Date;
}

const HOUR_MS = 3_600_000;

/** The `accounts` aggregate: connected accounts, their sealed tokens and API call counters. */
export class AccountsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Insert, or replace the token of an account connected again (its state becomes `valid`). */
  async upsert(a: AccountUpsert, now: Date): Promise<AccountRow> {
    return this.db
      .insertInto('accounts')
      .values({ ...a, token_status: 'valid', created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          username: a.username,
          access_token: a.access_token,
          token_expires_at: a.token_expires_at,
          token_issued_at: a.token_issued_at,
          token_status: 'valid',
          token_status_reason: null,
          updated_at: now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  get(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<AccountRow[]> {
    return this.db.selectFrom('accounts').selectAll().orderBy('username').orderBy('id').execute();
  }

  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * Tokens the refresh job renews: not marked for reconnecting, issued ≥ `minAgeMs` ago, not
   * expired, expiring within `windowMs`.
   */
  dueForRefresh(now: Date, minAgeMs: number, windowMs: number): Promise<AccountRow[]> {
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('token_status', '!=', 'reconnect_needed')
      .where('token_issued_at', '<=', new Date(now.getTime() - minAgeMs))
      .where('token_expires_at', '>', now)
      .where('token_expires_at', '<', new Date(now.getTime() + windowMs))
      .orderBy('token_expires_at')
      .execute();
  }

  /**
   * Store a refreshed token, only if the row still holds `previous` (two workers refreshing at
   * once: the first write wins, the second changes nothing). Resolves whether it was stored.
   */
  async replaceToken(
    id: string,
    previous: string,
    next: { access_token: string; token_expires_at: Date; token_issued_at: Date },
    now: Date,
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('accounts')
      .set({ ...next, token_status: 'valid', token_status_reason: null, updated_at: now })
      .where('id', '=', id)
      .where('access_token', '=', previous)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async setStatus(id: string, status: TokenStatus, reason: string | null, now: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('accounts')
      .set({ token_status: status, token_status_reason: reason, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async markPolled(id: string, at: Date): Promise<void> {
    await this.db.updateTable('accounts').set({ last_polled_at: at }).where('id', '=', id).execute();
  }

  /** Add `calls` to the account's counter of the UTC hour of `at` (one upsert). */
  async recordCalls(id: string, calls: number, at: Date): Promise<void> {
    const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
    await this.db
      .insertInto('account_api_usage')
      .values({ account_id: id, hour, calls })
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'hour'])
          .doUpdateSet({ calls: sql<number>`account_api_usage.calls + excluded.calls` }),
      )
      .execute();
  }

  /** Calls per account since `since` (hour buckets starting at or after it). */
  async callsSince(since: Date): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('account_api_usage')
      .select(['account_id', (eb) => eb.fn.sum<number>('calls').as('calls')])
      .where('hour', '>=', since)
      .groupBy('account_id')
      .execute();
    return new Map(rows.map((r) => [r.account_id, Number(r.calls)]));
  }

  /** Drop hour buckets older than `before`. */
  async pruneUsage(before: Date): Promise<void> {
    await this.db.deleteFrom('account_api_usage').where('hour', '<', before).execute();
  }

  /** Every stored sealed token (for key rotation). */
  sealedTokens(): Promise<{ id: string; access_token: string }[]> {
    return this.db.selectFrom('accounts').select(['id', 'access_token']).orderBy('id').execute();
  }

  /** Re-sealed token, only if unchanged since it was read. */
  async reseal(id: string, previous: string, next: string): Promise<boolean> {
    const res = await this.db
      .updateTable('accounts')
      .set({ access_token: next })
      .where('id', '=', id)
      .where('access_token', '=', previous)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}

type StateCheck = 'ok' | 'expired' | 'unknown';

/** The `oauth_states` aggregate: single-use CSRF states of the OAuth connect flow. */
export class OAuthStateRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Store a new state; states that expired are dropped on the way. */
  async create(state: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.deleteFrom('oauth_states').where('expires_at', '<', now).execute();
    await this.db
      .insertInto('oauth_states')
      .values({ state, expires_at: expiresAt, created_at: now })
      .execute();
  }

  /** Use a state: deleted in the same statement that reads it, so a replay finds nothing. */
  async consume(state: string, now: Date): Promise<StateCheck> {
    const row = await this.db
      .deleteFrom('oauth_states')
      .where('state', '=', state)
      .returning('expires_at')
      .executeTakeFirst();
    if (row === undefined) return 'unknown';
    return row.expires_at.getTime() > now.getTime() ? 'ok' : 'expired';
  }
}
