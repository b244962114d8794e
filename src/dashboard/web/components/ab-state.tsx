import { variantLabel, type ExperimentMembership, type ExperimentState } from '../lib/experiment-types.js';
import { formatPercent, humanize, truncate } from '../lib/format.js';
import { Link } from '../lib/router.js';

const STATE_WORDS: Record<ExperimentState, string> = {
  running: 'running',
  winner: 'decided',
  stopped: 'stopped',
  inconclusive: 'inconclusive',
};

/**
 * The A/B state of a draft or post that belongs to an experiment: which experiment (linked),
 * which variant, and that variant's current probability of being best.
 */
export function AbState({ membership: m }: { membership: ExperimentMembership }) {
  return (
    <p class="small ab-state" data-testid="ab-state" data-experiment-id={m.experiment_id}>
      A/B test{' '}
      <Link href={`/experiments/${encodeURIComponent(m.experiment_id)}`} data-testid="ab-state-experiment">
        {truncate(m.brief, 50)}
      </Link>{' '}
      <span class={`badge state-${m.state}`}>{humanize(STATE_WORDS[m.state])}</span> · variant{' '}
      <strong data-testid="ab-state-variant">
        {variantLabel({ kind: m.variant_kind, value: m.variant_value })}
      </strong>
      {m.is_winner ? ' (winner)' : ''} · probability of best{' '}
      <strong data-testid="ab-state-pbest">{formatPercent(m.probability_best, 0)}</strong>
    </p>
  );
}
