import { useState } from 'preact/hooks';
import { PersonaForm } from '../components/persona-form.js';
import { TemplateForm, TemplateVersions } from '../components/template-form.js';
import { DataTable, RowActions } from '../components/data-table.js';
import { ListAndForm } from '../components/list-and-form.js';
import { Async, Notice } from '../components/states.js';
import { confirmedAction } from '../lib/actions.js';
import { api } from '../lib/api.js';
import { contentApi, formatRate, type Persona, type Template } from '../lib/content-api.js';
import { humanize } from '../lib/format.js';
import { usePoll } from '../lib/use-poll.js';

/** Personas and prompt templates (ranked by the engagement their published drafts measured), each with its form. */
export function PersonasPage() {
  const personas = usePoll('personas', (s) => contentApi.personas(s), 60_000);
  const templates = usePoll('templates', (s) => contentApi.templates(s), 60_000);
  const catalog = usePoll('pattern-catalog', (s) => api.patternCatalog(s), 3_600_000);
  const [persona, setPersona] = useState<Persona | null>(null);
  const [template, setTemplate] = useState<Template | null>(null);
  const [notice, setNotice] = useState('');

  const removePersona = (p: Persona) =>
    confirmedAction({
      question: `Delete the persona “${p.name}” (${p.id})?`,
      run: async () => {
        await contentApi.deletePersona(p.id);
        if (persona?.id === p.id) setPersona(null);
        personas.reload();
      },
      done: `Deleted the persona “${p.name}”.`,
      failed: `Could not delete “${p.name}”`,
      say: setNotice,
    });
  const removeTemplate = (t: Template) =>
    confirmedAction({
      question: `Delete the template “${t.name}” and its ${t.version} version(s)? Drafts keep theirs.`,
      run: async () => {
        await contentApi.deleteTemplate(t.id);
        if (template?.id === t.id) setTemplate(null);
        templates.reload();
      },
      done: `Deleted the template “${t.name}”.`,
      failed: `Could not delete “${t.name}”`,
      say: setNotice,
    });

  return (
    <>
      <h1>Personas &amp; templates</h1>
      <Notice text={notice} testId="personas-notice" />
      <ListAndForm
        listId="personas-heading"
        title="Personas"
        list={
          <>
            <Async
              state={personas}
              isEmpty={(p) => p.length === 0}
              empty="No personas yet: create one with the form."
            >
              {(list) => (
                <DataTable
                  testId="personas"
                  actions
                  columns={['Persona', 'Topics', 'Cadence (UTC)', 'Approval']}
                >
                  {list.map((p) => (
                    <tr key={p.id} data-persona-id={p.id}>
                      <td class="rule-name">
                        {p.name}
                        {p.name !== p.id && <span class="muted"> ({p.id})</span>}
                        <div class="small muted">{p.account_id}</div>
                      </td>
                      <td data-label="Topics">{p.topics.join(', ') || <span class="muted">none</span>}</td>
                      <td data-label="Cadence (UTC)">
                        {p.posts_per_day} a day
                        {p.quiet_hours && `, quiet ${p.quiet_hours.start}:00–${p.quiet_hours.end}:00`}
                      </td>
                      <td data-label="Approval">
                        {p.approval === 'auto' ? `auto at ≥ ${formatRate(p.auto_threshold ?? 0)}` : 'review'}
                      </td>
                      <RowActions
                        kind="persona"
                        name={p.name}
                        onEdit={() => setPersona(p)}
                        onDelete={() => void removePersona(p)}
                      />
                    </tr>
                  ))}
                </DataTable>
              )}
            </Async>
          </>
        }
        formId="persona-form-heading"
        formTitle={persona ? `Edit “${persona.name}” (${persona.id})` : 'New persona'}
        form={
          <>
            <PersonaForm
              key={persona?.id ?? 'new'}
              persona={persona}
              onDone={(message) => {
                setNotice(message);
                setPersona(null);
                personas.reload();
              }}
              onCancel={() => setPersona(null)}
            />
          </>
        }
      />

      <ListAndForm
        listId="templates-heading"
        title="Templates"
        list={
          <>
            <p class="lede">
              Best measured first: the mean engagement rate of the posts each template’s drafts became.
            </p>
            <Async
              state={templates}
              isEmpty={(t) => t.length === 0}
              empty="No templates yet: create one with the form."
            >
              {(list) => (
                <DataTable
                  testId="templates"
                  actions
                  columns={[
                    'Template',
                    'Hook family',
                    { num: 'Drafts' },
                    { num: 'Published' },
                    { num: 'Mean engagement' },
                  ]}
                >
                  {[...list]
                    .sort(
                      (a, b) => (b.performance.mean_engagement ?? -1) - (a.performance.mean_engagement ?? -1),
                    )
                    .map((t) => (
                      <tr key={t.id} data-template-id={t.id}>
                        <td class="rule-name">
                          {t.name}{' '}
                          <span class="muted" data-testid="template-version">
                            v{t.version}
                          </span>
                        </td>
                        <td data-label="Hook family">{humanize(t.hook_family)}</td>
                        <td class="num" data-label="Drafts">
                          {t.performance.drafts}
                        </td>
                        <td class="num" data-label="Published">
                          {t.performance.published}
                        </td>
                        <td class="num" data-label="Mean engagement">
                          {t.performance.mean_engagement === null
                            ? '—'
                            : `${formatRate(t.performance.mean_engagement)} (${t.performance.measured})`}
                        </td>
                        <RowActions
                          kind="template"
                          name={t.name}
                          onEdit={() => setTemplate(t)}
                          onDelete={() => void removeTemplate(t)}
                        />
                      </tr>
                    ))}
                </DataTable>
              )}
            </Async>
          </>
        }
        formId="template-form-heading"
        formTitle={template ? `Edit “${template.name}”` : 'New template'}
        form={
          <>
            <TemplateForm
              key={template ? `${template.id}:${template.version}` : 'new'}
              template={template}
              hookFamilies={(catalog.data?.hook_patterns ?? []).map((h) => h.type)}
              onDone={(saved, message) => {
                setNotice(message);
                // an edited template stays open, its new version at the top of its history
                setTemplate(template ? saved : null);
                templates.reload();
              }}
              onCancel={() => setTemplate(null)}
            />
            {template && <TemplateVersions template={template} />}
          </>
        }
      />
    </>
  );
}
