import { UnavailableError } from '../../errors.js';
import type { JobName, JobPayloads } from './jobs.js';

/**
 * Background jobs, one API for the in-process queue (embedded mode) and BullMQ (production).
 *
 * Semantics both implementations share (checked by test/contract/queue.contract.test.ts):
 * - `add` with a `jobId` that is already known returns that id and adds nothing (idempotent
 *   enqueue; a finished job keeps its id taken while it is retained).
 * - Lower `priority` runs first; jobs without a priority run before any prioritised job
 *   (BullMQ's rule). Equal priorities run in insertion order.
 * - A handler that throws is retried up to `attempts` in total, after an exponential backoff with
 *   jitter (`backoffDelayMs`); `PermanentJobError` fails the job at once. Failed jobs are kept.
 * - `attemptsMade` counts finished attempts (a job that succeeded at its 3rd try reports 3);
 *   `ctx.attempt` is the 1-based number of the attempt running.
 * - Handlers must be idempotent: a worker killed mid-job (BullMQ) runs the job again.
 */
export interface Queue {
  readonly kind: 'memory' | 'bullmq';

  /** Declare the one handler of a job name (before or after `start`; a second one throws). Concurrency defaults to 1. */
  register<N extends JobName>(name: N, handler: JobHandler<N>, opts?: RegisterOptions): void;

  /** Enqueue a job; resolves with its id once it is stored. */
  add<N extends JobName>(name: N, payload: JobPayloads[N], opts?: AddOptions): Promise<string>;

  /**
   * Enqueue many jobs of one name with the same options in one round trip (BullMQ `addBulk`);
   * resolves with their ids in order. `opts.jobId` is not allowed (one id cannot name many jobs).
   */
  addMany<N extends JobName>(
    name: N,
    payloads: readonly JobPayloads[N][],
    opts?: Omit<AddOptions, 'jobId'>,
  ): Promise<string[]>;

  /**
   * Run `name` every `everyMs`, the first time right away. One schedule per `key` across every
   * process sharing the queue: calling it again with the same key replaces the schedule.
   */
  addRepeatable<N extends JobName>(name: N, payload: JobPayloads[N], opts: RepeatOptions): Promise<void>;

  /** Stop a schedule; unknown keys are ignored. Jobs it already enqueued still run. */
  removeRepeatable(key: string): Promise<void>;

  /** A job's state while it is retained, else `undefined`. */
  getJob(id: string): Promise<JobInfo | undefined>;

  /**
   * Run a failed, retained job again with a fresh budget of attempts (same id, same payload):
   * how a sweep re-drives work whose retries ran out during an outage. Resolves `true` when the
   * job was failed and is waiting again, `false` when it is unknown or in any other state.
   */
  retryFailed(id: string): Promise<boolean>;

  /** Jobs per state over every job name (for the queue length metric). */
  counts(): Promise<JobCounts>;

  /**
   * Start processing registered names. With `requireAll`, first throw `MissingHandlersError`
   * when any `JobName` has no handler (a worker must be able to run every job it may receive).
   */
  start(opts?: { requireAll?: boolean }): Promise<void>;

  /** Resolves when the backend answers; rejects otherwise (for /ready). */
  ping(): Promise<void>;

  /** Stop taking jobs, wait for the ones running to finish, then release connections and timers. */
  close(): Promise<void>;
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';
export type JobProgress = number | Record<string, unknown>;
export type JobCounts = Record<JobState, number>;

export interface JobContext {
  jobId: string;
  name: JobName;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  updateProgress(progress: JobProgress): Promise<void>;
}

/** Resolves with the job's result (JSON, kept for `getJob`); throws to fail the attempt. */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>;

export interface RegisterOptions {
  /** Jobs of this name run at once in this process (default 1). */
  concurrency?: number;
}

export interface AddOptions {
  /** Idempotency key; letters, digits, `-`, `_`, `.`; not only digits (BullMQ reserves those). */
  jobId?: string;
  /** 1 (first) … 2,097,152; omitted = before every prioritised job. */
  priority?: number;
  /** Tries in total, default 3. */
  attempts?: number;
  /** First retry delay before jitter, default 1000 ms; doubles per retry up to 10 s. */
  backoffMs?: number;
  /** Wait this long before the job becomes runnable. */
  delayMs?: number;
}

export interface RepeatOptions {
  everyMs: number;
  /** Names the schedule (same rules as a job id). */
  key: string;
}

export interface JobInfo<N extends JobName = JobName> {
  id: string;
  name: N;
  state: JobState;
  progress: JobProgress;
  result?: unknown;
  failedReason?: string;
  attemptsMade: number;
  data: JobPayloads[N];
  createdAt: Date;
  finishedAt?: Date;
}

/** Throw from a handler when retrying cannot help (bad payload, record gone): the job fails now. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/**
 * The queue's backend did not answer in time (Redis down or unreachable): nothing was queued, or
 * whether it was is unknown. A 503 with Retry-After for an HTTP caller; callers that can repair
 * later (the comment sweep) catch it.
 */
export class QueueUnavailableError extends UnavailableError {
  constructor(operation: string, options?: { cause?: unknown }) {
    super(
      `the job queue is unavailable (${operation} did not complete); retry later`,
      QUEUE_RETRY_AFTER_SECONDS,
    );
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** How long a producer call may wait for the backend before QueueUnavailableError. */
export const QUEUE_OPERATION_TIMEOUT_MS = 2_000;
export const QUEUE_RETRY_AFTER_SECONDS = 5;

export class MissingHandlersError extends Error {
  constructor(readonly names: readonly JobName[]) {
    super(`no handler registered for job(s): ${names.join(', ')}`);
    this.name = 'MissingHandlersError';
  }
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
/** BullMQ's highest priority number. */
export const MAX_PRIORITY = 2 ** 21;
/** Finished jobs retained for `getJob` (BullMQ also drops completed jobs after a day). */
export const KEEP_COMPLETED = { count: 1000, ageSeconds: 24 * 3600 };
export const KEEP_FAILED = { count: 5000, ageSeconds: 7 * 24 * 3600 };

/**
 * Delay before the next try after `attemptsMade` failed attempts:
 * min(base·2^(attemptsMade−1), 10 s) scaled by a random factor in [0.5, 1) ("equal jitter"), so
 * replicas retrying the same outage spread out while each delay still grows.
 */
export function backoffDelayMs(
  attemptsMade: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), MAX_BACKOFF_MS);
  return Math.round(exponential * (0.5 + random() / 2));
}

const ID_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;

/** Reject ids BullMQ would refuse or misread, in both implementations alike. */
export function validateJobId(id: string, what = 'job id'): void {
  if (!ID_PATTERN.test(id) || /^\d+$/.test(id)) {
    throw new TypeError(
      `${what} must be 1–200 of [A-Za-z0-9_.-] and not only digits, got ${JSON.stringify(id)}`,
    );
  }
}

/** Check and fill in `AddOptions` the same way for both implementations. */
export function resolveAddOptions(opts: AddOptions = {}): Required<Omit<AddOptions, 'jobId' | 'priority'>> & {
  priority: number;
} {
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  const priority = opts.priority ?? 0;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be an integer ≥ 1, got ${attempts}`);
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new RangeError(`priority must be an integer in 0…${MAX_PRIORITY}, got ${priority}`);
  }
  if (opts.jobId !== undefined) validateJobId(opts.jobId);
  return {
    attempts,
    priority,
    backoffMs: Math.max(0, opts.backoffMs ?? DEFAULT_BACKOFF_MS),
    delayMs: Math.max(0, opts.delayMs ?? 0),
  };
}
