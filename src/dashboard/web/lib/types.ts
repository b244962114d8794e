/**
 * The API shapes the dashboard reads. Written against the route schemas of src/metrics,
 * src/comments and src/patterns; fields the UI can live without are optional so that an older
 * or newer server still renders.
 */

export const KPI_NAMES = [
  'viral_coefficient',
  'scroll_stop_rate',
  'share_velocity',
  'reply_depth',
  'engagement_trajectory',
  'pattern_fatigue',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];
export type Kpis = Record<KpiName, number>;

/** `GET /api/overview`: KPI averages are over the newest readings of active posts. */
export interface Overview {
  now: string;
  posts: number;
  active_posts: number;
  measured_posts: number;
  anomalies_24h: number;
  kpi_averages: Partial<Record<KpiName, number | null>>;
}

export interface PostSummary {
  id: string;
  account_id: string;
  persona_id?: string | null;
  content: string;
  post_url?: string | null;
  published_at: string;
  kpis: Partial<Kpis> | null;
  /** interactions gained per hour over the last 24 hours, oldest first */
  sparkline: number[];
  collected_at?: string | null;
}

export interface PostsResponse {
  items: PostSummary[];
}

export interface Span {
  start: number;
  end: number;
  text?: string;
}

export interface HookPattern {
  type: string;
  template?: string;
  confidence: number;
  triggers?: string[];
  spans?: Span[];
}

export interface EmotionPattern {
  type: string;
  intensity: number;
  confidence: number;
}

export interface StructurePattern {
  length_category?: string;
  has_thread_indicator?: boolean;
  sentence_count?: number;
  reading_time_seconds?: number;
  word_count?: number;
  [key: string]: unknown;
}

export const ARC_TYPES = ['rising', 'falling', 'roller_coaster', 'steady'] as const;
export type ArcType = (typeof ARC_TYPES)[number];

/** One segment of an emotion trajectory (its emotion intensities are further keys). */
export interface TrajectorySegment {
  segment_index: number;
  text: string;
  valence: number;
  dominant_emotion: string;
  intensity: number;
  [emotion: string]: unknown;
}

/** `emotion_trajectory` of a post of more than one sentence (SPEC §2.2). */
export interface EmotionTrajectory {
  arc_type: ArcType;
  emotion_progression: TrajectorySegment[];
  peak_segments: number[];
  valley_segments: number[];
  emotional_variance: number;
  transitions?: unknown[];
  segment_count?: number;
  dominant_emotion?: string;
}

export interface PatternResult {
  hook_patterns: HookPattern[];
  emotion_patterns: EmotionPattern[];
  structure_patterns: StructurePattern[];
  engagement_score?: number;
  pattern_strength: number;
  emotion_trajectory?: EmotionTrajectory;
  [key: string]: unknown;
}

export interface Snapshot {
  taken_at: string;
  views: number;
  impressions: number | null;
  engaged_views: number | null;
  likes: number;
  replies: number;
  reposts: number;
  quotes: number;
  shares: number;
}

export interface KpiHistoryPoint {
  recorded_at: string;
  metric_name: string;
  metric_value: number;
}

/** `GET /api/posts/{id}`: the list's fields but the sparkline (the page charts the snapshots). */
export interface PostDetail extends Omit<PostSummary, 'sparkline'> {
  patterns: PatternResult | null;
  pattern_ids?: string[];
  snapshots: Snapshot[];
  kpi_history: KpiHistoryPoint[];
}

export type Severity = 'high' | 'medium' | 'low';

export interface Anomaly {
  id: number;
  post_id: string;
  anomaly_type: string;
  severity: Severity;
  metric_name: string;
  message: string;
  current_value: number;
  baseline_value: number | null;
  /** percent below the baseline, for drops */
  drop_percentage: number | null;
  alert_sent: boolean;
  detected_at: string;
}

export type Interval = [low: number, high: number];

/** One entry of the pattern catalogue (`GET /pattern-types?detail=true`). */
export interface PatternTypeInfo {
  type: string;
  template: string;
  description: string;
}

/** `GET /pattern-types?detail=true`: every type with its template and description. */
export interface PatternCatalog {
  hook_patterns: PatternTypeInfo[];
  emotion_patterns: PatternTypeInfo[];
  structure_patterns: PatternTypeInfo[];
}

/** One pattern of an account's leaderboard (`GET /api/patterns/performance`). */
export interface PatternPerformanceItem {
  /** `family:type`, e.g. `hook:question` */
  pattern_type: string;
  family: string;
  type: string;
  usage_count: number;
  /** share of the account's measured posts that use the pattern, 0–1 */
  usage_share: number;
  mean_engagement_rate: number;
  median_engagement_rate: number;
  raw_lift: number | null;
  raw_lift_ci: Interval | null;
  /** shrunk relative lift over the account baseline (0.12 = +12 %); null when the baseline is 0 */
  lift: number | null;
  lift_ci: Interval | null;
  /** how far the estimate was pulled to the account mean, 0–1 */
  shrinkage: number;
  fatigue: number;
}

export interface PatternPerformance {
  account_id: string;
  measured_posts: number;
  baseline: { mean: number; median: number; variance: number };
  /** best first: sorted by the lower end of the lift interval */
  items: PatternPerformanceItem[];
}

/** One arc of a persona (`GET /trajectories/emotion/persona/{persona_id}`). */
export interface ArcPerformance {
  arc_type: ArcType;
  usage_count: number;
  usage_share: number;
  mean_engagement_rate: number;
  median_engagement_rate: number;
  raw_lift: number | null;
  lift: number | null;
  lift_ci: Interval | null;
  shrinkage: number;
  trajectory_count: number;
  mean_emotional_variance: number;
}

export interface PersonaTrajectories {
  persona_id: string;
  post_count: number;
  trajectory_count: number;
  measured_posts: number;
  baseline: { mean: number; median: number; variance: number };
  /** best first: by the lower end of the lift interval */
  arcs: ArcPerformance[];
  transitions: { from_emotion: string; to_emotion: string; count: number }[];
}

export const FEATURE_GROUPS = ['format', 'hook', 'emotion', 'sentiment', 'score', 'timing'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/** One feature's learned effect for an account (GET /api/engagement/what-works). */
export interface FeatureEffect {
  /** `group:name`, e.g. `format:link` */
  feature: string;
  group: FeatureGroup;
  kind: 'presence' | 'graded';
  step: number;
  /** relative change in engagement: 0.4 = 40 % better */
  effect: number;
  /** 95 % interval of the effect */
  low: number;
  high: number;
  prior_effect: number;
  shrinkage: number;
  /** share of the account's posts with it (graded: mean value) */
  usage: number;
  /** "posts with a link do 40 % worse for you" */
  text: string;
}

export interface WhatWorks {
  account_id: string;
  persona_id: string;
  model_version: string;
  trained_at: string | null;
  basis: 'account' | 'persona' | 'global';
  posts_learned_from: number;
  /** every account's posts the model learned from (0: it knows only its defaults) */
  model_posts: number;
  fixed_age_hours: number;
  typical: { mean: number; low: number; high: number };
  /** strongest first */
  effects: FeatureEffect[];
}

export const TOKEN_STATUSES = ['valid', 'expiring', 'reconnect_needed'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** An account: connected with a token (`connected`), or known only from its posts (the simulator's). */
export interface Account {
  account_id: string;
  persona_id: string;
  posts: number;
  connected: boolean;
  username: string | null;
  token_status: TokenStatus | null;
  token_status_reason: string | null;
  token_expires_at: string | null;
  last_polled_at: string | null;
  usage: { calls_last_hour: number; calls_24h: number };
}

export const INTENTS = ['purchase_intent', 'question', 'praise', 'complaint', 'spam', 'other'] as const;
export type Intent = (typeof INTENTS)[number];
export const SENTIMENTS = ['positive', 'negative', 'neutral'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface CommentAnalysis {
  intent: Intent;
  scores: Record<string, number>;
  sentiment: number;
  lead_score: number;
  model_version?: string;
  analyzed_at?: string;
  /** what decided the intent: the model and its score, or the phrase that matched */
  evidence?: string[];
  /** an operator's label (then `intent` is that label) */
  correction?: IntentCorrectionInfo | null;
}

export interface IntentCorrectionInfo {
  intent: Intent;
  /** what the classifier had said */
  model_intent: Intent | null;
  corrected_at: string;
}

export interface InboxItem {
  comment_id: string;
  post_id: string;
  author: string;
  text: string;
  created_at: string;
  timestamp?: string;
  parent_id?: string | null;
  handled: boolean;
  analysis: CommentAnalysis | null;
}

export interface InboxResponse {
  items: InboxItem[];
  total: number;
}

export interface InboxQuery {
  post_id?: string;
  intent?: Intent;
  min_lead_score?: number;
  sentiment?: Sentiment;
  q?: string;
  handled?: boolean;
  limit?: number;
  offset?: number;
}

export type DmMatch = 'any' | 'all';
/** dm = the configured delivery (webhook or the source's DMs); public_reply = a public Threads reply */
export type DmDeliveryMode = 'dm' | 'public_reply';

export interface DmRuleFields {
  account_id: string | null;
  name: string;
  intent: Intent | null;
  threshold: number | null;
  keywords: string[];
  match: DmMatch;
  template: string;
  variables: Record<string, string>;
  enabled: boolean;
  delivery: DmDeliveryMode;
}

export interface DmRule extends DmRuleFields {
  id: number;
  created_at: string;
  updated_at: string;
}

export const DM_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DmStatus = (typeof DM_STATUSES)[number];

export interface DmOutboxItem {
  id: number;
  rule_id: number;
  comment_id: string;
  post_id: string;
  author: string;
  account_id: string;
  message: string;
  status: DmStatus;
  attempts: number;
  last_error: string | null;
  delivery: DmDeliveryMode;
  created_at: string;
  sent_at: string | null;
}

/** Opt-in auto-hide of spam replies for one account (`GET/PUT /api/auto-hide/{account_id}`). */
export interface AutoHideSettings {
  account_id: string;
  enabled: boolean;
  threshold: number;
}

export const HIDDEN_REPLY_STATUSES = ['hiding', 'hidden', 'failed', 'unhidden'] as const;
export type HiddenReplyStatus = (typeof HIDDEN_REPLY_STATUSES)[number];

/** A reply the agent hid on Threads (`GET /api/hidden-replies`). */
export interface HiddenReply {
  comment_id: string;
  account_id: string;
  post_id: string;
  author: string;
  text: string;
  spam_score: number;
  threshold: number;
  status: HiddenReplyStatus;
  last_error: string | null;
  created_at: string;
  hidden_at: string | null;
  unhidden_at: string | null;
}
