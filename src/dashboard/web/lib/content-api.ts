import { request, withQuery } from './api.js';
import type { Span } from './types.js';

/** The content engine's API as the dashboard reads it (src/content/schemas.ts). */

export type DraftStatus = 'pending' | 'scheduled' | 'publishing' | 'published' | 'failed' | 'rejected';

/** What a persona is, as the forms send it (`PATCH` takes these, `POST` these and the id). */
export interface PersonaFields {
  account_id: string;
  name: string;
  voice: string;
  topics: string[];
  avoid: string[];
  language: string;
  posts_per_day: number;
  quiet_hours: { start: number; end: number } | null;
  approval: 'review' | 'auto';
  auto_threshold: number | null;
}

export interface Persona extends PersonaFields {
  id: string;
}

/** What a template is, as the forms send it; `variables` left out means "the slots in the body". */
export interface TemplateFields {
  name: string;
  body: string;
  hook_family: string;
  variables?: string[];
}

export interface Template {
  id: number;
  name: string;
  version: number;
  body: string;
  hook_family: string;
  variables: string[];
  performance: { drafts: number; published: number; measured: number; mean_engagement: number | null };
  updated_at: string;
}

/** One template with every version it had, newest first. */
export interface TemplateDetail extends Template {
  versions: { version: number; body: string; variables: string[]; hook_family: string; created_at: string }[];
}

export interface Draft {
  id: number;
  persona_id: string;
  account_id: string;
  text: string;
  generator: string;
  template_id: number | null;
  template_version: number | null;
  hook_family: string | null;
  tokens_used: number | null;
  hooks: { type: string; confidence: number; spans: Span[] }[];
  predicted_engagement: { mean: number; low: number; high: number; basis: string; note: string | null };
  limits_ok: boolean;
  limit_reasons: { code: string; message: string }[];
  near_duplicate: { post_id: string | null; draft_id: number | null; similarity: number } | null;
  status: DraftStatus;
  scheduled_at: string | null;
  published_post_id: string | null;
  published_at: string | null;
  failure_reason: string | null;
  edited: boolean;
  created_at: string;
}

export interface BestTimes {
  account_id: string;
  posts: number;
  account_mean: number;
  slots: { day: number; hour: number; posts: number; mean: number | null; score: number }[];
}

type Signal = AbortSignal | undefined;

export const contentApi = {
  personas: (signal?: Signal) => request<Persona[]>('/api/personas', { signal }),
  createPersona: (body: PersonaFields & { id: string }) =>
    request<Persona>('/api/personas', { method: 'POST', body }),
  updatePersona: (id: string, body: PersonaFields) =>
    request<Persona>(`/api/personas/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deletePersona: (id: string) =>
    request<void>(`/api/personas/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  templates: (signal?: Signal) => request<Template[]>('/api/templates', { signal }),
  template: (id: number, signal?: Signal) => request<TemplateDetail>(`/api/templates/${id}`, { signal }),
  createTemplate: (body: TemplateFields) => request<Template>('/api/templates', { method: 'POST', body }),
  /** A change of body, variables or hook family adds a version; a new name alone does not. */
  updateTemplate: (id: number, body: TemplateFields) =>
    request<Template>(`/api/templates/${id}`, { method: 'PATCH', body }),
  deleteTemplate: (id: number) => request<void>(`/api/templates/${id}`, { method: 'DELETE' }),
  drafts: (
    query: { status?: DraftStatus | undefined; persona_id?: string | undefined; limit?: number },
    signal?: Signal,
  ) => request<Draft[]>(withQuery('/api/drafts', query), { signal }),
  generate: (body: { persona_id: string; count: number; brief?: string }) =>
    request<Draft[]>('/api/drafts/generate', { method: 'POST', body }),
  edit: (id: number, text: string) =>
    request<Draft>(`/api/drafts/${id}`, { method: 'PATCH', body: { text } }),
  approve: (id: number, scheduledAt?: string) =>
    request<Draft>(`/api/drafts/${id}/approve`, {
      method: 'POST',
      body: scheduledAt ? { scheduled_at: scheduledAt } : {},
    }),
  reject: (id: number) => request<Draft>(`/api/drafts/${id}/reject`, { method: 'POST', body: {} }),
  bestTimes: (accountId: string, signal?: Signal) =>
    request<BestTimes>(
      withQuery(`/api/accounts/${encodeURIComponent(accountId)}/best-times`, { limit: 10 }),
      { signal },
    ),
};

export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function formatRate(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
