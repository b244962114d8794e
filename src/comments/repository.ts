import { sql, type Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { InboxItem, InboxQuery, Intent, MonitorStatus } from './schemas.js';
import { INTENTS } from './schemas.js';

/**
 * All SQL of comments, their analysis and comment monitors. Bulk writes are one statement per
 * batch; dedup is the unique constraint on `comment_id`, never a read-then-write.
 */

export interface NewCommentRow {
  comment_id: string;
  text: string;
  author: string;
  timestamp: string;
  parent_id: string | null;
}

export interface CommentForAnalysis {
  comment_id: string;
  post_id: string;
  author: string;
  text: string;
  /** from `posts` when the post is known there */
  account_id: string | null;
  post_url: string | null;
  /** the handle of the post's author, when `posts` knows it */
  post_author: string | null;
}

export interface CommentAnalysis {
  comment_id: string;
  intent: Intent;
  scores: Record<Intent, number>;
  sentiment: number;
  lead_score: number;
  model_version: string;
  /** what decided the label; [] when the analyzer gives none */
  evidence?: readonly string[];
}

export interface IntentCorrection {
  comment_id: string;
  post_id: string;
  text: string;
  intent: Intent;
  /** the classifier's label before the correction, and its version */
  model_intent: Intent | null;
  model_version: string | null;
  created_at: string;
  updated_at: string;
}

export interface MonitorRow {
  task_id: string;
  post_id: string;
  interval_seconds: number;
  status: MonitorStatus;
  comments_processed: number;
  last_processed: Date | null;
  error_count: number;
  last_error: string | null;
  cursor: string | null;
}

/** VADER's conventional cut-offs for the compound score (Hutto & Gilbert 2014). */
export const SENTIMENT_POSITIVE_MIN = 0.05;
export const SENTIMENT_NEGATIVE_MAX = -0.05;

const SCORE_COLUMNS = {
  purchase_intent: 'purchase_intent_score',
  question: 'question_score',
  praise: 'praise_score',
  complaint: 'complaint_score',
  spam: 'spam_score',
  other: 'other_score',
} as const satisfies Record<Intent, string>;

/** Escape LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class CommentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Insert the comments of one post in one statement; return the ids that were new. An id
   * already stored (earlier request, another replica, a concurrent request) is skipped by the
   * unique constraint, which is what makes concurrent ingestion safe.
   */
  async insertComments(postId: string, rows: readonly NewCommentRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    // One key order for every writer: concurrent requests with overlapping ids in different
    // orders would otherwise wait on each other's uncommitted keys in a cycle (deadlock).
    rows = [...rows].sort((a, b) => (a.comment_id < b.comment_id ? -1 : a.comment_id > b.comment_id ? 1 : 0));
    const ids = rows.map((r) => r.comment_id);
    const texts = rows.map((r) => r.text);
    const authors = rows.map((r) => r.author);
    const timestamps = rows.map((r) => r.timestamp);
    const parents = rows.map((r) => r.parent_id);
    const { rows: stored } = await sql<{ comment_id: string }>`
      insert into comments (comment_id, post_id, text, author, timestamp, parent_id)
      select u.comment_id, ${postId}, u.text, u.author, u.timestamp, u.parent_id
      from unnest(${ids}::varchar[], ${texts}::text[], ${authors}::varchar[], ${timestamps}::varchar[],
                  ${parents}::varchar[]) as u(comment_id, text, author, timestamp, parent_id)
      on conflict (comment_id) do nothing
      returning comment_id`.execute(this.db);
    return stored.map((r) => r.comment_id);
  }

  /** Stored replies of these posts (oldest first), for their reply trees. */
  async repliesOf(postIds: readonly string[]): Promise<
    {
      comment_id: string;
      post_id: string;
      parent_id: string | null;
      author: string;
      text: string;
      timestamp: string;
    }[]
  > {
    if (postIds.length === 0) return [];
    return this.db
      .selectFrom('comments')
      .select(['comment_id', 'post_id', 'parent_id', 'author', 'text', 'timestamp'])
      .where('post_id', 'in', [...postIds])
      .orderBy('created_at')
      .orderBy('comment_id')
      .execute();
  }

  /** The comments with the post's account and URL when `posts` knows the post. */
  async getForAnalysis(commentIds: readonly string[]): Promise<CommentForAnalysis[]> {
    if (commentIds.length === 0) return [];
    return this.db
      .selectFrom('comments as c')
      .leftJoin('posts as p', 'p.id', 'c.post_id')
      .select([
        'c.comment_id',
        'c.post_id',
        'c.author',
        'c.text',
        'p.account_id',
        'p.post_url',
        'p.author_username as post_author',
      ])
      .where('c.comment_id', 'in', [...commentIds])
      .orderBy('c.id')
      .execute();
  }

  /**
   * Comments whose stored analysis came from another model version than `modelVersion`, in
   * comment-id order after `after`, with the intent stored for them.
   */
  async staleAnalyses(
    modelVersion: string,
    after: string,
    limit: number,
  ): Promise<{ comment_id: string; intent: string }[]> {
    return this.db
      .selectFrom('comment_analysis as a')
      .select(['a.comment_id', 'a.intent'])
      .where('a.model_version', '<>', modelVersion)
      .where('a.comment_id', '>', after)
      .where(({ not, exists, selectFrom }) => not(exists(corrected(selectFrom))))
      .orderBy('a.comment_id')
      .limit(limit)
      .execute();
  }

  /** Stale analyses (see staleAnalyses); an operator-corrected comment is never stale. */
  async countStaleAnalyses(modelVersion: string): Promise<number> {
    const row = await this.db
      .selectFrom('comment_analysis as a')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('a.model_version', '<>', modelVersion)
      .where(({ not, exists, selectFrom }) => not(exists(corrected(selectFrom))))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * One upsert per batch: re-analysing a comment replaces its row (idempotent job re-runs),
   * except a comment an operator corrected, whose label stays the operator's.
   */
  async upsertAnalyses(rows: readonly CommentAnalysis[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    // Sorted so concurrent upserts of overlapping batches lock rows in the same order.
    const ordered = [...rows].sort((a, b) =>
      a.comment_id < b.comment_id ? -1 : a.comment_id > b.comment_id ? 1 : 0,
    );
    await this.db
      .insertInto('comment_analysis')
      .values(
        ordered.map((r) => ({
          comment_id: r.comment_id,
          intent: r.intent,
          purchase_intent_score: r.scores.purchase_intent,
          question_score: r.scores.question,
          praise_score: r.scores.praise,
          complaint_score: r.scores.complaint,
          spam_score: r.scores.spam,
          other_score: r.scores.other,
          sentiment: r.sentiment,
          lead_score: r.lead_score,
          model_version: r.model_version,
          evidence: JSON.stringify(r.evidence ?? []),
          analyzed_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('comment_id')
          .doUpdateSet((eb) => ({
            intent: eb.ref('excluded.intent'),
            purchase_intent_score: eb.ref('excluded.purchase_intent_score'),
            question_score: eb.ref('excluded.question_score'),
            praise_score: eb.ref('excluded.praise_score'),
            complaint_score: eb.ref('excluded.complaint_score'),
            spam_score: eb.ref('excluded.spam_score'),
            other_score: eb.ref('excluded.other_score'),
            sentiment: eb.ref('excluded.sentiment'),
            lead_score: eb.ref('excluded.lead_score'),
            model_version: eb.ref('excluded.model_version'),
            evidence: eb.ref('excluded.evidence'),
            analyzed_at: eb.ref('excluded.analyzed_at'),
          }))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('comment_intent_corrections as k')
                  .select('k.comment_id')
                  .whereRef('k.comment_id', '=', 'comment_analysis.comment_id'),
              ),
            ),
          ),
      )
      .execute();
  }

  /**
   * Record an operator's label for a comment and make it the stored intent (with the evidence
   * "corrected by an operator"); a correction to spam also zeroes the lead score. Returns the
   * correction, or undefined when there is no such comment.
   */
  async correctIntent(commentId: string, intent: Intent, now: Date): Promise<IntentCorrection | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const c = await trx
        .selectFrom('comments as c')
        .leftJoin('comment_analysis as a', 'a.comment_id', 'c.comment_id')
        .leftJoin('comment_intent_corrections as k', 'k.comment_id', 'c.comment_id')
        .select([
          'c.comment_id',
          'c.post_id',
          'c.text',
          'a.intent as analysed_intent',
          'a.model_version',
          'k.model_intent as earlier_model_intent',
          'k.model_version as earlier_model_version',
          'k.comment_id as corrected_id',
        ])
        .where('c.comment_id', '=', commentId)
        .executeTakeFirst();
      if (!c) return undefined;
      // The model's own label is kept from the first correction: a second correction replaces
      // the operator's label, not the model's.
      const modelIntent = c.corrected_id !== null ? c.earlier_model_intent : c.analysed_intent;
      const modelVersion = c.corrected_id !== null ? c.earlier_model_version : c.model_version;
      const row = await trx
        .insertInto('comment_intent_corrections')
        .values({
          comment_id: c.comment_id,
          post_id: c.post_id,
          text: c.text,
          intent,
          model_intent: modelIntent,
          model_version: modelVersion,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('comment_id').doUpdateSet({ intent, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      const evidence = JSON.stringify([
        `corrected by an operator${modelIntent ? ` (the model said ${modelIntent})` : ''}`,
      ]);
      await trx
        .updateTable('comment_analysis')
        .set({ intent, evidence, ...(intent === 'spam' ? { lead_score: 0 } : {}) })
        .where('comment_id', '=', commentId)
        .execute();
      return toCorrection(row);
    });
  }

  /** Corrections, most recently changed first: the operators' labels as training data. */
  async listCorrections(
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: IntentCorrection[] }> {
    const [count, rows] = await Promise.all([
      this.db
        .selectFrom('comment_intent_corrections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('comment_intent_corrections')
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('comment_id')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return { total: Number(count.n), items: rows.map(toCorrection) };
  }

  /** Stored comments without analysis, created before `before` (lost or failed analysis jobs). */
  /**
   * Claim up to `limit` unanalysed comments to queue again: those never queued (a null stamp) and
   * those queued before `lostBefore` (their job was lost). Their stamp becomes `now` in the same
   * statement, and rows another sweep is claiming are skipped, so two workers sweeping at once
   * never queue a comment twice.
   */
  async claimUnqueued(lostBefore: Date, now: Date, limit: number): Promise<string[]> {
    const { rows } = await sql<{ comment_id: string }>`
      update comments set analysis_queued_at = ${now}
      where id in (
        select c.id from comments c
        where not exists (select 1 from comment_analysis a where a.comment_id = c.comment_id)
          and (c.analysis_queued_at is null or c.analysis_queued_at < ${lostBefore})
        order by c.id
        limit ${limit}
        for update of c skip locked)
      returning comment_id`.execute(this.db);
    return rows.map((r) => r.comment_id).sort();
  }

  /** Record that these comments' analysis could not be queued: the next sweep queues them. */
  async markUnqueued(commentIds: readonly string[]): Promise<void> {
    if (commentIds.length === 0) return;
    await this.db
      .updateTable('comments')
      .set({ analysis_queued_at: null })
      .where('comment_id', 'in', [...commentIds])
      .execute();
  }

  /**
   * The analysis backlog: comments stored since `since` that have no analysis yet, and when the
   * oldest of them was stored. The BRIN index on created_at keeps the scan to that window.
   */
  async analysisBacklog(since: Date): Promise<{ comments: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('comments as c')
      .leftJoin('comment_analysis as a', 'a.comment_id', 'c.comment_id')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('c.created_at').as('oldest')])
      .where('a.comment_id', 'is', null)
      .where('c.created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return { comments: Number(row.n), oldest: row.oldest === null ? null : new Date(row.oldest) };
  }

  /**
   * Rows and bytes (with indexes and TOAST) of the comments table. Rows are counted exactly up to
   * 100,000 and read from the planner's estimate above that (a count would scan the table).
   */
  async tableStats(): Promise<{ rows: number; bytes: number }> {
    const { rows } = await sql<{ estimate: number; bytes: number }>`
      select c.reltuples::float8 as estimate, pg_total_relation_size(c.oid)::float8 as bytes
      from pg_class c where c.oid = 'comments'::regclass`.execute(this.db);
    const stats = rows[0] ?? { estimate: -1, bytes: 0 };
    if (stats.estimate >= 100_000) return { rows: Math.round(stats.estimate), bytes: Number(stats.bytes) };
    const exact = await this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { rows: Number(exact.n), bytes: Number(stats.bytes) };
  }

  async countAnalyzed(commentIds: readonly string[]): Promise<number> {
    if (commentIds.length === 0) return 0;
    const row = await this.db
      .selectFrom('comment_analysis')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('comment_id', 'in', [...commentIds])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The inbox: comments joined with their analysis, newest first, with the total match count. */
  async listInbox(filter: InboxQuery): Promise<{ total: number; items: InboxItem[] }> {
    let q = this.db
      .selectFrom('comments as c')
      .leftJoin('comment_analysis as a', 'a.comment_id', 'c.comment_id')
      .leftJoin('comment_intent_corrections as k', 'k.comment_id', 'c.comment_id');
    if (filter.post_id !== undefined) q = q.where('c.post_id', '=', filter.post_id);
    if (filter.intent !== undefined) q = q.where('a.intent', '=', filter.intent);
    if (filter.min_lead_score !== undefined) q = q.where('a.lead_score', '>=', filter.min_lead_score);
    if (filter.sentiment === 'positive') q = q.where('a.sentiment', '>=', SENTIMENT_POSITIVE_MIN);
    if (filter.sentiment === 'negative') q = q.where('a.sentiment', '<=', SENTIMENT_NEGATIVE_MAX);
    if (filter.sentiment === 'neutral') {
      q = q
        .where('a.sentiment', '>', SENTIMENT_NEGATIVE_MAX)
        .where('a.sentiment', '<', SENTIMENT_POSITIVE_MIN);
    }
    if (filter.q !== undefined) q = q.where(sql<boolean>`c.text ilike ${likeContains(filter.q)} escape '\\'`);
    if (filter.handled !== undefined) q = q.where('c.handled', '=', filter.handled);

    const [countRow, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .select([
          'c.comment_id',
          'c.post_id',
          'c.author',
          'c.text',
          'c.timestamp',
          'c.parent_id',
          'c.created_at',
          'c.handled',
          'a.intent',
          'a.purchase_intent_score',
          'a.question_score',
          'a.praise_score',
          'a.complaint_score',
          'a.spam_score',
          'a.other_score',
          'a.sentiment',
          'a.lead_score',
          'a.model_version',
          'a.evidence',
          'a.analyzed_at',
          'k.intent as corrected_intent',
          'k.model_intent as corrected_model_intent',
          'k.updated_at as corrected_at',
        ])
        // id follows insertion order, so the primary key serves "newest first" without a sort.
        .orderBy('c.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
    ]);
    const items: InboxItem[] = rows.map((r) => ({
      comment_id: r.comment_id,
      post_id: r.post_id,
      author: r.author,
      text: r.text,
      timestamp: r.timestamp,
      parent_id: r.parent_id,
      created_at: r.created_at.toISOString(),
      handled: r.handled,
      analysis:
        r.intent === null || r.analyzed_at === null
          ? null
          : {
              intent: r.intent as Intent,
              scores: Object.fromEntries(
                INTENTS.map((i) => [i, (r as Record<string, unknown>)[SCORE_COLUMNS[i]] as number]),
              ),
              sentiment: r.sentiment as number,
              lead_score: r.lead_score as number,
              model_version: r.model_version as string,
              analyzed_at: r.analyzed_at.toISOString(),
              evidence: Array.isArray(r.evidence) ? r.evidence.map(String) : [],
              correction:
                r.corrected_intent === null || r.corrected_at === null
                  ? null
                  : {
                      intent: r.corrected_intent as Intent,
                      model_intent: (r.corrected_model_intent as Intent | null) ?? null,
                      corrected_at: r.corrected_at.toISOString(),
                    },
            },
    }));
    return { total: Number(countRow.n), items };
  }

  /** Mark a comment handled (or not); false when there is no such comment. */
  async setHandled(commentId: string, handled: boolean, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('comments')
      .set({ handled, handled_at: handled ? now : null })
      .where('comment_id', '=', commentId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Delete comments created before `cutoff` (their analysis cascades), `batchSize` rows per
   * statement so a large backlog never holds one long transaction. Returns the rows deleted.
   */
  async deleteCreatedBefore(cutoff: Date, batchSize = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        with doomed as (
          select id from comments where created_at < ${cutoff} order by id limit ${batchSize}
        ), gone as (
          delete from comments where id in (select id from doomed) returning 1
        )
        select count(*)::int as n from gone`.execute(this.db);
      const n = Number(rows[0]?.n ?? 0);
      total += n;
      if (n < batchSize) return total;
    }
  }

  // ── monitors ──────────────────────────────────────────────────────────────

  async createMonitor(m: {
    task_id: string;
    post_id: string;
    interval_seconds: number;
    now: Date;
  }): Promise<MonitorRow> {
    return this.db
      .insertInto('comment_monitors')
      .values({
        task_id: m.task_id,
        post_id: m.post_id,
        interval_seconds: m.interval_seconds,
        created_at: m.now,
        updated_at: m.now,
      })
      .returning(MONITOR_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  async getMonitor(taskId: string): Promise<MonitorRow | undefined> {
    return this.db
      .selectFrom('comment_monitors')
      .select(MONITOR_COLUMNS)
      .where('task_id', '=', taskId)
      .executeTakeFirst();
  }

  async setMonitorStatus(taskId: string, status: MonitorStatus, now: Date): Promise<MonitorRow | undefined> {
    return this.db
      .updateTable('comment_monitors')
      .set({ status, updated_at: now })
      .where('task_id', '=', taskId)
      .returning(MONITOR_COLUMNS)
      .executeTakeFirst();
  }

  async findActiveMonitor(postId: string): Promise<MonitorRow | undefined> {
    return this.db
      .selectFrom('comment_monitors')
      .select(MONITOR_COLUMNS)
      .where('post_id', '=', postId)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .executeTakeFirst();
  }

  async setMonitorInterval(
    taskId: string,
    intervalSeconds: number,
    now: Date,
  ): Promise<MonitorRow | undefined> {
    return this.db
      .updateTable('comment_monitors')
      .set({ interval_seconds: intervalSeconds, updated_at: now })
      .where('task_id', '=', taskId)
      .returning(MONITOR_COLUMNS)
      .executeTakeFirst();
  }

  async listActiveMonitors(): Promise<MonitorRow[]> {
    return this.db
      .selectFrom('comment_monitors')
      .select(MONITOR_COLUMNS)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .execute();
  }

  async recordMonitorPoll(
    taskId: string,
    p: { cursor: string | null; stored: number; now: Date },
  ): Promise<void> {
    await this.db
      .updateTable('comment_monitors')
      .set((eb) => ({
        cursor: p.cursor === null ? eb.ref('cursor') : p.cursor,
        comments_processed: eb('comments_processed', '+', p.stored),
        last_processed: p.now,
        updated_at: p.now,
      }))
      .where('task_id', '=', taskId)
      .execute();
  }

  async recordMonitorError(taskId: string, p: { error: string; now: Date; fail: boolean }): Promise<void> {
    await this.db
      .updateTable('comment_monitors')
      .set((eb) => ({
        error_count: eb('error_count', '+', 1),
        last_error: p.error.slice(0, 1_000),
        updated_at: p.now,
        ...(p.fail ? { status: 'failed' as const } : {}),
      }))
      .where('task_id', '=', taskId)
      .execute();
  }
}

/** The subquery "this analysis has an operator's correction", for `not exists`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function corrected(selectFrom: any) {
  return selectFrom('comment_intent_corrections as k')
    .select('k.comment_id')
    .whereRef('k.comment_id', '=', 'a.comment_id');
}

function toCorrection(r: {
  comment_id: string;
  post_id: string;
  text: string;
  intent: string;
  model_intent: string | null;
  model_version: string | null;
  created_at: Date;
  updated_at: Date;
}): IntentCorrection {
  return {
    comment_id: r.comment_id,
    post_id: r.post_id,
    text: r.text,
    intent: r.intent as Intent,
    model_intent: r.model_intent as Intent | null,
    model_version: r.model_version,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

const MONITOR_COLUMNS = [
  'task_id',
  'post_id',
  'interval_seconds',
  'status',
  'comments_processed',
  'last_processed',
  'error_count',
  'last_error',
  'cursor',
] as const;
