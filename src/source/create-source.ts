/**
 * Picks the source from the config:
 * - `FAKE_THREADS_URL` set → HTTP client to that simulator;
 * - else `SOURCE=simulator` → in-process simulator seeded with `SIMULATOR_SEED`, running at
 *   `SIMULATOR_SPEEDUP`, with the demo accounts' posts (the `npm start` demo);
 * - else `SOURCE=none` → an in-process simulator with the demo accounts but no posts: nothing
 *   moves until something is published through the API, and publishing, comments and DMs keep
 *   working, so the app needs no "no source" branches.
 * The real Threads API (`THREADS_ACCESS_TOKEN`) comes later behind the same interface.
 */
import type { Config } from '../config.js';
import type { SimulatorControl } from './simulator/control.js';
import { SimulatorEngine } from './simulator/engine.js';
import type { FaultInjector } from './simulator/faults.js';
import { HttpSimulatorSource } from './simulator/http-source.js';
import { InProcessSimulatorSource } from './simulator/in-process-source.js';
import type { PostFeatures } from './simulator/audience.js';
import type { ViralityFn } from './simulator/virality.js';
import type { ThreadsSource } from './threads-source.js';

export interface CreateSourceOptions {
  /** use this simulator instead of building one (tests, or an app that shares it) */
  simulator?: SimulatorEngine;
  /** the real clock for a simulator built here; default Date.now */
  clock?: () => number;
  /** the pattern engine's strength, for a simulator built here */
  virality?: ViralityFn;
  /** the pattern engine's hooks and emotions: the demo's audiences reward some of them (audience.ts) */
  audience?: (content: string) => PostFeatures;
  faults?: FaultInjector;
  fetch?: typeof fetch;
}

export interface CreatedSource {
  source: ThreadsSource;
  /** fault injection, clock and DM log of whichever simulator is behind the source */
  control: SimulatorControl;
  /** present when the simulator runs in this process (the dashboard can show its clock) */
  simulator?: SimulatorEngine;
}

type SourceConfig = Pick<
  Config,
  'FAKE_THREADS_URL' | 'SOURCE' | 'SIMULATOR_SEED' | 'SIMULATOR_SPEEDUP' | 'SOURCE_TIMEOUT_MS'
>;

export function createSource(config: SourceConfig, options: CreateSourceOptions = {}): CreatedSource {
  if (config.FAKE_THREADS_URL !== undefined) {
    const http = new HttpSimulatorSource(config.FAKE_THREADS_URL, {
      timeoutMs: config.SOURCE_TIMEOUT_MS,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    return { source: http, control: http };
  }
  const simulator =
    options.simulator ??
    new SimulatorEngine({
      seed: config.SIMULATOR_SEED,
      speedup: config.SIMULATOR_SPEEDUP,
      demo: config.SOURCE === 'simulator',
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.virality === undefined ? {} : { virality: options.virality }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
    });
  const source = new InProcessSimulatorSource(simulator, {
    timeoutMs: config.SOURCE_TIMEOUT_MS,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  return { source, control: source, simulator };
}
