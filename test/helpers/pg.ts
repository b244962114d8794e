import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore, type Store } from '../../src/infra/db/client.js';
import { migrateToLatest } from '../../src/infra/db/migrate.js';

/** The machine's PostgreSQL (trust auth); tests create and drop their own databases on it. */
export const PG_SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database with a random name (one per test file, as immich does). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ta_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return {
    url: `${PG_SERVER_URL}/${name}`,
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** A migrated PostgreSQL store on its own new database; `drop()` closes the store and drops the database. */
export async function createTestPgStore(): Promise<{ store: Store; url: string; drop(): Promise<void> }> {
  const database = await createTestDatabase();
  const store = await createStore({ DATABASE_URL: database.url, DATA_DIR: 'unused' }, undefined, {
    poolMax: 5,
  });
  try {
    await migrateToLatest(store.db);
  } catch (err) {
    await store.close();
    await database.drop();
    throw err;
  }
  return {
    store,
    url: database.url,
    drop: async () => {
      await store.close();
      await database.drop();
    },
  };
}
