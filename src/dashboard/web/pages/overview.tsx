import { pathFor } from '../../client-routes.js';
import { AnomalyTable, sortAnomalies } from '../components/anomaly-table.js';
import { CommentTable } from '../components/comment-table.js';
import { KpiCard } from '../components/kpi-card.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatKpi, formatNumber, KPI_META } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { KPI_NAMES } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';
import { usePostNames } from '../lib/use-post-names.js';

/** Unhandled comments at or above this lead score are the ones worth a reply first. */
const ATTENTION_MIN_LEAD = 0.5;

export function OverviewPage() {
  const names = usePostNames();
  const overview = usePoll('overview', (s) => api.overview(s));
  const anomalies = usePoll('overview-anomalies', (s) => api.anomalies({ hours: 24 }, s));
  // The overview has no comment counts: the inbox's `total` (with limit 1) gives them.
  const counts = usePoll('overview-comment-counts', async (s) => {
    const [all, open] = await Promise.all([
      api.comments({ limit: 1 }, s),
      api.comments({ handled: false, limit: 1 }, s),
    ]);
    return { all: all.total, open: open.total };
  });
  const attention = usePoll('overview-attention', (s) =>
    api.comments({ handled: false, min_lead_score: ATTENTION_MIN_LEAD, limit: 5 }, s),
  );

  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">Headline KPIs</h2>
        <Async state={overview} loadingLabel="Loading KPIs…">
          {(o) => (
            <>
              <dl class="cards" data-testid="counts">
                <KpiCard label="Posts tracked" value={formatNumber(o.posts)} testId="count-posts" />
                <KpiCard
                  label="Active posts"
                  value={formatNumber(o.active_posts)}
                  hint="published within the tracking window"
                  testId="count-active-posts"
                />
                <KpiCard
                  label="Anomalies (24 h)"
                  value={formatNumber(o.anomalies_24h)}
                  testId="count-anomalies"
                />
                <KpiCard
                  label="Comments"
                  value={counts.data ? formatNumber(counts.data.all) : counts.error ? '—' : '…'}
                  testId="count-comments"
                />
                <KpiCard
                  label="Open comments"
                  value={counts.data ? formatNumber(counts.data.open) : counts.error ? '—' : '…'}
                  hint="not marked handled"
                  testId="count-open-comments"
                />
              </dl>
              <p class="muted small" data-testid="kpi-basis">
                Averages of the newest readings of {formatNumber(o.measured_posts)} measured active posts.
              </p>
              <dl class="cards" data-testid="kpis">
                {KPI_NAMES.map((k) => (
                  <KpiCard
                    key={k}
                    label={KPI_META[k].label}
                    value={formatKpi(k, o.kpi_averages[k])}
                    hint={KPI_META[k].description}
                    testId={`kpi-${k}`}
                  />
                ))}
              </dl>
            </>
          )}
        </Async>
      </section>

      <div class="two-col">
        <section aria-labelledby="anomaly-heading">
          <h2 id="anomaly-heading">Latest anomalies</h2>
          <Async state={anomalies} isEmpty={(a) => a.length === 0} empty="No anomalies in the last 24 hours.">
            {(a) => (
              <>
                <AnomalyTable
                  items={sortAnomalies(a).slice(0, 5)}
                  caption="Five most recent"
                  posts={names}
                  compact
                  testId="overview-anomalies"
                />
                <p>
                  <Link href={pathFor('alerts')}>All anomalies</Link>
                </p>
              </>
            )}
          </Async>
        </section>

        <section aria-labelledby="attention-heading">
          <h2 id="attention-heading">Comments needing attention</h2>
          <Async
            state={attention}
            isEmpty={(r) => r.items.length === 0}
            empty="No open comments with a high lead score. Nice."
          >
            {(r) => (
              <>
                <CommentTable
                  items={r.items}
                  caption={`Open, lead score ≥ ${ATTENTION_MIN_LEAD} (${formatNumber(r.total)} in all)`}
                  onChanged={attention.reload}
                  compact
                  testId="overview-attention"
                />
                <p>
                  <Link href={`${pathFor('inbox')}?handled=false&min_lead_score=${ATTENTION_MIN_LEAD}`}>
                    Open the inbox
                  </Link>
                </p>
              </>
            )}
          </Async>
        </section>
      </div>
    </>
  );
}
