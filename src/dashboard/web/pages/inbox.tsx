import { useEffect, useState } from 'preact/hooks';
import { CommentTable } from '../components/comment-table.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatNumber, truncate } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import { activeFilterCount, INBOX_PAGE_SIZE, readFilters } from '../lib/inbox-filters.js';
import { FilterToggle } from '../components/filter-toggle.js';
import { OptionSelect } from '../components/option-select.js';
import { INTENTS, SENTIMENTS } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

const SEARCH_DEBOUNCE_MS = 300;
const LEAD_STEPS = ['0.3', '0.5', '0.7', '0.9'];

export function InboxPage({ search }: { search: URLSearchParams }) {
  const filters = readFilters(search);
  const { status: _status, ...query } = filters;
  const key = JSON.stringify(query);
  const comments = usePoll(`inbox:${key}`, (s) => api.comments(query, s));
  const posts = usePoll('inbox-posts', (s) => api.posts({ limit: 100 }, s), 60_000);
  const [text, setText] = useState(filters.q ?? '');

  // The search box updates the URL (and so the query) once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => {
      if (text.trim() !== (filters.q ?? '')) setSearchParams({ q: text.trim(), offset: undefined });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, filters.q]);

  const set = (patch: Record<string, string | undefined>) => setSearchParams({ ...patch, offset: undefined });
  const offset = filters.offset ?? 0;

  return (
    <>
      <h1>Comments</h1>
      <FilterToggle controls="inbox-filters" active={activeFilterCount(filters)} />
      <form
        id="inbox-filters"
        class="filters"
        role="search"
        aria-label="Filter comments"
        onSubmit={(e) => e.preventDefault()}
      >
        <label class="field">
          <span>Search</span>
          <input
            type="search"
            value={text}
            placeholder="Text contains…"
            onInput={(e) => setText(e.currentTarget.value)}
            data-testid="filter-q"
          />
        </label>
        <OptionSelect
          label="Intent"
          any="Any intent"
          options={INTENTS}
          value={filters.intent ?? ''}
          onChange={(v) => set({ intent: v })}
          testId="filter-intent"
        />
        <OptionSelect
          label="Sentiment"
          any="Any sentiment"
          options={SENTIMENTS}
          value={filters.sentiment ?? ''}
          onChange={(v) => set({ sentiment: v })}
          testId="filter-sentiment"
        />
        <label class="field">
          <span>Lead score</span>
          <select
            value={filters.min_lead_score === undefined ? '' : String(filters.min_lead_score)}
            onChange={(e) => set({ min_lead_score: e.currentTarget.value })}
            data-testid="filter-lead"
          >
            <option value="">Any score</option>
            {LEAD_STEPS.map((s) => (
              <option key={s} value={s}>
                ≥ {s}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Post</span>
          <select
            value={filters.post_id ?? ''}
            onChange={(e) => set({ post_id: e.currentTarget.value })}
            data-testid="filter-post"
          >
            <option value="">All posts</option>
            {filters.post_id && !posts.data?.items.some((p) => p.id === filters.post_id) && (
              <option value={filters.post_id}>{filters.post_id}</option>
            )}
            {(posts.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {truncate(p.content, 40) || p.id}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Status</span>
          <select
            value={filters.status}
            onChange={(e) =>
              set({ status: e.currentTarget.value === 'open' ? undefined : e.currentTarget.value })
            }
            data-testid="filter-status"
          >
            <option value="open">Open</option>
            <option value="handled">Handled</option>
            <option value="all">All</option>
          </select>
        </label>
      </form>
      <Async
        state={comments}
        isEmpty={(r) => r.items.length === 0}
        empty="No comments match these filters."
        loadingLabel="Loading comments…"
      >
        {(r) => (
          <>
            <p class="result-count" role="status" data-testid="inbox-total">
              {formatNumber(r.total)} {r.total === 1 ? 'comment' : 'comments'}
              {r.total > 0 &&
                ` · showing ${formatNumber(offset + 1)}–${formatNumber(offset + r.items.length)}`}
            </p>
            <CommentTable
              items={r.items}
              caption="Comments, newest first"
              onChanged={comments.reload}
              correctable
              testId="inbox-table"
            />
            <nav class="pager" aria-label="Pages">
              <button
                type="button"
                class="secondary"
                disabled={offset === 0}
                onClick={() => setSearchParams({ offset: String(Math.max(0, offset - INBOX_PAGE_SIZE)) })}
              >
                Previous
              </button>
              <button
                type="button"
                class="secondary"
                disabled={offset + r.items.length >= r.total}
                onClick={() => setSearchParams({ offset: String(offset + INBOX_PAGE_SIZE) })}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </Async>
    </>
  );
}
