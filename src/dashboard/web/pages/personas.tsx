import { Async } from '../components/states.js';
import { contentApi, formatRate } from '../lib/content-api.js';
import { humanize } from '../lib/format.js';
import { usePoll } from '../lib/use-poll.js';

/** Personas, and prompt templates ranked by the engagement their published drafts measured. */
export function PersonasPage() {
  const personas = usePoll('personas', (s) => contentApi.personas(s), 60_000);
  const templates = usePoll('templates', (s) => contentApi.templates(s), 60_000);
  return (
    <>
      <h1>Personas &amp; templates</h1>
      <h2>Personas</h2>
      <Async
        state={personas}
        isEmpty={(p) => p.length === 0}
        empty="No personas yet: POST /api/personas creates one."
      >
        {(list) => (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Personas">
            <table data-testid="personas">
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  <th scope="col">Account</th>
                  <th scope="col">Topics</th>
                  <th scope="col" class="num">
                    Posts a day
                  </th>
                  <th scope="col">Quiet hours (UTC)</th>
                  <th scope="col">Approval</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.name} <span class="muted">({p.id})</span>
                    </td>
                    <td>{p.account_id}</td>
                    <td>{p.topics.join(', ') || <span class="muted">none</span>}</td>
                    <td class="num">{p.posts_per_day}</td>
                    <td>{p.quiet_hours ? `${p.quiet_hours.start}:00–${p.quiet_hours.end}:00` : 'none'}</td>
                    <td>
                      {p.approval === 'auto' ? `auto at ≥ ${formatRate(p.auto_threshold ?? 0)}` : 'review'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      <h2>Templates</h2>
      <Async
        state={templates}
        isEmpty={(t) => t.length === 0}
        empty="No templates yet: POST /api/templates creates one."
      >
        {(list) => (
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Prompt templates">
            <table data-testid="templates">
              <thead>
                <tr>
                  <th scope="col">Template</th>
                  <th scope="col">Hook family</th>
                  <th scope="col" class="num">
                    Drafts
                  </th>
                  <th scope="col" class="num">
                    Published
                  </th>
                  <th scope="col" class="num">
                    Mean engagement
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...list]
                  .sort(
                    (a, b) => (b.performance.mean_engagement ?? -1) - (a.performance.mean_engagement ?? -1),
                  )
                  .map((t) => (
                    <tr key={t.id}>
                      <td>
                        {t.name} <span class="muted">v{t.version}</span>
                      </td>
                      <td>{humanize(t.hook_family)}</td>
                      <td class="num">{t.performance.drafts}</td>
                      <td class="num">{t.performance.published}</td>
                      <td class="num">
                        {t.performance.mean_engagement === null
                          ? '—'
                          : `${formatRate(t.performance.mean_engagement)} (${t.performance.measured})`}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </>
  );
}
