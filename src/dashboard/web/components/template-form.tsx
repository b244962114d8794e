import { contentApi, type Template } from '../lib/content-api.js';
import { formatDateTime, humanize } from '../lib/format.js';
import {
  draftFromTemplate,
  EMPTY_TEMPLATE,
  templateBody,
  templateFieldOf,
  type TemplateDraft,
  type TemplateField,
} from '../lib/template-form.js';
import { usePoll } from '../lib/use-poll.js';
import { EntityForm, useEntityForm } from './entity-form.js';
import { Field, TextAreaField, TextField } from './form-field.js';
import { Async } from './states.js';

const LABELS: Record<TemplateField, string> = {
  name: 'Name',
  hook_family: 'Hook family',
  body: 'Prompt',
  variables: 'Variables',
};

/**
 * Create a template or edit one: saving a changed prompt, variables or hook family adds a
 * version (the server's rule), which `onDone` receives to show.
 */
export function TemplateForm({
  template,
  hookFamilies,
  onDone,
  onCancel,
}: {
  template: Template | null;
  hookFamilies: string[];
  onDone: (saved: Template, message: string) => void;
  onCancel: () => void;
}) {
  const state = useEntityForm<TemplateDraft, TemplateField>(
    template ? draftFromTemplate(template) : EMPTY_TEMPLATE,
    templateFieldOf,
    // a taken name is the name field's problem
    'name',
  );
  const { draft, set, errors } = state;

  const submit = state.submit(() => async () => {
    const body = templateBody(draft);
    const saved = template
      ? await contentApi.updateTemplate(template.id, body)
      : await contentApi.createTemplate(body);
    if (!template) state.setDraft(EMPTY_TEMPLATE);
    onDone(
      saved,
      !template
        ? `Created “${saved.name}” (version 1).`
        : saved.version > template.version
          ? `Saved “${saved.name}” as version ${saved.version}.`
          : `Saved “${saved.name}” (the prompt did not change: still version ${saved.version}).`,
    );
  });

  const prefix = `template-${template?.id ?? 'new'}`;
  const id = (k: TemplateField) => `${prefix}-${k}`;
  const families = hookFamilies.includes(draft.hook_family)
    ? hookFamilies
    : [draft.hook_family, ...hookFamilies];

  return (
    <EntityForm
      state={state}
      labels={LABELS}
      onSubmit={submit}
      testId="template"
      saveLabel={template ? 'Save as a new version' : 'Create template'}
      onCancel={template ? onCancel : null}
    >
      <TextField
        id={id('name')}
        label={LABELS.name}
        error={errors.name}
        value={draft.name}
        onValue={(v) => set('name', v)}
        testId="template-name"
      />
      <Field
        id={id('hook_family')}
        label={LABELS.hook_family}
        hint="The hook its drafts aim for"
        error={errors.hook_family}
      >
        {(c) => (
          <select
            {...c}
            value={draft.hook_family}
            onChange={(e) => set('hook_family', e.currentTarget.value)}
            data-testid="template-hook"
          >
            {families.map((f) => (
              <option key={f} value={f}>
                {humanize(f)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextAreaField
        id={id('body')}
        label={LABELS.body}
        hint="With {variable} slots, e.g. {topic}, {brief}, {hook_family}"
        error={errors.body}
        rows={5}
        value={draft.body}
        onValue={(v) => set('body', v)}
        testId="template-body"
      />
      <TextField
        id={id('variables')}
        label={LABELS.variables}
        hint="Comma-separated; empty: the slots the prompt uses"
        error={errors.variables}
        value={draft.variables}
        onValue={(v) => set('variables', v)}
        testId="template-variables"
      />
    </EntityForm>
  );
}

/** Every version of a template, newest first, each with the prompt it had. */
export function TemplateVersions({ template }: { template: Template }) {
  const detail = usePoll(`template:${template.id}:${template.version}`, (s) =>
    contentApi.template(template.id, s),
  );
  return (
    <section aria-labelledby={`template-${template.id}-versions`}>
      <h3 id={`template-${template.id}-versions`}>Versions</h3>
      <Async state={detail}>
        {(t) => (
          <ol class="versions" data-testid="template-versions" reversed>
            {t.versions.map((v) => (
              <li key={v.version} data-version={v.version}>
                <p class="small">
                  <strong>Version {v.version}</strong>
                  {v.version === t.version ? ' (current)' : ''} · {humanize(v.hook_family)} ·{' '}
                  <time dateTime={v.created_at}>{formatDateTime(v.created_at)}</time>
                  {v.variables.length > 0 && <> · {v.variables.map((x) => `{${x}}`).join(' ')}</>}
                </p>
                <p class="version-body">{v.body}</p>
              </li>
            ))}
          </ol>
        )}
      </Async>
    </section>
  );
}
