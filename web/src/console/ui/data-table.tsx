import type { ComponentChildren, VNode } from 'preact';
import { t } from '../words';

/**
 * A page's list as a table, scrolling sideways on a narrow screen rather than the page: a heading
 * per column, then a row per item, each drawn by `row` (its `<tr>` with a key, and whatever data
 * attribute marks it). Nothing while the items load (`rows` undefined).
 */
export function DataTable<Row>(props: {
  rows: readonly Row[] | undefined;
  /** The column headings, in order. */
  columns: readonly string[];
  /** A last column of the row's buttons, its heading ("Actions") for screen readers only. */
  actions?: boolean;
  /**
   * What shows in place of the table when there are no rows: usually an `EmptyState`; `false` for
   * nothing (a form for the first one is open). Left out, an empty table keeps its headings.
   */
  empty?: ComponentChildren;
  class?: string;
  row(item: Row): VNode;
}) {
  const { rows } = props;
  if (!rows) return null;
  if (rows.length === 0 && props.empty !== undefined) return <>{props.empty}</>;
  return (
    <div class="table-scroll">
      <table class={props.class}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {props.actions && (
              <th scope="col">
                <span class="sr-only">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}
