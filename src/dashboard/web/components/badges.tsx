import type { Severity } from '../lib/types.js';
import { humanize } from '../lib/format.js';

/** Severity shown as a word and a colour, never a colour alone. */
export function SeverityBadge({ severity }: { severity: Severity | string }) {
  return <span class={`badge sev-${severity}`}>{humanize(severity)}</span>;
}

/** The intent as a word; `evidence` (what decided it) shows on hover. */
export function IntentBadge({
  intent,
  evidence,
}: {
  intent: string | null | undefined;
  evidence?: readonly string[] | undefined;
}) {
  if (!intent) return <span class="badge">Not analysed</span>;
  const title = evidence && evidence.length > 0 ? `Why: ${evidence.join('; ')}` : undefined;
  return (
    <span class={`badge intent-${intent}`} title={title}>
      {humanize(intent)}
    </span>
  );
}

/** Compound sentiment −1…1 as a word with the number in the tooltip. */
export function SentimentLabel({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  const word = value >= 0.05 ? 'positive' : value <= -0.05 ? 'negative' : 'neutral';
  return (
    <span class={`sentiment sentiment-${word}`} title={`compound ${value.toFixed(2)}`}>
      {humanize(word)}
    </span>
  );
}
