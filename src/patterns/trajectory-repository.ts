import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import { mean } from '../lib/stats.js';
import type { Emotion } from '../nlp/emotion-labels.js';
import type {
  ArcType,
  EmotionTrajectory,
  SegmentEmotion,
  TransitionType,
} from '../nlp/emotion-trajectory.js';
import type { Segmentation } from '../nlp/emotion-segments.js';

/** A stored post, as far as trajectories need it. */
export interface TrajectoryPost {
  id: string;
  persona_id: string;
  content: string;
}

export interface TrajectoryPostReader {
  post(id: string): Promise<TrajectoryPost | undefined>;
  postsOfPersona(personaId: string): Promise<TrajectoryPost[]>;
}

/** A trajectory to store: the post it belongs to, and what it was computed from. */
export interface TrajectoryToSave {
  post_id: string;
  persona_id: string;
  content_hash: string;
  analysis_model: string;
  /** sentiment of the whole post */
  sentiment: { compound: number; positive: number; neutral: number; negative: number };
  processing_time_ms: number | null;
  trajectory: EmotionTrajectory;
}

/** A stored trajectory, read back in the API's shape. */
export interface StoredTrajectory extends EmotionTrajectory {
  id: number;
  post_id: string;
  persona_id: string;
  /** SHA-256 (hex) of the content it was computed from */
  content_hash: string;
  analysis_model: string;
  analyzed_at: Date;
}

/** What the per-persona view needs of each stored trajectory. */
export interface TrajectorySummary {
  post_id: string;
  arc_type: ArcType;
  emotional_variance: number;
  content_hash: string;
  analysis_model: string;
}

/** Rows per multi-row insert: ~20 parameters a row stays far below PostgreSQL's 65,535. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The three trajectory tables: write a batch of posts' trajectories, read one back, list a persona's. */
export class TrajectoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Store the trajectories of a batch of posts, replacing any earlier one of the same post
   * (with its segments and transitions), in one transaction: one upsert, one delete and one
   * insert per table and chunk of rows, whatever the batch size.
   */
  async save(items: readonly TrajectoryToSave[]): Promise<void> {
    if (items.length === 0) return;
    // one row per post: the last of duplicates wins, as a second save would
    const byPost = new Map(items.map((i) => [i.post_id, i]));
    const unique = [...byPost.values()];
    await this.db.transaction().execute(async (trx) => {
      const ids = new Map<string, number>();
      for (const part of chunks(unique)) {
        const rows = await trx
          .insertInto('emotion_trajectories')
          .values(part.map(trajectoryRow))
          .onConflict((oc) =>
            oc.column('post_id').doUpdateSet((eb) => ({
              persona_id: eb.ref('excluded.persona_id'),
              content_hash: eb.ref('excluded.content_hash'),
              segment_count: eb.ref('excluded.segment_count'),
              total_duration_words: eb.ref('excluded.total_duration_words'),
              analysis_model: eb.ref('excluded.analysis_model'),
              segmentation: eb.ref('excluded.segmentation'),
              confidence_score: eb.ref('excluded.confidence_score'),
              trajectory_type: eb.ref('excluded.trajectory_type'),
              emotional_variance: eb.ref('excluded.emotional_variance'),
              peak_count: eb.ref('excluded.peak_count'),
              valley_count: eb.ref('excluded.valley_count'),
              transition_count: eb.ref('excluded.transition_count'),
              dominant_emotion: eb.ref('excluded.dominant_emotion'),
              anger_avg: eb.ref('excluded.anger_avg'),
              disgust_avg: eb.ref('excluded.disgust_avg'),
              fear_avg: eb.ref('excluded.fear_avg'),
              joy_avg: eb.ref('excluded.joy_avg'),
              sadness_avg: eb.ref('excluded.sadness_avg'),
              surprise_avg: eb.ref('excluded.surprise_avg'),
              excitement_avg: eb.ref('excluded.excitement_avg'),
              neutral_avg: eb.ref('excluded.neutral_avg'),
              sentiment_compound: eb.ref('excluded.sentiment_compound'),
              sentiment_positive: eb.ref('excluded.sentiment_positive'),
              sentiment_neutral: eb.ref('excluded.sentiment_neutral'),
              sentiment_negative: eb.ref('excluded.sentiment_negative'),
              processing_time_ms: eb.ref('excluded.processing_time_ms'),
              updated_at: eb.fn('now'),
            })),
          )
          .returning(['id', 'post_id'])
          .execute();
        for (const r of rows) ids.set(r.post_id, r.id);
      }
      const trajectoryIds = [...ids.values()];
      for (const part of chunks(trajectoryIds)) {
        await trx.deleteFrom('emotion_segments').where('trajectory_id', 'in', part).execute();
        await trx.deleteFrom('emotion_transitions').where('trajectory_id', 'in', part).execute();
      }
      const segments = unique.flatMap((item) => {
        const t = item.trajectory;
        const peaks = new Set(t.peak_segments);
        const valleys = new Set(t.valley_segments);
        return t.emotion_progression.map((p) => segmentRow(ids.get(item.post_id)!, p, peaks, valleys));
      });
      for (const part of chunks(segments)) await trx.insertInto('emotion_segments').values(part).execute();
      const transitions = unique.flatMap((item) =>
        item.trajectory.transitions.map((t) => ({
          trajectory_id: ids.get(item.post_id)!,
          from_segment_index: t.from_segment,
          to_segment_index: t.to_segment,
          from_emotion: t.from_emotion,
          to_emotion: t.to_emotion,
          transition_type: t.transition_type,
          intensity_change: t.intensity_change,
          valence_change: t.valence_change,
          strength_score: t.strength,
        })),
      );
      for (const part of chunks(transitions))
        await trx.insertInto('emotion_transitions').values(part).execute();
    });
  }

  /** The stored trajectory of a post, with its segments and transitions, or undefined. */
  async byPost(postId: string): Promise<StoredTrajectory | undefined> {
    const row = await this.db
      .selectFrom('emotion_trajectories')
      .selectAll()
      .where('post_id', '=', postId)
      .executeTakeFirst();
    if (!row) return undefined;
    const [segments, transitions] = await Promise.all([
      this.db
        .selectFrom('emotion_segments')
        .selectAll()
        .where('trajectory_id', '=', row.id)
        .orderBy('segment_index')
        .execute(),
      this.db
        .selectFrom('emotion_transitions')
        .selectAll()
        .where('trajectory_id', '=', row.id)
        .orderBy('from_segment_index')
        .execute(),
    ]);
    return {
      id: row.id,
      post_id: row.post_id,
      persona_id: row.persona_id,
      content_hash: row.content_hash,
      analysis_model: row.analysis_model,
      analyzed_at: row.updated_at,
      arc_type: row.trajectory_type as ArcType,
      emotion_progression: segments.map((s) => ({
        segment_index: s.segment_index,
        text: s.content_text,
        start: s.start_offset,
        end: s.end_offset,
        word_count: s.word_count,
        valence: s.sentiment_compound,
        dominant_emotion: s.dominant_emotion as Emotion,
        intensity: s.confidence_score,
        anger: s.anger_score,
        disgust: s.disgust_score,
        fear: s.fear_score,
        joy: s.joy_score,
        sadness: s.sadness_score,
        surprise: s.surprise_score,
        neutral: s.neutral_score,
        excitement: s.excitement_score,
      })),
      peak_segments: segments.filter((s) => s.is_peak).map((s) => s.segment_index),
      valley_segments: segments.filter((s) => s.is_valley).map((s) => s.segment_index),
      emotional_variance: row.emotional_variance,
      transitions: transitions.map((t) => ({
        from_segment: t.from_segment_index,
        to_segment: t.to_segment_index,
        from_emotion: t.from_emotion as Emotion,
        to_emotion: t.to_emotion as Emotion,
        transition_type: t.transition_type as TransitionType,
        valence_change: t.valence_change,
        intensity_change: t.intensity_change,
        strength: t.strength_score,
      })),
      segment_count: row.segment_count,
      segmentation: row.segmentation as Segmentation,
      dominant_emotion: row.dominant_emotion as Emotion,
    };
  }

  /** Arc, variance and provenance of every stored trajectory of a persona. */
  async byPersona(personaId: string): Promise<TrajectorySummary[]> {
    const rows = await this.db
      .selectFrom('emotion_trajectories')
      .select(['post_id', 'trajectory_type', 'emotional_variance', 'content_hash', 'analysis_model'])
      .where('persona_id', '=', personaId)
      .orderBy('post_id')
      .execute();
    return rows.map((r) => ({
      post_id: r.post_id,
      arc_type: r.trajectory_type as ArcType,
      emotional_variance: r.emotional_variance,
      content_hash: r.content_hash,
      analysis_model: r.analysis_model,
    }));
  }

  /** How often each emotion switch occurs in a persona's stored trajectories, most frequent first. */
  async switchCounts(
    personaId: string,
    limit: number,
  ): Promise<{ from_emotion: string; to_emotion: string; count: number }[]> {
    return this.db
      .selectFrom('emotion_transitions as t')
      .innerJoin('emotion_trajectories as j', 'j.id', 't.trajectory_id')
      .select(['t.from_emotion', 't.to_emotion', (eb) => eb.fn.countAll<number>().as('count')])
      .where('j.persona_id', '=', personaId)
      .where('t.transition_type', '=', 'switching')
      .groupBy(['t.from_emotion', 't.to_emotion'])
      .orderBy('count', 'desc')
      .orderBy('t.from_emotion')
      .orderBy('t.to_emotion')
      .limit(limit)
      .execute();
  }
}

function trajectoryRow(item: TrajectoryToSave) {
  const t = item.trajectory;
  const p = t.emotion_progression;
  const avg = (e: Emotion): number => (p.length === 0 ? 0 : mean(p.map((s) => s[e])));
  return {
    post_id: item.post_id,
    persona_id: item.persona_id,
    content_hash: item.content_hash,
    segment_count: t.segment_count,
    total_duration_words: p.reduce((a, s) => a + s.word_count, 0),
    analysis_model: item.analysis_model,
    segmentation: t.segmentation,
    confidence_score: p.length === 0 ? 0 : mean(p.map((s) => s.intensity)),
    trajectory_type: t.arc_type,
    emotional_variance: t.emotional_variance,
    peak_count: t.peak_segments.length,
    valley_count: t.valley_segments.length,
    transition_count: t.transitions.length,
    dominant_emotion: t.dominant_emotion,
    anger_avg: avg('anger'),
    disgust_avg: avg('disgust'),
    fear_avg: avg('fear'),
    joy_avg: avg('joy'),
    sadness_avg: avg('sadness'),
    surprise_avg: avg('surprise'),
    excitement_avg: avg('excitement'),
    neutral_avg: avg('neutral'),
    sentiment_compound: item.sentiment.compound,
    sentiment_positive: item.sentiment.positive,
    sentiment_neutral: item.sentiment.neutral,
    sentiment_negative: item.sentiment.negative,
    processing_time_ms: item.processing_time_ms,
  };
}

function segmentRow(trajectoryId: number, p: SegmentEmotion, peaks: Set<number>, valleys: Set<number>) {
  return {
    trajectory_id: trajectoryId,
    segment_index: p.segment_index,
    content_text: p.text,
    start_offset: p.start,
    end_offset: p.end,
    word_count: p.word_count,
    anger_score: p.anger,
    disgust_score: p.disgust,
    fear_score: p.fear,
    joy_score: p.joy,
    sadness_score: p.sadness,
    surprise_score: p.surprise,
    excitement_score: p.excitement,
    neutral_score: p.neutral,
    sentiment_compound: p.valence,
    dominant_emotion: p.dominant_emotion,
    confidence_score: p.intensity,
    is_peak: peaks.has(p.segment_index),
    is_valley: valleys.has(p.segment_index),
  };
}

/** The posts table, read for trajectories. */
export class PostsTrajectoryReader implements TrajectoryPostReader {
  constructor(private readonly db: Kysely<DB>) {}

  post(id: string): Promise<TrajectoryPost | undefined> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'persona_id', 'content'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  postsOfPersona(personaId: string): Promise<TrajectoryPost[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'persona_id', 'content'])
      .where('persona_id', '=', personaId)
      .orderBy('published_at')
      .execute();
  }
}
