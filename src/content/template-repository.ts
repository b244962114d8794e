import type { Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';

export interface TemplateVersion {
  template_id: number;
  version: number;
  body: string;
  variables: string[];
  hook_family: string;
  created_at: Date;
}

export interface Template {
  id: number;
  name: string;
  /** the current version */
  version: number;
  body: string;
  variables: string[];
  hook_family: string;
  created_at: Date;
  updated_at: Date;
}

export interface TemplatePerformance {
  template_id: number;
  drafts: number;
  published: number;
  /** mean measured engagement rate of its published posts (posts.engagement), null until one is measured */
  mean_engagement: number | null;
  measured: number;
}

export interface TemplateContent {
  body: string;
  variables: string[];
  hook_family: string;
}

/** Prompt templates and their versions: an edit adds a version, a version is never changed. */
export class TemplateRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private current() {
    return this.db
      .selectFrom('prompt_templates as t')
      .innerJoin('prompt_template_versions as v', (j) =>
        j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.version'),
      )
      .select([
        't.id',
        't.name',
        't.version',
        'v.body',
        'v.variables',
        'v.hook_family',
        't.created_at',
        't.updated_at',
      ]);
  }

  list(): Promise<Template[]> {
    return this.current().orderBy('t.id').execute();
  }

  get(id: number): Promise<Template | undefined> {
    return this.current().where('t.id', '=', id).executeTakeFirst();
  }

  versions(id: number): Promise<TemplateVersion[]> {
    return this.db
      .selectFrom('prompt_template_versions')
      .selectAll()
      .where('template_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
  }

  getVersion(id: number, version: number): Promise<TemplateVersion | undefined> {
    return this.db
      .selectFrom('prompt_template_versions')
      .selectAll()
      .where('template_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Create with version 1; `undefined` when the name is taken. */
  async create(name: string, content: TemplateContent): Promise<Template | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const t = await trx
        .insertInto('prompt_templates')
        .values({ name })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!t) return undefined;
      await trx
        .insertInto('prompt_template_versions')
        .values({ template_id: t.id, version: 1, ...serialise(content) })
        .execute();
      return this.getWith(trx, t.id);
    });
  }

  /**
   * Rename and/or add a version (when the content differs from the current one). `undefined`
   * when the template is gone, `'name_taken'` when another template has the new name.
   */
  async update(
    id: number,
    name: string | undefined,
    content: TemplateContent | undefined,
    now: Date,
  ): Promise<Template | 'name_taken' | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const cur = await this.getWith(trx, id, true);
      if (!cur) return undefined;
      if (name !== undefined && name !== cur.name) {
        const taken = await trx
          .selectFrom('prompt_templates')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirst();
        if (taken) return 'name_taken';
      }
      const changed =
        content !== undefined &&
        (content.body !== cur.body ||
          content.hook_family !== cur.hook_family ||
          JSON.stringify(content.variables) !== JSON.stringify(cur.variables));
      const version = changed ? cur.version + 1 : cur.version;
      if (changed) {
        await trx
          .insertInto('prompt_template_versions')
          .values({ template_id: id, version, ...serialise(content) })
          .execute();
      }
      await trx
        .updateTable('prompt_templates')
        .set({ name: name ?? cur.name, version, updated_at: now })
        .where('id', '=', id)
        .execute();
      return this.getWith(trx, id);
    });
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('prompt_templates').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Drafts, publications and measured engagement per template (the leaderboard). */
  async performance(): Promise<TemplatePerformance[]> {
    const rows = await this.db
      .selectFrom('drafts as d')
      .leftJoin('posts as p', 'p.id', 'd.published_post_id')
      .where('d.template_id', 'is not', null)
      .select((eb) => [
        'd.template_id',
        eb.fn.countAll<number>().as('drafts'),
        eb.fn.count<number>('d.published_post_id').as('published'),
        eb.fn.avg<number | null>('p.engagement').as('mean_engagement'),
        eb.fn.count<number>('p.engagement').as('measured'),
      ])
      .groupBy('d.template_id')
      .execute();
    return rows.map((r) => ({
      template_id: Number(r.template_id),
      drafts: Number(r.drafts),
      published: Number(r.published),
      mean_engagement: r.mean_engagement === null ? null : Number(r.mean_engagement),
      measured: Number(r.measured),
    }));
  }

  private getWith(db: Kysely<DB>, id: number, forUpdate = false): Promise<Template | undefined> {
    let q = db
      .selectFrom('prompt_templates as t')
      .innerJoin('prompt_template_versions as v', (j) =>
        j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.version'),
      )
      .select([
        't.id',
        't.name',
        't.version',
        'v.body',
        'v.variables',
        'v.hook_family',
        't.created_at',
        't.updated_at',
      ])
      .where('t.id', '=', id);
    if (forUpdate) q = q.forUpdate('t');
    return q.executeTakeFirst();
  }
}

function serialise(c: TemplateContent) {
  return { body: c.body, variables: JSON.stringify(c.variables), hook_family: c.hook_family };
}
