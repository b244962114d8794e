import { humanize } from '../lib/format.js';

/**
 * A labelled filter: "Any …" (the empty value) or one of `options`, each shown humanized.
 * `onChange` receives the chosen value ('' for any).
 */
export function OptionSelect({
  label,
  any,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  any: string;
  options: readonly string[];
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label class="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} data-testid={testId}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {humanize(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
