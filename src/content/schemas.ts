import { Type, type Static } from 'typebox';
import { HOOK_TYPES } from '../patterns/pattern-types.js';
import { DRAFT_STATUSES } from './tables.js';

/**
 * Request and response shapes of the content engine's routes (SPEC §7): validation,
 * serialization and OpenAPI from one definition.
 */

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
const Words = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description });
const Hour = Type.Integer({ minimum: 0, maximum: 23 });
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const HookFamily = Type.Enum([...HOOK_TYPES], { description: 'a hook type of the pattern engine' });

const QuietHours = Type.Union(
  [
    Type.Object(
      { start: Hour, end: Hour },
      { description: 'UTC hours [start, end) with no publishing; start > end wraps past midnight' },
    ),
    Type.Null(),
  ],
  { default: null },
);
const Approval = Type.Union([Type.Literal('review'), Type.Literal('auto')], {
  description:
    'review: a person approves every draft (default); auto: drafts predicted at or above auto_threshold are scheduled',
});
const AutoThreshold = Type.Union(
  [
    Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'predicted engagement rate (mean) for auto approval',
    }),
    Type.Null(),
  ],
  { default: null },
);

const personaFields = {
  account_id: Id('the account the persona posts as'),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  voice: Type.String({ maxLength: 2000, default: '', description: 'how the persona writes, in words' }),
  topics: Words('what the persona writes about'),
  avoid: Words('words its drafts must not contain'),
  language: Type.String({ minLength: 2, maxLength: 35, default: 'en', description: 'BCP 47 tag' }),
  posts_per_day: Type.Integer({
    minimum: 1,
    maximum: 250,
    default: 3,
    description: 'cadence (Threads allows 250 a day)',
  }),
  quiet_hours: QuietHours,
  approval: Approval,
  auto_threshold: AutoThreshold,
};

export const CreatePersonaBody = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 50,
    pattern: '^[A-Za-z0-9_.-]+$',
    description: 'the persona_id posts are labelled with',
  }),
  ...personaFields,
  topics: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
  avoid: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, default: [] }),
  approval: Type.Union([Type.Literal('review'), Type.Literal('auto')], { default: 'review' }),
});
export type CreatePersonaBody = Static<typeof CreatePersonaBody>;

export const UpdatePersonaBody = Type.Partial(Type.Object(personaFields), { minProperties: 1 });
export type UpdatePersonaBody = Static<typeof UpdatePersonaBody>;

export const PersonaParams = Type.Object({ id: Id('persona id') });
export const AccountParams = Type.Object({ id: Id('account id') });
export const AccountFilter = Type.Object({ account_id: Type.Optional(Id('only this account')) });

export const PersonaResponse = Type.Object({
  id: Type.String(),
  ...personaFields,
  quiet_hours: Type.Union([Type.Object({ start: Type.Integer(), end: Type.Integer() }), Type.Null()]),
  auto_threshold: Type.Union([Type.Number(), Type.Null()]),
  created_at: DateTime('created'),
  updated_at: DateTime('last changed'),
});
export const PersonaList = Type.Array(PersonaResponse);

/** `{name}` slots: letters, digits and underscores. */
const TemplateBody = Type.String({
  minLength: 1,
  maxLength: 10_000,
  description: 'the prompt, with `{variable}` slots (e.g. {topic}, {brief}, {hook_family})',
});

export const CreateTemplateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  body: TemplateBody,
  variables: Type.Optional(
    Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 50 }), {
      maxItems: 50,
      description: 'the slots the body uses (default: those found in it); each must appear in the body',
    }),
  ),
  hook_family: HookFamily,
});
export type CreateTemplateBody = Static<typeof CreateTemplateBody>;

export const UpdateTemplateBody = Type.Partial(CreateTemplateBody, { minProperties: 1 });
export type UpdateTemplateBody = Static<typeof UpdateTemplateBody>;

export const TemplateParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

const Performance = Type.Object({
  drafts: Type.Integer({ description: 'drafts made with any version' }),
  published: Type.Integer(),
  measured: Type.Integer({ description: 'published posts whose engagement is measured' }),
  mean_engagement: Type.Union([Type.Number(), Type.Null()], {
    description: 'mean measured engagement rate of its published posts; null until one is measured',
  }),
});

export const TemplateResponse = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  version: Type.Integer({ description: 'the current version' }),
  body: Type.String(),
  variables: Type.Array(Type.String()),
  hook_family: Type.String(),
  performance: Performance,
  created_at: DateTime('created'),
  updated_at: DateTime('last changed'),
});
export const TemplateList = Type.Array(TemplateResponse);

export const TemplateDetail = Type.Object({
  ...TemplateResponse.properties,
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      body: Type.String(),
      variables: Type.Array(Type.String()),
      hook_family: Type.String(),
      created_at: DateTime('written'),
    }),
  ),
});

export const GENERATORS = ['composer', 'openai-compatible'] as const;

export const GenerateBody = Type.Object({
  persona_id: Id('the persona the drafts are for'),
  count: Type.Integer({ minimum: 1, maximum: 20, default: 3 }),
  brief: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2000, description: 'what the posts should be about' }),
  ),
  template_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
  hook_family: Type.Optional(HookFamily),
  generator: Type.Optional(
    Type.Enum([...GENERATORS], {
      description: 'default: openai-compatible when LLM_BASE_URL is set, else composer',
    }),
  ),
  seed: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'composer seed (default: random)' }),
  ),
});
export type GenerateBody = Static<typeof GenerateBody>;

const Span = Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() });

export const DraftResponse = Type.Object({
  id: Type.Integer(),
  persona_id: Type.String(),
  account_id: Type.String(),
  text: Type.String(),
  generator: Type.String(),
  template_id: Type.Union([Type.Integer(), Type.Null()]),
  template_version: Type.Union([Type.Integer(), Type.Null()]),
  hook_family: Type.Union([Type.String(), Type.Null()]),
  brief: Type.Union([Type.String(), Type.Null()]),
  tokens_used: Type.Union([Type.Integer(), Type.Null()]),
  hooks: Type.Array(
    Type.Object({ type: Type.String(), confidence: Type.Number(), spans: Type.Array(Span) }),
    { description: "the pattern engine's hooks in the text, with their spans" },
  ),
  patterns: Type.Unknown({ description: "the pattern engine's full analysis" }),
  predicted_engagement: Type.Object({
    mean: Type.Number(),
    low: Type.Number(),
    high: Type.Number(),
    basis: Type.Union([Type.Literal('account'), Type.Literal('persona'), Type.Literal('global')]),
    model_version: Type.String(),
    note: Type.Union([Type.String(), Type.Null()], {
      description:
        "set when the account has too little history: the prediction is its persona's (or everyone's) prior",
    }),
  }),
  limits_ok: Type.Boolean(),
  limit_reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  near_duplicate: Type.Union([
    Type.Object({
      post_id: Type.Union([Type.String(), Type.Null()]),
      draft_id: Type.Union([Type.Integer(), Type.Null()]),
      similarity: Type.Number(),
    }),
    Type.Null(),
  ]),
  status: Type.Enum([...DRAFT_STATUSES]),
  scheduled_at: Type.Union([DateTime('when it goes out'), Type.Null()]),
  published_post_id: Type.Union([Type.String(), Type.Null()]),
  published_at: Type.Union([DateTime('when it went out'), Type.Null()]),
  failure_reason: Type.Union([Type.String(), Type.Null()]),
  edited: Type.Boolean(),
  created_at: DateTime('generated'),
  updated_at: DateTime('last changed'),
});
export const DraftList = Type.Array(DraftResponse);

export const DraftsQuery = Type.Object({
  status: Type.Optional(Type.Enum([...DRAFT_STATUSES])),
  persona_id: Type.Optional(Id('only this persona')),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export type DraftsQuery = Static<typeof DraftsQuery>;

export const DraftParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export const EditDraftBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) });
export const ApproveBody = Type.Object({
  scheduled_at: Type.Optional(DateTime('when to publish (default: the next best free slot)')),
});

export const BestTimesQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 168, default: 10 }) });
export const BestTimesResponse = Type.Object({
  account_id: Type.String(),
  posts: Type.Integer({ description: 'measured posts of the account the figures rest on' }),
  account_mean: Type.Number({ description: "the account's mean engagement rate" }),
  shrinkage_posts: Type.Number({
    description: "an hour's mean is pulled toward the account mean as if it had this many more posts at it",
  }),
  slots: Type.Array(
    Type.Object({
      day: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday (UTC)' }),
      hour: Type.Integer({ minimum: 0, maximum: 23, description: 'UTC hour' }),
      posts: Type.Integer(),
      mean: Type.Union([Type.Number(), Type.Null()], { description: 'raw mean at this hour of week' }),
      score: Type.Number({ description: 'shrunk engagement rate: what the hour is expected to give' }),
    }),
    { description: 'best first' },
  ),
});
export type BestTimesResponse = Static<typeof BestTimesResponse>;
