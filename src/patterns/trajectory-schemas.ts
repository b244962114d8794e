import { Type } from 'typebox';
import { EMOTIONS } from '../nlp/emotion-labels.js';
import { ARC_TYPES, TRANSITION_TYPES } from '../nlp/emotion-trajectory.js';
import { MAX_SEGMENTS } from '../nlp/emotion-segments.js';

/**
 * Schemas of emotion trajectories (SPEC §2.2): the `emotion_trajectory` that `/extract-patterns`
 * adds for posts of more than one sentence, and the three trajectory routes. Validation,
 * serialization and OpenAPI from one definition.
 */

const Unit = (description?: string) =>
  Type.Number({ minimum: 0, maximum: 1, ...(description ? { description } : {}) });

const EmotionName = Type.Enum([...EMOTIONS]);

export const SegmentEmotionSchema = Type.Object({
  segment_index: Type.Integer({ minimum: 0 }),
  text: Type.String(),
  start: Type.Integer({
    description: 'UTF-16 offset into the text (for given segments: into them joined by "\\n")',
  }),
  end: Type.Integer({ description: 'end offset, exclusive' }),
  word_count: Type.Integer({ minimum: 0 }),
  valence: Type.Number({ minimum: -1, maximum: 1, description: 'sentiment compound of the segment' }),
  dominant_emotion: EmotionName,
  intensity: Unit("the dominant emotion's intensity"),
  anger: Unit(),
  disgust: Unit(),
  fear: Unit(),
  joy: Unit(),
  sadness: Unit(),
  surprise: Unit(),
  neutral: Unit(),
  excitement: Unit(),
});

export const EmotionTransitionSchema = Type.Object({
  from_segment: Type.Integer({ minimum: 0 }),
  to_segment: Type.Integer({ minimum: 0 }),
  from_emotion: EmotionName,
  to_emotion: EmotionName,
  transition_type: Type.Enum([...TRANSITION_TYPES]),
  valence_change: Type.Number({ minimum: -2, maximum: 2 }),
  intensity_change: Type.Number({ minimum: -1, maximum: 1 }),
  strength: Unit('total-variation distance between the two emotion mixes'),
});

export const EmotionTrajectorySchema = Type.Object(
  {
    arc_type: Type.Enum([...ARC_TYPES], {
      description:
        'shape of the valence curve: steady (never moves by 0.3), rising / falling (one swing, or a reversal that ends 0.3 higher / lower), roller_coaster (reverses twice, or goes and comes back)',
    }),
    emotion_progression: Type.Array(SegmentEmotionSchema, { description: 'one entry per segment, in order' }),
    peak_segments: Type.Array(Type.Integer({ minimum: 0 }), { description: 'tops of the valence curve' }),
    valley_segments: Type.Array(Type.Integer({ minimum: 0 }), {
      description: 'bottoms of the valence curve',
    }),
    emotional_variance: Unit('population variance of the segment valences'),
    transitions: Type.Array(EmotionTransitionSchema, { description: 'one per pair of consecutive segments' }),
    segment_count: Type.Integer({ minimum: 0 }),
    segmentation: Type.Enum(['thread_parts', 'sentences', 'given']),
    dominant_emotion: EmotionName,
  },
  { description: 'How the emotions move from one segment (sentence or thread part) to the next' },
);

export const AnalyzeTrajectoryBodySchema = Type.Union(
  [
    Type.Object(
      {
        text: Type.String({
          minLength: 1,
          maxLength: 10_000,
          description: 'cut into thread parts or sentences',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        segments: Type.Array(Type.String({ minLength: 1, maxLength: 10_000 }), {
          minItems: 1,
          maxItems: MAX_SEGMENTS,
          description: 'segments already cut, in order',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Either `text` or `segments`, not both' },
);

export const StoredTrajectorySchema = Type.Intersect([
  Type.Object({
    id: Type.Integer({ description: 'the trajectory row id' }),
    post_id: Type.String(),
    persona_id: Type.String(),
    content_hash: Type.String({ description: 'SHA-256 (hex) of the content it was computed from' }),
    analysis_model: Type.String({
      description: 'emotion model, sentiment lexicon and trajectory rule versions',
    }),
    analyzed_at: Type.String({ format: 'date-time' }),
  }),
  EmotionTrajectorySchema,
]);

export const TrajectoryPostParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const TrajectoryPersonaParamsSchema = Type.Object({
  persona_id: Type.String({ minLength: 1, maxLength: 100 }),
});

const Interval = Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]);

export const ArcPerformanceSchema = Type.Object({
  arc_type: Type.Enum([...ARC_TYPES]),
  usage_count: Type.Integer({ description: 'measured posts with this arc' }),
  usage_share: Unit('share of the measured posts'),
  mean_engagement_rate: Type.Number(),
  median_engagement_rate: Type.Number(),
  raw_lift: Type.Union([Type.Number(), Type.Null()]),
  lift: Type.Union([Type.Number(), Type.Null()], {
    description: 'engagement lift over the persona baseline, shrunk toward it (empirical Bayes)',
  }),
  lift_ci: Interval,
  shrinkage: Unit(),
  trajectory_count: Type.Integer({ description: 'stored trajectories with this arc, measured or not' }),
  mean_emotional_variance: Unit(),
});

export const PersonaTrajectoriesSchema = Type.Object({
  persona_id: Type.String(),
  post_count: Type.Integer({ description: "the persona's stored posts" }),
  trajectory_count: Type.Integer({
    description: 'posts of more than one sentence, with a stored trajectory',
  }),
  measured_posts: Type.Integer({ description: 'posts with views, whose engagement rate is known' }),
  baseline: Type.Object({ mean: Type.Number(), median: Type.Number(), variance: Type.Number() }),
  arcs: Type.Array(ArcPerformanceSchema, {
    description: 'which arcs perform for this persona, best first (by the low end of the lift interval)',
  }),
  transitions: Type.Array(
    Type.Object({
      from_emotion: Type.String(),
      to_emotion: Type.String(),
      count: Type.Integer(),
    }),
    { description: 'the most frequent emotion switches in its posts' },
  ),
});
