/**
 * `ThreadsSource` over HTTP to a fake-threads server (`FAKE_THREADS_URL`). Every call has a
 * timeout (AbortSignal), every failure becomes a `SourceError` that says whether a retry can
 * help, and every response is checked against the wire schema before anyone trusts it.
 */
import type { TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';
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
import type { DmRecord } from './engine.js';
import type { FaultSettings } from './faults.js';
import {
  ClockResponse,
  CommentsResponse,
  DmListResponse,
  DmResponse,
  FaultsResponse,
  HealthResponse,
  PostCountersSchema,
  PublishedResponse,
  SourceCommentSchema,
  SourcePostSchema,
  ThreadsResponse,
} from './schemas.js';

export interface HttpSourceOptions {
  /** per call; default 5000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST';

export class HttpSimulatorSource implements ThreadsSource, SimulatorControl {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(baseUrl: string, options: HttpSourceOptions = {}) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchFn = options.fetch ?? fetch;
  }

  async listPublished(opts: ListPublishedOptions = {}): Promise<SourcePost[]> {
    const q = new URLSearchParams();
    if (opts.since !== undefined) q.set('since', opts.since.toISOString());
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.account_id !== undefined) q.set('account_id', opts.account_id);
    return (await this.request('GET', `/published${query(q)}`, PublishedResponse)).data;
  }

  getPost(postId: string): Promise<SourcePost> {
    return this.request('GET', `/posts/${enc(postId)}`, SourcePostSchema);
  }

  getAnalytics(postId: string): Promise<PostCounters> {
    return this.request('GET', `/analytics/${enc(postId)}`, PostCountersSchema);
  }

  async getReplyTree(postId: string): Promise<ReplyNode[]> {
    return (await this.request('GET', `/threads/${enc(postId)}`, ThreadsResponse)).data as ReplyNode[];
  }

  async getComments(postId: string, opts: GetCommentsOptions = {}): Promise<SourceComment[]> {
    const q = new URLSearchParams();
    if (opts.after !== undefined) q.set('after', opts.after);
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.includeLabels === true) q.set('include_labels', 'true');
    return (await this.request('GET', `/posts/${enc(postId)}/comments${query(q)}`, CommentsResponse)).data;
  }

  postComment(postId: string, comment: NewComment): Promise<SourceComment> {
    return this.request('POST', `/posts/${enc(postId)}/comments`, SourceCommentSchema, comment);
  }

  publish(input: PublishInput): Promise<SourcePost> {
    return this.request('POST', '/publish', SourcePostSchema, input);
  }

  sendDm(msg: DmMessage): Promise<DmResult> {
    return this.request('POST', '/dm', DmResponse, msg);
  }

  async health(): Promise<boolean> {
    try {
      await this.request('GET', '/health', HealthResponse);
      return true;
    } catch {
      return false;
    }
  }

  // ---- control (not part of ThreadsSource) ----

  async setFault(change: Partial<FaultSettings> & { reset?: boolean }): Promise<FaultSettings> {
    const body = {
      ...(change.reset === undefined ? {} : { reset: change.reset }),
      ...(change.errorRate === undefined ? {} : { error_rate: change.errorRate }),
      ...(change.latencyMs === undefined ? {} : { latency_ms: change.latencyMs }),
      ...(change.latencyJitterMs === undefined ? {} : { latency_jitter_ms: change.latencyJitterMs }),
      ...(change.timeout === undefined ? {} : { timeout: change.timeout }),
    };
    const r = await this.request('POST', '/_control/faults', FaultsResponse, body);
    return {
      errorRate: r.error_rate,
      latencyMs: r.latency_ms,
      latencyJitterMs: r.latency_jitter_ms,
      timeout: r.timeout,
    };
  }

  async advance(ms: number): Promise<Date> {
    return new Date(
      (await this.request('POST', '/_control/clock', ClockResponse, { advance_ms: ms })).sim_time,
    );
  }

  async simulatedNow(): Promise<Date> {
    return new Date((await this.request('GET', '/_control/clock', ClockResponse)).sim_time);
  }

  async listDms(): Promise<DmRecord[]> {
    return (await this.request('GET', '/dm', DmListResponse)).data;
  }

  private async request<S extends TSchema>(
    method: Method,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<Static<S>> {
    const url = `${this.base}${path}`;
    const what = `${method} ${path}`;
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method,
        headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new SourceError(`${what}: no answer within ${this.timeoutMs} ms`, 'timeout', true, undefined, {
          cause: err,
        });
      }
      throw new SourceError(`${what}: ${describe(err)}`, 'network', true, undefined, { cause: err });
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch (err) {
      // A body cut off by the timeout is a timeout; garbage from a healthy status is not retryable.
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new SourceError(`${what}: no answer within ${this.timeoutMs} ms`, 'timeout', true, undefined, {
          cause: err,
        });
      }
      if (!res.ok) throw SourceError.fromStatus(res.status, `${what}: HTTP ${res.status}`);
      throw new SourceError(`${what}: response is not JSON`, 'invalid_response', false, res.status, {
        cause: err,
      });
    }
    if (!res.ok)
      throw SourceError.fromStatus(res.status, `${what}: HTTP ${res.status}: ${errorMessage(payload)}`);
    if (!Value.Check(schema, payload)) {
      const first = Value.Errors(schema, payload)[0];
      const where = first === undefined ? '' : ` at ${first.instancePath || '/'}: ${first.message}`;
      throw new SourceError(
        `${what}: unexpected response shape${where}`,
        'invalid_response',
        false,
        res.status,
      );
    }
    return payload;
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function query(q: URLSearchParams): string {
  const s = q.toString();
  return s.length === 0 ? '' : `?${s}`;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

function errorMessage(payload: unknown): string {
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const e = (payload as { error: unknown }).error;
    if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string')
      return e.message;
  }
  return 'no error message';
}
