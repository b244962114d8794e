/**
 * Every background job: its name (the seeds' Celery task names where they had one) and payload.
 * Payloads travel as JSON (BullMQ stores them in Redis), so only JSON values belong here.
 * To add a job: add its payload to `JobPayloads` and its name to `JOB_NAMES`; start-up then fails
 * until a handler is registered for it.
 */
export interface JobPayloads {
  /** Collect metrics for every active post, in batches (the seed's background processor). */
  process_active_posts: { batchSize?: number; requestId?: string };
  /** Collect and store one post's KPIs. */
  collect_post_metrics: { postId: string; timeframe?: string; requestId?: string };
  /** Deliver the webhook alert of one high-severity anomaly. */
  send_alert: { anomalyId: number };
  /** Split a request's stored comments into analyze_comment_batch jobs (one job on the request path instead of one per batch). */
  queue_comment_batches: { commentIds: string[]; requestId?: string };
  /** Classify a batch of stored comments (the seed's Celery task). */
  analyze_comment_batch: { commentIds: string[]; requestId?: string };
  /** Deliver one DM from the outbox. */
  send_dm: { outboxId: number };
  /** Poll one comment monitor once. */
  poll_comment_monitor: { taskId: string };
  /** Delete raw comments older than COMMENT_RETENTION_DAYS. */
  comment_retention: Record<string, never>;
  /** Retrain the per-account engagement model from the stored outcomes, then predict new posts. */
  train_engagement_model: Record<string, never>;
  /** Queue one poll_threads_account job per connected Threads account (the schedule's job). */
  poll_threads_accounts: Record<string, never>;
  /** One run of an account's poller: new posts, insights by post age, replies and mentions, inside its call budget. */
  poll_threads_account: { accountId: string };
  /** Refresh every connected account's long-lived token that is ≥ 24 h old with < 7 days left. */
  refresh_account_tokens: Record<string, never>;
  /** Queue a publish_draft job for every draft whose slot has come (the content engine's publishing queue). */
  publish_due_drafts: Record<string, never>;
  /** Publish one scheduled draft through the source, exactly once. */
  publish_draft: { draftId: number };
  /** Experiments: read each post's reward once at its age, re-decide, attach published drafts, schedule the next slot. */
  run_experiments: Record<string, never>;
  /** The demo's months of history: store the simulator's posts older than METRICS_TTL_HOURS with readings and KPIs (once). */
  seed_demo_history: Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** The same names as a runtime list, for the start-up check that each has a handler. */
export const JOB_NAMES = [
  'process_active_posts',
  'collect_post_metrics',
  'send_alert',
  'queue_comment_batches',
  'analyze_comment_batch',
  'send_dm',
  'poll_comment_monitor',
  'comment_retention',
  'train_engagement_model',
  'poll_threads_accounts',
  'poll_threads_account',
  'refresh_account_tokens',
  'publish_due_drafts',
  'publish_draft',
  'run_experiments',
  'seed_demo_history',
] as const satisfies readonly JobName[];

// Fails to compile when a name is in JobPayloads but missing from JOB_NAMES.
type MissingFromList = Exclude<JobName, (typeof JOB_NAMES)[number]>;
const listIsComplete: [MissingFromList] extends [never] ? true : MissingFromList = true;
void listIsComplete;
