import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { CreatedAt, Json, NullableJson, NullableTimestamp } from '../infra/db/types.js';

/**
 * Hand-written types of the content engine's tables (migrations 202612061900_content and
 * 202612062220_near_duplicate_bands), merged into the `DB` interface of infra/db/types.ts. Value
 * conventions as documented there: bigint → number, timestamptz → Date, jsonb parsed on read and
 * JSON text on write.
 */

type WithDefault<T> = ColumnType<T, T | undefined, T>;

/** UTC hours [start, end) in which a persona never publishes; start > end wraps past midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

export type ApprovalMode = 'review' | 'auto';

/** A persona (the metrics engine's `persona_id`): who writes, about what, how often, and who approves. */
export interface PersonasTable {
  id: string;
  account_id: string;
  name: string;
  voice: WithDefault<string>;
  topics: Json<string[]>;
  avoid: Json<string[]>;
  language: WithDefault<string>;
  posts_per_day: WithDefault<number>;
  quiet_hours: NullableJson<QuietHours>;
  approval: WithDefault<ApprovalMode>;
  /** auto approval: drafts whose predicted engagement rate (mean) reaches this are scheduled without review */
  auto_threshold: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** A prompt template; its text lives in versions, `version` names the current one. */
export interface PromptTemplatesTable {
  id: Generated<number>;
  name: string;
  version: WithDefault<number>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One version of a template: never changed once written (an edit adds a version). */
export interface PromptTemplateVersionsTable {
  template_id: number;
  version: number;
  body: string;
  /** the `{name}` slots the body uses */
  variables: Json<string[]>;
  /** the hook family its drafts aim for (a pattern engine hook type) */
  hook_family: string;
  created_at: CreatedAt;
}

export const DRAFT_STATUSES = [
  'pending',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'rejected',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface StoredPrediction {
  mean: number;
  low: number;
  high: number;
  basis: 'account' | 'persona' | 'global';
  model_version: string;
}

export interface StoredLimitReason {
  code: 'too_long' | 'too_many_links' | 'empty';
  message: string;
}

/** A generated (or edited) post waiting for review, scheduled, published, failed or rejected. */
export interface DraftsTable {
  id: Generated<number>;
  persona_id: string;
  account_id: string;
  text: string;
  generator: string;
  template_id: number | null;
  template_version: number | null;
  hook_family: string | null;
  brief: string | null;
  /** the generator's seed (composer) */
  seed: number | null;
  tokens_used: number | null;
  /** the pattern engine's analysis of `text` */
  patterns: Json<unknown>;
  predicted: Json<StoredPrediction>;
  limits_ok: boolean;
  limit_reasons: Json<StoredLimitReason[]>;
  near_duplicate: NullableJson<{ post_id: string | null; draft_id: number | null; similarity: number }>;
  status: WithDefault<DraftStatus>;
  scheduled_at: NullableTimestamp;
  /** when publishing started (a retried job looks for a post published since) */
  publishing_at: NullableTimestamp;
  published_post_id: string | null;
  published_at: NullableTimestamp;
  failure_reason: string | null;
  edited: WithDefault<boolean>;
  /** LSH bands of the text's trigrams, for the near-duplicate search (202612062220_near_duplicate_bands) */
  near_dup_bands: GeneratedAlways<(number | null)[]>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ContentTables {
  personas: PersonasTable;
  prompt_templates: PromptTemplatesTable;
  prompt_template_versions: PromptTemplateVersionsTable;
  drafts: DraftsTable;
}

declare module '../infra/db/types.js' {
  interface DB extends ContentTables {}
}
