import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { sortRows, type SortDir, type SortValue } from '../lib/sort.js';

export interface Column<T> {
  key: string;
  label: ComponentChildren;
  /** text for the sort button's accessible name when `label` is not plain text */
  title?: string;
  render: (row: T) => ComponentChildren;
  /** omit to make the column unsortable */
  sortValue?: (row: T) => SortValue;
  numeric?: boolean;
}

interface Props<T> {
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  initialSort?: { key: string; dir: SortDir };
  testId?: string;
}

/**
 * A table whose headers are buttons (keyboard and screen-reader friendly, `aria-sort` on the
 * sorted column). Sorting is client-side over the rows the server returned.
 */
export function SortableTable<T>({ caption, columns, rows, rowKey, initialSort, testId }: Props<T>) {
  const [sort, setSort] = useState(initialSort);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    return col?.sortValue && sort ? sortRows(rows, col.sortValue, sort.dir) : rows;
  }, [rows, sort, columns]);

  const toggle = (key: string, numeric: boolean) =>
    setSort((s) =>
      s?.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: numeric ? 'desc' : 'asc' },
    );

  return (
    <div class="table-wrap sticky-key">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={c.key} scope="col" class={c.numeric ? 'num' : undefined} aria-sort={ariaSort}>
                  {c.sortValue ? (
                    <button
                      type="button"
                      class="sort"
                      data-sort-key={c.key}
                      onClick={() => toggle(c.key, c.numeric ?? false)}
                      title={c.title ? `Sort by ${c.title}` : undefined}
                    >
                      {c.label}
                      <span class="sort-icon" aria-hidden="true">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} data-row-key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : undefined} data-col={c.key}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
