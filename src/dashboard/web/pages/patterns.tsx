import { AccountSelect } from '../components/account-select.js';
import { CiBar, ciScale } from '../components/ci-bar.js';
import { KpiCard } from '../components/kpi-card.js';
import { SortableTable, type Column } from '../components/sortable-table.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatLift, formatNumber, formatPercent, humanize } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import type { PatternPerformance, PatternPerformanceItem } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

/** Above this, a pattern is worn out for the account (the anomaly rule's threshold is 0.8). */
const FATIGUE_HIGH = 0.8;

function columns(perf: PatternPerformance): Column<PatternPerformanceItem>[] {
  const scale = ciScale(perf.items);
  return [
    {
      key: 'pattern_type',
      label: 'Pattern',
      render: (r) => humanize(r.pattern_type),
      sortValue: (r) => r.pattern_type,
    },
    { key: 'family', label: 'Family', render: (r) => humanize(r.family), sortValue: (r) => r.family },
    {
      key: 'usage',
      label: 'Posts',
      render: (r) => formatNumber(r.usage),
      sortValue: (r) => r.usage,
      numeric: true,
    },
    {
      key: 'mean_engagement',
      label: 'Mean engagement',
      render: (r) => formatPercent(r.mean_engagement, 2),
      sortValue: (r) => r.mean_engagement,
      numeric: true,
    },
    {
      key: 'median_engagement',
      label: 'Median engagement',
      render: (r) => formatPercent(r.median_engagement, 2),
      sortValue: (r) => r.median_engagement,
      numeric: true,
    },
    {
      key: 'lift',
      label: 'Lift vs baseline',
      render: (r) => (
        <span class={`lift ${r.ci_low > 0 ? 'pos' : r.ci_high < 0 ? 'neg' : ''}`}>{formatLift(r.lift)}</span>
      ),
      sortValue: (r) => r.lift,
      numeric: true,
    },
    {
      key: 'ci',
      label: '95% interval',
      render: (r) => (
        <span class="ci">
          <CiBar lift={r.lift} low={r.ci_low} high={r.ci_high} scale={scale} />
          <span class="small">
            {formatLift(r.ci_low)} … {formatLift(r.ci_high)}
          </span>
        </span>
      ),
      sortValue: (r) => r.ci_low,
      numeric: true,
    },
    {
      key: 'fatigue',
      label: 'Fatigue',
      render: (r) => (
        <span class={r.fatigue > FATIGUE_HIGH ? 'fatigue high' : 'fatigue'}>
          <meter min={0} max={1} high={FATIGUE_HIGH} optimum={0} value={r.fatigue} aria-hidden="true" />{' '}
          {formatNumber(r.fatigue, 2)}
        </span>
      ),
      sortValue: (r) => r.fatigue,
      numeric: true,
    },
  ];
}

export function PatternsPage({ search }: { search: URLSearchParams }) {
  const account = search.get('account') ?? '';
  const perf = usePoll(`patterns:${account}`, (s) =>
    account ? api.patternPerformance(account, s) : Promise.resolve(undefined),
  );
  return (
    <>
      <h1>Patterns</h1>
      <p class="lede">
        Which hooks, emotions and structures work for this account: engagement of its posts that use a pattern
        compared with the account’s own baseline. Lifts are shrunk toward the account average so that a
        pattern seen on a few posts does not look like a miracle; an interval that excludes zero is a real
        difference.
      </p>
      <div class="toolbar">
        <AccountSelect value={account} onChange={(v) => setSearchParams({ account: v })} />
      </div>
      {account && (
        <Async
          state={perf}
          isEmpty={(p) => !p || p.items.length === 0}
          empty="No pattern data for this account yet: it needs posts with extracted patterns and engagement."
        >
          {(p) =>
            p && (
              <>
                <dl class="cards">
                  <KpiCard
                    label="Account baseline engagement"
                    value={formatPercent(p.baseline, 2)}
                    testId="patterns-baseline"
                  />
                  <KpiCard label="Patterns seen" value={formatNumber(p.items.length)} />
                </dl>
                <SortableTable
                  caption={`Pattern leaderboard for ${p.account_id}`}
                  columns={columns(p)}
                  rows={p.items}
                  rowKey={(r) => `${r.family}:${r.pattern_type}`}
                  initialSort={{ key: 'lift', dir: 'desc' }}
                  testId="patterns-table"
                />
              </>
            )
          }
        </Async>
      )}
    </>
  );
}
