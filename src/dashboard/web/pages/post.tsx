import { pathFor } from '../../client-routes.js';
import { AbState } from '../components/ab-state.js';
import { TimeSeriesChart } from '../components/chart.js';
import { CommentTable } from '../components/comment-table.js';
import { EmotionArc } from '../components/emotion-arc.js';
import { HighlightedText } from '../components/highlighted-text.js';
import { KpiCard } from '../components/kpi-card.js';
import { Async } from '../components/states.js';
import { api } from '../lib/api.js';
import { formatDateTime, formatKpi, formatNumber, formatPercent, humanize, KPI_META } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { alignSnapshots, groupKpiHistory } from '../lib/series.js';
import { KPI_NAMES, type KpiName, type PatternResult, type PostDetail, type Snapshot } from '../lib/types.js';
import { usePoll } from '../lib/use-poll.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];
const REACH: (keyof Snapshot)[] = ['views', 'impressions', 'engaged_views'];
const INTERACTIONS: (keyof Snapshot)[] = ['likes', 'replies', 'reposts', 'quotes', 'shares'];

export function PostPage({ id }: { id: string }) {
  const post = usePoll(`post:${id}`, (s) => api.post(id, s));
  const comments = usePoll(`post-comments:${id}`, (s) => api.comments({ post_id: id, limit: 50 }, s));
  const ab = usePoll(`post-experiments:${id}`, (s) => api.experimentMemberships({ post_ids: [id] }, s));
  return (
    <>
      <p class="crumbs">
        <Link href={pathFor('posts')}>Posts</Link> <span aria-hidden="true">›</span> <span>{id}</span>
      </p>
      <h1>Post</h1>
      {ab.data?.map((m) => (
        <AbState key={m.experiment_id} membership={m} />
      ))}
      <Async state={post} loadingLabel="Loading the post…">
        {(p) => <PostBody post={p} />}
      </Async>
      <section aria-labelledby="post-comments-heading">
        <h2 id="post-comments-heading">Comments</h2>
        <Async state={comments} isEmpty={(r) => r.items.length === 0} empty="No comments on this post yet.">
          {(r) => (
            <CommentTable
              items={r.items}
              caption={`${formatNumber(r.total)} comments`}
              onChanged={comments.reload}
              showPost={false}
              testId="post-comments"
            />
          )}
        </Async>
      </section>
    </>
  );
}

function PostBody({ post }: { post: PostDetail }) {
  const reach = alignSnapshots(post.snapshots, REACH);
  const inter = alignSnapshots(post.snapshots, INTERACTIONS);
  const kpiSeries = groupKpiHistory(post.kpi_history);
  const reachSeries = REACH.filter((c) => reach.columns[c]?.some((v) => v !== null)).map((c, i) => ({
    label: humanize(c),
    values: reach.columns[c] ?? [],
    color: COLORS[i % COLORS.length] ?? '#2563eb',
  }));
  const interSeries = INTERACTIONS.map((c, i) => ({
    label: humanize(c),
    values: inter.columns[c] ?? [],
    color: COLORS[i % COLORS.length] ?? '#2563eb',
  }));
  return (
    <>
      <div class="post-meta">
        <span>
          Account <strong>{post.account_id}</strong>
        </span>
        {post.persona_id && (
          <span>
            Persona <strong>{post.persona_id}</strong>
          </span>
        )}
        <span>
          Published <time dateTime={post.published_at}>{formatDateTime(post.published_at)}</time>
        </span>
        {post.post_url && (
          <a href={post.post_url} target="_blank" rel="noopener noreferrer">
            Open on Threads<span class="sr-only"> (new tab)</span>
          </a>
        )}
      </div>

      <dl class="cards" data-testid="post-kpis">
        {KPI_NAMES.map((k) => (
          <KpiCard
            key={k}
            label={KPI_META[k].label}
            value={formatKpi(k, post.kpis?.[k])}
            testId={`post-kpi-${k}`}
          />
        ))}
      </dl>

      <section aria-labelledby="patterns-heading">
        <h2 id="patterns-heading">Patterns</h2>
        <Patterns content={post.content} patterns={post.patterns} />
      </section>

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Over time</h2>
        {post.snapshots.length === 0 ? (
          <p class="state state-empty">No snapshots yet: the collector has not read this post.</p>
        ) : (
          <div class="chart-grid">
            {reachSeries.length > 0 && (
              <TimeSeriesChart title="Reach" x={reach.x} series={reachSeries} testId="chart-reach" />
            )}
            <TimeSeriesChart
              title="Interactions"
              x={inter.x}
              series={interSeries}
              testId="chart-interactions"
            />
          </div>
        )}
        {kpiSeries.size > 0 && (
          <div class="chart-grid small">
            {KPI_NAMES.filter((k) => kpiSeries.has(k)).map((k, i) => {
              const s = kpiSeries.get(k) ?? { x: [], y: [] };
              return (
                <TimeSeriesChart
                  key={k}
                  title={KPI_META[k as KpiName].label}
                  x={s.x}
                  series={[
                    { label: KPI_META[k].label, values: s.y, color: COLORS[i % COLORS.length] ?? '#2563eb' },
                  ]}
                  height={160}
                  digits={KPI_META[k].digits}
                  testId={`chart-kpi-${k}`}
                />
              );
            })}
          </div>
        )}
      </section>
    </>
  );
}

function Patterns({ content, patterns }: { content: string; patterns: PatternResult | null }) {
  if (!patterns) {
    return (
      <>
        <p class="post-content">{content}</p>
        <p class="state state-empty">Patterns have not been extracted for this post yet.</p>
      </>
    );
  }
  const spans = patterns.hook_patterns.flatMap((h) => h.spans ?? []);
  const structure = patterns.structure_patterns[0];
  return (
    <div class="patterns" data-testid="post-patterns">
      <HighlightedText text={content} spans={spans} />
      <p>
        Pattern strength{' '}
        <strong data-testid="pattern-strength">{formatNumber(patterns.pattern_strength, 2)}</strong>{' '}
        <meter min={0} max={1} value={patterns.pattern_strength} aria-hidden="true" />
      </p>
      <div class="two-col">
        <div>
          <h3>Hooks</h3>
          {patterns.hook_patterns.length === 0 ? (
            <p class="muted">No hook detected.</p>
          ) : (
            <ul class="hook-list" data-testid="hook-list">
              {patterns.hook_patterns.map((h) => (
                <li key={h.type} data-hook-type={h.type}>
                  <strong>{humanize(h.type)}</strong>{' '}
                  <span class="muted">({formatPercent(h.confidence, 0)} confidence)</span>
                  {h.template && <div class="small muted">{h.template}</div>}
                  {h.triggers && h.triggers.length > 0 && (
                    <div class="small">
                      Triggers:{' '}
                      {h.triggers.map((t, i) => (
                        <mark key={i} class="trigger">
                          {t}
                        </mark>
                      ))}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Emotions</h3>
          {patterns.emotion_patterns.length === 0 ? (
            <p class="muted">No strong emotion.</p>
          ) : (
            <ul class="emotion-list">
              {patterns.emotion_patterns.map((e) => (
                <li key={e.type}>
                  <span class="emotion-name">{humanize(e.type)}</span>
                  <meter min={0} max={1} value={e.intensity} aria-label={`${humanize(e.type)} intensity`} />
                  <span class="num">{formatNumber(e.intensity, 2)}</span>
                </li>
              ))}
            </ul>
          )}
          {patterns.emotion_trajectory && (
            <>
              <h3>Emotional arc</h3>
              <EmotionArc trajectory={patterns.emotion_trajectory} />
            </>
          )}
          {structure && (
            <>
              <h3>Structure</h3>
              <dl class="facts">
                {structure.word_count !== undefined && (
                  <>
                    <dt>Words</dt>
                    <dd>{formatNumber(structure.word_count)}</dd>
                  </>
                )}
                {structure.sentence_count !== undefined && (
                  <>
                    <dt>Sentences</dt>
                    <dd>{formatNumber(structure.sentence_count)}</dd>
                  </>
                )}
                {structure.reading_time_seconds !== undefined && (
                  <>
                    <dt>Reading time</dt>
                    <dd>{formatNumber(structure.reading_time_seconds)} s</dd>
                  </>
                )}
                {structure.length_category && (
                  <>
                    <dt>Length</dt>
                    <dd>{humanize(structure.length_category)}</dd>
                  </>
                )}
                {structure.has_thread_indicator !== undefined && (
                  <>
                    <dt>Thread</dt>
                    <dd>{structure.has_thread_indicator ? 'Yes' : 'No'}</dd>
                  </>
                )}
              </dl>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
