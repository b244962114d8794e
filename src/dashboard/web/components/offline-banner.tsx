import { formatRelative } from '../lib/format.js';
import { useLive } from '../lib/live.js';
import { useNow } from '../lib/use-now.js';

/**
 * Says plainly that the browser is offline: what is on screen is as old as the last read, and
 * nothing is refreshed or saved until the network is back (reads then resume by themselves).
 * The live region is always there so that the change is announced.
 */
export function OfflineBanner() {
  const { offline, lastUpdate } = useLive();
  const now = useNow(5_000);
  const ago = lastUpdate ? formatRelative(new Date(lastUpdate).toISOString(), now) : undefined;
  return (
    <div class="offline-banner" role="status" data-testid="offline-banner">
      {offline && (
        <p>
          <strong>You are offline.</strong>{' '}
          {ago ? `What you see was loaded ${ago === 'now' ? 'just now' : ago}. ` : ''}
          Nothing is refreshed or saved until the connection is back; then the dashboard updates by itself.
        </p>
      )}
    </div>
  );
}
