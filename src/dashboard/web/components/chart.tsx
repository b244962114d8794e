import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateTime, formatNumber, tickDigits } from '../lib/format.js';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface Props {
  title: string;
  /** x values: epoch seconds */
  x: number[];
  series: ChartSeries[];
  height?: number;
  digits?: number;
  testId?: string;
}

/**
 * A uPlot time-series chart that follows its container's width. The data is swapped in place on
 * each poll (setData) so the chart does not flicker; the instance is rebuilt only when the set
 * of series changes. The numbers are also available as a table for people who cannot see it.
 */
export function TimeSeriesChart({ title, x, series, height = 220, digits = 0, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}:${s.color}`).join('|');
  const data: uPlot.AlignedData = [x, ...series.map((s) => s.values)];

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Canvas cannot inherit CSS colours: read the text colour once so axes follow the theme.
    const ink = getComputedStyle(el).color;
    const axis = {
      stroke: ink,
      grid: { stroke: 'rgba(128,128,128,0.2)' },
      ticks: { stroke: 'rgba(128,128,128,0.4)' },
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      series: [
        {
          label: 'Time',
          value: (_u, v) => (v == null ? '—' : formatDateTime(new Date(v * 1000).toISOString())),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          points: { show: x.length < 40 },
          value: (_u: uPlot, v: number | null) => formatNumber(v, digits),
        })),
      ],
      axes: [
        axis,
        {
          ...axis,
          size: 56,
          // As many decimals as the tick step needs, so neighbouring ticks never print alike.
          values: (_u, vals, _axis, _space, incr) => vals.map((v) => formatNumber(v, tickDigits(incr))),
        },
      ],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series set or height changes; data updates go through setData below.
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const last = x.length - 1;
  const summary =
    last < 0
      ? `${title}: no readings yet`
      : `${title}: ${x.length} readings; latest ${series.map((s) => `${s.label} ${formatNumber(s.values[last], digits)}`).join(', ')}`;

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" role="img" aria-label={summary} />
      <details class="chart-data">
        <summary>Data table</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {series.map((s) => (
                  <th scope="col" class="num" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {x
                .map((t, i) => ({ t, i }))
                .slice(-50)
                .reverse()
                .map(({ t, i }) => (
                  <tr key={t}>
                    <td>{formatDateTime(new Date(t * 1000).toISOString())}</td>
                    {series.map((s) => (
                      <td class="num" key={s.label}>
                        {formatNumber(s.values[i], digits)}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
