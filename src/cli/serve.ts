import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { createDeps, type Role } from '../deps.js';
import { buildApp } from '../http/app.js';

/** `threads-agent serve`: the API (and, in the embedded default, the worker and the demo) in one process. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API server (embedded storage by default; DATABASE_URL/REDIS_URL for production)')
    .option('--role <role>', 'all | api | worker', 'all')
    .option('--port <port>', 'override PORT')
    .action(async (opts: { role: string; port?: string }) => {
      const config = loadConfigOrExit({ ...(opts.port ? { PORT: opts.port } : {}) });
      const deps = await createDeps(config, { role: parseRole(opts.role) });
      const app = await buildApp(deps);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        deps.logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000).unref();
        await app.close();
        await deps.close();
        clearTimeout(force);
        process.exit(0);
      };
      process.on('SIGINT', (s) => void shutdown(s));
      process.on('SIGTERM', (s) => void shutdown(s));
      await deps.start();
      if (deps.role === 'worker') {
        deps.logger.info('threads-agent worker running');
        return;
      }
      const address = await app.listen({ port: config.PORT, host: config.HOST });
      deps.logger.info(`threads-agent listening on ${address} (dashboard /, API docs /docs)`);
    });
}

/** Validate the environment once; a bad variable stops start-up with its name and the reason. */
export function loadConfigOrExit(overrides: Record<string, string> = {}) {
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

function parseRole(role: string): Role {
  if (role === 'all' || role === 'api' || role === 'worker') return role;
  process.stderr.write(`--role must be one of all, api, worker (got ${role})\n`);
  process.exit(2);
}
