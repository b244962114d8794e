import { arcGeometry } from '../lib/arc.js';
import { formatNumber, humanize } from '../lib/format.js';
import type { EmotionTrajectory } from '../lib/types.js';

const W = 240;
const H = 64;

/**
 * A post's emotional arc: the valence of each sentence (or thread part) as a small line chart,
 * peaks and valleys marked, with the arc type, a text summary and the segments as a table.
 */
export function EmotionArc({ trajectory }: { trajectory: EmotionTrajectory }) {
  const segments = trajectory.emotion_progression;
  const geometry = arcGeometry(
    segments.map((s) => s.valence),
    trajectory.peak_segments,
    trajectory.valley_segments,
    W,
    H,
  );
  const arc = humanize(trajectory.arc_type);
  const summary = `${arc} emotional arc over ${segments.length} segments: valence ${segments
    .map((s) => formatNumber(s.valence, 2))
    .join(', ')}`;
  return (
    <div class="emotion-arc" data-testid="emotion-arc" data-arc-type={trajectory.arc_type}>
      <p>
        Arc <strong data-testid="arc-type">{arc}</strong>{' '}
        <span class="muted small">(emotional variance {formatNumber(trajectory.emotional_variance, 2)})</span>
      </p>
      <svg class="arc-chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line x1={0} x2={W} y1={geometry.zeroY} y2={geometry.zeroY} class="arc-zero" />
        <polyline
          points={geometry.line}
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linejoin="round"
        />
        {geometry.points.map((p) => (
          <circle
            key={p.index}
            cx={p.x}
            cy={p.y}
            r={p.kind === 'plain' ? 2.5 : 4}
            class={`arc-dot ${p.kind}`}
          />
        ))}
      </svg>
      <details>
        <summary>Segments</summary>
        <table class="small">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Text</th>
              <th scope="col">Emotion</th>
              <th scope="col" class="num">
                Valence
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.segment_index}>
                <td>
                  {s.segment_index + 1}
                  {trajectory.peak_segments.includes(s.segment_index) && ' ▲'}
                  {trajectory.valley_segments.includes(s.segment_index) && ' ▼'}
                </td>
                <td>{s.text}</td>
                <td>{humanize(s.dominant_emotion)}</td>
                <td class="num">{formatNumber(s.valence, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
