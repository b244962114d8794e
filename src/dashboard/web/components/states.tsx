import type { ComponentChildren } from 'preact';
import type { PollState } from '../lib/use-poll.js';
import { ApiError } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const hint =
    error instanceof ApiError && error.status === 404
      ? 'This endpoint or item does not exist on the server.'
      : error instanceof ApiError && error.status === 401
        ? 'Enter an API key at the top of the page.'
        : 'The dashboard will keep trying every few seconds.';
  return (
    <div class="state state-error" role="alert">
      <p>
        <strong>Could not load this.</strong> {error.message}
      </p>
      <p class="muted">{hint}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry now
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>;
}

interface AsyncProps<T> {
  state: PollState<T>;
  /** what the view shows when the data holds nothing */
  isEmpty?: (data: T) => boolean;
  empty?: ComponentChildren;
  loadingLabel?: string;
  children: (data: T) => ComponentChildren;
}

/**
 * The four states of a live view: loading (first read), error (no data yet), empty, and data —
 * with a quiet warning when a refresh fails while older data stays on screen.
 */
export function Async<T>({ state, isEmpty, empty, loadingLabel, children }: AsyncProps<T>) {
  const { data, error, loading, updatedAt, reload } = state;
  if (data === undefined) {
    if (error) return <ErrorState error={error} onRetry={reload} />;
    if (loading) return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
    return <Loading />;
  }
  return (
    <>
      {error && (
        <p class="stale" role="status">
          Showing data from {updatedAt ? formatDateTime(new Date(updatedAt).toISOString()) : 'earlier'}: the
          last refresh failed ({error.message}).
        </p>
      )}
      {isEmpty?.(data) ? <Empty>{empty ?? 'Nothing here yet.'}</Empty> : children(data)}
    </>
  );
}

/** The line that says what the last action on a page did, read out when it changes. */
export function Notice({ text, testId }: { text: string; testId?: string }) {
  return (
    <p class="notice" role="status" aria-live="polite" {...(testId ? { 'data-testid': testId } : {})}>
      {text}
    </p>
  );
}
