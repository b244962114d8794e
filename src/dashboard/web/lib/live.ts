import { useEffect, useState } from 'preact/hooks';

/** How often every visible view re-reads its data. */
export const POLL_INTERVAL_MS = 5_000;

interface LiveState {
  paused: boolean;
  /** epoch ms of the last successful read by any view */
  lastUpdate: number | null;
  /** set when the last read failed, cleared by the next success */
  failing: boolean;
  /** true when the server asked for an API key */
  needsKey: boolean;
  /** the browser has no network (navigator.onLine): reads wait for it to come back */
  offline: boolean;
}

let state: LiveState = {
  paused: false,
  lastUpdate: null,
  failing: false,
  needsKey: false,
  offline: typeof navigator !== 'undefined' && navigator.onLine === false,
};
const listeners = new Set<() => void>();

/** Shared live-update status: the header shows it, every poller reports to it and obeys pause. */
export const live = {
  get: (): LiveState => state,
  set(patch: Partial<LiveState>): void {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => live.set({ offline: true }));
  window.addEventListener('online', () => live.set({ offline: false }));
}

export function useLive(): LiveState {
  const [s, setS] = useState(live.get());
  useEffect(() => live.subscribe(() => setS(live.get())), []);
  return s;
}
