import { TimeSeriesChart } from '../components/chart.js';
import { DataTable } from '../components/data-table.js';
import { Async } from '../components/states.js';
import { useRequest } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { variantLabel, type Experiment, type NewVariant } from '../lib/experiment-types.js';
import { formatDateTime, formatLift, formatPercent, humanize, truncate } from '../lib/format.js';
import { Link, navigate } from '../lib/router.js';
import { usePoll } from '../lib/use-poll.js';

/** One colour per variant, in position order (readable on light and dark themes). */
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const colorOf = (i: number): string => COLORS[i % COLORS.length]!;

const experimentHref = (id: string) => `/experiments/${encodeURIComponent(id)}`;

/** The experiments list and the form that starts one. */
export function ExperimentsPage() {
  const list = usePoll('experiments', (s) => api.experiments(s));
  return (
    <>
      <h1>Experiments</h1>
      <p class="lede">
        A brief with several variants; for each publishing slot a Thompson-sampling bandit picks the variant,
        and each post’s engagement rate at 24 h is its reward. A variant wins at ≥ 95 % probability of being
        best.
      </p>
      <NewExperimentForm />
      <Async state={list} isEmpty={(d) => d.length === 0} empty="No experiment yet.">
        {(items) => (
          <DataTable
            testId="experiments-table"
            columns={['Brief', 'Persona', 'State', { num: 'Posts' }, { num: 'Rewards' }, 'Started']}
          >
            {items.map((e) => (
              <tr key={e.id}>
                <td data-label="Brief">
                  <Link href={experimentHref(e.id)}>{truncate(e.brief, 60)}</Link>
                </td>
                <td data-label="Persona">{e.persona_id}</td>
                <td data-label="State">
                  <span class={`badge state-${e.state}`}>{humanize(e.state)}</span>
                </td>
                <td class="num" data-label="Posts">
                  {e.posts} / {e.max_posts}
                </td>
                <td class="num" data-label="Rewards">
                  {e.rewards}
                </td>
                <td data-label="Started">{formatDateTime(e.created_at)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Async>
    </>
  );
}

/** Variants are written one per line: a hook family name (`question`) or `text: …` for a text. */
function parseVariants(text: string): NewVariant[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      if (l.startsWith('text:')) return { text: l.slice(5).trim() };
      if (/^template:\s*\d+$/.test(l)) return { template_id: Number(l.slice(9)) };
      return { hook_family: l };
    });
}

function NewExperimentForm() {
  const { error, busy, run } = useRequest();
  function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    run(
      () =>
        api.createExperiment({
          persona_id: String(form.get('persona_id') ?? ''),
          brief: String(form.get('brief') ?? ''),
          variants: parseVariants(String(form.get('variants') ?? '')),
          max_posts: Number(form.get('max_posts')),
        }),
      (created) => navigate(experimentHref(created.id)),
    );
  }
  return (
    <details class="panel">
      <summary>New experiment</summary>
      <form onSubmit={submit} data-testid="experiment-form">
        <label class="field">
          <span>Persona</span>
          <input name="persona_id" required data-testid="experiment-persona" />
        </label>
        <label class="field">
          <span>Brief</span>
          <input name="brief" required data-testid="experiment-brief" />
        </label>
        <label class="field">
          <span>Variants, one a line: a hook family (question), template: 3, or text: …</span>
          <textarea name="variants" rows={4} required data-testid="experiment-variants" />
        </label>
        <label class="field">
          <span>Max posts</span>
          <input name="max_posts" type="number" min={2} value="30" data-testid="experiment-max-posts" />
        </label>
        <button type="submit" disabled={busy} data-testid="experiment-create">
          Start experiment
        </button>
        {error && (
          <p class="error" role="alert" data-testid="experiment-error">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}

/** One experiment: each variant's posterior as a density, probability of best over time, posts per variant. */
export function ExperimentPage({ id }: { id: string }) {
  const state = usePoll(`experiment:${id}`, (s) => api.experiment(id, s), 5_000);
  return (
    <Async state={state}>
      {(e) => (
        <>
          <h1>{truncate(e.brief, 80)}</h1>
          <p class="lede">
            Persona {e.persona_id} ·{' '}
            <span class={`badge state-${e.state}`} data-testid="experiment-state">
              {humanize(e.state)}
            </span>{' '}
            · {e.posts} of {e.max_posts} posts · {e.rewards} rewards at {e.reward_age_hours} h
            {e.winner_variant_id && (
              <>
                {' '}
                · winner{' '}
                <strong data-testid="experiment-winner">
                  {variantLabel(e.variants.find((v) => v.id === e.winner_variant_id)!)}
                </strong>
              </>
            )}
          </p>
          {e.state === 'running' && (
            <button type="button" onClick={() => void api.stopExperiment(e.id).then(state.reload)}>
              Stop
            </button>
          )}
          <Densities experiment={e} />
          <TimeSeriesChart
            title="Probability of being best"
            x={e.probability_best_history.map((h) => Date.parse(h.at) / 1000)}
            series={e.variants.map((v, i) => ({
              label: variantLabel(v),
              color: colorOf(i),
              values: e.probability_best_history.map((h) => h.probabilities[i] ?? null),
            }))}
            digits={2}
            testId="experiment-pbest"
          />
          <DataTable
            testId="experiment-variants-table"
            columns={[
              'Variant',
              { num: 'Posts' },
              { num: 'Rewards' },
              { num: 'Typical rate' },
              { num: 'P(best)' },
            ]}
          >
            {e.variants.map((v, i) => (
              <tr key={v.id} data-testid="experiment-variant-row">
                <td data-label="Variant">
                  <span class="swatch" style={{ background: colorOf(i) }} /> {variantLabel(v)}
                </td>
                <td class="num" data-label="Posts">
                  {v.posts.length}
                </td>
                <td class="num" data-label="Rewards">
                  {v.rewards}
                </td>
                <td class="num" data-label="Typical rate">
                  {formatPercent(v.mean_rate, 2)}
                </td>
                <td class="num" data-label="P(best)" data-testid="experiment-pbest-value">
                  {formatPercent(v.probability_best, 1)}
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Async>
  );
}

/** Lifts an experiment confirmed (its declared winners), for the patterns page. */
export function ConfirmedLifts() {
  const lifts = usePoll('experiment-lifts', (s) => api.experimentLifts(s));
  return (
    <>
      <h2>Confirmed by experiments</h2>
      <p class="lede">
        Variants that won an A/B experiment (≥ 95 % probability of being best), with their lift over the
        experiment’s other variants. A winning hook family opens the persona’s next drafts.
      </p>
      <Async state={lifts} isEmpty={(d) => d.length === 0} empty="No experiment has declared a winner yet.">
        {(items) => (
          <DataTable
            testId="confirmed-lifts"
            columns={['Persona', 'Winner', { num: 'Lift' }, { num: 'Posts' }, 'Experiment']}
          >
            {items.map((l) => (
              <tr key={l.experiment_id}>
                <td data-label="Persona">{l.persona_id}</td>
                <td data-label="Winner">{variantLabel(l)}</td>
                <td class="num" data-label="Lift">
                  {formatLift(l.lift)}
                </td>
                <td class="num" data-label="Posts">
                  {l.posts}
                </td>
                <td data-label="Experiment">
                  <Link href={experimentHref(l.experiment_id)}>{formatDateTime(l.confirmed_at)}</Link>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Async>
    </>
  );
}

const W = 640;
const H = 200;

/** Each variant's posterior density of its typical engagement rate, as one SVG line per variant. */
function Densities({ experiment: e }: { experiment: Experiment }) {
  const grid = e.density_grid;
  const top = Math.max(...e.variants.flatMap((v) => v.density), 1e-12);
  const lo = grid[0] ?? 0;
  const hi = grid[grid.length - 1] ?? 1;
  const x = (r: number) => ((r - lo) / Math.max(1e-12, hi - lo)) * W;
  const y = (d: number) => H - (d / top) * (H - 10);
  const summary = e.variants
    .map((v) => `${variantLabel(v)}: typical rate ${formatPercent(v.mean_rate, 2)}`)
    .join('; ');
  return (
    <figure class="chart" data-testid="experiment-densities">
      <figcaption>
        Posterior of each variant’s typical engagement rate ({formatPercent(lo, 2)} – {formatPercent(hi, 2)})
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} width="100%" height={H}>
        {e.variants.map((v, i) => (
          <polyline
            key={v.id}
            data-testid="experiment-density"
            fill="none"
            stroke={colorOf(i)}
            stroke-width={2}
            points={v.density.map((d, k) => `${x(grid[k] ?? 0).toFixed(1)},${y(d).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
    </figure>
  );
}
