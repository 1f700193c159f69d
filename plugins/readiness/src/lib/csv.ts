/*
 * CSV export of what a view shows, built in the browser (RFC 4180: CRLF line
 * ends, fields with a comma, quote or line break quoted, quotes doubled).
 */

/** One column of an export. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

// A leading =, +, - or @ makes spreadsheets evaluate a cell as a formula;
// titles come from catalog-info.yaml files anyone can write, so text cells
// starting with one are prefixed with a quote (OWASP CSV injection advice).
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of `rows`, with a header line. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [
    columns.map(c => field(c.header)).join(','),
    ...rows.map(row => columns.map(c => field(c.value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves CSV text as a file through a temporary Blob link. */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
