/**
 * A CSV reader after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated by a
 * delimiter, records by CR, LF or CRLF; a field in double quotes may hold delimiters, line ends and
 * doubled quotes (`""`). One pass over the text, so time is linear in its length.
 *
 * Leniencies, all of them what Python's `csv` module (the writer of most files we read) also
 * accepts: a leading BOM is dropped, the last record may or may not end with a line end, a quote
 * inside an unquoted field is kept as a character, and lines that are completely empty are skipped.
 * Not accepted: text after a closing quote (`"a"b`) and a quote that is never closed; both are
 * reported with the line (and field) where they happen.
 */

/** A broken CSV text; `line` is 1-based and counts physical lines (CR, LF or CRLF). */
export class CsvError extends Error {
  readonly line: number;
  constructor(line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

export interface CsvTable {
  /** The first record. Empty when the text holds no record at all. */
  header: string[];
  /** Every later record, with as many fields as it has (the caller checks the count). */
  rows: string[][];
  /** `lines[i]` is the physical line on which `rows[i]` starts (the header is on `headerLine`). */
  lines: number[];
  headerLine: number;
}

export interface CsvOptions {
  /** One character; default `,`. */
  delimiter?: string;
  /**
   * Stop after this many records (the header included). With `partial`, a text that is cut off
   * (a head of a bigger file) gives the records it holds instead of an unterminated-quote error.
   */
  maxRecords?: number;
  partial?: boolean;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Parses a whole CSV text; throws CsvError naming the line of the first problem. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new Error(`CSV delimiter must be one character other than a quote or line end`);
  }
  const delim = delimiter.charCodeAt(0);
  const maxRecords = options.maxRecords ?? Infinity;
  const records: string[][] = [];
  const starts: number[] = [];

  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let record: string[] = [];
  let recordLine = 1;

  while (i <= n && records.length < maxRecords) {
    if (record.length === 0) {
      // Start of a record: skip empty lines, and stop at the end of the text.
      if (i === n) break;
      const c = text.charCodeAt(i);
      if (c === CR || c === LF) {
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        continue;
      }
      recordLine = line;
    }
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openLine = line;
      const fieldNumber = record.length + 1;
      const parts: string[] = [];
      let from = i + 1;
      let j = from;
      for (;;) {
        if (j >= n) {
          if (options.partial) {
            parts.push(text.slice(from, n));
            record.push(parts.join(''));
            records.push(record);
            starts.push(recordLine);
            return table(records, starts);
          }
          throw new CsvError(
            openLine,
            `the quote that opens field ${fieldNumber} is never closed (the text ends inside it)`
          );
        }
        const c = text.charCodeAt(j);
        if (c === QUOTE) {
          if (text.charCodeAt(j + 1) === QUOTE) {
            parts.push(text.slice(from, j + 1));
            j += 2;
            from = j;
            continue;
          }
          parts.push(text.slice(from, j));
          j++;
          break;
        }
        if (c === CR) {
          if (text.charCodeAt(j + 1) === LF) j++;
          line++;
        } else if (c === LF) {
          line++;
        }
        j++;
      }
      field = parts.length === 1 ? parts[0]! : parts.join('');
      i = j;
      const after = i < n ? text.charCodeAt(i) : -1;
      if (after !== -1 && after !== delim && after !== CR && after !== LF) {
        throw new CsvError(
          line,
          `field ${fieldNumber} has text after its closing quote (${JSON.stringify(text.slice(i, i + 10))})`
        );
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delim || c === CR || c === LF) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    record.push(field);
    // Here i is at a delimiter, a line end or the end of the text.
    if (i < n && text.charCodeAt(i) === delim) {
      i++;
      continue; // a delimiter at the very end still gives one more (empty) field
    }
    records.push(record);
    starts.push(recordLine);
    record = [];
    if (i >= n) break;
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
  }
  return table(records, starts);
}

function table(records: string[][], starts: number[]): CsvTable {
  return {
    header: records[0] ?? [],
    rows: records.slice(1),
    lines: starts.slice(1),
    headerLine: starts[0] ?? 1
  };
}

/** The first record of a text that may be cut off (a file's head), for sniffing; never throws. */
export function csvHeader(text: string): string[] {
  try {
    return parseCsv(text, { maxRecords: 1, partial: true }).header;
  } catch {
    return [];
  }
}
