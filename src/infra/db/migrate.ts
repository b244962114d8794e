import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationResultSet, type Migration } from 'kysely';
import type { Logger } from '../telemetry/logger.js';
import { migrations as registered } from './migrations/index.js';

export class MigrationError extends Error {
  constructor(
    readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(migrationName ? `migration ${migrationName} failed: ${reason}` : `migrations failed: ${reason}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  logger?: Logger;
  /** Defaults to the registered migrations; tests pass their own to exercise failures. */
  migrations?: Readonly<Record<string, Migration>>;
}

function migrator<T>(db: Kysely<T>, opts: MigrateOptions): Migrator {
  const list = opts.migrations ?? registered;
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...list }) } });
}

function check(outcome: MigrationResultSet, opts: MigrateOptions): string[] {
  const applied = (outcome.results ?? []).filter((r) => r.status === 'Success');
  for (const r of applied)
    opts.logger?.info({ migration: r.migrationName, direction: r.direction }, 'migration applied');
  if (outcome.error !== undefined) {
    const failed = outcome.results?.find((r) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, outcome.error);
  }
  return applied.map((r) => r.migrationName);
}

/**
 * Apply every pending migration (in one transaction, under Kysely's migration lock, so two
 * processes starting at once do not race). Throws `MigrationError` when one fails; nothing of the
 * failed run stays applied. Returns the names applied.
 */
export async function migrateToLatest<T>(db: Kysely<T>, opts: MigrateOptions = {}): Promise<string[]> {
  return check(await migrator(db, opts).migrateToLatest(), opts);
}

/** Undo every migration (`down` in reverse order). For tests of the `down` functions. */
export async function migrateDownAll<T>(db: Kysely<T>, opts: MigrateOptions = {}): Promise<string[]> {
  return check(await migrator(db, opts).migrateTo(NO_MIGRATIONS), opts);
}
