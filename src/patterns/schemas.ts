import { Type, type Static } from 'typebox';
import { EMOTION_TYPES, HOOK_TYPES, STRUCTURE_TYPES } from './pattern-types.js';
import { EmotionTrajectorySchema } from './trajectory-schemas.js';

/**
 * Request and response schemas of the pattern engine: validation (Ajv), fast serialization
 * (fast-json-stringify) and OpenAPI from one definition. Field names are the seed's
 * (SPEC §2.1); fields marked "added" are new and never replace a seed field.
 */

export const ViralPostSchema = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: 10_000, description: 'the post text' }),
    account_id: Type.String({ description: 'Threads account id' }),
    post_url: Type.String({ description: 'original post URL' }),
    timestamp: Type.String({ format: 'date-time', description: 'creation time, ISO 8601' }),
    likes: Type.Integer({ minimum: 0 }),
    comments: Type.Integer({ minimum: 0 }),
    shares: Type.Integer({ minimum: 0 }),
    engagement_rate: Type.Number({ minimum: 0, maximum: 1, description: 'normalised 0..1' }),
    performance_percentile: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { description: 'A post as the viral scraper delivers it (seed ViralPost)' },
);
export type ViralPost = Static<typeof ViralPostSchema>;

/** `{posts}` with the batch bound from the config (MAX_BATCH_SIZE). */
export function batchRequestSchema(maxBatchSize: number) {
  return Type.Object({
    posts: Type.Array(ViralPostSchema, { maxItems: maxBatchSize }),
  });
}
export type BatchRequest = Static<ReturnType<typeof batchRequestSchema>>;

const Unit = (description?: string) =>
  Type.Number({ minimum: 0, maximum: 1, ...(description ? { description } : {}) });

const SpanSchema = Type.Object({
  start: Type.Integer({ description: 'UTF-16 offset into content' }),
  end: Type.Integer({ description: 'end offset, exclusive' }),
  text: Type.String(),
});

const HookPatternSchema = Type.Object({
  type: Type.Enum([...HOOK_TYPES]),
  template: Type.String(),
  confidence: Unit('from the evidence: cues, their position, the clickbait score'),
  triggers: Type.Array(Type.String(), { description: 'the cue phrases found' }),
  spans: Type.Array(SpanSchema, { description: 'added: where each cue is in the content' }),
});

const EmotionPatternSchema = Type.Object({
  type: Type.Enum([...EMOTION_TYPES]),
  intensity: Unit(),
  confidence: Unit(),
});

const StructurePatternSchema = Type.Object({
  length_category: Type.Enum(['short', 'medium', 'long']),
  has_thread_indicator: Type.Boolean(),
  sentence_count: Type.Integer(),
  reading_time_seconds: Type.Integer({ description: 'at 200 words/minute, rounded up to the second' }),
  word_count: Type.Integer(),
  line_count: Type.Integer(),
  thread_markers: Type.Array(Type.String()),
  list_item_count: Type.Integer(),
  has_list: Type.Boolean(),
  hashtags: Type.Array(Type.String()),
  hashtag_count: Type.Integer(),
  mentions: Type.Array(Type.String()),
  mention_count: Type.Integer(),
  link_count: Type.Integer(),
  emoji_count: Type.Integer(),
  emoji_density: Type.Number({ description: 'emoji per word' }),
  ends_with_question: Type.Boolean(),
});

const EmotionVectorSchema = Type.Object({
  anger: Unit(),
  disgust: Unit(),
  fear: Unit(),
  joy: Unit(),
  sadness: Unit(),
  surprise: Unit(),
  excitement: Unit(),
  neutral: Unit(),
});

const SentimentSchema = Type.Object({
  compound: Type.Number({ minimum: -1, maximum: 1 }),
  positive: Unit(),
  negative: Unit(),
  neutral: Unit(),
});

export const PatternResultSchema = Type.Object({
  hook_patterns: Type.Array(HookPatternSchema),
  emotion_patterns: Type.Array(EmotionPatternSchema),
  structure_patterns: Type.Array(StructurePatternSchema),
  engagement_score: Unit("the post's engagement_rate"),
  pattern_strength: Unit('0.4 hooks + 0.3 emotion + 0.2 structure + 0.1 synergy'),
  emotion_vector: EmotionVectorSchema,
  sentiment: SentimentSchema,
  clickbait_score: Unit('added: how much the opening reads like an attention-engineered headline'),
  structure_score: Unit('added: the structure input of pattern strength'),
  emotion_trajectory: Type.Optional(EmotionTrajectorySchema),
});

const Counts = Type.Record(Type.String(), Type.Integer());

export const BatchResponseSchema = Type.Object({
  results: Type.Array(PatternResultSchema),
  summary: Type.Object({
    total_posts: Type.Integer(),
    average_pattern_strength: Unit(),
    total_hook_patterns: Type.Integer(),
    total_emotion_patterns: Type.Integer(),
    hook_type_counts: Counts,
    emotion_type_counts: Counts,
    length_category_counts: Counts,
    thread_count: Type.Integer({ description: 'posts with a thread indicator' }),
    average_engagement_score: Unit(),
  }),
});

const TypeInfoSchema = Type.Object({
  type: Type.String(),
  template: Type.String(),
  description: Type.String(),
});

/** `GET /pattern-types`, the seed's shape: plain names, so `"discovery" in hook_patterns` works. */
export const PatternTypeNamesSchema = Type.Object({
  hook_patterns: Type.Array(Type.String(), { description: `${HOOK_TYPES.length} hook type names` }),
  emotion_patterns: Type.Array(Type.String(), { description: `${EMOTION_TYPES.length} emotion type names` }),
  structure_patterns: Type.Array(Type.String(), {
    description: `${STRUCTURE_TYPES.length} structure features`,
  }),
});

export const PatternTypesQuerySchema = Type.Object({
  detail: Type.Boolean({
    default: false,
    description: 'true: each type with its template and a one-line description (the dashboard’s catalogue)',
  }),
});

/** `GET /pattern-types?detail=true`: the full catalogue. */
export const PatternTypesResponseSchema = Type.Object({
  hook_patterns: Type.Array(TypeInfoSchema, { description: `${HOOK_TYPES.length} hook types` }),
  emotion_patterns: Type.Array(TypeInfoSchema, { description: `${EMOTION_TYPES.length} emotion types` }),
  structure_patterns: Type.Array(TypeInfoSchema, {
    description: `${STRUCTURE_TYPES.length} structure features`,
  }),
});

export const PatternHealthSchema = Type.Object({ status: Type.String(), service: Type.String() });

export const ErrorDetailSchema = Type.Object({ detail: Type.String() });
