import { useEffect } from 'preact/hooks';
import { api } from '../lib/api.js';
import { usePoll } from '../lib/use-poll.js';

/** Accounts change rarely: re-read once a minute. */
const ACCOUNTS_POLL_MS = 60_000;

interface Props {
  value: string;
  onChange: (accountId: string) => void;
  /** offer "All accounts" (empty value); otherwise the first account with posts is chosen when none is */
  allowAll?: boolean;
}

export function AccountSelect({ value, onChange, allowAll = false }: Props) {
  const accounts = usePoll('accounts', (s) => api.accounts(s), ACCOUNTS_POLL_MS);
  const items = accounts.data ?? [];
  // the first account with posts: a connected account that has published nothing yet has no
  // patterns, metrics or model to show
  const first = (items.find((a) => a.posts > 0) ?? items[0])?.account_id;
  useEffect(() => {
    if (!allowAll && !value && first) onChange(first);
  }, [allowAll, value, first, onChange]);
  return (
    <label class="field">
      <span>Account</span>
      <select
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        disabled={items.length === 0 && !allowAll}
        data-testid="account-select"
      >
        {allowAll && <option value="">All accounts</option>}
        {!allowAll && items.length === 0 && (
          <option value="">{accounts.error ? 'Unavailable' : 'Loading…'}</option>
        )}
        {items.map((a) => (
          <option key={a.account_id} value={a.account_id}>
            {a.account_id}
            {` (${a.posts} ${a.posts === 1 ? 'post' : 'posts'})`}
          </option>
        ))}
      </select>
    </label>
  );
}
