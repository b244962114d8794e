import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { buildSimulatorApp, FaultInjector, SimulatorEngine } from '../source/simulator/index.js';

interface FakeThreadsOptions {
  port: number;
  host: string;
  seed?: number;
  speedup?: number;
  errorRate: number;
  latencyMs: number;
  demo: boolean;
}

function number(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} in ${min}..${max}`);
    }
    return n;
  };
}

/**
 * `threads-agent fake-threads --port 9009`: the simulator as its own HTTP server (SPEC §5),
 * for running the API against `FAKE_THREADS_URL` or for fault drills. Seed and speed-up
 * default to SIMULATOR_SEED and SIMULATOR_SPEEDUP.
 */
export function registerFakeThreadsCommand(program: Command): void {
  program
    .command('fake-threads')
    .description('run the fake-threads simulator as a standalone HTTP server')
    .option('--port <port>', 'port to listen on', number(0, 65535, true), 9009)
    .option('--host <host>', 'interface to bind', '0.0.0.0')
    .option('--seed <n>', 'random seed (default SIMULATOR_SEED)', number(0, 2 ** 31 - 1, true))
    .option(
      '--speedup <x>',
      'simulated seconds per real second (default SIMULATOR_SPEEDUP)',
      number(0.001, 1e6),
    )
    .option('--error-rate <r>', 'fraction of calls failing with 500', number(0, 1), 0)
    .option('--latency-ms <ms>', 'latency added to every call', number(0, 600_000), 0)
    .option('--no-demo', 'start without the demo accounts’ posts')
    .action(async (opts: FakeThreadsOptions) => {
      let config;
      try {
        config = loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
      const simulator = new SimulatorEngine({
        seed: opts.seed ?? config.SIMULATOR_SEED,
        speedup: opts.speedup ?? config.SIMULATOR_SPEEDUP,
        demo: opts.demo,
      });
      const faults = new FaultInjector({ errorRate: opts.errorRate, latencyMs: opts.latencyMs });
      const app = buildSimulatorApp(simulator, { faults, logger: { level: config.LOG_LEVEL } });
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, 'fake-threads shutting down');
        const force = setTimeout(() => process.exit(1), 10_000).unref();
        await app.close();
        clearTimeout(force);
        process.exit(0);
      };
      process.on('SIGINT', (s) => void shutdown(s));
      process.on('SIGTERM', (s) => void shutdown(s));
      const address = await app.listen({ port: opts.port, host: opts.host });
      app.log.info(
        `fake-threads listening on ${address} (seed ${simulator.seed}, speed-up ×${simulator.speedup}, ` +
          `simulated time ${new Date(simulator.now()).toISOString()})`,
      );
    });
}
