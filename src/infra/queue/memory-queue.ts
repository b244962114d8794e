import { randomUUID } from 'node:crypto';
import type { Logger } from '../telemetry/logger.js';
import { JOB_NAMES, type JobName, type JobPayloads } from './jobs.js';
import {
  backoffDelayMs,
  KEEP_COMPLETED,
  KEEP_FAILED,
  MissingHandlersError,
  PermanentJobError,
  resolveAddOptions,
  validateJobId,
  type AddOptions,
  type JobCounts,
  type JobHandler,
  type JobInfo,
  type JobProgress,
  type JobState,
  type Queue,
  type RegisterOptions,
  type RepeatOptions,
} from './queue.js';

interface JobRecord {
  id: string;
  name: JobName;
  data: unknown;
  state: JobState;
  progress: JobProgress;
  result?: unknown;
  failedReason?: string;
  attemptsMade: number;
  attempts: number;
  backoffMs: number;
  priority: number;
  /** Insertion order: breaks priority ties first-in first-out. */
  seq: number;
  createdAt: Date;
  finishedAt?: Date;
  timer?: NodeJS.Timeout;
}

interface Registration {
  handler: JobHandler<JobName>;
  concurrency: number;
  active: number;
}

export interface MemoryQueueOptions {
  logger?: Logger;
  /** Finished jobs kept for `getJob` (defaults: the BullMQ implementation's counts). */
  keepCompleted?: number;
  keepFailed?: number;
  random?: () => number;
}

/**
 * The embedded mode's queue: jobs live in this process (lost on restart), with the BullMQ
 * implementation's semantics for priorities, retries with backoff, concurrency per job name,
 * repeatable jobs (timers) and job inspection.
 */
export class MemoryQueue implements Queue {
  readonly kind = 'memory';
  readonly #jobs = new Map<string, JobRecord>();
  readonly #waiting = new Map<JobName, JobRecord[]>();
  readonly #handlers = new Map<JobName, Registration>();
  readonly #repeats = new Map<string, { timer: NodeJS.Timeout; last?: JobRecord }>();
  readonly #running = new Set<Promise<void>>();
  readonly #finished: { completed: string[]; failed: string[] } = { completed: [], failed: [] };
  readonly #keep: { completed: number; failed: number };
  readonly #log: Logger | undefined;
  readonly #random: () => number;
  #seq = 0;
  #started = false;
  #closed = false;

  constructor(opts: MemoryQueueOptions = {}) {
    this.#keep = {
      completed: opts.keepCompleted ?? KEEP_COMPLETED.count,
      failed: opts.keepFailed ?? KEEP_FAILED.count,
    };
    this.#log = opts.logger?.child({ module: 'queue' });
    this.#random = opts.random ?? Math.random;
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: RegisterOptions = {}): void {
    const concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be ≥ 1, got ${concurrency}`);
    if (this.#handlers.has(name)) throw new Error(`job ${name} already has a handler`);
    this.#handlers.set(name, { handler: handler as JobHandler<JobName>, concurrency, active: 0 });
    this.#pump(name);
  }

  async addMany<N extends JobName>(
    name: N,
    payloads: readonly JobPayloads[N][],
    opts: Omit<AddOptions, 'jobId'> = {},
  ): Promise<string[]> {
    return Promise.all(payloads.map((p) => this.add(name, p, opts)));
  }

  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: AddOptions = {}): Promise<string> {
    if (this.#closed) throw new Error('queue is closed');
    const resolved = resolveAddOptions(opts);
    const id = opts.jobId ?? randomUUID();
    if (this.#jobs.has(id)) return id;
    const job: JobRecord = {
      id,
      name,
      // Stored as JSON, as in Redis: the handler never shares objects with the caller.
      data: JSON.parse(JSON.stringify(payload)) as unknown,
      state: 'waiting',
      progress: 0,
      attemptsMade: 0,
      attempts: resolved.attempts,
      backoffMs: resolved.backoffMs,
      priority: resolved.priority,
      seq: this.#seq++,
      createdAt: new Date(),
    };
    this.#jobs.set(id, job);
    if (resolved.delayMs > 0) this.#delay(job, resolved.delayMs);
    else this.#enqueue(job);
    return id;
  }

  async addRepeatable<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    opts: RepeatOptions,
  ): Promise<void> {
    validateJobId(opts.key, 'repeat key');
    if (!(opts.everyMs > 0)) throw new RangeError(`everyMs must be > 0, got ${opts.everyMs}`);
    await this.removeRepeatable(opts.key);
    const entry: { timer: NodeJS.Timeout; last?: JobRecord } = {
      timer: setInterval(() => void fire(), opts.everyMs).unref(),
    };
    const fire = async () => {
      // Like BullMQ's scheduler: no new run while the previous one has not started yet.
      if (this.#closed || entry.last?.state === 'waiting' || entry.last?.state === 'delayed') return;
      const id = await this.add(name, payload);
      entry.last = this.#jobs.get(id);
    };
    this.#repeats.set(opts.key, entry);
    await fire();
  }

  async removeRepeatable(key: string): Promise<void> {
    const entry = this.#repeats.get(key);
    if (!entry) return;
    clearInterval(entry.timer);
    this.#repeats.delete(key);
  }

  async retryFailed(id: string): Promise<boolean> {
    const job = this.#jobs.get(id);
    if (!job || job.state !== 'failed' || this.#closed) return false;
    const kept = this.#finished.failed;
    kept.splice(kept.indexOf(id), 1);
    job.attemptsMade = 0;
    job.failedReason = undefined;
    job.finishedAt = undefined;
    this.#enqueue(job);
    return true;
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      data: structuredClone(job.data) as JobInfo['data'],
      createdAt: job.createdAt,
      ...(job.result !== undefined ? { result: structuredClone(job.result) } : {}),
      ...(job.failedReason !== undefined ? { failedReason: job.failedReason } : {}),
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    };
  }

  async counts(): Promise<JobCounts> {
    const counts: JobCounts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
    for (const job of this.#jobs.values()) counts[job.state]++;
    return counts;
  }

  async start(opts: { requireAll?: boolean } = {}): Promise<void> {
    if (opts.requireAll) {
      const missing = JOB_NAMES.filter((name) => !this.#handlers.has(name));
      if (missing.length > 0) throw new MissingHandlersError(missing);
    }
    this.#started = true;
    for (const name of this.#handlers.keys()) this.#pump(name);
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error('queue is closed');
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const entry of this.#repeats.values()) clearInterval(entry.timer);
    this.#repeats.clear();
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #enqueue(job: JobRecord): void {
    job.state = 'waiting';
    const list = this.#waiting.get(job.name) ?? [];
    // Sorted by (priority, seq); binary search keeps `add` O(log n) plus the splice.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = list[mid]!;
      if (other.priority < job.priority || (other.priority === job.priority && other.seq < job.seq))
        lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, job);
    this.#waiting.set(job.name, list);
    this.#pump(job.name);
  }

  #delay(job: JobRecord, ms: number): void {
    job.state = 'delayed';
    // After close nothing will run here again; the job stays visible as delayed.
    if (this.#closed) return;
    job.timer = setTimeout(() => {
      job.timer = undefined;
      if (!this.#closed) this.#enqueue(job);
    }, ms).unref();
  }

  #pump(name: JobName): void {
    const registration = this.#handlers.get(name);
    const list = this.#waiting.get(name);
    if (!this.#started || this.#closed || !registration || !list) return;
    while (registration.active < registration.concurrency && list.length > 0) {
      const job = list.shift()!;
      registration.active++;
      const run = this.#run(job, registration).finally(() => {
        registration.active--;
        this.#running.delete(run);
        this.#pump(name);
      });
      this.#running.add(run);
    }
  }

  async #run(job: JobRecord, registration: Registration): Promise<void> {
    job.state = 'active';
    try {
      const result = await registration.handler(job.data as JobPayloads[JobName], {
        jobId: job.id,
        name: job.name,
        attempt: job.attemptsMade + 1,
        updateProgress: async (progress) => {
          job.progress = progress;
        },
      });
      job.attemptsMade++;
      job.result = result === undefined ? undefined : (JSON.parse(JSON.stringify(result)) as unknown);
      this.#finish(job, 'completed');
    } catch (err) {
      job.attemptsMade++;
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || job.attemptsMade >= job.attempts) {
        job.failedReason = reason;
        this.#finish(job, 'failed');
        this.#log?.warn({ jobId: job.id, job: job.name, attempts: job.attemptsMade, err }, 'job failed');
      } else {
        this.#log?.info(
          { jobId: job.id, job: job.name, attempt: job.attemptsMade, reason },
          'job attempt failed, retrying',
        );
        this.#delay(job, backoffDelayMs(job.attemptsMade, job.backoffMs, this.#random));
      }
    }
  }

  #finish(job: JobRecord, state: 'completed' | 'failed'): void {
    job.state = state;
    job.finishedAt = new Date();
    const kept = this.#finished[state];
    kept.push(job.id);
    while (kept.length > this.#keep[state]) this.#jobs.delete(kept.shift()!);
  }
}
