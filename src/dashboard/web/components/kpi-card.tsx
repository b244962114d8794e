import type { ComponentChildren } from 'preact';

/** One headline number with its label; `testId` lets the browser tests find it. */
export function KpiCard({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: ComponentChildren;
  testId?: string;
}) {
  return (
    <div class="card kpi" data-testid={testId}>
      <dt class="kpi-label">{label}</dt>
      <dd class="kpi-value">{value}</dd>
      {hint && <dd class="kpi-hint">{hint}</dd>}
    </div>
  );
}
