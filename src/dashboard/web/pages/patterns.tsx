import { AccountSelect } from '../components/account-select.js';
import { CiBar, ciScale } from '../components/ci-bar.js';
import { KpiCard } from '../components/kpi-card.js';
import { SortableTable, type Column } from '../components/sortable-table.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatLift, formatNumber, formatPercent, humanize } from '../lib/format.js';
import { setSearchParams } from '../lib/router.js';
import {
  FEATURE_GROUPS,
  type ArcPerformance,
  type FeatureEffect,
  type FeatureGroup,
  type PatternPerformance,
  type PatternPerformanceItem,
  type PersonaTrajectories,
  type WhatWorks,
} from '../lib/types.js';
import { describePatterns } from '../lib/pattern-catalog.js';
import { usePoll } from '../lib/use-poll.js';
import { ConfirmedLifts } from './experiments.js';

/** Above this, a pattern is worn out for the account (the anomaly rule's threshold is 0.8). */
const FATIGUE_HIGH = 0.8;

/** An interval wholly above zero is a real gain, wholly below a real loss. */
function liftClass(r: PatternPerformanceItem): string {
  if (r.lift_ci && r.lift_ci[0] > 0) return 'pos';
  if (r.lift_ci && r.lift_ci[1] < 0) return 'neg';
  return '';
}

function columns(
  perf: PatternPerformance,
  descriptions: Map<string, string>,
): Column<PatternPerformanceItem>[] {
  const scale = ciScale(perf.items.map((r) => r.lift_ci));
  return [
    {
      key: 'type',
      label: 'Pattern',
      render: (r) => <span title={descriptions.get(r.pattern_type)}>{humanize(r.type)}</span>,
      sortValue: (r) => r.type,
    },
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

const GROUP_LABELS: Record<FeatureGroup, string> = {
  format: 'Format',
  hook: 'Hooks',
  emotion: 'Emotion',
  sentiment: 'Sentiment',
  score: 'Engine scores',
  timing: 'Posting time',
};

const BASIS_LABELS: Record<WhatWorks['basis'], string> = {
  account: 'Its own',
  persona: 'Its persona’s',
  global: 'Every account’s',
};

const BASIS_NOTE: Record<WhatWorks['basis'], string> = {
  account: '',
  persona:
    'This account has no posts measured at the fixed age yet: these are its persona’s effects, learned from the persona’s other accounts.',
  global: 'Nothing measured for this account or its persona yet: these are every account’s effects.',
};

/** Pulled this far toward the prior, an effect was not learned from the account at all. */
const NOT_LEARNED = 0.999;

/** An interval wholly above zero is a real gain, wholly below a real loss. */
function effectClass(e: FeatureEffect): string {
  return e.low > 0 ? 'pos' : e.high < 0 ? 'neg' : '';
}

/** How much the account uses the feature: the share of its posts, or (graded) its mean value. */
function usageText(e: FeatureEffect): string {
  return e.kind === 'presence' ? formatPercent(e.usage, 0) : `mean ${formatNumber(e.usage, 2)}`;
}

function usagePhrase(e: FeatureEffect): string {
  return e.kind === 'presence'
    ? `${formatPercent(e.usage, 0)} of your posts`
    : `your posts’ mean ${formatNumber(e.usage, 2)}`;
}

function effectColumns(effects: readonly FeatureEffect[]): Column<FeatureEffect>[] {
  const scale = ciScale(effects.map((e) => [e.low, e.high] as const));
  return [
    { key: 'text', label: 'What the model learned', render: (e) => e.text, sortValue: (e) => e.text },
    {
      key: 'group',
      label: 'Family',
      render: (e) => GROUP_LABELS[e.group],
      sortValue: (e) => GROUP_LABELS[e.group],
    },
    {
      key: 'effect',
      label: 'Effect',
      render: (e) => (
        <span
          class={`lift ${effectClass(e)}`}
          title={`pulled ${formatPercent(e.shrinkage, 0)} toward the prior`}
        >
          {formatLift(e.effect)}
        </span>
      ),
      sortValue: (e) => e.effect,
      numeric: true,
    },
    {
      key: 'ci',
      label: '95% interval',
      render: (e) => (
        <span class="ci">
          <CiBar lift={e.effect} low={e.low} high={e.high} scale={scale} />
          <span class="small">
            {formatLift(e.low)} … {formatLift(e.high)}
          </span>
        </span>
      ),
      sortValue: (e) => e.low,
      numeric: true,
    },
    {
      key: 'prior',
      label: 'Prior',
      title: 'the effect of the prior (persona, then every account) this account was shrunk toward',
      render: (e) => formatLift(e.prior_effect),
      sortValue: (e) => e.prior_effect,
      numeric: true,
    },
    {
      key: 'usage',
      label: 'Your posts',
      title: 'share of the account’s posts with it (graded features: its mean)',
      render: usageText,
      sortValue: (e) => e.usage,
      numeric: true,
    },
  ];
}

/** The strongest effects whose whole interval is on one side of zero, in words. */
function Highlights({ effects }: { effects: readonly FeatureEffect[] }) {
  const up = effects.filter((e) => e.low > 0).slice(0, 5);
  const down = effects.filter((e) => e.high < 0).slice(0, 5);
  const list = (items: FeatureEffect[], testId: string) =>
    items.length === 0 ? (
      <p class="muted small">Nothing certain yet.</p>
    ) : (
      <ul data-testid={testId}>
        {items.map((e) => (
          <li key={e.feature}>
            {e.text}{' '}
            <span class="muted small">
              ({formatLift(e.low)} … {formatLift(e.high)}; {usagePhrase(e)})
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <div class="two-col">
      <div>
        <h3>Works for you</h3>
        {list(up, 'works-for-you')}
      </div>
      <div>
        <h3>Works against you</h3>
        {list(down, 'works-against-you')}
      </div>
    </div>
  );
}

function WhatWorksSection({ account, family }: { account: string; family: string }) {
  const works = usePoll(`what-works:${account}`, (s) => api.whatWorks(account, s));
  return (
    <section aria-labelledby="what-works-heading">
      <h2 id="what-works-heading">What works for you</h2>
      <p class="lede">
        Every feature the pattern engine reads in a post — format, hooks, emotions, sentiment, the engine’s
        scores and the posting time — and how much it moves this account’s engagement rate at a fixed age,
        learned from the account’s own posts and pulled toward its persona’s (then every account’s) until it
        has enough of its own. Effects are for one feature with the others held equal, which is not proof of
        cause.
      </p>
      <Async
        state={works}
        isEmpty={(w) => w.model_posts === 0 || w.effects.length === 0}
        empty="Nothing measured yet: the model learns from posts once they reach the fixed age (24 h) with their engagement read. Until then it predicts the same default rate for every post."
      >
        {(w) => {
          // a feature none of the account's own posts has was not learned: its effect is the prior's
          // and its interval only the prior's width, so it is left out (a new account shows the prior)
          const learned =
            w.basis === 'account' ? w.effects.filter((e) => e.shrinkage < NOT_LEARNED) : w.effects;
          const unused = w.effects.length - learned.length;
          const shown = family ? learned.filter((e) => e.group === family) : learned;
          return (
            <>
              {w.basis !== 'account' && <p class="notice">{BASIS_NOTE[w.basis]}</p>}
              <dl class="cards">
                <KpiCard
                  label={`Typical post at ${w.fixed_age_hours} h`}
                  value={formatPercent(w.typical.mean, 2)}
                  hint={`80% of posts between ${formatPercent(w.typical.low, 2)} and ${formatPercent(w.typical.high, 2)}`}
                  testId="what-works-typical"
                />
                <KpiCard
                  label="Learned from"
                  value={formatNumber(w.posts_learned_from)}
                  hint="of this account’s posts, measured at the fixed age"
                  testId="what-works-posts"
                />
                <KpiCard
                  label="Learned from whose history"
                  value={BASIS_LABELS[w.basis]}
                  hint={`model ${w.model_version}, ${formatNumber(w.model_posts)} posts in all`}
                  testId="what-works-basis"
                />
              </dl>
              <Highlights effects={shown} />
              <div class="toolbar">
                <label class="field">
                  <span>Family</span>
                  <select
                    value={family}
                    onChange={(e) => setSearchParams({ family: e.currentTarget.value })}
                    data-testid="family-select"
                  >
                    <option value="">All families</option>
                    {FEATURE_GROUPS.map((g) => (
                      <option key={g} value={g}>
                        {GROUP_LABELS[g]}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {unused > 0 && (
                <p class="muted small">
                  {unused} {unused === 1 ? 'feature' : 'features'} none of this account’s posts has yet{' '}
                  {unused === 1 ? 'is' : 'are'} not listed.
                </p>
              )}
              <SortableTable
                caption={`Learned effects for ${w.account_id}, strongest first (model ${w.model_version})`}
                columns={effectColumns(shown)}
                rows={shown}
                rowKey={(e) => `effect-${e.feature}`}
                testId="what-works-table"
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function arcColumns(t: PersonaTrajectories): Column<ArcPerformance>[] {
  const scale = ciScale(t.arcs.map((r) => r.lift_ci));
  return [
    { key: 'arc', label: 'Arc type', render: (r) => humanize(r.arc_type), sortValue: (r) => r.arc_type },
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
  const family = search.get('family') ?? '';
  const perf = usePoll(`patterns:${account}`, (s) =>
    account ? api.patternPerformance(account, s) : Promise.resolve(undefined),
  );
  // the catalogue does not change while the server runs: read once an hour
  const catalog = usePoll('pattern-catalog', (s) => api.patternCatalog(s), 3_600_000);
  const descriptions = describePatterns(catalog.data);
  return (
    <>
      <h1>Patterns</h1>
      <div class="toolbar">
        <AccountSelect value={account} onChange={(v) => setSearchParams({ account: v })} />
      </div>
      {account && <WhatWorksSection account={account} family={family} />}
      <h2>Pattern leaderboard</h2>
      <p class="lede">
        Which hooks, emotions and structures work for this account: engagement of its posts that use a pattern
        compared with the account’s own baseline. Lifts are shrunk toward the account average so that a
        pattern seen on a few posts does not look like a miracle; an interval wholly above zero is a real
        gain.
      </p>
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
                  columns={columns(p, descriptions)}
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
      <ConfirmedLifts />
    </>
  );
}
