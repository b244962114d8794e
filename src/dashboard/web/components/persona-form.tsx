import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { contentApi, type Persona } from '../lib/content-api.js';
import { formErrors } from '../lib/field-errors.js';
import {
  draftFromPersona,
  EMPTY_PERSONA,
  parsePersonaDraft,
  personaFieldOf,
  type PersonaDraft,
  type PersonaField,
} from '../lib/persona-form.js';
import { Field, FormProblem } from './form-field.js';

const LABELS: Record<PersonaField, string> = {
  id: 'Id',
  account_id: 'Account',
  name: 'Name',
  voice: 'Voice',
  topics: 'Topics',
  avoid: 'Words to avoid',
  language: 'Language',
  posts_per_day: 'Posts a day',
  quiet_start: 'Quiet from (hour)',
  quiet_end: 'Quiet until (hour)',
  approval: 'Approval',
  auto_threshold: 'Auto-approve at',
};

/**
 * Create a persona (no `persona`) or change one. The server's 422 comes back beside the field it
 * names; the first field in error takes focus so that its message is read out.
 */
export function PersonaForm({
  persona,
  onDone,
  onCancel,
}: {
  persona: Persona | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<PersonaDraft>(persona ? draftFromPersona(persona) : EMPTY_PERSONA);
  const [errors, setErrors] = useState<Partial<Record<PersonaField, string>>>({});
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const set = <K extends PersonaField>(k: K, v: PersonaDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setGeneral('');
    const parsed = parsePersonaDraft(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (persona) await contentApi.updatePersona(persona.id, parsed.body);
      else await contentApi.createPersona({ id: parsed.id, ...parsed.body });
      if (!persona) setDraft(EMPTY_PERSONA);
      onDone(persona ? `Saved “${parsed.body.name}”.` : `Created “${parsed.body.name}” (${parsed.id}).`);
    } catch (err) {
      // a taken id is the id field's problem
      if (!persona && err instanceof ApiError && err.status === 409) setErrors({ id: err.message });
      else {
        const found = formErrors(err, personaFieldOf);
        setErrors(found.fields);
        setGeneral(found.general);
      }
      setAttempt((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  const prefix = `persona-${persona?.id ?? 'new'}`;
  const id = (k: PersonaField) => `${prefix}-${k}`;
  const text = (k: PersonaField, hint?: string, extra: Record<string, unknown> = {}) => (
    <Field id={id(k)} label={LABELS[k]} error={errors[k]} {...(hint ? { hint } : {})}>
      {(c) => (
        <input
          {...c}
          {...extra}
          value={draft[k]}
          onInput={(e) => set(k, e.currentTarget.value)}
          data-testid={`persona-${k}`}
        />
      )}
    </Field>
  );
  const invalid = (Object.keys(errors) as PersonaField[]).map((k) => LABELS[k]);

  return (
    <form
      ref={form}
      class="entity-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="persona-form"
    >
      <FormProblem general={general} invalid={invalid} />
      {!persona &&
        text('id', 'The persona_id its posts carry: letters, digits, _ . -', { autoComplete: 'off' })}
      {text('account_id', 'The account it posts as')}
      {text('name')}
      <Field
        id={id('voice')}
        label={LABELS.voice}
        hint="How the persona writes, in words"
        error={errors.voice}
      >
        {(c) => (
          <textarea
            {...c}
            rows={2}
            value={draft.voice}
            onInput={(e) => set('voice', e.currentTarget.value)}
            data-testid="persona-voice"
          />
        )}
      </Field>
      {text('topics', 'Comma-separated, at least one')}
      {text('avoid', 'Comma-separated words its drafts must not contain')}
      <div class="row">
        {text('language', 'BCP 47, e.g. en, pt-BR')}
        {text('posts_per_day', '1–250', { inputMode: 'numeric' })}
      </div>
      <div class="row">
        {text('quiet_start', 'UTC, 0–23; both empty: none', { inputMode: 'numeric' })}
        {text('quiet_end', 'Before start: past midnight', { inputMode: 'numeric' })}
      </div>
      <fieldset class="field">
        <legend>{LABELS.approval}</legend>
        <label class="inline">
          <input
            type="radio"
            name={`${prefix}-approval`}
            checked={draft.approval === 'review'}
            onChange={() => set('approval', 'review')}
            data-testid="persona-approval-review"
          />{' '}
          A person reviews every draft
        </label>
        <label class="inline">
          <input
            type="radio"
            name={`${prefix}-approval`}
            checked={draft.approval === 'auto'}
            onChange={() => set('approval', 'auto')}
            data-testid="persona-approval-auto"
          />{' '}
          Auto-publish above a threshold
        </label>
      </fieldset>
      {text('auto_threshold', 'Predicted engagement rate 0–1 (e.g. 0.05), needed for auto', {
        inputMode: 'decimal',
      })}
      <div class="actions">
        <button type="submit" disabled={saving} data-testid="persona-save">
          {saving ? 'Saving…' : persona ? 'Save persona' : 'Create persona'}
        </button>
        {persona && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
