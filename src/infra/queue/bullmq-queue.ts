import { randomUUID } from 'node:crypto';
import {
  Queue as BullQueue,
  UnrecoverableError,
  Worker,
  type Job,
  type JobsOptions,
  type MinimalJob,
} from 'bullmq';
import { Redis } from 'ioredis';
import pTimeout from 'p-timeout';
import type { Logger } from '../telemetry/logger.js';
import { JOB_NAMES, type JobName, type JobPayloads } from './jobs.js';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF_MS,
  KEEP_COMPLETED,
  KEEP_FAILED,
  MissingHandlersError,
  PermanentJobError,
  QUEUE_OPERATION_TIMEOUT_MS,
  QueueUnavailableError,
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

export interface BullMqQueueOptions {
  url: string;
  /** Redis key prefix of every queue (tests use a random one). Default `threads-agent`. */
  prefix?: string;
  logger?: Logger;
  random?: () => number;
}

const BACKOFF_TYPE = 'jittered-exponential';

const RETENTION = {
  removeOnComplete: { age: KEEP_COMPLETED.ageSeconds, count: KEEP_COMPLETED.count },
  removeOnFail: { age: KEEP_FAILED.ageSeconds, count: KEEP_FAILED.count },
} as const;

function toState(state: string): JobState | undefined {
  switch (state) {
    case 'waiting':
    case 'wait':
    case 'prioritized':
    case 'paused':
    case 'waiting-children':
      return 'waiting';
    case 'active':
    case 'completed':
    case 'failed':
    case 'delayed':
      return state;
    default:
      return undefined;
  }
}

/**
 * Production queue on BullMQ: one BullMQ queue per job name (so each name has its own worker
 * concurrency), job ids are UUIDs unless given, so an id names one job across all queues.
 *
 * Connections (BullMQ's production notes): producers share one connection without an offline
 * queue, so `add` fails fast while Redis is down instead of hanging a request; each worker has its
 * own with `maxRetriesPerRequest: null`, so blocking reads survive reconnections. Every Queue and
 * Worker has an `error` listener (an unhandled 'error' event would kill the process).
 */
export class BullMqQueue implements Queue {
  readonly kind = 'bullmq';
  readonly #url: string;
  readonly #prefix: string;
  readonly #log: Logger | undefined;
  readonly #random: () => number;
  readonly #connection: Redis;
  readonly #queues: ReadonlyMap<JobName, BullQueue>;
  readonly #handlers = new Map<JobName, { handler: JobHandler<JobName>; concurrency: number }>();
  readonly #workers = new Map<JobName, { worker: Worker; connection: Redis }>();
  #started = false;
  #closed: Promise<void> | undefined;
  #lastErrorLogAt = Number.NEGATIVE_INFINITY;
  #suppressedErrors = 0;
  #outage = false;

  constructor(opts: BullMqQueueOptions) {
    this.#url = opts.url;
    this.#prefix = opts.prefix ?? 'threads-agent';
    this.#log = opts.logger?.child({ module: 'queue' });
    this.#random = opts.random ?? Math.random;
    this.#connection = new Redis(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.#connection.on('error', (err) => this.#reportError(err, {}));
    // A short outage may end before any reconnection fails, so losing the connection counts too.
    this.#connection.on('close', () => this.#reportError(new Error('connection to Redis lost'), {}));
    this.#connection.on('ready', () => {
      if (!this.#outage) return;
      this.#outage = false;
      this.#log?.info({ suppressed: this.#suppressedErrors }, 'queue: Redis reachable again');
    });
    const queues = new Map<JobName, BullQueue>();
    for (const name of JOB_NAMES) {
      const queue = new BullQueue(name, { connection: this.#connection, prefix: this.#prefix });
      queue.on('error', (err) => this.#reportError(err, { queue: name }));
      queues.set(name, queue);
    }
    this.#queues = queues;
  }

  /**
   * During an outage every connection, queue and worker reports each failed reconnection; one
   * line per 30 s (with the number left out) says the same thing without flooding the log.
   */
  #reportError(err: unknown, context: Record<string, unknown>): void {
    if (this.#closed) return;
    this.#outage = true;
    const now = Date.now();
    if (now - this.#lastErrorLogAt < 30_000) {
      this.#suppressedErrors++;
      return;
    }
    this.#log?.warn({ err, ...context, suppressed: this.#suppressedErrors }, 'queue: Redis error');
    this.#lastErrorLogAt = now;
    this.#suppressedErrors = 0;
  }

  /** Resolves once the producer connection is up, or `false` after `timeoutMs`. */
  async waitReady(timeoutMs = 2000): Promise<boolean> {
    if (this.#connection.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#connection.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#connection.on('ready', onReady);
    });
  }

  /**
   * A producer call bounded in time: BullMQ waits for a connection that is down (an `add` hung ten
   * minutes during an outage) and ioredis fails with "Stream isn't writeable" when it is closed;
   * both become QueueUnavailableError after at most QUEUE_OPERATION_TIMEOUT_MS.
   */
  async #guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await pTimeout(run(), { milliseconds: QUEUE_OPERATION_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof TypeError || err instanceof RangeError) throw err;
      throw new QueueUnavailableError(operation, { cause: err });
    }
  }

  #queue(name: JobName): BullQueue {
    const queue = this.#queues.get(name);
    if (!queue) throw new TypeError(`unknown job name ${name}`);
    return queue;
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: RegisterOptions = {}): void {
    const concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be ≥ 1, got ${concurrency}`);
    if (this.#handlers.has(name)) throw new Error(`job ${name} already has a handler`);
    this.#handlers.set(name, { handler: handler as JobHandler<JobName>, concurrency });
    if (this.#started) this.#startWorker(name);
  }

  #jobOptions(opts: ReturnType<typeof resolveAddOptions>): JobsOptions {
    return {
      attempts: opts.attempts,
      backoff: { type: BACKOFF_TYPE, delay: opts.backoffMs },
      ...(opts.priority > 0 ? { priority: opts.priority } : {}),
      ...(opts.delayMs > 0 ? { delay: opts.delayMs } : {}),
      ...RETENTION,
    };
  }

  async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: AddOptions = {}): Promise<string> {
    if (this.#closed) throw new Error('queue is closed');
    const resolved = resolveAddOptions(opts);
    const jobId = opts.jobId ?? randomUUID();
    // An existing id makes BullMQ return the existing job untouched: idempotent enqueue.
    const job = await this.#guard(`add ${name}`, () =>
      this.#queue(name).add(name, payload, { ...this.#jobOptions(resolved), jobId }),
    );
    return job.id ?? jobId;
  }

  async addMany<N extends JobName>(
    name: N,
    payloads: readonly JobPayloads[N][],
    opts: Omit<AddOptions, 'jobId'> = {},
  ): Promise<string[]> {
    if (this.#closed) throw new Error('queue is closed');
    if (payloads.length === 0) return [];
    const jobOptions = this.#jobOptions(resolveAddOptions(opts));
    const jobs = await this.#guard(`add ${payloads.length} ${name}`, () =>
      this.#queue(name).addBulk(
        payloads.map((data) => ({ name, data, opts: { ...jobOptions, jobId: randomUUID() } })),
      ),
    );
    return jobs.map((j) => j.id!);
  }

  async addRepeatable<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    opts: RepeatOptions,
  ): Promise<void> {
    validateJobId(opts.key, 'repeat key');
    if (!(opts.everyMs > 0)) throw new RangeError(`everyMs must be > 0, got ${opts.everyMs}`);
    // A scheduler is one Redis record per key: every replica upserting it leaves exactly one.
    // The same key must not live on two queues, so drop it from the others first.
    const { removeOnComplete, removeOnFail, attempts, backoff } = this.#jobOptions(resolveAddOptions());
    await this.#guard(`schedule ${name}`, async () => {
      await Promise.all(
        JOB_NAMES.filter((n) => n !== name).map((n) => this.#queue(n).removeJobScheduler(opts.key)),
      );
      await this.#queue(name).upsertJobScheduler(
        opts.key,
        { every: opts.everyMs },
        { name, data: payload, opts: { removeOnComplete, removeOnFail, attempts, backoff } },
      );
    });
  }

  async removeRepeatable(key: string): Promise<void> {
    await this.#guard('unschedule', () =>
      Promise.all(JOB_NAMES.map((name) => this.#queue(name).removeJobScheduler(key))),
    );
  }

  retryFailed(id: string): Promise<boolean> {
    return this.#guard('retry a job', async () => {
      for (const name of JOB_NAMES) {
        const job = await this.#queue(name).getJob(id);
        if (!job) continue;
        if (!(await job.isFailed())) return false;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      }
      return false;
    });
  }

  getJob(id: string): Promise<JobInfo | undefined> {
    return this.#guard('read a job', () => this.#getJob(id));
  }

  async #getJob(id: string): Promise<JobInfo | undefined> {
    const found = await Promise.all(JOB_NAMES.map((name) => this.#queue(name).getJob(id)));
    const located = found.find((j): j is Job => j !== undefined);
    if (!located) return undefined;
    const state = toState(await located.getState());
    // Read the job again after its state: BullMQ writes the result and the state change in one
    // script, so a job seen completed here always has its result.
    const job = await this.#queue(located.name as JobName).getJob(id);
    if (!state || !job) return undefined;
    return {
      id,
      name: job.name as JobName,
      state,
      progress: job.progress as JobProgress,
      attemptsMade: job.attemptsMade,
      data: job.data as JobInfo['data'],
      createdAt: new Date(job.timestamp),
      ...(state === 'completed' && job.returnvalue !== undefined && job.returnvalue !== null
        ? { result: job.returnvalue as unknown }
        : {}),
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
      ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn) } : {}),
    };
  }

  async counts(): Promise<JobCounts> {
    const all = await this.#guard('count jobs', () => this.#counts());
    const counts: JobCounts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
    for (const c of all) {
      counts.waiting += (c.wait ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0) + (c['waiting-children'] ?? 0);
      counts.active += c.active ?? 0;
      counts.completed += c.completed ?? 0;
      counts.failed += c.failed ?? 0;
      counts.delayed += c.delayed ?? 0;
    }
    return counts;
  }

  #counts() {
    return Promise.all(
      JOB_NAMES.map((name) =>
        this.#queue(name).getJobCounts(
          'wait',
          'prioritized',
          'paused',
          'waiting-children',
          'active',
          'completed',
          'failed',
          'delayed',
        ),
      ),
    );
  }

  async start(opts: { requireAll?: boolean } = {}): Promise<void> {
    if (opts.requireAll) {
      const missing = JOB_NAMES.filter((name) => !this.#handlers.has(name));
      if (missing.length > 0) throw new MissingHandlersError(missing);
    }
    this.#started = true;
    for (const name of this.#handlers.keys()) this.#startWorker(name);
    await Promise.all([...this.#workers.values()].map(({ worker }) => worker.waitUntilReady()));
  }

  #startWorker(name: JobName): void {
    const registration = this.#handlers.get(name);
    if (!registration || this.#workers.has(name) || this.#closed) return;
    const connection = new Redis(this.#url, { maxRetriesPerRequest: null });
    connection.on('error', (err) => this.#reportError(err, { worker: name }));
    const worker = new Worker(
      name,
      async (job: Job) => {
        try {
          return await registration.handler(job.data as JobPayloads[JobName], {
            jobId: job.id ?? '',
            name,
            attempt: job.attemptsMade + 1,
            updateProgress: (progress) => job.updateProgress(progress),
          });
        } catch (err) {
          if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
          throw err;
        }
      },
      {
        connection,
        prefix: this.#prefix,
        concurrency: registration.concurrency,
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob) => {
            const base = type === BACKOFF_TYPE ? readBackoffDelay(job) : DEFAULT_BACKOFF_MS;
            return backoffDelayMs(attemptsMade, base, this.#random);
          },
        },
      },
    );
    worker.on('error', (err) => this.#reportError(err, { worker: name }));
    worker.on('failed', (job, err) => {
      const attempts = job?.opts.attempts ?? 1;
      const final = !job || job.attemptsMade >= attempts || err instanceof UnrecoverableError;
      this.#log?.[final ? 'warn' : 'info'](
        { jobId: job?.id, job: name, attempt: job?.attemptsMade, err },
        final ? 'job failed' : 'job attempt failed, retrying',
      );
    });
    this.#workers.set(name, { worker, connection });
  }

  async ping(): Promise<void> {
    await this.#guard('ping', () => this.#connection.ping());
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    // Workers first: Worker.close waits for the jobs they are running to finish.
    await Promise.all(
      [...this.#workers.values()].map(async ({ worker, connection }) => {
        await worker.close();
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
    await Promise.all([...this.#queues.values()].map((q) => q.close()));
    await this.#connection.quit().catch(() => this.#connection.disconnect());
  }
}

function readBackoffDelay(job: MinimalJob | undefined): number {
  const backoff = job?.opts.backoff;
  return typeof backoff === 'object' && typeof backoff.delay === 'number'
    ? backoff.delay
    : DEFAULT_BACKOFF_MS;
}
