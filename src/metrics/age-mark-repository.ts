import { sql, type Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';

/** A post's cumulative counters at one age, as stored in post_age_marks. */
export interface AgeMarkInput {
  post_id: string;
  persona_id: string;
  age_ms: number;
  views: number;
  secondary: number;
  replies: number;
  trajectory: number | null;
  recorded_at: Date;
}

/** A stored age mark of a persona's post (the decay curves of the baseline). */
export type AgeMark = Omit<AgeMarkInput, 'recorded_at'>;

/** Each post's counters at fixed ages (`post_age_marks`): the personas' decay curves. */
export class AgeMarkRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Age marks of posts (every MARK_STEP_MS of age), written once: a retried collection or two
   * replicas writing the same mark keep the first.
   */
  async insertAgeMarks(rows: readonly AgeMarkInput[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: AgeMarkInput) => T) => sql.val(rows.map(f));
    await sql`
      insert into post_age_marks (post_id, persona_id, age_minutes, views, secondary, replies, trajectory, recorded_at)
      select * from unnest(${col((r) => r.post_id)}::text[], ${col((r) => r.persona_id)}::text[],
        ${col((r) => Math.round(r.age_ms / 60_000))}::int[], ${col((r) => r.views)}::bigint[],
        ${col((r) => r.secondary)}::bigint[], ${col((r) => r.replies)}::bigint[],
        ${col((r) => r.trajectory)}::float8[], ${col((r) => r.recorded_at.toISOString())}::timestamptz[])
      on conflict (post_id, age_minutes) do nothing`.execute(this.db);
  }

  /** Age marks of the personas' posts recorded since `since`, by post and age. */
  async personaAgeMarks(personaIds: readonly string[], since: Date): Promise<AgeMark[]> {
    if (personaIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('post_age_marks')
      .select(['persona_id', 'post_id', 'age_minutes', 'views', 'secondary', 'replies', 'trajectory'])
      .where('persona_id', 'in', personaIds)
      .where('recorded_at', '>=', since)
      .orderBy('post_id')
      .orderBy('age_minutes')
      .execute();
    return rows.map(({ age_minutes, ...r }) => ({
      ...r,
      age_ms: age_minutes * 60_000,
      views: Number(r.views),
      secondary: Number(r.secondary),
      replies: Number(r.replies),
    }));
  }
}
