import { pathFor } from '../../client-routes.js';
import { formatDateTime, formatNumber, formatRelative, humanize, truncate } from '../lib/format.js';
import { Link } from '../lib/router.js';
import type { Anomaly } from '../lib/types.js';
import { useServerNow } from '../lib/server-clock.js';
import { SeverityBadge } from './badges.js';

interface Props {
  items: Anomaly[];
  caption: string;
  /** post id → content, to name posts by their text */
  posts?: ReadonlyMap<string, string>;
  /** narrow layout for the overview: no value columns */
  compact?: boolean;
  testId?: string;
}

/** Anomalies with the value found against the baseline it was judged by. */
export function AnomalyTable({ items, caption, posts, compact = false, testId }: Props) {
  const now = useServerNow();
  return (
    <div class="table-wrap stack">
      <table class="anomalies" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Detected</th>
            <th scope="col">Severity</th>
            <th scope="col">Anomaly</th>
            <th scope="col">Post</th>
            {!compact && (
              <>
                <th scope="col" class="num">
                  Value
                </th>
                <th scope="col" class="num">
                  Baseline
                </th>
                <th scope="col" class="num">
                  Drop
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-anomaly-id={a.id}>
              <td data-col="detected_at">
                <time dateTime={a.detected_at} title={formatDateTime(a.detected_at)}>
                  {formatRelative(a.detected_at, now)}
                </time>
              </td>
              <td data-col="severity">
                <SeverityBadge severity={a.severity} />
              </td>
              <td data-col="anomaly_type">
                {humanize(a.anomaly_type)}
                {!compact && <div class="muted small">{a.message}</div>}
              </td>
              <td data-col="post" data-label="Post">
                <Link href={pathFor('post', { id: a.post_id })} title={`Post ${a.post_id}`}>
                  {truncate(posts?.get(a.post_id) ?? a.post_id, compact ? 40 : 60)}
                </Link>
              </td>
              {!compact && (
                <>
                  <td class="num" data-col="current_value" data-label="Value">
                    {formatNumber(a.current_value, 2)}
                  </td>
                  <td class="num" data-col="baseline_value" data-label="Baseline">
                    {formatNumber(a.baseline_value, 2)}
                  </td>
                  <td class="num" data-col="drop_percentage" data-label="Drop">
                    {a.drop_percentage === null ? '—' : `${formatNumber(a.drop_percentage, 1)}%`}
                  </td>
                </>
              )}
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
