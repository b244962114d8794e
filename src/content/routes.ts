import { Type } from 'typebox';
import type { App } from '../http/kit/types.js';
import type { BestTimesService } from './best-times.js';
import type { DraftService } from './drafts.js';
import type { PersonaService } from './personas.js';
import {
  AccountFilter,
  AccountParams,
  ApproveBody,
  BestTimesQuery,
  BestTimesResponse,
  CreatePersonaBody,
  CreateTemplateBody,
  DraftList,
  DraftParams,
  DraftResponse,
  DraftsQuery,
  EditDraftBody,
  GenerateBody,
  PersonaList,
  PersonaParams,
  PersonaResponse,
  TemplateDetail,
  TemplateList,
  TemplateParams,
  TemplateResponse,
  UpdatePersonaBody,
  UpdateTemplateBody,
} from './schemas.js';
import type { TemplateService } from './templates.js';

export interface ContentRoutesOptions {
  personas: PersonaService;
  templates: TemplateService;
  drafts: DraftService;
  bestTimes: BestTimesService;
}

const Detail = Type.Object({ detail: Type.Unknown() });

type Iso<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Iso<U>[]
    : T extends object
      ? { [K in keyof T]: Iso<T[K]> }
      : T;

/** Dates as ISO 8601 strings, as the response schemas declare them (patterns and other JSON pass through). */
function iso<T>(value: T): Iso<T> {
  if (value instanceof Date) return value.toISOString() as Iso<T>;
  if (Array.isArray(value)) return value.map((v: unknown) => iso(v)) as Iso<T>;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = v instanceof Date || Array.isArray(v) ? iso(v) : v;
    return out as Iso<T>;
  }
  return value as Iso<T>;
}
const TAGS = ['content'];

/** The content engine's routes (SPEC §7) as one plugin. Thin: the schema validates, a service decides. */
export async function contentRoutes(app: App, opts: ContentRoutesOptions): Promise<void> {
  const { personas, templates, drafts, bestTimes } = opts;

  app.get(
    '/api/personas',
    {
      schema: {
        tags: TAGS,
        summary: 'Personas (every persona_id posts carry has one)',
        querystring: AccountFilter,
        response: { 200: PersonaList },
      },
    },
    async (req) => iso(await personas.list(req.query.account_id)),
  );
  app.get(
    '/api/personas/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One persona',
        params: PersonaParams,
        response: { 200: PersonaResponse, 404: Detail },
      },
    },
    async (req) => iso(await personas.get(req.params.id)),
  );
  app.post(
    '/api/personas',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a persona',
        body: CreatePersonaBody,
        response: { 201: PersonaResponse, 409: Detail, 422: Detail },
      },
    },
    async (req, reply) => reply.code(201).send(iso(await personas.create(req.body))),
  );
  app.patch(
    '/api/personas/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Change a persona (the result is validated as a whole)',
        params: PersonaParams,
        body: UpdatePersonaBody,
        response: { 200: PersonaResponse, 404: Detail, 422: Detail },
      },
    },
    async (req) => iso(await personas.update(req.params.id, req.body)),
  );
  app.delete(
    '/api/personas/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a persona without drafts',
        params: PersonaParams,
        response: { 204: Type.Null(), 404: Detail, 409: Detail },
      },
    },
    async (req, reply) => {
      await personas.delete(req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/templates',
    {
      schema: {
        tags: TAGS,
        summary: 'Prompt templates with their measured performance (a leaderboard)',
        response: { 200: TemplateList },
      },
    },
    async () => iso(await templates.list()),
  );
  app.get(
    '/api/templates/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One template with every version',
        params: TemplateParams,
        response: { 200: TemplateDetail, 404: Detail },
      },
    },
    async (req) => iso(await templates.get(req.params.id)),
  );
  app.post(
    '/api/templates',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a prompt template (version 1)',
        body: CreateTemplateBody,
        response: { 201: TemplateResponse, 409: Detail, 422: Detail },
      },
    },
    async (req, reply) => reply.code(201).send(iso(await templates.create(req.body))),
  );
  app.patch(
    '/api/templates/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Edit a template: a change of body, variables or hook family adds a version',
        params: TemplateParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateResponse, 404: Detail, 409: Detail, 422: Detail },
      },
    },
    async (req) => iso(await templates.update(req.params.id, req.body)),
  );
  app.delete(
    '/api/templates/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a template and its versions (drafts keep their template id and version)',
        params: TemplateParams,
        response: { 204: Type.Null(), 404: Detail },
      },
    },
    async (req, reply) => {
      await templates.delete(req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/drafts/generate',
    {
      schema: {
        tags: TAGS,
        summary: 'Generate drafts for a persona, each scored before anyone sees it',
        body: GenerateBody,
        response: { 201: DraftList, 404: Detail, 422: Detail, 503: Detail },
      },
    },
    async (req, reply) => reply.code(201).send(iso(await drafts.generate(req.body))),
  );
  app.get(
    '/api/drafts',
    {
      schema: {
        tags: TAGS,
        summary: 'Drafts, newest first (the review queue: status=pending)',
        querystring: DraftsQuery,
        response: { 200: DraftList },
      },
    },
    async (req) => iso(await drafts.list(req.query)),
  );
  app.get(
    '/api/drafts/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One draft',
        params: DraftParams,
        response: { 200: DraftResponse, 404: Detail },
      },
    },
    async (req) => iso(await drafts.get(req.params.id)),
  );
  app.patch(
    '/api/drafts/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Edit a pending draft: it is scored again',
        params: DraftParams,
        body: EditDraftBody,
        response: { 200: DraftResponse, 404: Detail, 409: Detail },
      },
    },
    async (req) => iso(await drafts.edit(req.params.id, req.body.text)),
  );
  app.post(
    '/api/drafts/:id/approve',
    {
      schema: {
        tags: TAGS,
        summary: 'Approve a draft: scheduled at the time given or the next best free slot',
        params: DraftParams,
        body: Type.Union([ApproveBody, Type.Null(), Type.Undefined()], { description: 'optional' }),
        response: { 200: DraftResponse, 404: Detail, 409: Detail, 422: Detail },
      },
    },
    async (req) =>
      iso(
        await drafts.approve(
          req.params.id,
          req.body?.scheduled_at ? new Date(req.body.scheduled_at) : undefined,
        ),
      ),
  );
  app.post(
    '/api/drafts/:id/reject',
    {
      schema: {
        tags: TAGS,
        summary: 'Reject a pending or scheduled draft',
        params: DraftParams,
        response: { 200: DraftResponse, 404: Detail, 409: Detail },
      },
    },
    async (req) => iso(await drafts.reject(req.params.id)),
  );

  app.get(
    '/api/accounts/:id/best-times',
    {
      schema: {
        tags: TAGS,
        summary: 'Best hours of the week to post for an account, from its own history shrunk toward its mean',
        params: AccountParams,
        querystring: BestTimesQuery,
        response: { 200: BestTimesResponse },
      },
    },
    (req) => bestTimes.forAccount(req.params.id, req.query.limit),
  );
}
