import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { PersonasTable, QuietHours, ApprovalMode } from './tables.js';

export interface Persona {
  id: string;
  account_id: string;
  name: string;
  voice: string;
  topics: string[];
  avoid: string[];
  language: string;
  posts_per_day: number;
  quiet_hours: QuietHours | null;
  approval: ApprovalMode;
  auto_threshold: number | null;
  created_at: Date;
  updated_at: Date;
}

export type PersonaFields = Omit<Persona, 'id' | 'created_at' | 'updated_at'>;

const toPersona = (row: Selectable<PersonasTable>): Persona => ({ ...row });

/**
 * The personas table: every read and write of persona records. Records of the persona_ids posts
 * carry are made by the store itself as posts are inserted (migration 202612062230).
 */
export class PersonaRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(accountId?: string): Promise<Persona[]> {
    let q = this.db.selectFrom('personas').selectAll().orderBy('id');
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return (await q.execute()).map(toPersona);
  }

  async get(id: string): Promise<Persona | undefined> {
    const row = await this.db.selectFrom('personas').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPersona(row);
  }

  /** Insert; `false` when the id is taken. */
  async insert(id: string, f: PersonaFields): Promise<Persona | undefined> {
    const row = await this.db
      .insertInto('personas')
      .values({ id, ...serialise(f) })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row && toPersona(row);
  }

  async update(id: string, f: PersonaFields, now: Date): Promise<Persona | undefined> {
    const row = await this.db
      .updateTable('personas')
      .set({ ...serialise(f), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toPersona(row);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('personas').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async hasDrafts(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('drafts')
      .select('id')
      .where('persona_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async hasPosts(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('posts')
      .select('id')
      .where('persona_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function serialise(f: PersonaFields) {
  return {
    account_id: f.account_id,
    name: f.name,
    voice: f.voice,
    topics: JSON.stringify(f.topics),
    avoid: JSON.stringify(f.avoid),
    language: f.language,
    posts_per_day: f.posts_per_day,
    quiet_hours: f.quiet_hours === null ? null : JSON.stringify(f.quiet_hours),
    approval: f.approval,
    auto_threshold: f.auto_threshold,
  };
}
