import { contentApi, type Persona } from '../lib/content-api.js';
import {
  draftFromPersona,
  EMPTY_PERSONA,
  parsePersonaDraft,
  personaFieldOf,
  type PersonaDraft,
  type PersonaField,
} from '../lib/persona-form.js';
import { EntityForm, useEntityForm } from './entity-form.js';
import { TextAreaField, TextField } from './form-field.js';

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
  const state = useEntityForm<PersonaDraft, PersonaField>(
    persona ? draftFromPersona(persona) : EMPTY_PERSONA,
    personaFieldOf,
    // a taken id is the id field's problem
    persona ? null : 'id',
  );
  const { draft, set, errors } = state;

  const submit = state.submit(() => {
    const parsed = parsePersonaDraft(draft);
    if (!parsed.ok) return parsed.errors;
    return async () => {
      if (persona) await contentApi.updatePersona(persona.id, parsed.body);
      else await contentApi.createPersona({ id: parsed.id, ...parsed.body });
      if (!persona) state.setDraft(EMPTY_PERSONA);
      onDone(persona ? `Saved “${parsed.body.name}”.` : `Created “${parsed.body.name}” (${parsed.id}).`);
    };
  });

  const prefix = `persona-${persona?.id ?? 'new'}`;
  const text = (
    k: Exclude<PersonaField, 'approval'>,
    hint?: string,
    extra: { inputMode?: 'numeric' | 'decimal'; autoComplete?: 'off' } = {},
  ) => (
    <TextField
      id={`${prefix}-${k}`}
      label={LABELS[k]}
      hint={hint}
      error={errors[k]}
      value={draft[k]}
      onValue={(v) => set(k, v)}
      testId={`persona-${k}`}
      {...extra}
    />
  );

  return (
    <EntityForm
      state={state}
      labels={LABELS}
      onSubmit={submit}
      testId="persona"
      saveLabel={persona ? 'Save persona' : 'Create persona'}
      onCancel={persona ? onCancel : null}
    >
      {!persona &&
        text('id', 'The persona_id its posts carry: letters, digits, _ . -', { autoComplete: 'off' })}
      {text('account_id', 'The account it posts as')}
      {text('name')}
      <TextAreaField
        id={`${prefix}-voice`}
        label={LABELS.voice}
        hint="How the persona writes, in words"
        error={errors.voice}
        rows={2}
        value={draft.voice}
        onValue={(v) => set('voice', v)}
        testId="persona-voice"
      />
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
    </EntityForm>
  );
}
