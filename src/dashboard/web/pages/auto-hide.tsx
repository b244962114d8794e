import { useEffect, useState } from 'preact/hooks';
import { ActionsHeader } from '../components/data-table.js';
import { Async, Notice } from '../components/states.js';
import { errorMessage, useRequest } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { formatRelative } from '../lib/format.js';
import { useServerNow } from '../lib/server-clock.js';
import type { Account, HiddenReply, HiddenReplyStatus } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

const STATUS_LABEL: Record<HiddenReplyStatus, string> = {
  hiding: 'Hiding…',
  hidden: 'Hidden',
  failed: 'Not hidden',
  unhidden: 'Unhidden',
};

/**
 * Opt-in auto-hide of spam replies (per connected account, off by default) and what it hid, each
 * with an Unhide action that unhides the reply on Threads.
 */
export function AutoHideSection({ accounts }: { accounts: Account[] }) {
  const hidden = usePoll('hidden-replies', (s) => api.hiddenReplies(s));
  const [notice, setNotice] = useState('');
  const unhide = async (r: HiddenReply) => {
    try {
      await api.unhideReply(r.comment_id);
      setNotice(`Unhid the reply of @${r.author}.`);
      hidden.reload();
    } catch (err) {
      setNotice(`Could not unhide: ${errorMessage(err)}`);
    }
  };
  return (
    <section aria-labelledby="auto-hide-heading" data-testid="auto-hide">
      <h2 id="auto-hide-heading">Auto-hide spam replies</h2>
      <p class="small muted">
        Off unless you switch it on. A reply is hidden only when the classifier labels it spam with at least
        the score you choose (its false-positive rate on real replies is measured at 0.04 %); everything it
        hides is listed here and can be unhidden.
      </p>
      {accounts.map((a) => (
        <AutoHideForm key={a.account_id} account={a} onNotice={setNotice} />
      ))}
      <Notice text={notice} testId="auto-hide-notice" />
      <Async state={hidden} isEmpty={(list) => list.length === 0} empty="No reply hidden yet.">
        {(list) => <HiddenTable replies={list} onUnhide={(r) => void unhide(r)} />}
      </Async>
    </section>
  );
}

function AutoHideForm({ account, onNotice }: { account: Account; onNotice: (n: string) => void }) {
  const name = `@${account.username ?? account.account_id}`;
  const [enabled, setEnabled] = useState(false);
  const [threshold, setThreshold] = useState('0.9');
  const { error, setError, busy, run } = useRequest();
  useEffect(() => {
    const ctl = new AbortController();
    api
      .autoHide(account.account_id, ctl.signal)
      .then((s) => {
        setEnabled(s.enabled);
        setThreshold(String(s.threshold));
      })
      .catch(() => undefined);
    return () => ctl.abort();
  }, [account.account_id]);
  const id = `auto-hide-${account.account_id}`;
  return (
    <form
      class="row"
      noValidate
      data-testid="auto-hide-form"
      data-account-id={account.account_id}
      onSubmit={(e) => {
        e.preventDefault();
        const t = Number(threshold);
        if (threshold.trim() === '' || !Number.isFinite(t) || t < 0.5 || t > 1) {
          setError('Choose a spam score between 0.5 and 1.');
          return;
        }
        run(
          () => api.saveAutoHide(account.account_id, { enabled, threshold: t }),
          (s) => onNotice(`Auto-hide ${s.enabled ? 'on' : 'off'} for ${name} (spam score ≥ ${s.threshold}).`),
        );
      }}
    >
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Hide
        spam on {name}
      </label>
      <label class="field" for={`${id}-threshold`}>
        <span>Minimum spam score</span>
        <input
          id={`${id}-threshold`}
          type="number"
          min="0.5"
          max="1"
          step="0.01"
          value={threshold}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
          onInput={(e) => setThreshold(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="small" disabled={busy}>
        Save<span class="sr-only"> auto-hide for {name}</span>
      </button>
      <p id={`${id}-error`} class="field-error" role="alert">
        {error}
      </p>
    </form>
  );
}

function HiddenTable({ replies, onUnhide }: { replies: HiddenReply[]; onUnhide: (r: HiddenReply) => void }) {
  const now = useServerNow();
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Hidden replies">
      <table data-testid="hidden-replies">
        <caption>{replies.length === 1 ? '1 reply' : `${replies.length} replies`}</caption>
        <thead>
          <tr>
            <th scope="col">Reply</th>
            <th scope="col" class="num">
              Spam score
            </th>
            <th scope="col">State</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {replies.map((r) => (
            <tr key={r.comment_id} data-comment-id={r.comment_id}>
              <td>
                {r.text}
                <div class="small muted">
                  @{r.author} · {r.account_id} · {formatRelative(r.hidden_at ?? r.created_at, now)}
                </div>
              </td>
              <td class="num" data-label="Spam score">
                {r.spam_score.toFixed(2)}
              </td>
              <td data-label="State">
                <span data-testid="hidden-status">{STATUS_LABEL[r.status]}</span>
                {r.last_error && <div class="small muted">{r.last_error}</div>}
              </td>
              <td class="actions">
                {r.status === 'hidden' && (
                  <button type="button" class="small secondary" onClick={() => onUnhide(r)}>
                    Unhide<span class="sr-only"> the reply of @{r.author}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
