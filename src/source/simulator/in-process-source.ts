/**
 * The simulator as a `ThreadsSource` in the same process: no HTTP, but the same failure
 * behaviour as the HTTP client (latency, transient 500s, timeouts, 404s as `SourceError`), so
 * the collector's retry logic is exercised in embedded mode and in unit tests too.
 */
import { InvalidInputError, NotFoundError } from '../../errors.js';
import {
  SourceError,
  type DmMessage,
  type DmResult,
  type GetCommentsOptions,
  type ListPublishedOptions,
  type NewComment,
  type PostCounters,
  type PublishInput,
  type ReplyNode,
  type SourceComment,
  type SourcePost,
  type ThreadsSource,
} from '../threads-source.js';
import type { SimulatorControl } from './control.js';
import type { DmRecord, SimulatorEngine } from './engine.js';
import { FaultInjector, sleep, type FaultSettings } from './faults.js';

export interface InProcessSourceOptions {
  faults?: FaultInjector;
  /** a call slower than this fails with a transient timeout; default 5000 */
  timeoutMs?: number;
}

export class InProcessSimulatorSource implements ThreadsSource, SimulatorControl {
  readonly faults: FaultInjector;
  private readonly timeoutMs: number;

  constructor(
    readonly simulator: SimulatorEngine,
    options: InProcessSourceOptions = {},
  ) {
    this.faults = options.faults ?? new FaultInjector();
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  listPublished(opts: ListPublishedOptions = {}): Promise<SourcePost[]> {
    return this.call(() => this.simulator.listPublished(opts));
  }

  getPost(postId: string): Promise<SourcePost> {
    return this.call(() => this.simulator.getPost(postId));
  }

  getAnalytics(postId: string): Promise<PostCounters> {
    return this.call(() => this.simulator.analytics(postId));
  }

  getReplyTree(postId: string): Promise<ReplyNode[]> {
    return this.call(() => this.simulator.replyTree(postId));
  }

  getComments(postId: string, opts: GetCommentsOptions = {}): Promise<SourceComment[]> {
    return this.call(() => this.simulator.comments(postId, opts));
  }

  postComment(postId: string, comment: NewComment): Promise<SourceComment> {
    return this.call(() => this.simulator.addComment(postId, comment));
  }

  publish(input: PublishInput): Promise<SourcePost> {
    return this.call(() => this.simulator.publish(input));
  }

  sendDm(msg: DmMessage): Promise<DmResult> {
    return this.call(() => this.simulator.sendDm(msg));
  }

  async health(): Promise<boolean> {
    try {
      await this.call(() => this.simulator.now());
      return true;
    } catch {
      return false;
    }
  }

  // ---- control (not part of ThreadsSource) ----

  setFault(change: Partial<FaultSettings> & { reset?: boolean }): Promise<FaultSettings> {
    const { reset, ...rest } = change;
    if (reset === true) this.faults.reset();
    return Promise.resolve(this.faults.set(rest));
  }

  advance(ms: number): Promise<Date> {
    this.simulator.advance(ms);
    return this.simulatedNow();
  }

  simulatedNow(): Promise<Date> {
    return Promise.resolve(new Date(this.simulator.now()));
  }

  listDms(): Promise<DmRecord[]> {
    return Promise.resolve(this.simulator.dms());
  }

  private async call<T>(fn: () => T): Promise<T> {
    const d = this.faults.next();
    if (d.hang || d.delayMs >= this.timeoutMs) {
      await sleep(this.timeoutMs);
      throw new SourceError(`simulator did not answer within ${this.timeoutMs} ms`, 'timeout', true);
    }
    await sleep(d.delayMs);
    if (d.fail) throw new SourceError('simulator failed (injected fault)', 'http', true, 500);
    try {
      return fn();
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new SourceError(err.message, 'not_found', false, 404, { cause: err });
      if (err instanceof InvalidInputError)
        throw new SourceError(err.message, 'http', false, 400, { cause: err });
      throw err;
    }
  }
}
