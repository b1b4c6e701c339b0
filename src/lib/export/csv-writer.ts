/**
 * A CSV writer after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): CRLF after every record
 * (the last included), fields quoted only when they must be, quotes inside doubled.
 *
 * Exports are opened in spreadsheets, and run names, tags and params come from files we did not
 * write, so text that a spreadsheet would run as a formula is neutralised with a leading `'`, as
 * OWASP advises (https://owasp.org/www-community/attacks/CSV_Injection): text starting with `=`,
 * `+`, `-`, `@`, tab or CR. Text that is a plain decimal number ("-0.5", "+3", "-1e-5") is left
 * alone: a spreadsheet reads it as that number, not a formula, and params are often such strings.
 *
 * Numbers are written with `String(n)`, the shortest text that reads back to the same double, so
 * they round-trip. NaN, Infinity and -Infinity are written as those words and -0 as `-0` (which
 * `String` would drop), matching the Runlens JSON writer; spreadsheets read `-0` as 0 and the
 * words as text, and `Number()` reads all four back exactly.
 */

export type CsvCell = string | number | null | undefined;

/** Text a spreadsheet would evaluate: OWASP's list of leading characters. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal literal, maybe signed, maybe with an exponent: a number, not a formula. */
const NUMERIC_LITERAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Fields that must be quoted: delimiter, quote, line ends, or edge whitespace readers trim. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field as CSV: numbers as numbers; text neutralised against formulas, quoted if needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  let text = value;
  if (FORMULA_START.test(text) && !NUMERIC_LITERAL.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with CRLF line ends; text a spreadsheet would run as a formula is neutralised. */
export function toCsv(header: string[], rows: Iterable<CsvCell[]>): string {
  const lines = [csvRecord(header)];
  for (const row of rows) lines.push(csvRecord(row));
  return lines.join('\r\n') + '\r\n';
}

function csvRecord(cells: CsvCell[]): string {
  // A record of one empty field would be a blank line, which readers skip; `""` keeps it.
  if (cells.length === 1) {
    const only = csvCell(cells[0]);
    return only === '' ? '""' : only;
  }
  return cells.map(csvCell).join(',');
}
