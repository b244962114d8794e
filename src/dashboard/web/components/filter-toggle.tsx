import { useState } from 'preact/hooks';

/**
 * On a narrow screen a page's filters fold behind this button, which says how many are set; the
 * panel it controls must come right after it (CSS hides `[aria-expanded=false] + *` there). On a
 * wide screen the button is hidden and the filters always show.
 */
export function FilterToggle({ controls, active }: { controls: string; active: number }) {
  const [open, setOpen] = useState(false);
  return (
    <button
      type="button"
      class="secondary filter-toggle"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen((o) => !o)}
      data-testid="filter-toggle"
    >
      Filters
      {active > 0 && (
        <>
          {' '}
          <span class="filter-count">{active} set</span>
        </>
      )}
      <span class="chevron" aria-hidden="true">
        {open ? '▴' : '▾'}
      </span>
    </button>
  );
}
