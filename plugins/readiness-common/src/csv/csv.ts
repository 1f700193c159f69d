/*
 * CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled), the one encoder the backend's export and the
 * frontend's downloads share.
 */

/** A cell value. @public */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of an export. @public */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

// A leading =, +, - or @ makes spreadsheets evaluate a cell as a formula;
// titles come from catalog-info.yaml files anyone can write, so text cells
// starting with one are prefixed with a quote (OWASP CSV injection advice).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed and defused when a spreadsheet would run it. @public */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line of `columns`, CRLF-terminated. @public */
export function csvHeader<T>(columns: CsvColumn<T>[]): string {
  return `${columns.map(c => csvField(c.header)).join(',')}\r\n`;
}

/** The lines of `rows`, each CRLF-terminated. @public */
export function csvRows<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return rows
    .map(row => `${columns.map(c => csvField(c.value(row))).join(',')}\r\n`)
    .join('');
}

/** The CSV text of `rows`, with a header line. @public */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  return csvHeader(columns) + csvRows(columns, rows);
}
