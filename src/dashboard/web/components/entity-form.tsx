import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { formErrors, type BodyPath } from '../lib/field-errors.js';
import { FormProblem } from './form-field.js';

type Errors<F extends string> = Partial<Record<F, string>>;

/**
 * The state of a create-or-edit form: its draft, the messages beside its fields and above it,
 * whether it is saving. After a failed submit the first field in error takes focus so that its
 * message is read out. A 409 is `conflictField`'s problem (none: a message above the form); a
 * 422 lands beside the fields `fieldOf` names.
 */
export function useEntityForm<D extends object, F extends string>(
  initial: D,
  fieldOf: (path: BodyPath) => F | undefined,
  conflictField: F | null,
) {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<Errors<F>>({});
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const set = <K extends keyof D>(k: K, v: D[K]) => setDraft((d) => ({ ...d, [k]: v }));

  useEffect(() => {
    if (attempt > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  /**
   * The form's submit handler. `prepare` checks the draft: the fields in error (nothing is sent),
   * or the save to run.
   */
  const submit = (prepare: () => Errors<F> | (() => Promise<void>)) => async (e: Event) => {
    e.preventDefault();
    setGeneral('');
    const save = prepare();
    if (typeof save !== 'function') {
      setErrors(save);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await save();
    } catch (err) {
      if (conflictField !== null && err instanceof ApiError && err.status === 409)
        setErrors({ [conflictField]: err.message } as Errors<F>);
      else {
        const found = formErrors(err, fieldOf);
        setErrors(found.fields);
        setGeneral(found.general);
      }
      setAttempt((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  return { draft, setDraft, set, errors, general, saving, form, submit };
}

/**
 * The form itself: the problem above it (`labels` names the fields in error), its fields, and the
 * save button with Cancel when editing (`onCancel`).
 */
export function EntityForm<F extends string>({
  state,
  labels,
  onSubmit,
  testId,
  saveLabel,
  onCancel,
  children,
}: {
  state: { errors: Errors<F>; general: string; saving: boolean; form: { current: HTMLFormElement | null } };
  labels: Record<F, string>;
  onSubmit: (e: Event) => Promise<void>;
  testId: string;
  saveLabel: string;
  onCancel: (() => void) | null;
  children: ComponentChildren;
}) {
  return (
    <form
      ref={state.form}
      class="entity-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      data-testid={`${testId}-form`}
    >
      <FormProblem
        general={state.general}
        invalid={(Object.keys(state.errors) as F[]).map((k) => labels[k])}
      />
      {children}
      <div class="actions">
        <button type="submit" disabled={state.saving} data-testid={`${testId}-save`}>
          {state.saving ? 'Saving…' : saveLabel}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
