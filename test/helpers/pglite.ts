import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createStore, dumpStore, type Store } from '../../src/infra/db/client.js';
import { migrateToLatest } from '../../src/infra/db/migrate.js';
import { migrations } from '../../src/infra/db/migrations/index.js';

/**
 * A fresh PGlite costs ~2.5 s of initdb (far more when other test files run beside it) and
 * ~0.5–0.8 GB of memory, so tests never create one per test. The first call in any process
 * builds a migrated database and dumps it to a tarball in the OS temp dir, keyed by a hash of
 * the migrations' code and the PGlite version; every later store loads that tarball (~0.6 s).
 * Use one store per test file (`beforeAll`) and `resetStore` between tests when they must not
 * see each other's rows.
 */
export async function createTestPgliteStore(): Promise<Store> {
  try {
    return await createStore({ DATA_DIR: 'memory://' }, undefined, {
      pgliteTemplate: await pgliteTemplate(),
    });
  } catch (err) {
    // A truncated or foreign tarball: drop it so the next call rebuilds it.
    await rm(templatePath(), { force: true });
    templateOnce = undefined;
    throw err;
  }
}

let templateOnce: Promise<Blob> | undefined;

/** The migrated template as a tarball (`StoreOptions.pgliteTemplate`), built on first use. */
export function pgliteTemplate(): Promise<Blob> {
  templateOnce ??= loadOrBuildTemplate();
  return templateOnce;
}

async function loadOrBuildTemplate(): Promise<Blob> {
  const file = templatePath();
  const saved = await readFile(file).catch(() => undefined);
  if (saved) return new Blob([saved]);
  const store = await createStore({ DATA_DIR: 'memory://' });
  try {
    await migrateToLatest(store.db);
    const dump = await dumpStore(store);
    // Write then rename: test files building the template at the same time never read half a file.
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  } finally {
    await store.close();
  }
}

function templatePath(): string {
  const require = createRequire(import.meta.url);
  const pgliteDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
  const { version } = require(join(pgliteDir, 'package.json')) as { version: string };
  const hash = createHash('sha256').update(version);
  for (const [name, m] of Object.entries(migrations))
    hash.update(name).update(m.up.toString()).update(String(m.down));
  return join(tmpdir(), `threads-agent-pglite-${hash.digest('hex').slice(0, 16)}.tgz`);
}

/** Empty every application table (not Kysely's migration bookkeeping) and restart identities. */
export async function resetStore<T>(db: Kysely<T>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(table_name) as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_%'`.execute(
    db,
  );
  if (rows.length === 0) return;
  await sql`truncate table ${sql.raw(rows.map((r) => r.name).join(', '))} restart identity cascade`.execute(
    db,
  );
}
