import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { contentApi, type Template } from '../lib/content-api.js';
import { formErrors } from '../lib/field-errors.js';
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
import { Field, FormProblem } from './form-field.js';
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
  const [draft, setDraft] = useState<TemplateDraft>(template ? draftFromTemplate(template) : EMPTY_TEMPLATE);
  const [errors, setErrors] = useState<Partial<Record<TemplateField, string>>>({});
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const set = (k: TemplateField, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setGeneral('');
    setErrors({});
    setSaving(true);
    const body = templateBody(draft);
    try {
      const saved = template
        ? await contentApi.updateTemplate(template.id, body)
        : await contentApi.createTemplate(body);
      if (!template) setDraft(EMPTY_TEMPLATE);
      onDone(
        saved,
        !template
          ? `Created “${saved.name}” (version 1).`
          : saved.version > template.version
            ? `Saved “${saved.name}” as version ${saved.version}.`
            : `Saved “${saved.name}” (the prompt did not change: still version ${saved.version}).`,
      );
    } catch (err) {
      // a taken name is the name field's problem
      if (err instanceof ApiError && err.status === 409) setErrors({ name: err.message });
      else {
        const found = formErrors(err, templateFieldOf);
        setErrors(found.fields);
        setGeneral(found.general);
      }
      setAttempt((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const prefix = `template-${template?.id ?? 'new'}`;
  const id = (k: TemplateField) => `${prefix}-${k}`;
  const families = hookFamilies.includes(draft.hook_family)
    ? hookFamilies
    : [draft.hook_family, ...hookFamilies];

  return (
    <form
      ref={form}
      class="entity-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="template-form"
    >
      <FormProblem
        general={general}
        invalid={(Object.keys(errors) as TemplateField[]).map((k) => LABELS[k])}
      />
      <Field id={id('name')} label={LABELS.name} error={errors.name}>
        {(c) => (
          <input
            {...c}
            value={draft.name}
            onInput={(e) => set('name', e.currentTarget.value)}
            data-testid="template-name"
          />
        )}
      </Field>
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
      <Field
        id={id('body')}
        label={LABELS.body}
        hint="With {variable} slots, e.g. {topic}, {brief}, {hook_family}"
        error={errors.body}
      >
        {(c) => (
          <textarea
            {...c}
            rows={5}
            value={draft.body}
            onInput={(e) => set('body', e.currentTarget.value)}
            data-testid="template-body"
          />
        )}
      </Field>
      <Field
        id={id('variables')}
        label={LABELS.variables}
        hint="Comma-separated; empty: the slots the prompt uses"
        error={errors.variables}
      >
        {(c) => (
          <input
            {...c}
            value={draft.variables}
            onInput={(e) => set('variables', e.currentTarget.value)}
            data-testid="template-variables"
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" disabled={saving} data-testid="template-save">
          {saving ? 'Saving…' : template ? 'Save as a new version' : 'Create template'}
        </button>
        {template && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
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
