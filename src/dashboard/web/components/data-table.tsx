import type { ComponentChildren } from 'preact';

/** The header cell of a column of row actions: named for screen readers only. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span class="sr-only">Actions</span>
    </th>
  );
}

/** A column's header: its name, or `{ num }` for a right-aligned column of numbers. */
type Column = string | { num: string };

/**
 * A table of records in its scrolling wrapper: `columns` name the header cells (with a last one
 * for row actions when `actions`), `children` are the rows.
 */
export function DataTable({
  testId,
  caption,
  columns,
  actions = false,
  children,
}: {
  testId: string;
  caption?: string;
  columns: Column[];
  actions?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap stack">
      <table data-testid={testId}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.num} scope="col" class="num">
                  {c.num}
                </th>
              ),
            )}
            {actions && <ActionsHeader />}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "1 rule", "3 rules". */
export function countOf(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/**
 * A table row's Edit and Delete buttons, named for screen readers by the row's name; `kind`
 * gives them test ids (`persona-edit`, `persona-delete`).
 */
export function RowActions(props: { kind?: string; name: string; onEdit: () => void; onDelete: () => void }) {
  const button = (label: string, style: string, onClick: () => void) => (
    <button
      type="button"
      class={`${style} small`}
      onClick={onClick}
      {...(props.kind ? { 'data-testid': `${props.kind}-${label.toLowerCase()}` } : {})}
    >
      {label}
      <span class="sr-only"> {props.name}</span>
    </button>
  );
  return (
    <td class="actions">
      {button('Edit', 'secondary', props.onEdit)}
      {button('Delete', 'danger', props.onDelete)}
    </td>
  );
}
