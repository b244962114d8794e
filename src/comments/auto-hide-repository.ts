import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { HiddenRepliesTable, SpamHideSettingsTable } from './tables.js';

export type HiddenReplyRow = Selectable<HiddenRepliesTable>;
export type SpamHideSettingsRow = Selectable<SpamHideSettingsTable>;
export type NewHiddenReply = Pick<
  HiddenReplyRow,
  'comment_id' | 'account_id' | 'post_id' | 'author' | 'text' | 'spam_score' | 'threshold'
>;

/**
 * Storage of the auto-hide settings and of the replies hidden. "Hidden once" lives in the primary
 * key of `hidden_replies`: a reply is claimed by one insert (`on conflict do nothing`), so racing
 * workers and re-analysis never hide it twice, and a reply a human unhid is never hidden again.
 */
export class AutoHideRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async settings(accountIds: readonly string[]): Promise<SpamHideSettingsRow[]> {
    if (accountIds.length === 0) return [];
    return this.db
      .selectFrom('spam_hide_settings')
      .selectAll()
      .where('account_id', 'in', accountIds)
      .execute();
  }

  async saveSettings(
    accountId: string,
    enabled: boolean,
    threshold: number,
    now: Date,
  ): Promise<SpamHideSettingsRow> {
    return this.db
      .insertInto('spam_hide_settings')
      .values({ account_id: accountId, enabled, threshold, updated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ enabled, threshold, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Claim replies to hide; returns the rows this call created (the others were claimed before). */
  async claim(rows: readonly NewHiddenReply[], now: Date): Promise<HiddenReplyRow[]> {
    if (rows.length === 0) return [];
    return this.db
      .insertInto('hidden_replies')
      .values(rows.map((r) => ({ ...r, status: 'hiding' as const, created_at: now })))
      .onConflict((oc) => oc.column('comment_id').doNothing())
      .returningAll()
      .execute();
  }

  /**
   * Claims made before `before` and still waiting for their hide call (an attempt failed or was
   * interrupted): of these replies, or the oldest `limit` of any.
   */
  async stillHiding(
    before: Date,
    only: { commentIds: readonly string[] } | { limit: number },
  ): Promise<HiddenReplyRow[]> {
    if ('commentIds' in only && only.commentIds.length === 0) return [];
    let q = this.db
      .selectFrom('hidden_replies')
      .selectAll()
      .where('status', '=', 'hiding')
      .where('created_at', '<', before);
    q =
      'commentIds' in only
        ? q.where('comment_id', 'in', only.commentIds)
        : q.orderBy('created_at').limit(only.limit);
    return q.execute();
  }

  /** The reason the last hide call of a claim still `hiding` failed. */
  async noteError(commentId: string, error: string): Promise<void> {
    await this.db
      .updateTable('hidden_replies')
      .set({ last_error: error })
      .where('comment_id', '=', commentId)
      .where('status', '=', 'hiding')
      .execute();
  }

  async get(commentId: string): Promise<HiddenReplyRow | undefined> {
    return this.db
      .selectFrom('hidden_replies')
      .selectAll()
      .where('comment_id', '=', commentId)
      .executeTakeFirst();
  }

  async mark(
    commentId: string,
    status: 'hidden' | 'failed' | 'unhidden',
    now: Date,
    error: string | null = null,
  ): Promise<HiddenReplyRow | undefined> {
    return this.db
      .updateTable('hidden_replies')
      .set({
        status,
        last_error: error,
        ...(status === 'hidden' ? { hidden_at: now } : {}),
        ...(status === 'unhidden' ? { unhidden_at: now } : {}),
      })
      .where('comment_id', '=', commentId)
      .returningAll()
      .executeTakeFirst();
  }

  async list(filter: { account_id?: string; limit: number }): Promise<HiddenReplyRow[]> {
    let q = this.db.selectFrom('hidden_replies').selectAll();
    if (filter.account_id !== undefined) q = q.where('account_id', '=', filter.account_id);
    return q.orderBy('created_at', 'desc').orderBy('comment_id').limit(filter.limit).execute();
  }
}
