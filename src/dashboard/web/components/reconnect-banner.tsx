import { pathFor } from '../../client-routes.js';
import { api } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { usePoll } from '../lib/use-poll.js';

const ACCOUNTS_POLL_MS = 60_000;

/**
 * On every page while a connected Threads account's token is revoked or expired: nothing is read
 * from or posted to that account until the creator reconnects it.
 */
export function ReconnectBanner() {
  const accounts = usePoll('reconnect-banner', (s) => api.accounts(s), ACCOUNTS_POLL_MS);
  const broken = (accounts.data ?? []).filter((a) => a.token_status === 'reconnect_needed');
  return (
    <div class="reconnect-banner" role="status" data-testid="reconnect-banner">
      {broken.length > 0 && (
        <p>
          <strong>
            {broken.length === 1
              ? `@${broken[0]!.username ?? broken[0]!.account_id} needs reconnecting.`
              : `${broken.length} Threads accounts need reconnecting.`}
          </strong>{' '}
          Their token was revoked or has expired: nothing is read from or posted to{' '}
          {broken.length === 1 ? 'it' : 'them'} until then.{' '}
          <Link href={pathFor('accounts')}>Reconnect on the Accounts page</Link>
        </p>
      )}
    </div>
  );
}
