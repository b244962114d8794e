import type {
  ConfirmedLift,
  Experiment,
  ExperimentMembership,
  ExperimentSummary,
  NewExperiment,
} from './experiment-types.js';
import type {
  Account,
  AutoHideSettings,
  HiddenReply,
  Anomaly,
  DmOutboxItem,
  DmRule,
  DmRuleFields,
  DmStatus,
  InboxQuery,
  InboxResponse,
  Intent,
  Overview,
  PatternCatalog,
  PatternPerformance,
  PersonaTrajectories,
  PostDetail,
  PostsResponse,
  Severity,
  WhatWorks,
} from './types.js';
import { recordServerNow } from './server-clock.js';

/** One entry of a FastAPI validation answer (422): where (`["body", "posts_per_day"]`) and why. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
}

/** An HTTP failure with the server's explanation (FastAPI `detail`, string or list). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the validation issues of a 422, each with its field, for forms to show beside that field */
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The validation issues of an error body (FastAPI's `detail` list); empty for any other body. */
export function validationIssues(body: unknown): ValidationIssue[] {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return [];
  return detail.flatMap((d: { loc?: unknown; msg?: unknown }) =>
    Array.isArray(d.loc)
      ? [
          {
            loc: d.loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
            msg: typeof d.msg === 'string' ? d.msg : 'invalid',
          },
        ]
      : [],
  );
}

const KEY_STORAGE = 'threads-agent.api-key';

/** The API key (when the server sets API_KEYS) lives in this browser's localStorage only. */
export function getApiKey(): string {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setApiKey(key: string): void {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage can be disabled (private mode); the key then lasts for this page only.
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** Build `path?query`, dropping empty values so that defaults stay the server's. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Turn an error body into one readable sentence. */
export function describeError(status: number, body: unknown): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((d: { loc?: unknown[]; msg?: string }) => {
      const loc = Array.isArray(d.loc) ? d.loc.filter((p) => p !== 'body' && p !== 'query').join('.') : '';
      return loc ? `${loc}: ${d.msg ?? 'invalid'}` : (d.msg ?? 'invalid');
    });
    if (parts.length > 0) return parts.join('; ');
  }
  if (status === 404) return 'Not found';
  if (status === 401) return 'An API key is required';
  if (status >= 500) return `The server failed (HTTP ${status})`;
  return `Request failed (HTTP ${status})`;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal | undefined;
}

export async function request<T>(
  path: string,
  { method = 'GET', body, signal }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const key = getApiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the server');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) throw new ApiError(res.status, describeError(res.status, parsed), validationIssues(parsed));
  return parsed as T;
}

type Signal = AbortSignal | undefined;

export const api = {
  /** Also records the server's clock, which "5 minutes ago" labels are measured on. */
  overview: (signal?: Signal) =>
    request<Overview>('/api/overview', { signal }).then((o) => {
      recordServerNow(o.now);
      return o;
    }),
  accounts: (signal?: Signal) => request<Account[]>('/api/accounts', { signal }),
  /** Connect with a pasted long-lived token (checked by the server with Threads). */
  addAccount: (token: string) => request<Account>('/api/accounts', { method: 'POST', body: { token } }),
  deleteAccount: (id: string) =>
    request<void>(`/api/accounts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  autoHide: (accountId: string, signal?: Signal) =>
    request<AutoHideSettings>(`/api/auto-hide/${encodeURIComponent(accountId)}`, { signal }),
  saveAutoHide: (accountId: string, body: { enabled: boolean; threshold: number }) =>
    request<AutoHideSettings>(`/api/auto-hide/${encodeURIComponent(accountId)}`, { method: 'PUT', body }),
  hiddenReplies: (signal?: Signal) =>
    request<{ items: HiddenReply[] }>('/api/hidden-replies', { signal }).then((r) => r.items),
  unhideReply: (commentId: string) =>
    request<HiddenReply>(`/api/hidden-replies/${encodeURIComponent(commentId)}/unhide`, { method: 'POST' }),
  /** The Threads authorize URL of a new connect flow (asked as JSON so the API key travels in a header). */
  authorizeUrl: () => request<{ authorize_url: string }>('/auth/threads/start').then((r) => r.authorize_url),
  posts: (query: { account_id?: string; limit?: number }, signal?: Signal) =>
    request<PostsResponse>(withQuery('/api/posts', query), { signal }),
  post: (id: string, signal?: Signal) =>
    request<PostDetail>(`/api/posts/${encodeURIComponent(id)}`, { signal }),
  anomalies: (query: { hours?: number; severity?: Severity | undefined }, signal?: Signal) =>
    request<Anomaly[]>(withQuery('/anomalies', query), { signal }),
  patternPerformance: (accountId: string, signal?: Signal) =>
    request<PatternPerformance>(withQuery('/api/patterns/performance', { account_id: accountId }), {
      signal,
    }),
  /** The catalogue (names, templates, descriptions); the plain `/pattern-types` is the seed's list of names. */
  patternCatalog: (signal?: Signal) => request<PatternCatalog>('/pattern-types?detail=true', { signal }),
  personaTrajectories: (personaId: string, signal?: Signal) =>
    request<PersonaTrajectories>(`/trajectories/emotion/persona/${encodeURIComponent(personaId)}`, {
      signal,
    }),
  whatWorks: (accountId: string, signal?: Signal) =>
    request<WhatWorks>(withQuery('/api/engagement/what-works', { account_id: accountId }), { signal }),
  comments: (query: InboxQuery, signal?: Signal) =>
    request<InboxResponse>(withQuery('/api/comments', { ...query }), { signal }),
  /** POST marks handled, DELETE reopens. */
  setHandled: (commentId: string, handled: boolean) =>
    request<{ comment_id: string; handled: boolean }>(
      `/api/comments/${encodeURIComponent(commentId)}/handled`,
      {
        method: handled ? 'POST' : 'DELETE',
      },
    ),
  /** An operator's label for a comment: stored as training data, kept through re-analysis. */
  correctIntent: (commentId: string, intent: Intent) =>
    request<{ comment_id: string; intent: Intent; model_intent: Intent | null }>(
      `/api/comments/${encodeURIComponent(commentId)}/intent`,
      { method: 'PUT', body: { intent } },
    ),
  dmRules: (signal?: Signal) => request<DmRule[]>('/dm-rules', { signal }),
  createDmRule: (body: Partial<DmRuleFields> & Pick<DmRuleFields, 'name' | 'template'>) =>
    request<DmRule>('/dm-rules', { method: 'POST', body }),
  updateDmRule: (id: number, body: Partial<DmRuleFields>) =>
    request<DmRule>(`/dm-rules/${id}`, { method: 'PATCH', body }),
  deleteDmRule: (id: number) => request<void>(`/dm-rules/${id}`, { method: 'DELETE' }),
  experiments: (signal?: Signal) => request<ExperimentSummary[]>('/api/experiments', { signal }),
  experiment: (id: string, signal?: Signal) =>
    request<Experiment>(`/api/experiments/${encodeURIComponent(id)}`, { signal }),
  createExperiment: (body: NewExperiment) =>
    request<Experiment>('/api/experiments', { method: 'POST', body }),
  experimentLifts: (signal?: Signal) => request<ConfirmedLift[]>('/api/experiments/lifts', { signal }),
  /** The experiments these drafts and posts belong to (only those that belong to one come back). */
  experimentMemberships: (query: { draft_ids?: number[]; post_ids?: string[] }, signal?: Signal) =>
    request<ExperimentMembership[]>(
      withQuery('/api/experiments/memberships', {
        draft_ids: query.draft_ids?.length ? query.draft_ids.join(',') : undefined,
        post_ids: query.post_ids?.length ? query.post_ids.join(',') : undefined,
      }),
      { signal },
    ),
  stopExperiment: (id: string) =>
    request<Experiment>(`/api/experiments/${encodeURIComponent(id)}/stop`, { method: 'POST' }),
  dmOutbox: (query: { status?: DmStatus | undefined; limit?: number }, signal?: Signal) =>
    request<{ items: DmOutboxItem[] }>(withQuery('/dm-outbox', query), { signal }),
};
