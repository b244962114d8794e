/**
 * The `PublishLedger` in the database (PGlite or PostgreSQL), so a job retried by another worker
 * or after a restart still finds the container its first attempt recorded.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../infra/db/types.js';
import type { PublishLedger, PublishRecord } from './publish-ledger.js';

export class DbPublishLedger implements PublishLedger {
  constructor(private readonly db: Kysely<DB>) {}

  async get(key: string): Promise<PublishRecord | undefined> {
    const row = await this.db
      .selectFrom('threads_publish_ledger')
      .select(['key', 'account_id', 'container_id', 'text', 'reply_to_id', 'media_id'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      key: row.key,
      account_id: row.account_id,
      container_id: row.container_id,
      text: row.text,
      ...(row.reply_to_id === null ? {} : { reply_to_id: row.reply_to_id }),
      ...(row.media_id === null ? {} : { media_id: row.media_id }),
    };
  }

  async recordContainer(record: Omit<PublishRecord, 'media_id'>): Promise<void> {
    const values = {
      key: record.key,
      account_id: record.account_id,
      container_id: record.container_id,
      text: record.text,
      reply_to_id: record.reply_to_id ?? null,
    };
    // A new container replaces an expired one; a published record is never reopened.
    await this.db
      .insertInto('threads_publish_ledger')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ ...values, media_id: null, updated_at: sql`now()` })
          .where('threads_publish_ledger.media_id', 'is', null),
      )
      .execute();
  }

  async recordPublished(key: string, mediaId: string): Promise<void> {
    await this.db
      .updateTable('threads_publish_ledger')
      .set({ media_id: mediaId, updated_at: sql`now()` })
      .where('key', '=', key)
      .execute();
  }
}
