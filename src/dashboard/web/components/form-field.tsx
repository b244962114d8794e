import type { ComponentChildren } from 'preact';

/** What a form control needs to be named, marked invalid and described by its hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * A labelled form control with its hint and its error message below it. The control (given by
 * `children`) is marked invalid and described by both, so a screen reader reads the error when
 * the control takes focus.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (control: ControlProps) => ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {hint && (
        <span class="small muted" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The sentence above a form that failed: what has no field, or where to look. */
export function FormProblem({ general, invalid }: { general: string; invalid: string[] }) {
  if (!general && invalid.length === 0) return null;
  return (
    <p class="state state-error" role="alert">
      {general || `Check ${invalid.length === 1 ? 'this field' : 'these fields'}: ${invalid.join(', ')}.`}
    </p>
  );
}

/** What a text field shows and where what the user types goes. */
interface TextFieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onValue: (value: string) => void;
  testId: string;
}

const fieldOf = ({ id, label, hint, error }: TextFieldProps) => ({
  id,
  label,
  error,
  ...(hint ? { hint } : {}),
});

/** A labelled one-line text input (see `Field`). */
export function TextField({
  inputMode,
  autoComplete,
  ...props
}: TextFieldProps & { inputMode?: 'numeric' | 'decimal'; autoComplete?: 'off' }) {
  return (
    <Field {...fieldOf(props)}>
      {(c) => (
        <input
          {...c}
          {...(inputMode ? { inputMode } : {})}
          {...(autoComplete ? { autoComplete } : {})}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}

/** A labelled text area of `rows` lines (see `Field`). */
export function TextAreaField({ rows, ...props }: TextFieldProps & { rows: number }) {
  return (
    <Field {...fieldOf(props)}>
      {(c) => (
        <textarea
          {...c}
          rows={rows}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}
