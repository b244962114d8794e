import { useState } from 'preact/hooks';

/** What a failed request or action says, for a notice. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A row action that asks first (`question`; declined: nothing happens), runs, then says `done`,
 * or `failed` followed by the error.
 */
export async function confirmedAction({
  question,
  run,
  done,
  failed,
  say,
}: {
  question: string;
  run: () => Promise<void>;
  done: string;
  failed: string;
  say: (message: string) => void;
}): Promise<void> {
  if (!confirm(question)) return;
  try {
    await run();
    say(done);
  } catch (err) {
    say(`${failed}: ${errorMessage(err)}`);
  }
}

/**
 * A small form's request: `run` clears the error, is busy until `request` settles, hands its
 * result to `then`, and keeps what went wrong as `error` (also settable, for a check before
 * sending).
 */
export function useRequest() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = <T>(request: () => Promise<T>, then: (result: T) => void) => {
    setBusy(true);
    setError('');
    request()
      .then(then)
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return { error, setError, busy, run };
}
