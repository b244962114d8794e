import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from '../infra/db/types.js';

/**
 * Hand-written types of the comment pipeline's tables (migration 202611231300_comments),
 * added to the `DB` interface of infra/db/types.ts (at the end of this file). Value conventions as documented there:
 * bigint → number, timestamptz → Date, jsonb parsed on read and JSON text on write.
 */

type WithDefault<T> = ColumnType<T, T | undefined, T>;

export interface CommentsTable {
  id: Generated<number>;
  comment_id: string;
  post_id: string;
  text: string;
  author: string;
  /** the client's timestamp, verbatim (seed: varchar 50) */
  timestamp: string;
  parent_id: string | null;
  /** the inbox's "mark handled" */
  handled: WithDefault<boolean>;
  handled_at: NullableTimestamp;
  /** ingestion time; retention and the BRIN index use it */
  created_at: CreatedAt;
  /** when its analysis job was last queued; null = not queued (migration 202612060100) */
  analysis_queued_at: NullableTimestamp;
}

export interface CommentAnalysisTable {
  comment_id: string;
  intent: string;
  purchase_intent_score: number;
  question_score: number;
  praise_score: number;
  complaint_score: number;
  spam_score: number;
  other_score: number;
  /** compound sentiment −1…1 */
  sentiment: number;
  /** 0…1 */
  lead_score: number;
  model_version: string;
  /** what decided the label (migration 202612061210_intent_corrections) */
  evidence: ColumnType<string[], string | undefined, string>;
  analyzed_at: CreatedAt;
}

/** An operator's correction of a comment's intent: kept as training data past retention. */
export interface CommentIntentCorrectionsTable {
  comment_id: string;
  post_id: string;
  text: string;
  intent: string;
  /** the label the classifier had given, and its version */
  model_intent: string | null;
  model_version: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface DmRulesTable {
  id: Generated<number>;
  account_id: string | null;
  name: string;
  intent: string | null;
  threshold: number | null;
  keywords: WithDefault<string[]>;
  match: WithDefault<'any' | 'all'>;
  template: string;
  variables: ColumnType<Record<string, string>, string | undefined, string>;
  enabled: WithDefault<boolean>;
  /** migration 202612062150_dm_rule_delivery */
  delivery: WithDefault<DmDeliveryMode>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** `dm`: the configured delivery (signed webhook or the source's DMs); `public_reply`: a Threads reply to the comment. */
export type DmDeliveryMode = 'dm' | 'public_reply';

export interface DmOutboxTable {
  id: Generated<number>;
  rule_id: number;
  comment_id: string;
  post_id: string;
  author: string;
  account_id: string;
  message: string;
  status: WithDefault<'pending' | 'sent' | 'failed' | 'skipped'>;
  attempts: WithDefault<number>;
  last_error: string | null;
  idempotency_key: string;
  delivery_id: string | null;
  /** the rule's delivery when the row was recorded (migration 202612062150_dm_rule_delivery) */
  delivery: WithDefault<DmDeliveryMode>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  sent_at: NullableTimestamp;
}

/** Opt-in auto-hide of spam replies, per account (migration 202612062200_spam_auto_hide). */
export interface SpamHideSettingsTable {
  account_id: string;
  enabled: boolean;
  /** the spam score (0.5…1) a reply labelled spam must reach */
  threshold: number;
  updated_at: CreatedAt;
}

export type HiddenReplyStatus = 'hiding' | 'hidden' | 'failed' | 'unhidden';

/** A reply the agent hid on Threads, and whether a human unhid it since. */
export interface HiddenRepliesTable {
  comment_id: string;
  account_id: string;
  post_id: string;
  author: string;
  text: string;
  spam_score: number;
  threshold: number;
  status: HiddenReplyStatus;
  last_error: string | null;
  created_at: CreatedAt;
  hidden_at: NullableTimestamp;
  unhidden_at: NullableTimestamp;
}

export interface DmDailyCountsTable {
  account_id: string;
  /** UTC day, written as 'YYYY-MM-DD'; never read back (pg would parse it in local time) */
  day: ColumnType<never, string, string>;
  count: WithDefault<number>;
}

export interface CommentMonitorsTable {
  task_id: string;
  post_id: string;
  interval_seconds: number;
  status: WithDefault<'active' | 'stopped' | 'failed'>;
  comments_processed: WithDefault<number>;
  last_processed: NullableTimestamp;
  error_count: WithDefault<number>;
  last_error: string | null;
  cursor: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CommentTables {
  comments: CommentsTable;
  comment_analysis: CommentAnalysisTable;
  comment_intent_corrections: CommentIntentCorrectionsTable;
  dm_rules: DmRulesTable;
  spam_hide_settings: SpamHideSettingsTable;
  hidden_replies: HiddenRepliesTable;
  dm_outbox: DmOutboxTable;
  dm_daily_counts: DmDailyCountsTable;
  comment_monitors: CommentMonitorsTable;
}

declare module '../infra/db/types.js' {
  interface DB extends CommentTables {}
}
