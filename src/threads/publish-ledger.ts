/**
 * Where the connector writes down a publish before and after it happens, keyed by the job's
 * idempotency key (SPEC §5.1 "Acting"): the container id goes in before `threads_publish` is
 * called, the media id once it answered. A retried job that finds a container but no media id
 * does not know whether the first attempt published; it reconciles (looks for the post or
 * reply) before publishing again.
 */
export interface PublishRecord {
  key: string;
  account_id: string;
  container_id: string;
  text: string;
  /** set for a reply */
  reply_to_id?: string;
  /** set once the publish is known to have happened */
  media_id?: string;
}

export interface PublishLedger {
  get(key: string): Promise<PublishRecord | undefined>;
  /** Insert or replace the record of `key` (a new container for an expired one); a published record stays as it is. */
  recordContainer(record: Omit<PublishRecord, 'media_id'>): Promise<void>;
  recordPublished(key: string, mediaId: string): Promise<void>;
}

export class InMemoryPublishLedger implements PublishLedger {
  private readonly records = new Map<string, PublishRecord>();

  get(key: string): Promise<PublishRecord | undefined> {
    const r = this.records.get(key);
    return Promise.resolve(r === undefined ? undefined : { ...r });
  }

  recordContainer(record: Omit<PublishRecord, 'media_id'>): Promise<void> {
    if (this.records.get(record.key)?.media_id === undefined) this.records.set(record.key, { ...record });
    return Promise.resolve();
  }

  recordPublished(key: string, mediaId: string): Promise<void> {
    const r = this.records.get(key);
    if (r !== undefined) r.media_id = mediaId;
    return Promise.resolve();
  }

  size(): number {
    return this.records.size;
  }
}
