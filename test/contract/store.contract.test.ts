import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/infra/db/client.js';
import { migrateDownAll, migrateToLatest, MigrationError } from '../../src/infra/db/migrate.js';
import { migrations } from '../../src/infra/db/migrations/index.js';
import type { DB } from '../../src/infra/db/types.js';
import { pgliteTemplate, resetStore } from '../helpers/pglite.js';
import { testStoreEngines, type TestStore } from '../helpers/stores.js';

// The first migration's tables and indexes; later migrations add their own beside them.
const TABLES = [
  'pattern_usage_history',
  'post_snapshots',
  'posts',
  'viral_metrics',
  'viral_metrics_anomalies',
  'viral_metrics_history',
];

// Every index the first migration creates, including those behind primary keys and unique constraints.
const INDEXES = [
  'idx_pattern_usage_history_pattern_id_created_at',
  'idx_pattern_usage_history_persona_id_pattern_id_last_used_at',
  'idx_pattern_usage_history_post_id_pattern_id',
  'idx_post_snapshots_post_id_taken_at',
  'idx_posts_account_id_published_at',
  'idx_posts_persona_id_published_at',
  'idx_posts_published_at',
  'idx_viral_metrics_anomalies_detected_at',
  'idx_viral_metrics_anomalies_idempotency_key',
  'idx_viral_metrics_anomalies_post_id_anomaly_type_detected_at',
  'idx_viral_metrics_history_persona_id_metric_name_recorded_at',
  'idx_viral_metrics_history_post_id_metric_name_recorded_at',
  'idx_viral_metrics_persona_id_collected_at',
  'idx_viral_metrics_post_id_timeframe',
  'pattern_usage_history_pkey',
  'posts_pkey',
  'viral_metrics_anomalies_pkey',
  'viral_metrics_history_pkey',
  'viral_metrics_pkey',
];

async function tableNames(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely\\_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

async function indexes(db: Kysely<DB>): Promise<{ name: string; table: string }[]> {
  const { rows } = await sql<{ name: string; table: string }>`
    select indexname as name, tablename as table from pg_indexes
    where schemaname = current_schema() and tablename not like 'kysely\\_%' order by 1`.execute(db);
  return rows;
}

async function indexNames(db: Kysely<DB>): Promise<string[]> {
  return (await indexes(db)).map((r) => r.name);
}

const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testStoreEngines)('Store contract ($engine)', ({ engine, create }) => {
  let handle: TestStore;
  let sut: Store;

  beforeAll(async () => {
    handle = await create();
    sut = handle.store;
  });
  afterAll(async () => {
    await handle?.cleanup();
  });
  beforeEach(async () => {
    await resetStore(sut.db);
  });

  it('reports its engine and answers ping', async () => {
    expect(sut.engine).toBe(engine);
    await expect(sut.ping()).resolves.toBeUndefined();
  });

  it('has the tables and indexes of the first migration', async () => {
    expect(await tableNames(sut.db)).toEqual(expect.arrayContaining(TABLES));
    expect(await indexNames(sut.db)).toEqual(expect.arrayContaining(INDEXES));
  });

  it('names every index of every migration idx_{table}_… or {table}_pkey', async () => {
    const misnamed = (await indexes(sut.db)).filter(
      ({ name, table }) => name !== `${table}_pkey` && !name.startsWith(`idx_${table}_`),
    );
    expect(misnamed).toEqual([]);
  });

  it('returns int8 and numeric as numbers, timestamptz as Date and jsonb parsed', async () => {
    await sut.db
      .insertInto('posts')
      .values({
        id: 'p1',
        account_id: 'acc',
        persona_id: 'ai-jesus',
        published_at: T0,
        source: 'simulator',
        patterns: JSON.stringify([{ id: 'question_hook', score: 0.5 }]),
      })
      .execute();
    await sut.db
      .insertInto('post_snapshots')
      .values({ post_id: 'p1', taken_at: T0, views: 9_007_199_254_740_000, likes: 12 })
      .execute();

    const post = await sut.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', 'p1')
      .executeTakeFirstOrThrow();
    expect(post.published_at).toBeInstanceOf(Date);
    expect(post.published_at.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(post.patterns).toEqual([{ id: 'question_hook', score: 0.5 }]);
    expect(post.content).toBe('');
    expect(post.post_url).toBeNull();

    const snap = await sut.db.selectFrom('post_snapshots').selectAll().executeTakeFirstOrThrow();
    expect(snap).toMatchObject({ views: 9_007_199_254_740_000, likes: 12, shares: 0 });

    const { rows } = await sql<{ n: number; c: number; ids: number[] }>`
      select 1.25::numeric as n, count(*) as c, array_agg(likes) as ids from post_snapshots`.execute(sut.db);
    expect(rows[0]).toEqual({ n: 1.25, c: 1, ids: [12] });
  });

  it('upserts the current metrics row on (post_id, timeframe)', async () => {
    const upsert = (viral: number, collectedAt: Date, timeframe = '1h') =>
      sut.db
        .insertInto('viral_metrics')
        .values({
          post_id: 'p1',
          persona_id: 'ai-jesus',
          timeframe,
          viral_coefficient: viral,
          scroll_stop_rate: 40,
          collected_at: collectedAt,
        })
        .onConflict((oc) =>
          oc.columns(['post_id', 'timeframe']).doUpdateSet((eb) => ({
            viral_coefficient: eb.ref('excluded.viral_coefficient'),
            collected_at: eb.ref('excluded.collected_at'),
          })),
        )
        .returning(['id', 'viral_coefficient'])
        .executeTakeFirstOrThrow();

    const first = await upsert(10, at(0));
    const second = await upsert(12.5, at(5));
    await upsert(3, at(5), '24h');

    expect(second.id).toBe(first.id);
    const rows = await sut.db.selectFrom('viral_metrics').selectAll().orderBy('timeframe').execute();
    expect(
      rows.map((r) => [r.timeframe, r.viral_coefficient, r.scroll_stop_rate, r.collected_at.toISOString()]),
    ).toEqual([
      ['1h', 12.5, 40, at(5).toISOString()],
      ['24h', 3, 40, at(5).toISOString()],
    ]);
  });

  it('returns only the new keys from insert … on conflict do nothing returning', async () => {
    const insert = (minutes: number[]) =>
      sut.db
        .insertInto('post_snapshots')
        .values(minutes.map((m) => ({ post_id: 'p1', taken_at: at(m), views: m })))
        .onConflict((oc) => oc.columns(['post_id', 'taken_at']).doNothing())
        .returning('taken_at')
        .execute();

    expect((await insert([0, 1])).map((r) => r.taken_at.toISOString())).toEqual(
      [at(0), at(1)].map((d) => d.toISOString()),
    );
    expect((await insert([1, 2, 0])).map((r) => r.taken_at.toISOString())).toEqual([at(2).toISOString()]);
    const views = await sut.db.selectFrom('post_snapshots').select('views').orderBy('taken_at').execute();
    expect(views.map((r) => r.views)).toEqual([0, 1, 2]);
  });

  it('bulk-inserts history rows in one statement from unnest of array parameters', async () => {
    const names = ['viral_coefficient', 'scroll_stop_rate', 'share_velocity'];
    const values = [12.5, 40.25, 3];
    const result = await sql`
      insert into viral_metrics_history (post_id, persona_id, metric_name, metric_value, recorded_at)
      select 'p1', 'ai-jesus', n, v, ${T0} from unnest(${names}::text[], ${values}::float8[]) as t(n, v)`.execute(
      sut.db,
    );
    expect(result.numAffectedRows).toBe(3n);
    const rows = await sut.db
      .selectFrom('viral_metrics_history')
      .select(['id', 'metric_name', 'metric_value', 'timeframe', 'recorded_at'])
      .where('metric_name', 'in', names)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, r.metric_name, r.metric_value, r.timeframe])).toEqual([
      [1, 'viral_coefficient', 12.5, '1h'],
      [2, 'scroll_stop_rate', 40.25, '1h'],
      [3, 'share_velocity', 3, '1h'],
    ]);
    expect(rows[0]?.recorded_at.toISOString()).toBe(T0.toISOString());
  });

  it('counts updated rows the same way', async () => {
    await sut.db
      .insertInto('pattern_usage_history')
      .values([
        { pattern_id: 'question_hook', persona_id: 'a', post_id: 'p1' },
        { pattern_id: 'question_hook', persona_id: 'a', post_id: 'p2' },
        { pattern_id: 'list', persona_id: 'a', post_id: 'p1' },
      ])
      .execute();
    const updated = await sut.db
      .updateTable('pattern_usage_history')
      .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
      .where('pattern_id', '=', 'question_hook')
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await sut.db
      .deleteFrom('pattern_usage_history')
      .where('post_id', '=', 'p1')
      .executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
  });

  it('rejects a second anomaly with the same idempotency key', async () => {
    const anomaly = {
      post_id: 'p1',
      anomaly_type: 'viral_coefficient_drop',
      severity: 'high' as const,
      metric_name: 'viral_coefficient',
      current_value: 8.2,
      baseline_value: 20.5,
      drop_percentage: 60,
      message: 'Viral coefficient dropped 60% from baseline',
      idempotency_key: 'p1:viral_coefficient_drop:2026-11-20T06',
    };
    const first = await sut.db
      .insertInto('viral_metrics_anomalies')
      .values(anomaly)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    const again = await sut.db
      .insertInto('viral_metrics_anomalies')
      .values(anomaly)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    expect(first).toEqual([{ id: 1 }]);
    expect(again).toEqual([]);
    const row = await sut.db.selectFrom('viral_metrics_anomalies').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ alert_sent: false, alert_sent_at: null, baseline_value: 20.5 });
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      sut.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('posts')
          .values({ id: 'p1', account_id: 'a', persona_id: 'b', published_at: T0, source: 's' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await sut.db.selectFrom('posts').select('id').execute()).toEqual([]);
  });

  it('keeps queries issued outside a transaction out of it while it runs', async () => {
    const post = (id: string) => ({ id, account_id: 'a', persona_id: 'b', published_at: T0, source: 's' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let insideStarted!: () => void;
    const started = new Promise<void>((resolve) => (insideStarted = resolve));

    const failing = sut.db.transaction().execute(async (trx) => {
      await trx.insertInto('posts').values(post('in-tx')).execute();
      insideStarted();
      await gate;
      throw new Error('abort');
    });
    await started;
    // Issued while the transaction is open: on PGlite it must wait for it, on PostgreSQL it runs
    // on another connection. In both cases it must survive the rollback and must not see 'in-tx'.
    const outside = sut.db.insertInto('posts').values(post('outside')).execute();
    const seen = sut.db.selectFrom('posts').select('id').execute();
    setTimeout(release, 50);
    await expect(failing).rejects.toThrow('abort');
    await outside;
    expect((await seen).map((r) => r.id)).not.toContain('in-tx');
    expect((await sut.db.selectFrom('posts').select('id').execute()).map((r) => r.id)).toEqual(['outside']);
  });

  it('completes many concurrent transactions, each applied whole', async () => {
    await sut.db.insertInto('post_snapshots').values({ post_id: 'p1', taken_at: T0 }).execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sut.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('post_snapshots')
            .set((eb) => ({ likes: eb('likes', '+', 1) }))
            .where('post_id', '=', 'p1')
            .execute();
          await trx
            .updateTable('post_snapshots')
            .set((eb) => ({ shares: eb('shares', '+', 2) }))
            .where('post_id', '=', 'p1')
            .execute();
        }),
      ),
    );
    const row = await sut.db
      .selectFrom('post_snapshots')
      .select(['likes', 'shares'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ likes: 20, shares: 40 });
  });

  it('throws MigrationError for a failing migration and keeps none of its run', async () => {
    const failing = {
      ...migrations,
      '999912312358_zz_ok': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('zz_ok').addColumn('id', 'integer').execute();
        },
      },
      '999912312359_zz_bad': {
        up: async (db: Kysely<unknown>) => {
          await sql`select * from no_such_table`.execute(db);
        },
      },
    };
    const before = await tableNames(sut.db);
    const error = await migrateToLatest(sut.db, { migrations: failing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migrationName).toBe('999912312359_zz_bad');
    expect(before).not.toContain('zz_ok');
    expect(await tableNames(sut.db)).toEqual(before);
    expect(await migrateToLatest(sut.db)).toEqual([]);
  });

  it('migrates down to nothing and up again', async () => {
    const [tablesBefore, indexesBefore] = [await tableNames(sut.db), await indexNames(sut.db)];
    expect(await migrateDownAll(sut.db)).toEqual(Object.keys(migrations).reverse());
    expect(await tableNames(sut.db)).toEqual([]);
    expect(await migrateToLatest(sut.db)).toEqual(Object.keys(migrations));
    expect(await tableNames(sut.db)).toEqual(tablesBefore);
    expect(await indexNames(sut.db)).toEqual(indexesBefore);
  });
});

describe(createStore.name, () => {
  it('creates DATA_DIR for PGlite, holds it against a second store and keeps the data across a reopen', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'ta-store-')), 'nested', 'data');
    try {
      // Starting from the migrated template skips initdb (seconds); the files still land in `dir`.
      const first = await createStore({ DATA_DIR: dir }, undefined, {
        pgliteTemplate: await pgliteTemplate(),
      });
      expect(await migrateToLatest(first.db)).toEqual([]);
      await first.db
        .insertInto('posts')
        .values({ id: 'kept', account_id: 'a', persona_id: 'b', published_at: T0, source: 's' })
        .execute();
      // a second store on the same directory would lose writes: refused while the first is open
      await expect(createStore({ DATA_DIR: dir })).rejects.toThrow(`DATA_DIR ${dir} is in use`);
      await first.close();
      await expect(first.ping()).rejects.toThrow();

      const second = await createStore({ DATA_DIR: dir });
      expect(await migrateToLatest(second.db)).toEqual([]);
      expect(await second.db.selectFrom('posts').select('id').execute()).toEqual([{ id: 'kept' }]);
      await second.close();
    } finally {
      await rm(dirname(dirname(dir)), { recursive: true, force: true });
    }
  });

  it('fails ping quickly when PostgreSQL cannot be reached', async () => {
    const sut = await createStore({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
      DATA_DIR: 'unused',
    });
    const started = performance.now();
    await expect(sut.ping(1000)).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1500);
    await sut.close();
  });
});
