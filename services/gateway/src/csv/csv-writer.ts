/**
 * CSV as RFC 4180 writes it – CRLF line ends, a header row, a field quoted when it holds a comma,
 * a quote or a line break (its quotes doubled) – made safe to open in a spreadsheet: a text cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula, so it
 * is written after a single quote. Numbers are ours, not a visitor's, and stay numbers (-0.5 is
 * not a formula). NUL is never written.
 */

/** What a cell may hold: null and undefined are an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of an export: its header and how a row fills it. Exports list theirs in one array. */
export interface CsvColumn<T> {
  header: string;
  value(row: T): CsvValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted and guarded as above. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value.replaceAll('\0', '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The header row of these columns. */
export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvRecord(columns.map((column) => column.header));
}

/** The records of some rows, as one piece of text (a page is written at once). */
export function csvRows<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  let text = '';
  for (const row of rows) text += csvRecord(columns.map((column) => column.value(row)));
  return text;
}

/**
 * The whole file as a stream of text: the header, then one piece per page as each page comes, so
 * a writer holds one page at a time whatever the export's size.
 */
export async function* csvDocument<T>(columns: readonly CsvColumn<T>[], pages: AsyncIterable<readonly T[]> | Iterable<readonly T[]>): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const page of pages) {
    if (page.length > 0) yield csvRows(columns, page);
  }
}
