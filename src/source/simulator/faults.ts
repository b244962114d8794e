/**
 * Fault knobs shared by the in-process source and the simulator's HTTP server: added latency,
 * a fraction of calls failing with 500, and a "hang" mode that never answers in time. The
 * decisions come from a seeded stream so a fault test fails the same calls on every run.
 */
import { Rng } from './random.js';

export interface FaultSettings {
  /** fraction of calls (0..1) that fail with a transient 500 */
  errorRate: number;
  /** added to every call */
  latencyMs: number;
  /** up to this much more, uniformly */
  latencyJitterMs: number;
  /** calls never answer (the caller's timeout fires) */
  timeout: boolean;
}

export interface FaultDecision {
  delayMs: number;
  fail: boolean;
  hang: boolean;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  errorRate: 0,
  latencyMs: 0,
  latencyJitterMs: 0,
  timeout: false,
});

export class FaultInjector {
  private settings: FaultSettings;
  private readonly rng: Rng;

  constructor(initial: Partial<FaultSettings> = {}, seed = 1) {
    this.settings = validate({ ...NO_FAULTS, ...initial });
    this.rng = new Rng(seed);
  }

  get(): FaultSettings {
    return { ...this.settings };
  }

  /** Change some knobs; the others keep their values. */
  set(change: Partial<FaultSettings>): FaultSettings {
    this.settings = validate({ ...this.settings, ...change });
    return this.get();
  }

  reset(): FaultSettings {
    this.settings = { ...NO_FAULTS };
    return this.get();
  }

  /** What happens to the next call. */
  next(): FaultDecision {
    const s = this.settings;
    const jitter = s.latencyJitterMs > 0 ? this.rng.next() * s.latencyJitterMs : 0;
    return {
      delayMs: s.latencyMs + jitter,
      fail: s.errorRate > 0 && this.rng.next() < s.errorRate,
      hang: s.timeout,
    };
  }
}

function validate(s: FaultSettings): FaultSettings {
  if (!(s.errorRate >= 0 && s.errorRate <= 1)) throw new RangeError('errorRate must be within 0..1');
  if (!(s.latencyMs >= 0) || !(s.latencyJitterMs >= 0)) throw new RangeError('latency must be ≥ 0');
  return s;
}

/** A promise that resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
