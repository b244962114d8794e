import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';
import type { CreatedAt, DefaultZero, NullableJson, Timestamp } from '../infra/db/types.js';

/**
 * Hand-written types of the posts capability's tables (migration 202611231200_viral_metrics and
 * 202612021830_post_author): posts, their counter snapshots and the pattern usage every
 * capability reads. Value conventions as documented in
 * infra/db/types.ts.
 */

/** Posts known to the platform (from the source or pushed by clients). */
export interface PostsTable {
  id: string;
  account_id: string;
  persona_id: string;
  content: ColumnType<string, string | undefined, string>;
  post_url: string | null;
  published_at: Timestamp;
  source: string;
  /** the author's handle without the @ (202612021830_post_author); null when not known */
  author_username: ColumnType<string | null, string | null | undefined, string | null>;
  /** The pattern engine's result for the post; null until analysed. */
  patterns: NullableJson<unknown>;
  /** seed 003's columns of generated posts (202612061900_content): the opening, the rest, LLM tokens, engagement rate */
  hook: ColumnType<string | null, string | null | undefined, string | null>;
  body: ColumnType<string | null, string | null | undefined, string | null>;
  tokens_used: ColumnType<number | null, number | null | undefined, number | null>;
  engagement: ColumnType<number | null, number | null | undefined, number | null>;
  /** the content engine's near-duplicate search: LSH bands of the trigrams (202612062220_near_duplicate_bands) */
  near_dup_bands: GeneratedAlways<(number | null)[]>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** One reading of a post's cumulative counters; per-hour rates come from differences. */
export interface PostSnapshotsTable {
  post_id: string;
  taken_at: Timestamp;
  views: DefaultZero;
  impressions: DefaultZero;
  engaged_views: DefaultZero;
  likes: DefaultZero;
  replies: DefaultZero;
  reposts: DefaultZero;
  quotes: DefaultZero;
  shares: DefaultZero;
}

/** Pattern uses per post (seed table); unique per (post_id, pattern_id) so re-analysis does not double count. */
export interface PatternUsageHistoryTable {
  id: Generated<number>;
  pattern_id: string;
  persona_id: string;
  post_id: string;
  usage_count: ColumnType<number, number | undefined, number>;
  last_used_at: CreatedAt;
  created_at: CreatedAt;
}

export interface PostsTables {
  posts: PostsTable;
  post_snapshots: PostSnapshotsTable;
  pattern_usage_history: PatternUsageHistoryTable;
}

declare module '../infra/db/types.js' {
  interface DB extends PostsTables {}
}

export type PostRow = Selectable<PostsTable>;

export type PostSnapshotRow = Selectable<PostSnapshotsTable>;
