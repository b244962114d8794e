import { pathFor } from '../../client-routes.js';
import { AccountSelect } from '../components/account-select.js';
import { SortableTable, type Column } from '../components/sortable-table.js';
import { Sparkline } from '../components/sparkline.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatDateTime, formatKpi, KPI_META, truncate } from '../lib/format.js';
import { Link, setSearchParams } from '../lib/router.js';
import { KPI_NAMES, type PostSummary } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

const LIMIT = 100;

const columns: Column<PostSummary>[] = [
  {
    key: 'content',
    label: 'Post',
    render: (p) => (
      <Link href={pathFor('post', { id: p.id })} class="post-link">
        {truncate(p.content, 80) || p.id}
      </Link>
    ),
    sortValue: (p) => p.content,
  },
  { key: 'account', label: 'Account', render: (p) => p.account_id, sortValue: (p) => p.account_id },
  {
    key: 'published_at',
    label: 'Published',
    render: (p) => <time dateTime={p.published_at}>{formatDateTime(p.published_at)}</time>,
    sortValue: (p) => Date.parse(p.published_at),
    numeric: true,
  },
  ...KPI_NAMES.map((k): Column<PostSummary> => ({
    key: k,
    label: <abbr title={KPI_META[k].description}>{KPI_META[k].label}</abbr>,
    title: KPI_META[k].label,
    render: (p) => formatKpi(k, p.kpis?.[k]),
    sortValue: (p) => p.kpis?.[k],
    numeric: true,
  })),
  {
    key: 'trend',
    label: 'Last 24 h',
    render: (p) => <Sparkline values={p.sparkline} label="Interactions per hour, last 24 hours" />,
  },
];

export function PostsPage({ search }: { search: URLSearchParams }) {
  const account = search.get('account') ?? '';
  const posts = usePoll(`posts:${account}`, (s) =>
    api.posts({ ...(account ? { account_id: account } : {}), limit: LIMIT }, s),
  );
  return (
    <>
      <h1>Posts</h1>
      <div class="toolbar">
        <AccountSelect value={account} allowAll onChange={(v) => setSearchParams({ account: v })} />
      </div>
      <Async
        state={posts}
        isEmpty={(r) => r.items.length === 0}
        empty="No posts yet. Posts appear here once the collector has read them from the source."
      >
        {(r) => (
          <SortableTable
            caption={`${r.items.length} posts, newest first; click a column to sort`}
            columns={columns}
            rows={r.items}
            rowKey={(p) => p.id}
            testId="posts-table"
          />
        )}
      </Async>
    </>
  );
}
