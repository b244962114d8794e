import { useEffect, useState } from 'preact/hooks';

export interface ClockSample {
  /** the server's `now` (epoch ms) */
  server: number;
  /** the browser's Date.now() when that answer arrived */
  client: number;
}

/**
 * The server's current time, estimated from its last two readings. The demo runs on the
 * simulator's clock, which may run 60× faster than the browser's and sit hours ahead, so
 * "5 minutes ago" must be measured on the server's clock, at the server's rate. With one
 * reading the rate is taken as 1; with none, the browser's clock is the answer.
 */
export function estimateServerNow(samples: readonly ClockSample[], clientNow: number): number {
  const last = samples[samples.length - 1];
  if (!last) return clientNow;
  const prev = samples[samples.length - 2];
  let rate = 1;
  if (prev && last.client > prev.client && last.server >= prev.server) {
    rate = (last.server - prev.server) / (last.client - prev.client);
  }
  return last.server + Math.max(0, clientNow - last.client) * rate;
}

let samples: ClockSample[] = [];
const listeners = new Set<() => void>();

/** Record the server's `now` as read from an API answer. */
export function recordServerNow(iso: string, clientNow = Date.now()): void {
  const server = Date.parse(iso);
  if (Number.isNaN(server)) return;
  samples = [...samples.slice(-1), { server, client: clientNow }];
  for (const l of listeners) l();
}

/** The server's time, refreshed every `intervalMs`, for "5 minutes ago" labels. */
export function useServerNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => estimateServerNow(samples, Date.now()));
  useEffect(() => {
    const tick = () => setNow(estimateServerNow(samples, Date.now()));
    const t = setInterval(tick, intervalMs);
    listeners.add(tick);
    return () => {
      clearInterval(t);
      listeners.delete(tick);
    };
  }, [intervalMs]);
  return now;
}
