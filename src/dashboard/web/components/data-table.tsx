import type { ComponentChildren } from 'preact';

/** The header cell of a column of row actions: named for screen readers only. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span class="sr-only">Actions</span>
    </th>
  );
}

/**
 * A table of records in its scrolling wrapper: `columns` are the header cells (with a last one for
 * row actions when `actions`), `children` the rows.
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
  columns: ComponentChildren;
  actions?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap stack">
      <table data-testid={testId}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns}
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
  return (
    <td class="actions">
      <button
        type="button"
        class="secondary small"
        onClick={props.onEdit}
        {...(props.kind ? { 'data-testid': `${props.kind}-edit` } : {})}
      >
        Edit<span class="sr-only"> {props.name}</span>
      </button>
      <button
        type="button"
        class="danger small"
        onClick={props.onDelete}
        {...(props.kind ? { 'data-testid': `${props.kind}-delete` } : {})}
      >
        Delete<span class="sr-only"> {props.name}</span>
      </button>
    </td>
  );
}
