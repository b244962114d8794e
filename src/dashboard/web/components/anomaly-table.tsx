import { pathFor } from '../../client-routes.js';
import { formatNumber, formatRelative, humanize, truncate } from '../lib/format.js';
import { Link } from '../lib/router.js';
import type { Anomaly } from '../lib/types.js';
import { useNow } from '../lib/use-now.js';
import { SeverityBadge } from './badges.js';

/** Anomalies newest first; values shown as found against expected. */
export function AnomalyTable({
  items,
  caption,
  testId,
}: {
  items: Anomaly[];
  caption: string;
  testId?: string;
}) {
  const now = useNow();
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Detected</th>
            <th scope="col">Severity</th>
            <th scope="col">Anomaly</th>
            <th scope="col">Post</th>
            <th scope="col" class="num">
              Value
            </th>
            <th scope="col" class="num">
              Baseline
            </th>
            <th scope="col" class="num">
              Drop
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-anomaly-id={a.id}>
              <td>
                <time dateTime={a.detected_at} title={a.detected_at}>
                  {formatRelative(a.detected_at, now)}
                </time>
              </td>
              <td>
                <SeverityBadge severity={a.severity} />
              </td>
              <td>
                {humanize(a.anomaly_type)}
                <div class="muted small">{a.message}</div>
              </td>
              <td>
                <Link href={pathFor('post', { id: a.post_id })} title={`Post ${a.post_id}`}>
                  {truncate(a.post_id, 14)}
                </Link>
              </td>
              <td class="num" data-col="current_value">
                {formatNumber(a.current_value, 2)}
              </td>
              <td class="num" data-col="baseline_value">
                {formatNumber(a.baseline_value, 2)}
              </td>
              <td class="num" data-col="drop_percentage">
                {a.drop_percentage === null ? '—' : `${formatNumber(a.drop_percentage, 1)}%`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Newest first, then most severe. */
export function sortAnomalies(items: readonly Anomaly[]): Anomaly[] {
  const rank: Record<string, number> = { high: 0, medium: 1, low: 2 };
  return [...items].sort(
    (a, b) =>
      Date.parse(b.detected_at) - Date.parse(a.detected_at) ||
      (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3),
  );
}
