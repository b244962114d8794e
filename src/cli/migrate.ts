import type { Command } from 'commander';
import { createStore } from '../infra/db/client.js';
import { migrateToLatest } from '../infra/db/migrate.js';
import { createLogger } from '../infra/telemetry/logger.js';
import { loadConfigOrExit } from './serve.js';

/** `threads-agent migrate`: apply pending migrations to DATABASE_URL (or the embedded store) and exit. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply pending database migrations (PostgreSQL at DATABASE_URL, else PGlite in DATA_DIR); exits non-zero on failure',
    )
    .action(async () => {
      const config = loadConfigOrExit();
      const logger = createLogger(config);
      const store = await createStore(config, logger);
      try {
        const applied = await migrateToLatest(store.db, { logger });
        process.stdout.write(
          applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n',
        );
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
