import type { ColumnType } from 'kysely';
import type { CreatedAt, Json } from '../infra/db/types.js';
import type { PollerState } from './poller.js';

/**
 * Hand-written types of the Threads connector's tables (migration
 * 202612061700_threads_publish_ledger, 202612062210_threads_poll_state), merged into the `DB` interface of infra/db/types.ts.
 */

/** One publish per idempotency key: the container before `threads_publish`, the media after. */
export interface ThreadsPublishLedgerTable {
  key: string;
  account_id: string;
  container_id: string;
  text: string;
  reply_to_id: string | null;
  media_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** Where an account's poller stopped, written after each run. */
export interface ThreadsPollStateTable {
  account_id: string;
  state: Json<PollerState>;
  updated_at: CreatedAt;
}

export interface ThreadsTables {
  threads_publish_ledger: ThreadsPublishLedgerTable;
  threads_poll_state: ThreadsPollStateTable;
}

declare module '../infra/db/types.js' {
  interface DB extends ThreadsTables {}
}
