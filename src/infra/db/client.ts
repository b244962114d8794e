import { mkdir } from 'node:fs/promises';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config.js';
import type { Logger } from '../telemetry/logger.js';
import { PGliteDialect } from './pglite-dialect.js';
import { lockDataDir } from './data-dir-lock.js';
import type { DB } from './types.js';

/**
 * The only module that knows which engine is behind `Kysely<DB>`: PGlite (PostgreSQL compiled to
 * WASM, in-process) when `DATABASE_URL` is unset, otherwise a `pg` pool. Both return the same JS
 * values for our columns: int8 and numeric as numbers, timestamptz as Date, jsonb parsed.
 */

export type StoreEngine = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<DB>;
  readonly engine: StoreEngine;
  /** Resolves when the database answers `select 1` within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Connections now in use and idle (the seeds' `comment_db_connection_pool_active`/`_idle`).
   * PGlite is one in-process connection, reported idle.
   */
  connections(): { active: number; idle: number };
  /** Waits for queries in flight, then closes the pool / PGlite. Safe to call twice. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * PGlite only: start from this dumped data directory (see `dumpStore`) instead of running
   * initdb (~2.5 s). Tests load a migrated template this way in ~0.6 s.
   */
  pgliteTemplate?: Blob;
  /** PostgreSQL only: pool size (default 10). */
  poolMax?: number;
}

const INT8 = 20;
const INT8_ARRAY = 1016;
const NUMERIC = 1700;
const SLOW_QUERY_MS = 1000;

const toNumber = (value: string): number => Number(value);

// pg's own parser for int8[] yields strings; reuse its array syntax handling and convert.
const parseInt8ArrayText = (
  pg.types.getTypeParser as (oid: number, format: 'text') => (v: string) => unknown
)(INT8_ARRAY, 'text');
const parseInt8Array = (value: string): (number | null)[] =>
  (parseInt8ArrayText(value) as (string | null)[]).map((v) => (v === null ? null : Number(v)));

const pgTypes: pg.CustomTypesConfig = {
  // Per pool, not `pg.types.setTypeParser`, so no other pg user in the process is affected.
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    if (oid === INT8_ARRAY) return parseInt8Array;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const pgliteHandles = new WeakMap<Store, PGlite>();

export async function createStore(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>,
  logger?: Logger,
  opts: StoreOptions = {},
): Promise<Store> {
  const log = logger?.child({ module: 'store' });
  const onLog = (event: LogEvent) => {
    if (event.level === 'query' && event.queryDurationMillis > SLOW_QUERY_MS) {
      log?.warn({ ms: Math.round(event.queryDurationMillis), sql: event.query.sql }, 'slow query');
    }
  };
  return config.DATABASE_URL
    ? createPostgresStore(config.DATABASE_URL, opts, onLog, log)
    : createPgliteStore(config.DATA_DIR, opts, onLog, log);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function makeStore(
  db: Kysely<DB>,
  engine: StoreEngine,
  connections: Store['connections'],
  afterClose?: () => Promise<void>,
): Store {
  let closing: Promise<void> | undefined;
  return {
    db,
    engine,
    connections,
    ping: async (timeoutMs = 2000) => {
      await withTimeout(sql`select 1`.execute(db), timeoutMs, engine);
    },
    close: () => (closing ??= afterClose ? db.destroy().finally(afterClose) : db.destroy()),
  };
}

async function createPostgresStore(
  url: string,
  opts: StoreOptions,
  onLog: (event: LogEvent) => void,
  log: Logger | undefined,
): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    idleTimeoutMillis: 30_000,
    // A dead server must fail requests (503) and /ready quickly instead of queueing them.
    connectionTimeoutMillis: 5_000,
    types: pgTypes,
  });
  // An idle client losing its connection emits here; without a listener the process would crash.
  pool.on('error', (err) => log?.warn({ err }, 'idle PostgreSQL connection failed'));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: onLog });
  log?.debug('store: postgres');
  return makeStore(db, 'postgres', () => ({
    active: pool.totalCount - pool.idleCount,
    idle: pool.idleCount,
  }));
}

function isMemory(dataDir: string): boolean {
  return dataDir.startsWith('memory://');
}

async function createPgliteStore(
  dataDir: string,
  opts: StoreOptions,
  onLog: (event: LogEvent) => void,
  log: Logger | undefined,
): Promise<Store> {
  let unlock: (() => Promise<void>) | undefined;
  if (!isMemory(dataDir)) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  const started = performance.now();
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(isMemory(dataDir) ? 'memory://' : dataDir, {
      parsers: { [pgliteTypes.INT8]: toNumber, [pgliteTypes.NUMERIC]: toNumber },
      // trigram similarity for the content engine's near-duplicate check (as on PostgreSQL)
      extensions: { pg_trgm },
      ...(opts.pgliteTemplate ? { loadDataDir: opts.pgliteTemplate } : {}),
    });
  } catch (err) {
    await unlock?.();
    throw err;
  }
  log?.debug({ dataDir, ms: Math.round(performance.now() - started) }, 'store: pglite opened');
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log: onLog });
  const store = makeStore(db, 'pglite', () => ({ active: 0, idle: 1 }), unlock);
  pgliteHandles.set(store, pglite);
  return store;
}

/** PGlite only: the data directory as a tarball, loadable through `StoreOptions.pgliteTemplate`. */
export async function dumpStore(store: Store): Promise<Blob> {
  const pglite = pgliteHandles.get(store);
  if (!pglite) throw new Error(`dumpStore needs a PGlite store, not ${store.engine}`);
  // Through Kysely's connection so no transaction is in flight while the files are copied.
  return store.db.connection().execute(() => pglite.dumpDataDir('gzip'));
}
