import { useState } from 'preact/hooks';
import { countOf, DataTable } from '../components/data-table.js';
import { Async, Notice } from '../components/states.js';
import { confirmedAction, errorMessage, useRequest } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { formatDateTime, formatNumber, formatRelative } from '../lib/format.js';
import { useServerNow } from '../lib/server-clock.js';
import type { Account, TokenStatus } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';
import { AutoHideSection } from './auto-hide.js';

const STATUS_LABEL: Record<TokenStatus, string> = {
  valid: 'Valid',
  expiring: 'Expiring soon',
  reconnect_needed: 'Reconnect needed',
};

/** Connected Threads accounts: connect (OAuth) or paste a token, token state, expiry, API usage. */
export function AccountsPage({ search }: { search: URLSearchParams }) {
  const accounts = usePoll('accounts-page', (s) => api.accounts(s));
  const connected = search.get('connected');
  const failed = search.get('error');
  const [notice, setNotice] = useState(
    connected ? `Connected @${connected}.` : failed ? `Not connected: ${failed}` : '',
  );

  const connect = async () => {
    try {
      window.location.assign(await api.authorizeUrl());
    } catch (err) {
      setNotice(`Cannot start connecting: ${errorMessage(err)}`);
    }
  };
  const remove = (a: Account) =>
    confirmedAction({
      question: `Disconnect @${a.username ?? a.account_id}? Its token is deleted; its posts stay.`,
      run: async () => {
        await api.deleteAccount(a.account_id);
        accounts.reload();
      },
      done: `Disconnected @${a.username ?? a.account_id}.`,
      failed: 'Could not disconnect',
      say: setNotice,
    });

  return (
    <>
      <h1>Accounts</h1>
      <p class="lede">
        Connect your Threads account so the agent reads your posts, insights and replies. Tokens are stored
        encrypted and renewed automatically well before they expire.
      </p>
      <Notice text={notice} testId="accounts-notice" />
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">Connected accounts</h2>
        <Async
          state={accounts}
          isEmpty={(list) => !list.some((a) => a.connected)}
          empty="No Threads account connected yet: connect one with the button or paste a token."
        >
          {(list) => (
            <ConnectedTable
              accounts={list.filter((a) => a.connected)}
              onReconnect={() => void connect()}
              onRemove={(a) => void remove(a)}
            />
          )}
        </Async>
      </section>
      <section aria-labelledby="connect-heading" class="connect">
        <h2 id="connect-heading">Connect</h2>
        <p>
          <button type="button" onClick={() => void connect()} data-testid="connect-threads">
            Connect with Threads
          </button>
        </p>
        <p class="small muted">
          You log in on threads.net and approve the app; you come back here when it is done.
        </p>
        <TokenForm
          onAdded={(a) => {
            setNotice(`Connected @${a.username ?? a.account_id}.`);
            accounts.reload();
          }}
        />
      </section>
      <AutoHideSection accounts={accounts.data?.filter((a) => a.connected) ?? []} />
      <SimulatedAccounts accounts={accounts.data?.filter((a) => !a.connected) ?? []} />
    </>
  );
}

function ConnectedTable({
  accounts,
  onReconnect,
  onRemove,
}: {
  accounts: Account[];
  onReconnect: () => void;
  onRemove: (a: Account) => void;
}) {
  const now = useServerNow();
  return (
    <DataTable
      testId="accounts-table"
      caption={countOf(accounts.length, 'account', 'accounts')}
      actions
      columns={['Account', 'Token', 'Expires', 'Last polled', { num: 'API calls (24 h)' }]}
    >
      {accounts.map((a) => {
        const status = a.token_status ?? 'valid';
        const name = `@${a.username ?? a.account_id}`;
        return (
          <tr key={a.account_id} data-account-id={a.account_id}>
            <td>
              {name}
              <div class="small muted">{a.account_id}</div>
            </td>
            <td data-label="Token">
              <span class={`badge token-${status}`} data-testid="token-status">
                {STATUS_LABEL[status]}
              </span>
              {a.token_status_reason && status !== 'valid' && (
                <div class="small muted">{a.token_status_reason}</div>
              )}
            </td>
            <td data-label="Expires">
              <time dateTime={a.token_expires_at ?? undefined} title={formatDateTime(a.token_expires_at)}>
                {formatRelative(a.token_expires_at, now)}
              </time>
            </td>
            <td data-label="Last polled">
              {a.last_polled_at ? formatRelative(a.last_polled_at, now) : 'Not yet'}
            </td>
            <td class="num" data-label="API calls (24 h)">
              {formatNumber(a.usage.calls_24h)}
            </td>
            <td class="actions">
              {status === 'reconnect_needed' && (
                <button type="button" class="small" onClick={onReconnect}>
                  Reconnect<span class="sr-only"> {name}</span>
                </button>
              )}
              <button type="button" class="danger small" onClick={() => onRemove(a)}>
                Disconnect<span class="sr-only"> {name}</span>
              </button>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function TokenForm({ onAdded }: { onAdded: (a: Account) => void }) {
  const [token, setToken] = useState('');
  const { error, setError, busy, run } = useRequest();
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!token.trim()) {
          setError('Paste a token first.');
          return;
        }
        run(
          () => api.addAccount(token.trim()),
          (a) => {
            setToken('');
            onAdded(a);
          },
        );
      }}
    >
      <h3>Or paste a long-lived token</h3>
      <label class="field" for="account-token">
        <span>Access token</span>
        <input
          id="account-token"
          type="password"
          autoComplete="off"
          value={token}
          aria-invalid={error ? true : undefined}
          aria-describedby="account-token-error"
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <p id="account-token-error" class="field-error" role="alert" data-testid="token-error">
        {error}
      </p>
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Add account'}
      </button>
    </form>
  );
}

function SimulatedAccounts({ accounts }: { accounts: Account[] }) {
  if (accounts.length === 0) return null;
  return (
    <section aria-labelledby="data-accounts-heading">
      <h2 id="data-accounts-heading">Accounts from the data</h2>
      <p class="small muted">Known from their posts (the simulator’s demo accounts among them); no token.</p>
      <ul data-testid="data-accounts">
        {accounts.map((a) => (
          <li key={a.account_id}>
            {a.account_id} · {a.persona_id} · {formatNumber(a.posts)} {a.posts === 1 ? 'post' : 'posts'}
          </li>
        ))}
      </ul>
    </section>
  );
}
