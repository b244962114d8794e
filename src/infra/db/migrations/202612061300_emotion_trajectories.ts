import { sql, type Kysely } from 'kysely';

/**
 * Emotion trajectories of stored posts (SPEC §2.2): seed 003's three tables, emotion_trajectories,
 * emotion_segments and emotion_transitions (seed 002 lists them as migration
 * 007_add_emotion_trajectory_tables). Columns follow the seed system's; where its model had
 * Plutchik's trust and anticipation, ours has excitement and neutral (`*_avg`, `*_score`).
 *
 * One trajectory per post (unique post_id, the seed's index name): analysing a post again
 * replaces its trajectory, and its segments and transitions go with it (on delete cascade).
 * No foreign key to posts: a trajectory row is the record of an analysis, like the seed's.
 */

const EMOTION_COLUMNS = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'excitement', 'neutral'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let trajectories = db.schema
    .createTable('emotion_trajectories')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('post_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('persona_id', 'varchar(50)', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('segment_count', 'integer', (c) => c.notNull())
    .addColumn('total_duration_words', 'integer', (c) => c.notNull())
    .addColumn('analysis_model', 'varchar(100)', (c) => c.notNull())
    .addColumn('segmentation', 'varchar(20)', (c) => c.notNull())
    .addColumn('confidence_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('trajectory_type', 'varchar(20)', (c) =>
      c.notNull().check(sql`trajectory_type in ('rising', 'falling', 'roller_coaster', 'steady')`),
    )
    .addColumn('emotional_variance', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('peak_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valley_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('transition_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dominant_emotion', 'varchar(20)', (c) => c.notNull());
  for (const e of EMOTION_COLUMNS) {
    trajectories = trajectories.addColumn(`${e}_avg`, 'double precision', (c) => c.notNull().defaultTo(0));
  }
  await trajectories
    .addColumn('sentiment_compound', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_positive', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_neutral', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sentiment_negative', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('processing_time_ms', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_emotion_trajectories_post_id', ['post_id'])
    .execute();
  // The per-persona view: which arcs a persona uses.
  await db.schema
    .createIndex('idx_emotion_trajectories_persona_trajectory')
    .on('emotion_trajectories')
    .columns(['persona_id', 'trajectory_type'])
    .execute();

  let segments = db.schema
    .createTable('emotion_segments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('trajectory_id', 'bigint', (c) =>
      c.notNull().references('emotion_trajectories.id').onDelete('cascade'),
    )
    .addColumn('segment_index', 'integer', (c) => c.notNull())
    .addColumn('content_text', 'text', (c) => c.notNull())
    .addColumn('start_offset', 'integer', (c) => c.notNull())
    .addColumn('end_offset', 'integer', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull());
  for (const e of EMOTION_COLUMNS) {
    segments = segments.addColumn(`${e}_score`, 'double precision', (c) => c.notNull().defaultTo(0));
  }
  await segments
    .addColumn('sentiment_compound', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('dominant_emotion', 'varchar(20)', (c) => c.notNull())
    .addColumn('confidence_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('is_peak', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_valley', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_emotion_segments_trajectory_segment', ['trajectory_id', 'segment_index'])
    .execute();

  await db.schema
    .createTable('emotion_transitions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('trajectory_id', 'bigint', (c) =>
      c.notNull().references('emotion_trajectories.id').onDelete('cascade'),
    )
    .addColumn('from_segment_index', 'integer', (c) => c.notNull())
    .addColumn('to_segment_index', 'integer', (c) => c.notNull())
    .addColumn('from_emotion', 'varchar(20)', (c) => c.notNull())
    .addColumn('to_emotion', 'varchar(20)', (c) => c.notNull())
    .addColumn('transition_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('intensity_change', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('valence_change', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('strength_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('idx_emotion_transitions_trajectory_id_from_segment_index', [
      'trajectory_id',
      'from_segment_index',
    ])
    .execute();
  // "Which switches does this persona write?"
  await db.schema
    .createIndex('idx_emotion_transitions_from_to')
    .on('emotion_transitions')
    .columns(['from_emotion', 'to_emotion'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['emotion_transitions', 'emotion_segments', 'emotion_trajectories']) {
    await db.schema.dropTable(table).execute();
  }
}
