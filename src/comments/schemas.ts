import { Type, type Static } from 'typebox';

/**
 * Request and response shapes of the comment pipeline (SPEC §4). One TypeBox definition gives
 * validation, serialization, the OpenAPI document and the TypeScript types.
 */

/** Largest comment text accepted, in characters (Unicode code points, as Ajv counts them). */
export const MAX_COMMENT_TEXT_LENGTH = 10_000;
/** Comments per `POST /comments/process` request (SPEC §4.1). */
export const MAX_COMMENTS_PER_REQUEST = 1_000;

export const INTENTS = ['purchase_intent', 'question', 'praise', 'complaint', 'spam', 'other'] as const;
export type Intent = (typeof INTENTS)[number];
export const IntentSchema = Type.Enum(INTENTS);

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const CommentInput = Type.Object({
  id: Id('the comment id of the source platform; the dedup key'),
  text: Type.String({ maxLength: MAX_COMMENT_TEXT_LENGTH, description: 'comment text' }),
  author: Type.String({ minLength: 1, maxLength: 100, description: 'author handle' }),
  // Offset optional: the seed stored the client's timestamp verbatim (varchar 50) and Python
  // clients send naive `isoformat()` values. The date must exist (format iso-8601, src/http/kit/validator.ts).
  timestamp: Type.String({
    maxLength: 50,
    format: 'iso-8601',
    description: 'when it was written (ISO 8601)',
  }),
  parent_id: Type.Optional(
    Type.Union([Id('the comment this one answers'), Type.Null()], {
      description: 'absent for a top-level reply',
    }),
  ),
});
export type CommentInput = Static<typeof CommentInput>;

export const ProcessCommentsBody = Type.Object({
  post_id: Id('the post the comments belong to'),
  comments: Type.Array(CommentInput, { maxItems: MAX_COMMENTS_PER_REQUEST }),
});
export type ProcessCommentsBody = Static<typeof ProcessCommentsBody>;

export const ProcessCommentsResponse = Type.Object({
  status: Type.Union([Type.Literal('success'), Type.Literal('partial')], {
    description: 'partial: stored but some analysis jobs could not be queued (they are re-queued later)',
  }),
  processed_count: Type.Integer({ description: 'comments in the request' }),
  stored_count: Type.Integer({ description: 'comments stored by this request (new ids)' }),
  duplicates_filtered: Type.Integer({
    description: 'comments already seen (in the request, cache or database)',
  }),
  queued_count: Type.Integer({ description: 'stored comments queued for analysis' }),
  processing_time_ms: Type.Number(),
});
export type ProcessCommentsResponse = Static<typeof ProcessCommentsResponse>;

export const MonitorStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('stopped'),
  Type.Literal('failed'),
]);
export type MonitorStatus = Static<typeof MonitorStatus>;

/** Poll at most every 5 s: faster polling would spend the source's rate limit for little gain. */
export const MIN_MONITOR_INTERVAL_SECONDS = 5;

export const CreateMonitorBody = Type.Object({
  post_id: Id('the post whose replies are polled'),
  interval_seconds: Type.Integer({ minimum: MIN_MONITOR_INTERVAL_SECONDS, maximum: 86_400, default: 60 }),
});
export type CreateMonitorBody = Static<typeof CreateMonitorBody>;

export const MonitorParams = Type.Object({ task_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const MonitorResponse = Type.Object({
  task_id: Type.String(),
  status: MonitorStatus,
  post_id: Type.String(),
  interval_seconds: Type.Integer(),
  comments_processed: Type.Integer({ description: 'new comments stored by this monitor' }),
  last_processed: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error_count: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()]),
});
export type MonitorResponse = Static<typeof MonitorResponse>;

/** Template placeholders always available; rule `variables` add more. */
export const BUILTIN_PLACEHOLDERS = ['author', 'post_url'] as const;

const VariableName = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

const RuleFields = {
  account_id: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
    description: 'only comments on this account’s posts; null = every account',
  }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  intent: Type.Union([IntentSchema, Type.Null()], {
    description: 'trigger when this intent scores ≥ threshold',
  }),
  threshold: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'required with intent',
  }),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 50,
    description: 'whole words or phrases, case-insensitive',
  }),
  match: Type.Union([Type.Literal('any'), Type.Literal('all')], {
    description: 'with both an intent and keywords: any = either triggers, all = both must',
  }),
  template: Type.String({
    minLength: 1,
    maxLength: 2_000,
    description:
      'message with {author}, {post_url} and {variable} placeholders; {{ and }} are literal braces',
  }),
  variables: Type.Record(Type.String({ pattern: VariableName }), Type.String({ maxLength: 1_000 }), {
    maxProperties: 50,
    // a misspelt name is an error, never dropped
    additionalProperties: false,
    description: `custom placeholders; names match ${VariableName}`,
  }),
  enabled: Type.Boolean(),
  delivery: Type.Union([Type.Literal('dm'), Type.Literal('public_reply')], {
    description:
      'dm = the configured delivery (signed webhook, or the source’s DMs); public_reply = a public Threads reply to the lead’s comment (reply_to_id), needs the Threads connector, and the template must fit a reply (500 characters, 5 links) with a 30-character {author} and its {post_url}, or the rule is refused (422)',
  }),
};

export const CreateDmRuleBody = Type.Object({
  account_id: Type.Optional(RuleFields.account_id),
  name: RuleFields.name,
  intent: Type.Optional(RuleFields.intent),
  threshold: Type.Optional(RuleFields.threshold),
  keywords: Type.Optional(RuleFields.keywords),
  match: Type.Optional(RuleFields.match),
  template: RuleFields.template,
  variables: Type.Optional(RuleFields.variables),
  enabled: Type.Optional(RuleFields.enabled),
  delivery: Type.Optional(RuleFields.delivery),
});
export type CreateDmRuleBody = Static<typeof CreateDmRuleBody>;

export const UpdateDmRuleBody = Type.Partial(Type.Object(RuleFields), { minProperties: 1 });
export type UpdateDmRuleBody = Static<typeof UpdateDmRuleBody>;

export const DmRuleParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const DmRuleResponse = Type.Object({
  id: Type.Integer(),
  ...RuleFields,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type DmRuleResponse = Static<typeof DmRuleResponse>;

export const DM_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DmStatus = (typeof DM_STATUSES)[number];

export const DmOutboxQuery = Type.Object({
  status: Type.Optional(Type.Enum(DM_STATUSES)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

export const DmOutboxItem = Type.Object({
  id: Type.Integer(),
  rule_id: Type.Integer(),
  comment_id: Type.String(),
  post_id: Type.String(),
  author: Type.String(),
  account_id: Type.String(),
  message: Type.String(),
  status: Type.Enum(DM_STATUSES),
  attempts: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  idempotency_key: Type.String(),
  delivery: RuleFields.delivery,
  created_at: Type.String({ format: 'date-time' }),
  sent_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DmOutboxItem = Static<typeof DmOutboxItem>;

export const DmOutboxResponse = Type.Object({ items: Type.Array(DmOutboxItem) });

export const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;

export const InboxQuery = Type.Object({
  post_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  intent: Type.Optional(IntentSchema),
  min_lead_score: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  sentiment: Type.Optional(Type.Enum(SENTIMENTS)),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'text contains (case-insensitive)' }),
  ),
  handled: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type InboxQuery = Static<typeof InboxQuery>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const InboxItem = Type.Object({
  comment_id: Type.String(),
  post_id: Type.String(),
  author: Type.String(),
  text: Type.String(),
  timestamp: Type.String(),
  parent_id: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  handled: Type.Boolean(),
  analysis: Nullable(
    Type.Object({
      intent: IntentSchema,
      scores: Type.Record(Type.String(), Type.Number()),
      sentiment: Type.Number(),
      lead_score: Type.Number(),
      model_version: Type.String(),
      analyzed_at: Type.String({ format: 'date-time' }),
      evidence: Type.Array(Type.String(), {
        description: 'what decided the intent: the model and its score, or the phrase that matched',
      }),
      correction: Nullable(
        Type.Object(
          {
            intent: IntentSchema,
            model_intent: Nullable(IntentSchema),
            corrected_at: Type.String({ format: 'date-time' }),
          },
          { description: "an operator's label; `intent` above is this label" },
        ),
      ),
    }),
  ),
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxResponse = Type.Object({
  total: Type.Integer({ description: 'matching comments, ignoring limit and offset' }),
  items: Type.Array(InboxItem),
});
export type InboxResponse = Static<typeof InboxResponse>;

export const CommentParams = Type.Object({ comment_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const HandledResponse = Type.Object({ comment_id: Type.String(), handled: Type.Boolean() });

export const CorrectIntentBody = Type.Object({
  intent: IntentSchema,
});
export type CorrectIntentBody = Static<typeof CorrectIntentBody>;

export const IntentCorrection = Type.Object({
  comment_id: Type.String(),
  post_id: Type.String(),
  text: Type.String(),
  intent: IntentSchema,
  model_intent: Nullable(IntentSchema),
  model_version: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type IntentCorrection = Static<typeof IntentCorrection>;

export const CorrectionsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1_000, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type CorrectionsQuery = Static<typeof CorrectionsQuery>;

export const CorrectionsResponse = Type.Object({
  total: Type.Integer(),
  items: Type.Array(IntentCorrection),
});
export type CorrectionsResponse = Static<typeof CorrectionsResponse>;

export const AutoHideParams = Type.Object({ account_id: Type.String({ minLength: 1, maxLength: 100 }) });

export const AutoHideSettingsBody = Type.Object(
  {
    enabled: Type.Boolean({
      description: 'hide replies labelled spam on this account’s posts (off by default)',
    }),
    threshold: Type.Optional(
      Type.Number({
        minimum: 0.5,
        maximum: 1,
        description: 'the spam score (0.5–1) a spam reply must reach to be hidden; default 0.9',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AutoHideSettings = Type.Object({
  account_id: Type.String(),
  enabled: Type.Boolean(),
  threshold: Type.Number(),
});
export type AutoHideSettings = Static<typeof AutoHideSettings>;

export const HIDDEN_REPLY_STATUSES = ['hiding', 'hidden', 'failed', 'unhidden'] as const;

export const HiddenReply = Type.Object({
  comment_id: Type.String(),
  account_id: Type.String(),
  post_id: Type.String(),
  author: Type.String(),
  text: Type.String(),
  spam_score: Type.Number(),
  threshold: Type.Number(),
  status: Type.Enum(HIDDEN_REPLY_STATUSES, {
    description: 'hiding: claimed, call pending; hidden; failed: Threads refused; unhidden: a human unhid it',
  }),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  hidden_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  unhidden_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type HiddenReply = Static<typeof HiddenReply>;

export const HiddenRepliesQuery = Type.Object({
  account_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const HiddenRepliesResponse = Type.Object({ items: Type.Array(HiddenReply) });

export const HiddenReplyParams = Type.Object({ comment_id: Type.String({ minLength: 1, maxLength: 100 }) });
