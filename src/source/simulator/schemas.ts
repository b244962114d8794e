/**
 * Wire schemas of the fake-threads HTTP API: the server validates and serializes with them,
 * the HTTP client checks every response against them, so a drift between the two is caught
 * at the boundary instead of deep inside the collector.
 */
import { Type, type Static } from 'typebox';
import type { CommentLabel } from '../threads-source.js';

const Iso = (description: string) => Type.String({ minLength: 1, description });
const Count = Type.Integer({ minimum: 0 });

export const CommentLabelSchema = Type.Union([
  Type.Literal('purchase_intent'),
  Type.Literal('question'),
  Type.Literal('praise'),
  Type.Literal('complaint'),
  Type.Literal('spam'),
  Type.Literal('other'),
]);
// The wire schema must list exactly the labels of the source interface.
const _labelsMatch: [Static<typeof CommentLabelSchema>] extends [CommentLabel]
  ? [CommentLabel] extends [Static<typeof CommentLabelSchema>]
    ? true
    : never
  : never = true;

export const SourcePostSchema = Type.Object({
  id: Type.String(),
  account_id: Type.String(),
  persona_id: Type.String(),
  username: Type.String(),
  content: Type.String(),
  post_url: Type.String(),
  published_at: Iso('ISO 8601'),
});

export const HourlyBucketSchema = Type.Object({
  hour: Iso('start of the UTC hour'),
  views: Count,
  likes: Count,
  replies: Count,
  reposts: Count,
  quotes: Count,
  shares: Count,
});

export const PostCountersSchema = Type.Object({
  post_id: Type.String(),
  views: Count,
  impressions: Count,
  engaged_views: Count,
  likes: Count,
  replies: Count,
  reposts: Count,
  quotes: Count,
  shares: Count,
  collected_at: Iso('when the counters were read (simulated time)'),
  hourly_breakdown: Type.Optional(Type.Array(HourlyBucketSchema)),
});

export const SourceCommentSchema = Type.Object({
  id: Type.String(),
  post_id: Type.String(),
  text: Type.String(),
  author: Type.String(),
  timestamp: Iso('ISO 8601'),
  parent_id: Type.Optional(Type.String()),
  true_label: Type.Optional(CommentLabelSchema),
});

/** Recursive: for checking responses. The server serializes trees without a schema. */
export const ReplyTreeSchema = Type.Cyclic(
  {
    ReplyNode: Type.Object({
      id: Type.String(),
      author: Type.String(),
      text: Type.String(),
      timestamp: Type.String(),
      children: Type.Array(Type.Ref('ReplyNode')),
    }),
  },
  'ReplyNode',
);

export const DmRecordSchema = Type.Object({
  id: Type.String(),
  idempotency_key: Type.String(),
  recipient: Type.String(),
  text: Type.String(),
  post_id: Type.Optional(Type.String()),
  sent_at: Iso('simulated time of acceptance'),
});

export const AccountSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  persona_id: Type.String(),
  display_name: Type.String(),
  followers: Count,
  product: Type.String(),
  keyword: Type.String(),
  price: Type.String(),
  topics: Type.Array(Type.String()),
});

// ---- requests ----------------------------------------------------------------------------

export const PostIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const AnalyticsParams = Type.Object({ post_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const PublishBody = Type.Object({
  content: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: 'at most 500 characters (Threads limit)',
  }),
  account_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  persona_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  published_at: Type.Optional(
    Type.String({ minLength: 1, description: 'simulator only: backdate the post' }),
  ),
  virality: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'simulator only' })),
});

export const PublishedQuery = Type.Object({
  since: Type.Optional(Type.String({ minLength: 1, description: 'ISO 8601' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
  account_id: Type.Optional(Type.String({ minLength: 1 })),
});

export const CommentsQuery = Type.Object({
  after: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  include_labels: Type.Optional(Type.Boolean({ default: false })),
});

export const NewCommentBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2000 }),
  author: Type.String({ minLength: 1, maxLength: 128 }),
  parent_id: Type.Optional(Type.String({ minLength: 1 })),
  true_label: Type.Optional(CommentLabelSchema),
});

export const DmBody = Type.Object({
  idempotency_key: Type.String({ minLength: 1, maxLength: 256 }),
  recipient: Type.String({ minLength: 1, maxLength: 256 }),
  text: Type.String({ minLength: 1, maxLength: 10_000 }),
  post_id: Type.Optional(Type.String({ minLength: 1 })),
});

export const FaultsBody = Type.Object({
  error_rate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  latency_ms: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
  latency_jitter_ms: Type.Optional(Type.Number({ minimum: 0, maximum: 600_000 })),
  timeout: Type.Optional(Type.Boolean()),
  reset: Type.Optional(Type.Boolean({ description: 'clear every fault first' })),
});

export const ClockBody = Type.Object({
  advance_ms: Type.Optional(Type.Integer({ minimum: 0 })),
  speedup: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6 })),
});

// ---- responses ---------------------------------------------------------------------------

export const FaultsResponse = Type.Object({
  error_rate: Type.Number(),
  latency_ms: Type.Number(),
  latency_jitter_ms: Type.Number(),
  timeout: Type.Boolean(),
});

export const ClockResponse = Type.Object({ sim_time: Type.String(), speedup: Type.Number() });

export const HealthResponse = Type.Object({
  status: Type.Literal('healthy'),
  service: Type.Literal('fake_threads'),
  sim_time: Type.String(),
  speedup: Type.Number(),
  seed: Type.Integer(),
});

export const PublishedResponse = Type.Object({ data: Type.Array(SourcePostSchema) });
export const CommentsResponse = Type.Object({
  data: Type.Array(SourceCommentSchema),
  paging: Type.Object({ cursors: Type.Object({ after: Type.Optional(Type.String()) }) }),
});
export const ThreadsResponse = Type.Object({ post_id: Type.String(), data: Type.Array(ReplyTreeSchema) });
export const DmResponse = Type.Object({ id: Type.String(), duplicate: Type.Boolean() });
export const DmListResponse = Type.Object({ data: Type.Array(DmRecordSchema) });
export const AccountsResponse = Type.Object({ data: Type.Array(AccountSchema) });

/** The Graph API error envelope, which the real Threads API uses too. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    message: Type.String(),
    type: Type.String(),
    code: Type.Integer(),
    error_subcode: Type.Optional(Type.Integer()),
    is_transient: Type.Optional(Type.Boolean()),
  }),
});
export type ErrorBody = Static<typeof ErrorResponse>;
