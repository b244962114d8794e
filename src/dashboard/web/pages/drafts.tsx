import { useState } from 'preact/hooks';
import { AbState } from '../components/ab-state.js';
import { HighlightedText } from '../components/highlighted-text.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { contentApi, formatRate, type Draft, type DraftStatus } from '../lib/content-api.js';
import type { ExperimentMembership } from '../lib/experiment-types.js';
import { formatDateTime, humanize } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import { usePoll } from '../lib/use-poll.js';

const STATUSES: DraftStatus[] = ['pending', 'scheduled', 'published', 'failed', 'rejected'];

/** The review queue: generate drafts for a persona, read their scores, edit, approve or reject. */
export function DraftsPage({ search }: { search: URLSearchParams }) {
  const status = STATUSES.find((s) => s === search.get('status')) ?? 'pending';
  const persona = search.get('persona') ?? '';
  const personas = usePoll('personas', (s) => contentApi.personas(s), 60_000);
  const drafts = usePoll(`drafts:${status}:${persona}`, (s) =>
    contentApi.drafts({ status, persona_id: persona || undefined, limit: 100 }, s),
  );
  const draftIds = (drafts.data ?? []).map((d) => d.id);
  const ab = usePoll(`draft-experiments:${draftIds.join(',')}`, (s) =>
    draftIds.length === 0 ? Promise.resolve([]) : api.experimentMemberships({ draft_ids: draftIds }, s),
  );
  const [count, setCount] = useState(3);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function generate(e: Event) {
    e.preventDefault();
    if (!persona) return setError('Choose a persona first.');
    setBusy(true);
    setError('');
    try {
      await contentApi.generate({ persona_id: persona, count });
      if (status !== 'pending') setSearchParams({ status: 'pending' });
      drafts.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Drafts</h1>
      <p class="lede">
        Every draft is scored before you see it: the hooks the pattern engine finds (highlighted), the
        engagement rate predicted for the account, Threads’ limits and near duplicates of its posts.
      </p>
      <form class="toolbar" onSubmit={(e) => void generate(e)} data-testid="generate-form">
        <label class="field">
          <span>Persona</span>
          <select
            value={persona}
            onChange={(e) => setSearchParams({ persona: e.currentTarget.value })}
            data-testid="draft-persona"
          >
            <option value="">All personas</option>
            {(personas.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.account_id})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Drafts</span>
          <input
            type="number"
            min={1}
            max={20}
            value={count}
            onInput={(e) => setCount(Number(e.currentTarget.value))}
            data-testid="draft-count"
          />
        </label>
        <button type="submit" disabled={busy || !persona} data-testid="generate">
          {busy ? 'Generating…' : 'Generate'}
        </button>
        <label class="field">
          <span>Status</span>
          <select
            value={status}
            onChange={(e) => setSearchParams({ status: e.currentTarget.value })}
            data-testid="draft-status"
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <Async state={drafts} isEmpty={(d) => d.length === 0} empty={`No ${status} drafts.`}>
        {(list) => (
          <ul class="cards draft-list" data-testid="drafts">
            {list.map((d) => (
              <DraftCard
                key={`${d.id}:${d.text}:${d.status}`}
                draft={d}
                membership={ab.data?.find((m) => m.draft_id === d.id)}
                onChange={drafts.reload}
              />
            ))}
          </ul>
        )}
      </Async>
    </>
  );
}

function DraftCard({
  draft,
  membership,
  onChange,
}: {
  draft: Draft;
  membership: ExperimentMembership | undefined;
  onChange: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(draft.text);
  const [error, setError] = useState('');
  const p = draft.predicted_engagement;
  const open = draft.status === 'pending' || draft.status === 'failed';

  async function act(fn: () => Promise<unknown>) {
    setError('');
    try {
      await fn();
      setEditing(false);
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <li class="card" data-testid="draft" data-draft-id={draft.id} data-status={draft.status}>
      <p class="post-meta">
        #{draft.id} · {draft.persona_id} · {draft.generator}
        {draft.hook_family ? ` · aims for ${humanize(draft.hook_family)}` : ''}
        {draft.edited ? ' · edited' : ''} · <span data-testid="draft-state">{humanize(draft.status)}</span>
        {draft.scheduled_at && draft.status !== 'published' && (
          <>
            {' '}
            for{' '}
            <time dateTime={draft.scheduled_at} data-testid="draft-scheduled">
              {formatDateTime(draft.scheduled_at)}
            </time>
          </>
        )}
      </p>
      {membership && <AbState membership={membership} />}
      {editing ? (
        <label class="field">
          <span>Text</span>
          <textarea
            rows={6}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            data-testid="draft-text"
          />
        </label>
      ) : (
        <HighlightedText text={draft.text} spans={draft.hooks.flatMap((h) => h.spans)} />
      )}
      <p class="small">
        Hooks: {draft.hooks.map((h) => humanize(h.type)).join(', ') || 'none found'} · predicted engagement{' '}
        <strong data-testid="draft-predicted">{formatRate(p.mean)}</strong> ({formatRate(p.low)}–
        {formatRate(p.high)}){p.note && <span class="muted"> — {p.note}</span>}
      </p>
      {!draft.limits_ok && (
        <p class="notice" data-testid="draft-limits">
          Over Threads’ limits: {draft.limit_reasons.map((r) => r.message).join('; ')}
        </p>
      )}
      {draft.near_duplicate && (
        <p class="notice" data-testid="draft-near-duplicate">
          Near duplicate ({Math.round(draft.near_duplicate.similarity * 100)} % similar) of{' '}
          {draft.near_duplicate.post_id
            ? `post ${draft.near_duplicate.post_id}`
            : `draft #${draft.near_duplicate.draft_id}`}
        </p>
      )}
      {draft.failure_reason && <p class="field-error">{draft.failure_reason}</p>}
      {draft.published_post_id && (
        <p class="small">
          Published as{' '}
          <a href={`/posts/${encodeURIComponent(draft.published_post_id)}`} data-testid="draft-post">
            {draft.published_post_id}
          </a>
        </p>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {open && editing && (
          <button
            type="button"
            onClick={() => void act(() => contentApi.edit(draft.id, text))}
            data-testid="draft-save"
          >
            Save and score again
          </button>
        )}
        {open && !editing && (
          <button type="button" onClick={() => setEditing(true)} data-testid="draft-edit">
            Edit
          </button>
        )}
        {open && (
          <button
            type="button"
            onClick={() => void act(() => contentApi.approve(draft.id))}
            data-testid="draft-approve"
          >
            Approve (next best slot)
          </button>
        )}
        {(open || draft.status === 'scheduled') && (
          <button
            type="button"
            onClick={() => void act(() => contentApi.reject(draft.id))}
            data-testid="draft-reject"
          >
            Reject
          </button>
        )}
      </div>
    </li>
  );
}
