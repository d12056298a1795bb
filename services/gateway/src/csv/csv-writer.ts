/**
 * CSV as RFC 4180 writes it – CRLF line ends, a header row, a field quoted when it holds a comma,
 * a quote or a line break (its quotes doubled) – made safe to open in a spreadsheet. A field that
 * holds a semicolon or a tab is quoted too: spreadsheets in languages whose list separator is `;`
 * (German, French, Spanish, Italian, Dutch) split a CSV file at `;`. Quotes do not save a field
 * there – such a spreadsheet honours a quote only at the start of one of its own cells, and ours
 * start at commas – so every piece a spreadsheet might make a cell of is guarded: the text's
 * start and whatever follows a `;`, a `,`, a tab or a line break inside it. A piece that would be
 * run as a formula – it starts (after any spaces or quotes) with `=`, `+`, `-` or `@` – is written
 * after a single quote (`x;'=1+1`), as is a text starting with a tab or a carriage return.
 * Numbers are ours, not a visitor's, and stay numbers (-0.5 is not a formula). NUL is never
 * written.
 */

/** What a cell may hold: null and undefined are an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of an export: its header and how a row fills it. Exports list theirs in one array. */
export interface CsvColumn<T> {
  header: string;
  value(row: T): CsvValue;
}

/** Where a spreadsheet may start a cell inside a field: its separators, whatever the language's. */
const CELL_BREAK = /([;,\t\r\n])/;
/** A cell that a spreadsheet would run as a formula. */
const FORMULA_START = /^[\s"]*[=+\-@]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** The text with a single quote before every piece of it that a spreadsheet would run as a formula. */
function guardFormulas(text: string): string {
  // split with a capturing group: pieces at even indexes, the separators between them at odd ones.
  const pieces = text.split(CELL_BREAK);
  for (let i = 0; i < pieces.length; i += 2) {
    if (FORMULA_START.test(pieces[i]!)) pieces[i] = `'${pieces[i]}`;
  }
  const guarded = pieces.join('');
  return /^[\t\r]/.test(guarded) ? `'${guarded}` : guarded;
}

/** One field, quoted and guarded as above. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = guardFormulas(value.replaceAll('\0', ''));
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
