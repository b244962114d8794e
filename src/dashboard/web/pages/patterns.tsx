import { AccountSelect } from '../components/account-select.js';
import { CiBar, ciScale } from '../components/ci-bar.js';
import { KpiCard } from '../components/kpi-card.js';
import { SortableTable, type Column } from '../components/sortable-table.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatLift, formatNumber, formatPercent, humanize } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import type {
  ArcPerformance,
  PatternPerformance,
  PatternPerformanceItem,
  PersonaTrajectories,
} from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

/** Above this, a pattern is worn out for the account (the anomaly rule's threshold is 0.8). */
const FATIGUE_HIGH = 0.8;

/** An interval wholly above zero is a real gain, wholly below a real loss. */
function liftClass(r: PatternPerformanceItem): string {
  if (r.lift_ci && r.lift_ci[0] > 0) return 'pos';
  if (r.lift_ci && r.lift_ci[1] < 0) return 'neg';
  return '';
}

function columns(perf: PatternPerformance): Column<PatternPerformanceItem>[] {
  const scale = ciScale(perf.items.map((r) => r.lift_ci));
  return [
    { key: 'type', label: 'Pattern', render: (r) => humanize(r.type), sortValue: (r) => r.type },
    { key: 'family', label: 'Family', render: (r) => humanize(r.family), sortValue: (r) => r.family },
    {
      key: 'usage',
      label: 'Posts',
      render: (r) => (
        <>
          {formatNumber(r.usage_count)} <span class="muted small">({formatPercent(r.usage_share, 0)})</span>
        </>
      ),
      sortValue: (r) => r.usage_count,
      numeric: true,
    },
    {
      key: 'mean',
      label: 'Mean engagement',
      render: (r) => formatPercent(r.mean_engagement_rate, 2),
      sortValue: (r) => r.mean_engagement_rate,
      numeric: true,
    },
    {
      key: 'median',
      label: 'Median engagement',
      render: (r) => formatPercent(r.median_engagement_rate, 2),
      sortValue: (r) => r.median_engagement_rate,
      numeric: true,
    },
    {
      key: 'lift',
      label: 'Lift vs baseline',
      render: (r) => (
        <span class="stacked">
          <span
            class={`lift ${liftClass(r)}`}
            title={`unshrunk ${formatLift(r.raw_lift)}; pulled ${formatPercent(r.shrinkage, 0)} toward the account average`}
          >
            {formatLift(r.lift)}
          </span>
          {/* where shrinkage changed what the figure reads, the raw one beside it: a 0.0% next to a
              mean well above the baseline is otherwise a puzzle */}
          {formatLift(r.raw_lift) !== formatLift(r.lift) && (
            <span class="raw-lift muted small">unshrunk {formatLift(r.raw_lift)}</span>
          )}
        </span>
      ),
      sortValue: (r) => r.lift,
      numeric: true,
    },
    {
      key: 'ci',
      label: '95% interval',
      render: (r) =>
        r.lift !== null && r.lift_ci ? (
          <span class="ci">
            <CiBar lift={r.lift} low={r.lift_ci[0]} high={r.lift_ci[1]} scale={scale} />
            <span class="small">
              {formatLift(r.lift_ci[0])} … {formatLift(r.lift_ci[1])}
            </span>
          </span>
        ) : (
          '—'
        ),
      sortValue: (r) => r.lift_ci?.[0],
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

function arcColumns(t: PersonaTrajectories): Column<ArcPerformance>[] {
  const scale = ciScale(t.arcs.map((r) => r.lift_ci));
  return [
    { key: 'arc', label: 'Arc', render: (r) => humanize(r.arc_type), sortValue: (r) => r.arc_type },
    {
      key: 'posts',
      label: 'Posts',
      render: (r) => (
        <>
          {formatNumber(r.trajectory_count)}{' '}
          <span class="muted small">({formatNumber(r.usage_count)} measured)</span>
        </>
      ),
      sortValue: (r) => r.trajectory_count,
      numeric: true,
    },
    {
      key: 'mean',
      label: 'Mean engagement',
      render: (r) => (r.usage_count > 0 ? formatPercent(r.mean_engagement_rate, 2) : '—'),
      sortValue: (r) => r.mean_engagement_rate,
      numeric: true,
    },
    {
      key: 'lift',
      label: 'Lift vs baseline',
      render: (r) =>
        r.lift !== null && r.lift_ci ? (
          <span class="ci">
            <span
              class={`lift ${r.lift_ci[0] > 0 ? 'pos' : r.lift_ci[1] < 0 ? 'neg' : ''}`}
              title={`unshrunk ${formatLift(r.raw_lift)}`}
            >
              {formatLift(r.lift)}
            </span>
            <CiBar lift={r.lift} low={r.lift_ci[0]} high={r.lift_ci[1]} scale={scale} />
          </span>
        ) : (
          '—'
        ),
      sortValue: (r) => r.lift_ci?.[0],
      numeric: true,
    },
    {
      key: 'variance',
      label: 'Emotional variance',
      render: (r) => formatNumber(r.mean_emotional_variance, 2),
      sortValue: (r) => r.mean_emotional_variance,
      numeric: true,
    },
  ];
}

/** Which emotional arcs perform for the account's personas (posts of more than one sentence). */
function ArcsSection({ account }: { account: string }) {
  const arcs = usePoll(`arcs:${account}`, async (s) => {
    const personas = (await api.accounts(s)).filter((a) => a.account_id === account).map((a) => a.persona_id);
    return Promise.all([...new Set(personas)].map((p) => api.personaTrajectories(p, s)));
  });
  return (
    <section aria-labelledby="arcs-heading" data-testid="arcs-section">
      <h2 id="arcs-heading">Emotional arcs</h2>
      <p class="muted small">
        How the feeling of a post moves from sentence to sentence (rising, falling, roller coaster, steady),
        and how posts with each arc engage compared with the persona’s baseline.
      </p>
      <Async
        state={arcs}
        isEmpty={(list) => list.every((t) => t.arcs.length === 0)}
        empty="No post of this account has more than one sentence yet."
      >
        {(list) =>
          list.map((t) => (
            <SortableTable
              key={t.persona_id}
              caption={`Arcs of persona ${t.persona_id}: ${formatNumber(t.trajectory_count)} of ${formatNumber(t.post_count)} posts have one`}
              columns={arcColumns(t)}
              rows={t.arcs}
              rowKey={(r) => r.arc_type}
              testId="arcs-table"
            />
          ))
        }
      </Async>
    </section>
  );
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
        pattern seen on a few posts does not look like a miracle; an interval wholly above zero is a real
        gain.
      </p>
      <div class="toolbar">
        <AccountSelect value={account} onChange={(v) => setSearchParams({ account: v })} />
      </div>
      {account && (
        <Async
          state={perf}
          isEmpty={(p) => !p || p.items.length === 0}
          empty="No pattern data for this account yet: it needs measured posts with extracted patterns."
        >
          {(p) =>
            p && (
              <>
                <dl class="cards">
                  <KpiCard
                    label="Baseline engagement"
                    value={formatPercent(p.baseline.mean, 2)}
                    hint={`mean of ${formatNumber(p.measured_posts)} measured posts; median ${formatPercent(p.baseline.median, 2)}`}
                    testId="patterns-baseline"
                  />
                  <KpiCard label="Patterns seen" value={formatNumber(p.items.length)} />
                </dl>
                <SortableTable
                  caption={`Pattern leaderboard for ${p.account_id}: what reliably works first (by the low end of the interval)`}
                  columns={columns(p)}
                  rows={p.items}
                  rowKey={(r) => r.pattern_type}
                  testId="patterns-table"
                />
                <ArcsSection account={p.account_id} />
              </>
            )
          }
        </Async>
      )}
    </>
  );
}
