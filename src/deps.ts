import type { Config } from './config.js';
import { createLogger, type Logger } from './infra/telemetry/logger.js';
import { createTelemetry, type Telemetry } from './infra/telemetry/metrics.js';

/**
 * The composition root: everything the HTTP app, the worker and the CLI use is built here
 * from the config. Tests pass overrides (a failing source, a silent logger) instead of
 * patching module globals.
 */
export interface Deps {
  config: Config;
  logger: Logger;
  telemetry: Telemetry;
  /** name → check that throws when that dependency is unreachable (GET /ready) */
  readiness: Record<string, () => Promise<void>>;
  /** close everything in reverse order of creation */
  close(): Promise<void>;
}

export type DepsOverrides = Partial<Omit<Deps, 'config' | 'close' | 'readiness'>>;

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config);
  const telemetry = overrides.telemetry ?? createTelemetry();
  const closers: (() => Promise<void>)[] = [];
  const readiness: Deps['readiness'] = {};

  return {
    config,
    logger,
    telemetry,
    readiness,
    async close() {
      for (const close of closers.reverse()) {
        try {
          await close();
        } catch (err) {
          logger.warn({ err }, 'error while closing');
        }
      }
    },
  };
}
