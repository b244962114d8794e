import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { DmRule } from './dm-rules.js';
import type { DmOutboxItem, DmStatus, Intent } from './schemas.js';
import type { DmDeliveryMode, DmOutboxTable, DmRulesTable } from './tables.js';

/**
 * Storage of DM rules and the DM outbox. The outbox is where the exactly-once-per
 * (post, author, rule) guarantee and the daily cap live: both are enforced by the database
 * (a unique constraint and a counter row taken under lock), so any number of workers and
 * retries can run the same analysis without a second DM.
 */

/** A DM a rule wants to send: the outbox row's own columns, before it is stored. */
export interface DmCandidate extends Pick<
  DmOutboxTable,
  'rule_id' | 'comment_id' | 'post_id' | 'author' | 'account_id' | 'message'
> {
  delivery: DmDeliveryMode;
  /** set when the DM must not be sent (e.g. the post's URL is unknown); stored as `skipped` */
  skip_reason?: string;
}

export type OutboxRow = Selectable<DmOutboxTable>;

/** A rule as written: everything but its id. */
export type RuleWrite = Omit<DmRule, 'id'>;

export interface StoredRule extends DmRule {
  created_at: Date;
  updated_at: Date;
}

/**
 * The idempotency key of the DM for (rule, post, author): derived, not random, so every
 * retry and every racing worker computes the same key and the receiver can drop repeats.
 */
export function dmIdempotencyKey(ruleId: number, postId: string, author: string): string {
  const digest = createHash('sha256').update(`${ruleId}\u0000${postId}\u0000${author}`).digest('hex');
  return `dm_${digest.slice(0, 40)}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `YYYY-MM-DD` of the UTC day containing `now` (the DM cap resets at UTC midnight). */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function toRule(r: Selectable<DmRulesTable>): StoredRule {
  return {
    id: r.id,
    account_id: r.account_id,
    name: r.name,
    intent: r.intent as Intent | null,
    threshold: r.threshold,
    keywords: r.keywords,
    match: r.match,
    template: r.template,
    variables: r.variables,
    enabled: r.enabled,
    delivery: r.delivery,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function toOutboxItem(r: OutboxRow): DmOutboxItem {
  return {
    id: r.id,
    rule_id: r.rule_id,
    comment_id: r.comment_id,
    post_id: r.post_id,
    author: r.author,
    account_id: r.account_id,
    message: r.message,
    status: r.status,
    attempts: r.attempts,
    last_error: r.last_error,
    idempotency_key: r.idempotency_key,
    delivery: r.delivery,
    created_at: r.created_at.toISOString(),
    sent_at: r.sent_at ? r.sent_at.toISOString() : null,
  };
}

export class DmRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ── rules ─────────────────────────────────────────────────────────────────

  async createRule(rule: RuleWrite, now: Date): Promise<StoredRule> {
    const row = await this.db
      .insertInto('dm_rules')
      .values({ ...rule, variables: JSON.stringify(rule.variables), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRule(row);
  }

  async getRule(id: number): Promise<StoredRule | undefined> {
    const row = await this.db.selectFrom('dm_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async listRules(): Promise<StoredRule[]> {
    const rows = await this.db.selectFrom('dm_rules').selectAll().orderBy('id').execute();
    return rows.map(toRule);
  }

  async enabledRules(): Promise<StoredRule[]> {
    const rows = await this.db
      .selectFrom('dm_rules')
      .selectAll()
      .where('enabled', '=', true)
      .orderBy('id')
      .execute();
    return rows.map(toRule);
  }

  async replaceRule(id: number, rule: RuleWrite, now: Date): Promise<StoredRule | undefined> {
    const row = await this.db
      .updateTable('dm_rules')
      .set({ ...rule, variables: JSON.stringify(rule.variables), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  /**
   * Delete a rule; its DMs not yet sent are skipped in the same transaction so a deleted rule
   * sends nothing more. Sent rows stay as the record. False when there was no such rule.
   */
  async deleteRule(id: number, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('dm_rules').where('id', '=', id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      await trx
        .updateTable('dm_outbox')
        .set({ status: 'skipped', last_error: 'rule deleted', updated_at: now })
        .where('rule_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
      return true;
    });
  }

  // ── outbox ────────────────────────────────────────────────────────────────

  /**
   * Record the DMs decided for a batch, in one transaction:
   * 1. insert every candidate with `on conflict do nothing` — a (post, author, rule) that already
   *    has a row (earlier run, racing worker) gets nothing new;
   * 2. for each account, lock its counter row for the UTC day and grant at most
   *    `dailyLimit − count` of its new rows; the rest become `skipped` with the reason.
   * Returns the rows this call created (pending and skipped).
   */
  async recordCandidates(
    candidates: readonly DmCandidate[],
    opts: { dailyLimit: number; now: Date },
  ): Promise<OutboxRow[]> {
    if (candidates.length === 0) return [];
    const day = utcDay(opts.now);
    // One key order for every writer: two workers inserting overlapping rows then wait on each
    // other instead of deadlocking.
    const ordered = [...candidates].sort(
      (a, b) => cmp(a.post_id, b.post_id) || cmp(a.author, b.author) || a.rule_id - b.rule_id,
    );
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('dm_outbox')
        .values(
          ordered.map((c) => ({
            rule_id: c.rule_id,
            comment_id: c.comment_id,
            post_id: c.post_id,
            author: c.author,
            account_id: c.account_id,
            message: c.message,
            delivery: c.delivery,
            status: c.skip_reason === undefined ? ('pending' as const) : ('skipped' as const),
            last_error: c.skip_reason ?? null,
            idempotency_key: dmIdempotencyKey(c.rule_id, c.post_id, c.author),
            created_at: opts.now,
            updated_at: opts.now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .execute();

      const pendingByAccount = new Map<string, OutboxRow[]>();
      for (const row of inserted) {
        if (row.status !== 'pending') continue;
        const list = pendingByAccount.get(row.account_id) ?? [];
        list.push(row);
        pendingByAccount.set(row.account_id, list);
      }

      // Accounts in a fixed order so two transactions never wait on each other's counters.
      for (const account of [...pendingByAccount.keys()].sort()) {
        const rows = (pendingByAccount.get(account) ?? []).sort((a, b) => a.id - b.id);
        await trx
          .insertInto('dm_daily_counts')
          .values({ account_id: account, day, count: 0 })
          .onConflict((oc) => oc.doNothing())
          .execute();
        const { rows: locked } = await sql<{ count: number }>`
          select count from dm_daily_counts where account_id = ${account} and day = ${day}::date for update`.execute(
          trx,
        );
        const used = Number(locked[0]?.count ?? 0);
        const granted = Math.max(0, Math.min(rows.length, opts.dailyLimit - used));
        if (granted > 0) {
          await trx
            .updateTable('dm_daily_counts')
            .set((eb) => ({ count: eb('count', '+', granted) }))
            .where('account_id', '=', account)
            .where(sql<boolean>`day = ${day}::date`)
            .execute();
        }
        const refused = rows.slice(granted);
        if (refused.length > 0) {
          const reason = `daily DM limit of ${opts.dailyLimit} reached for account ${account} on ${day} (UTC)`;
          await trx
            .updateTable('dm_outbox')
            .set({ status: 'skipped', last_error: reason, updated_at: opts.now })
            .where(
              'id',
              'in',
              refused.map((r) => r.id),
            )
            .execute();
          for (const r of refused) {
            r.status = 'skipped';
            r.last_error = reason;
          }
        }
      }
      return inserted;
    });
  }

  /** Pending rows of these comments: what a (re-)run of the analysis must make sure is queued. */
  async pendingForComments(commentIds: readonly string[]): Promise<OutboxRow[]> {
    if (commentIds.length === 0) return [];
    return this.db
      .selectFrom('dm_outbox')
      .selectAll()
      .where('comment_id', 'in', [...commentIds])
      .where('status', '=', 'pending')
      .orderBy('id')
      .execute();
  }

  /** Pending rows created before `before`: sends whose job was lost (crash between commit and enqueue). */
  async pendingCreatedBefore(before: Date, limit: number): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('dm_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('created_at', '<', before)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async getOutbox(id: number): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('dm_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listOutbox(filter: { status?: DmStatus; limit: number }): Promise<OutboxRow[]> {
    let q = this.db.selectFrom('dm_outbox').selectAll();
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    return q.orderBy('id', 'desc').limit(filter.limit).execute();
  }

  /** Only a pending row moves to sent: a late duplicate job cannot rewrite history. */
  async markSent(id: number, deliveryId: string, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('dm_outbox')
      .set((eb) => ({
        status: 'sent',
        delivery_id: deliveryId,
        sent_at: now,
        updated_at: now,
        attempts: eb('attempts', '+', 1),
        last_error: null,
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Count a failed attempt; with `final` the row becomes `failed` (no more retries). */
  async markAttemptFailed(id: number, error: string, final: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('dm_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 1_000),
        updated_at: now,
        ...(final ? { status: 'failed' as const } : {}),
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Drop daily counters older than `beforeDay` (they only matter for their own day). */
  async deleteDailyCountsBefore(beforeDay: string): Promise<void> {
    await this.db
      .deleteFrom('dm_daily_counts')
      .where(sql<boolean>`day < ${beforeDay}::date`)
      .execute();
  }
}
