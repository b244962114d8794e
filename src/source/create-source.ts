/**
 * The simulator's side of the source, from the config:
 * - `FAKE_THREADS_URL` set → HTTP client to that simulator;
 * - else `SOURCE=simulator` or `simulator-direct` → in-process simulator seeded with
 *   `SIMULATOR_SEED`, running at `SIMULATOR_SPEEDUP`, with the demo accounts' posts (the
 *   `npm start` demo; with `simulator` deps.ts serves it as a Graph API and the app reads it
 *   through the Threads connector instead of this in-process source);
 * - else (`none`, `threads`) → an in-process simulator with the demo accounts but no posts:
 *   nothing moves until something is published through the API, and publishing, comments and
 *   DMs keep working, so the app needs no "no source" branches. With `threads` the app reads
 *   the connected accounts through the connector (deps.ts).
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
  /** the in-process simulator's fault injector (also applied to its Graph API when served) */
  faults?: FaultInjector;
  /** the simulator's own idempotent DM endpoint (SPEC §4.3: the demo's DM delivery) */
  dms?: Pick<ThreadsSource, 'sendDm'>;
}

type SourceConfig = Pick<
  Config,
  | 'FAKE_THREADS_URL'
  | 'SOURCE'
  | 'SIMULATOR_SEED'
  | 'SIMULATOR_SPEEDUP'
  | 'SOURCE_TIMEOUT_MS'
  | 'DEMO_HISTORY_DAYS'
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
      demo: config.SOURCE === 'simulator' || config.SOURCE === 'simulator-direct',
      backlogMs: config.DEMO_HISTORY_DAYS * 24 * 3_600_000,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.virality === undefined ? {} : { virality: options.virality }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
    });
  const source: InProcessSimulatorSource = new InProcessSimulatorSource(simulator, {
    timeoutMs: config.SOURCE_TIMEOUT_MS,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  return { source, control: source, simulator, faults: source.faults, dms: source };
}
