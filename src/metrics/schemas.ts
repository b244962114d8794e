import { Type } from 'typebox';
import { PatternResultSchema } from '../patterns/index.js';
import { TIMEFRAMES } from './timeframe.js';
import { SEVERITIES } from './anomaly-rules.js';

/**
 * Timeframe stays a plain string in the schema so that a bad value reaches `parseTimeframe`,
 * whose 422 names the allowed values (`90m`, `-1h`, `abc` are rejected there).
 */
const Timeframe = Type.String({
  default: '1h',
  description: `one of ${TIMEFRAMES.join(', ')}`,
  examples: ['1h'],
});

export const PostIdParams = Type.Object({ post_id: Type.String({ minLength: 1, maxLength: 100 }) });
export const JobIdParams = Type.Object({ job_id: Type.String({ minLength: 1, maxLength: 200 }) });

export const ViralMetricsQuery = Type.Object({
  timeframe: Timeframe,
  use_cache: Type.Boolean({ default: true }),
});

const Kpis = {
  viral_coefficient: Type.Number({ description: '(shares+reposts+quotes+replies)/views×100, capped at 50' }),
  scroll_stop_rate: Type.Number({ description: 'engaged_views/impressions×100' }),
  share_velocity: Type.Number({ description: 'peak (shares+reposts) per hour in the timeframe' }),
  reply_depth: Type.Number({ description: 'mean depth of reply threads' }),
  engagement_trajectory: Type.Number({ description: 'slope of hourly engagement rate, −100…100' }),
  pattern_fatigue: Type.Number({ description: 'decayed pattern reuse, 0–1' }),
};

export const KpiValues = Type.Object(Kpis);

export const MetricsResponse = Type.Object({
  post_id: Type.String(),
  persona_id: Type.String(),
  timeframe: Type.String(),
  ...Kpis,
  engagement_rate: Type.Union([Type.Number(), Type.Null()]),
  collected_at: Type.String({ format: 'date-time' }),
  stale: Type.Boolean({ description: 'true when the source failed and these are the last stored metrics' }),
  stale_reason: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(Type.String()),
  cached: Type.Boolean(),
});

/**
 * One entry of `POST /viral-metrics/batch`, in request order: the post's metrics with
 * `error: null`, or, for a post neither the store nor the source knows, its `post_id` with null
 * KPIs and `error: "not_found"` (one unknown id does not fail the batch).
 */
export const BatchEntry = Type.Union([
  Type.Object({ ...MetricsResponse.properties, error: Type.Null() }),
  Type.Object({
    post_id: Type.String(),
    persona_id: Type.Null(),
    timeframe: Type.String(),
    viral_coefficient: Type.Null(),
    scroll_stop_rate: Type.Null(),
    share_velocity: Type.Null(),
    reply_depth: Type.Null(),
    engagement_trajectory: Type.Null(),
    pattern_fatigue: Type.Null(),
    engagement_rate: Type.Null(),
    collected_at: Type.Null(),
    stale: Type.Boolean(),
    stale_reason: Type.Null(),
    flags: Type.Array(Type.String()),
    cached: Type.Boolean(),
    error: Type.Literal('not_found'),
  }),
]);

export const BatchRequest = Type.Object({
  post_ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
  timeframe: Timeframe,
});

export const ProcessQuery = Type.Object({
  batch_size: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 50,
    description: 'posts per batch (the seed’s default, 50)',
  }),
});

export const ProcessingStartedResponse = Type.Object({
  status: Type.Literal('processing_started'),
  batch_size: Type.Integer(),
  timestamp: Type.String({ format: 'date-time' }),
  job_id: Type.String(),
});

export const JobResponse = Type.Object({
  job_id: Type.String(),
  name: Type.String(),
  state: Type.String(),
  progress: Type.Unknown(),
  attempts_made: Type.Integer(),
  created_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  result: Type.Unknown(),
  failed_reason: Type.Union([Type.String(), Type.Null()]),
});

const Severity = Type.Enum(SEVERITIES);

export const AnomaliesQuery = Type.Object({
  hours: Type.Integer({ minimum: 1, maximum: 168, default: 24 }),
  severity: Type.Optional(Severity),
});

export const AnomalyResponse = Type.Object({
  id: Type.Integer(),
  post_id: Type.String(),
  anomaly_type: Type.String(),
  severity: Severity,
  metric_name: Type.String(),
  message: Type.String(),
  current_value: Type.Number(),
  baseline_value: Type.Union([Type.Number(), Type.Null()]),
  drop_percentage: Type.Union([Type.Number(), Type.Null()]),
  alert_sent: Type.Boolean(),
  /** when the episode was first seen (its one alert) */
  detected_at: Type.String({ format: 'date-time' }),
  /** open while the condition lasts; closed once it has been absent for a while */
  status: Type.Enum(['open', 'closed']),
  last_seen_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  ended_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const PostsQuery = Type.Object({
  account_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

const NullableKpis = Type.Union([KpiValues, Type.Null()]);

/** What the post list and the post page both say of a post. */
const PostFields = {
  id: Type.String(),
  account_id: Type.String(),
  persona_id: Type.String(),
  content: Type.String(),
  post_url: Type.Union([Type.String(), Type.Null()]),
  published_at: Type.String(),
};

export const PostsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      ...PostFields,
      kpis: NullableKpis,
      collected_at: Type.Union([Type.String(), Type.Null()]),
      sparkline: Type.Array(Type.Number()),
    }),
  ),
});

const Counters = {
  views: Type.Number(),
  impressions: Type.Number(),
  engaged_views: Type.Number(),
  likes: Type.Number(),
  replies: Type.Number(),
  reposts: Type.Number(),
  quotes: Type.Number(),
  shares: Type.Number(),
};

export const PostDetailResponse = Type.Object({
  ...PostFields,
  /** the pattern engine's result stored with the post; null before it ran (or when what is stored is not one) */
  patterns: Type.Union([PatternResultSchema, Type.Null()]),
  pattern_ids: Type.Array(Type.String()),
  kpis: NullableKpis,
  collected_at: Type.Union([Type.String(), Type.Null()]),
  snapshots: Type.Array(Type.Object({ taken_at: Type.String(), ...Counters })),
  kpi_history: Type.Array(
    Type.Object({ recorded_at: Type.String(), metric_name: Type.String(), metric_value: Type.Number() }),
  ),
});

export const OverviewResponse = Type.Object({
  now: Type.String(),
  posts: Type.Integer(),
  active_posts: Type.Integer(),
  measured_posts: Type.Integer(),
  anomalies_24h: Type.Integer(),
  kpi_averages: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
});

export const AccountsResponse = Type.Array(
  Type.Object({ account_id: Type.String(), persona_id: Type.String(), posts: Type.Integer() }),
);

const Interval = Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]);

export const PatternPerformanceQuery = Type.Object({
  account_id: Type.String({ minLength: 1, maxLength: 100 }),
});

export const PatternPerformanceResponse = Type.Object({
  account_id: Type.String(),
  measured_posts: Type.Integer(),
  baseline: Type.Object({ mean: Type.Number(), median: Type.Number(), variance: Type.Number() }),
  prior: Type.Object({
    mean: Type.Number(),
    between_pattern_variance: Type.Number(),
    within_variance: Type.Number(),
    patterns_in_prior: Type.Integer(),
  }),
  items: Type.Array(
    Type.Object({
      pattern_type: Type.String({ description: 'family:type, e.g. hook:question' }),
      family: Type.String(),
      type: Type.String(),
      usage_count: Type.Integer(),
      usage_share: Type.Number(),
      mean_engagement_rate: Type.Number(),
      median_engagement_rate: Type.Number(),
      raw_lift: Type.Union([Type.Number(), Type.Null()]),
      raw_lift_ci: Interval,
      lift: Type.Union([Type.Number(), Type.Null()]),
      lift_ci: Interval,
      shrinkage: Type.Number(),
      fatigue: Type.Number({ description: 'pattern fatigue of the persona, 0–1' }),
    }),
  ),
});
