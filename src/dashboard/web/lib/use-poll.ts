import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { live, POLL_INTERVAL_MS } from './live.js';

export interface PollState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** true until the first answer (data or error) for the current key */
  loading: boolean;
  /** epoch ms of the last successful read */
  updatedAt: number | undefined;
  /** read again now (after a write, or from a Retry button) */
  reload: () => void;
}

/**
 * Read `fetcher` now and again every `intervalMs` while the tab is visible and live updates are
 * not paused. A new `key` starts over (loading state); a failed refresh keeps the last data and
 * reports the error beside it. Reads never overlap: the next one is scheduled when one ends.
 */
export function usePoll<T>(
  key: string,
  fetcher: (signal: AbortSignal) => Promise<T>,
  intervalMs: number = POLL_INTERVAL_MS,
): PollState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyRef = useRef(key);

  useEffect(() => {
    if (keyRef.current !== key) {
      keyRef.current = key;
      setData(undefined);
      setError(undefined);
      setLoading(true);
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const schedule = () => {
      clearTimeout(timer);
      if (controller.signal.aborted) return;
      timer = setTimeout(() => void run(), intervalMs);
    };
    const run = async () => {
      if (running || controller.signal.aborted) return;
      // Paused by the user, or offline (a read would only fail): wait, and try again on resume.
      if (document.hidden || live.get().paused || live.get().offline) return schedule();
      running = true;
      try {
        const result = await fetcherRef.current(controller.signal);
        if (controller.signal.aborted) return;
        const now = Date.now();
        setData(result);
        setError(undefined);
        setUpdatedAt(now);
        live.set({ lastUpdate: now, failing: false, needsKey: false });
      } catch (err) {
        if (controller.signal.aborted) return;
        const e = err instanceof Error ? err : new Error(String(err));
        setError(e);
        live.set({ failing: true, ...(e instanceof ApiError && e.status === 401 ? { needsKey: true } : {}) });
      } finally {
        running = false;
        if (!controller.signal.aborted) {
          setLoading(false);
          schedule();
        }
      }
    };
    const onVisible = () => {
      if (!document.hidden) void run();
    };
    // Resume at once when live updates are switched back on or the network returns; other status
    // changes are ignored.
    const held = () => live.get().paused || live.get().offline;
    let wasHeld = held();
    const unsubscribe = live.subscribe(() => {
      const now = held();
      if (wasHeld && !now) void run();
      wasHeld = now;
    });
    document.addEventListener('visibilitychange', onVisible);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, tick, intervalMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, updatedAt, reload };
}
