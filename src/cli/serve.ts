import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createDeps, type Role } from '../deps.js';
import { buildApp, buildPatternsApp, buildWorkerApp } from '../http/app.js';
import { listenMetrics } from '../http/metrics-listener.js';
import { createLogger, type Logger } from '../infra/telemetry/logger.js';
import { createTelemetry, type Telemetry } from '../infra/telemetry/metrics.js';
import { createPatternTelemetry, loadDefaultNlp, PatternService } from '../patterns/index.js';

/** `threads-agent serve`: the API (and, in the embedded default, the worker and the demo) in one process. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the API server (embedded storage by default; DATABASE_URL/REDIS_URL for production)')
    .option('--role <role>', 'all | api | worker', 'all')
    .option(
      '--service <service>',
      "all | patterns (the pattern engine alone, without storage, as the seeds' port-8000 service)",
      'all',
    )
    .option('--port <port>', 'override PORT')
    .action(async (opts: { role: string; service: string; port?: string }) => {
      const config = loadConfigOrExit({ ...(opts.port ? { PORT: opts.port } : {}) });
      if (opts.service === 'patterns') return servePatterns(config);
      if (opts.service !== 'all') exitWith(`--service must be one of all, patterns (got ${opts.service})`);
      // Before anything else listens or runs: a busy METRICS_PORT is a start-up error, not a
      // crash after the API is already answering.
      const telemetry = await startTelemetry(config);
      const deps = await createDeps(config, { role: parseRole(opts.role), telemetry });
      const app = deps.role === 'worker' ? await buildWorkerApp(deps) : await buildApp(deps);
      // Stop taking requests, then close the queue: its workers finish the jobs they are running
      // (a job still running at the forced exit is retried by another worker once its lock lapses).
      closeOnSignals(deps.logger, config.SHUTDOWN_TIMEOUT_SECONDS, async () => {
        await app.close();
        await deps.close();
      });
      await deps.start();
      const address = await app.listen({ port: config.PORT, host: config.HOST });
      if (deps.role === 'worker') {
        deps.logger.info(`threads-agent worker running (health, readiness and metrics on ${address})`);
        return;
      }
      deps.logger.info(`threads-agent listening on ${address} (dashboard /, API docs /docs)`);
    });
}

async function servePatterns(config: Config): Promise<void> {
  const telemetry = await startTelemetry(config);
  const logger = createLogger(config);
  const app = await buildPatternsApp({
    config,
    logger,
    telemetry,
    patterns: new PatternService({
      nlp: await loadDefaultNlp(),
      cacheTtlSeconds: config.PATTERN_CACHE_TTL,
      telemetry: createPatternTelemetry(telemetry.registry),
    }),
  });
  closeOnSignals(logger, config.SHUTDOWN_TIMEOUT_SECONDS, () => app.close());
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  logger.info(`viral pattern engine listening on ${address} (API docs /docs)`);
}

/**
 * The registry, and its METRICS_PORT listener when asked for, opened before anything else listens
 * or runs: a busy port stops start-up with the variable's name instead of crashing a running server.
 */
async function startTelemetry(config: Config): Promise<Telemetry> {
  const telemetry = createTelemetry();
  if (config.METRICS_PORT !== undefined) {
    const address = await listenMetrics(telemetry.registry, config.METRICS_PORT, config.HOST).catch(
      (err: unknown) => exitWith(err instanceof Error ? err.message : String(err)),
    );
    process.stderr.write(`metrics listening on ${address}/metrics\n`);
  }
  return telemetry;
}

/** Graceful shutdown: stop accepting, drain in-flight work, close pools; forced exit after `timeoutSeconds`. */
function closeOnSignals(logger: Logger, timeoutSeconds: number, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn(`in-flight work did not finish within ${timeoutSeconds} s; exiting`);
      process.exit(1);
    }, timeoutSeconds * 1000).unref();
    await close();
    clearTimeout(force);
    logger.info('shut down cleanly');
    process.exit(0);
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
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
  return exitWith(`--role must be one of all, api, worker (got ${role})`);
}

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
