import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { buildSimulatorApp, FaultInjector, GraphApi, SimulatorEngine } from '../source/simulator/index.js';

interface FakeThreadsOptions {
  port: number;
  host: string;
  seed?: number;
  speedup?: number;
  errorRate: number;
  latencyMs: number;
  demo: boolean;
  webhookUrl?: string;
  dailyCallBudget?: number;
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
    .option('--webhook-url <url>', 'where the Graph API surface sends signed webhooks (replies, mentions)')
    .option(
      '--daily-call-budget <n>',
      'Graph API calls per account per rolling 24 simulated hours before error 17',
      number(1, 1e9, true),
    )
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
      // The Threads app of the config (THREADS_APP_ID / THREADS_APP_SECRET) is the one the simulator
      // knows, so the agent's OAuth exchange and webhook signatures line up with it.
      const graph = new GraphApi(simulator, {
        ...(config.THREADS_APP_ID === undefined ? {} : { appId: config.THREADS_APP_ID }),
        ...(config.THREADS_APP_SECRET === undefined ? {} : { appSecret: config.THREADS_APP_SECRET }),
        ...(opts.webhookUrl === undefined ? {} : { webhookUrl: opts.webhookUrl }),
        ...(opts.dailyCallBudget === undefined ? {} : { dailyCallBudget: opts.dailyCallBudget }),
      });
      const app = buildSimulatorApp(simulator, { faults, graph, logger: { level: config.LOG_LEVEL } });
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
      // Generated replies appear as simulated time passes: announce them every 10 s.
      if (opts.webhookUrl !== undefined) setInterval(() => graph.scanReplies(), 10_000).unref();
      app.log.info(
        `fake-threads listening on ${address} (seed ${simulator.seed}, speed-up ×${simulator.speedup}, ` +
          `simulated time ${new Date(simulator.now()).toISOString()})`,
      );
    });
}
