import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatNumber, formatRelative, humanize, truncate } from '../lib/format.js';
import { pathFor } from '../../client-routes.js';
import { Link } from '../lib/router.js';
import { INTENTS, type InboxItem, type Intent } from '../lib/types.js';
import { useServerNow } from '../lib/server-clock.js';
import { usePostNames } from '../lib/use-post-names.js';
import { IntentBadge, SentimentLabel } from './badges.js';

interface Props {
  items: InboxItem[];
  caption: string;
  /** called after a comment was marked (un)handled, to re-read the list */
  onChanged: () => void;
  showPost?: boolean;
  /** narrow layout for the overview: no sentiment, post or time columns */
  compact?: boolean;
  /** a column where the operator can correct each comment's intent (the inbox) */
  correctable?: boolean;
  testId?: string;
}

/** Comments with their analysis and a handled switch; the write is optimistic and rolled back on failure. */
export function CommentTable({
  items,
  caption,
  onChanged,
  showPost = true,
  compact = false,
  correctable = false,
  testId,
}: Props) {
  const wide = !compact;
  const now = useServerNow();
  const postNames = usePostNames();
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | undefined>();
  const [correcting, setCorrecting] = useState<Record<string, Intent>>({});

  const correct = async (c: InboxItem, intent: Intent) => {
    setCorrecting((p) => ({ ...p, [c.comment_id]: intent }));
    setError(undefined);
    try {
      await api.correctIntent(c.comment_id, intent);
      onChanged();
    } catch (err) {
      setError(
        `Could not correct the comment by @${c.author}: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      setCorrecting((p) => {
        const { [c.comment_id]: _, ...rest } = p;
        return rest;
      });
    }
  };

  const toggle = async (c: InboxItem) => {
    const next = !c.handled;
    setPending((p) => ({ ...p, [c.comment_id]: next }));
    setError(undefined);
    try {
      await api.setHandled(c.comment_id, next);
      onChanged();
    } catch (err) {
      setError(
        `Could not update the comment by @${c.author}: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      setPending((p) => {
        const { [c.comment_id]: _, ...rest } = p;
        return rest;
      });
    }
  };

  return (
    <>
      {error && (
        <p class="state state-error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap stack">
        <table class={correctable ? 'comments correctable' : 'comments'} data-testid={testId}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Author</th>
              <th scope="col">Comment</th>
              <th scope="col">Intent</th>
              {correctable && <th scope="col">Correct label</th>}
              {wide && <th scope="col">Sentiment</th>}
              <th scope="col" class="num">
                Lead score
              </th>
              {wide && showPost && <th scope="col">Post</th>}
              {wide && <th scope="col">When</th>}
              <th scope="col">Handled</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const handled = pending[c.comment_id] ?? c.handled;
              return (
                <tr
                  key={c.comment_id}
                  data-comment-id={c.comment_id}
                  class={handled ? 'is-handled' : undefined}
                >
                  <td data-col="author">@{c.author}</td>
                  <td class={compact ? 'comment-text compact' : 'comment-text'}>{c.text}</td>
                  <td data-col="intent">
                    <IntentBadge intent={c.analysis?.intent} evidence={c.analysis?.evidence} />
                  </td>
                  {correctable && (
                    <td data-col="correct">
                      {c.analysis && (
                        <>
                          <select
                            value={correcting[c.comment_id] ?? c.analysis.intent}
                            disabled={c.comment_id in correcting}
                            aria-label={`Intent of the comment by @${c.author}`}
                            aria-describedby={`why-${c.comment_id}`}
                            onChange={(e) => void correct(c, e.currentTarget.value as Intent)}
                          >
                            {INTENTS.map((i) => (
                              <option key={i} value={i}>
                                {humanize(i)}
                              </option>
                            ))}
                          </select>
                          <span id={`why-${c.comment_id}`} hidden>
                            {c.analysis.correction
                              ? `Corrected by an operator; the model said ${humanize(c.analysis.correction.model_intent ?? 'nothing')}.`
                              : `Why: ${(c.analysis.evidence ?? []).join('; ') || 'not recorded'}.`}
                          </span>
                          {c.analysis.correction && <span class="muted"> corrected</span>}
                        </>
                      )}
                    </td>
                  )}
                  {wide && (
                    <td data-col="sentiment">
                      <SentimentLabel value={c.analysis?.sentiment} />
                    </td>
                  )}
                  <td class="num" data-col="lead_score" data-label="Lead score">
                    {formatNumber(c.analysis?.lead_score, 2)}
                  </td>
                  {wide && showPost && (
                    <td data-col="post" data-label="Post">
                      <Link href={pathFor('post', { id: c.post_id })} title={`Post ${c.post_id}`}>
                        {truncate(postNames.get(c.post_id) ?? c.post_id, 32)}
                      </Link>
                    </td>
                  )}
                  {wide && (
                    <td data-col="when">
                      <time dateTime={c.created_at} title={c.created_at}>
                        {formatRelative(c.created_at, now)}
                      </time>
                    </td>
                  )}
                  <td data-col="handled">
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={handled}
                        disabled={c.comment_id in pending}
                        onChange={() => void toggle(c)}
                      />
                      <span class="sr-only">Handled: comment by @{c.author}</span>
                      <span aria-hidden="true" class="table-only">
                        {handled ? 'Done' : 'Open'}
                      </span>
                      <span aria-hidden="true" class="card-only">
                        Handled
                      </span>
                    </label>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
