import type { Command } from 'commander';
import { createStoreDeps } from '../deps.js';
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
      try {
        // The composition root's first step alone: the store, migrated (no cache, queue or models).
        const { migrated, close } = await createStoreDeps(config);
        await close();
        process.stdout.write(
          migrated.length ? `applied: ${migrated.join(', ')}\n` : 'database is up to date\n',
        );
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
