import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from '../infra/db/types.js';

/**
 * Hand-written types of the emotion trajectory tables (migration 202612061300_emotion_trajectories),
 * added to the `DB` interface of infra/db/types.ts (at the end of this file). Value conventions as documented there:
 * bigint → number, timestamptz → Date.
 */

type DefaultZero = ColumnType<number, number | undefined, number>;
type DefaultFalse = ColumnType<boolean, boolean | undefined, boolean>;

export interface EmotionTrajectoriesTable {
  id: Generated<number>;
  post_id: string;
  persona_id: string;
  /** SHA-256 (hex) of the content the trajectory was computed from */
  content_hash: string;
  segment_count: number;
  /** words in all segments */
  total_duration_words: number;
  /** emotion model + sentiment lexicon + trajectory rule versions */
  analysis_model: string;
  segmentation: string;
  /** mean intensity of the segments' dominant emotions */
  confidence_score: DefaultZero;
  /** the API's arc_type */
  trajectory_type: string;
  emotional_variance: DefaultZero;
  peak_count: DefaultZero;
  valley_count: DefaultZero;
  transition_count: DefaultZero;
  dominant_emotion: string;
  anger_avg: DefaultZero;
  disgust_avg: DefaultZero;
  fear_avg: DefaultZero;
  joy_avg: DefaultZero;
  sadness_avg: DefaultZero;
  surprise_avg: DefaultZero;
  excitement_avg: DefaultZero;
  neutral_avg: DefaultZero;
  /** sentiment of the whole post */
  sentiment_compound: DefaultZero;
  sentiment_positive: DefaultZero;
  sentiment_neutral: DefaultZero;
  sentiment_negative: DefaultZero;
  processing_time_ms: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface EmotionSegmentsTable {
  id: Generated<number>;
  trajectory_id: number;
  segment_index: number;
  content_text: string;
  start_offset: number;
  end_offset: number;
  word_count: number;
  anger_score: DefaultZero;
  disgust_score: DefaultZero;
  fear_score: DefaultZero;
  joy_score: DefaultZero;
  sadness_score: DefaultZero;
  surprise_score: DefaultZero;
  excitement_score: DefaultZero;
  neutral_score: DefaultZero;
  /** the segment's valence */
  sentiment_compound: DefaultZero;
  dominant_emotion: string;
  /** the dominant emotion's intensity */
  confidence_score: DefaultZero;
  is_peak: DefaultFalse;
  is_valley: DefaultFalse;
  created_at: CreatedAt;
}

export interface EmotionTransitionsTable {
  id: Generated<number>;
  trajectory_id: number;
  from_segment_index: number;
  to_segment_index: number;
  from_emotion: string;
  to_emotion: string;
  transition_type: string;
  intensity_change: DefaultZero;
  valence_change: DefaultZero;
  strength_score: DefaultZero;
  created_at: CreatedAt;
}

export interface TrajectoryTables {
  emotion_trajectories: EmotionTrajectoriesTable;
  emotion_segments: EmotionSegmentsTable;
  emotion_transitions: EmotionTransitionsTable;
}

declare module '../infra/db/types.js' {
  interface DB extends TrajectoryTables {}
}
