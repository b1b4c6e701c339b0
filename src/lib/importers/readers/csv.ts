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
  const parser = new CsvRecordParser(options.delimiter ?? ',');
  const maxRecords = options.maxRecords ?? Infinity;
  const records: string[][] = [];
  const starts: number[] = [];
  if (maxRecords <= 0) return table(records, starts);
  try {
    parser.push(text, options.partial ? 'cut' : true, (r) => {
      records.push(r.fields);
      starts.push(r.line);
      // Enough records: stop before reading (and finding fault with) the rest.
      if (records.length >= maxRecords) throw ENOUGH;
    });
  } catch (error) {
    if (error !== ENOUGH) throw error;
  }
  return table(records, starts);
}

const ENOUGH = Symbol('enough records');

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) on which the record starts. */
  line: number;
}

/**
 * The grammar above as a push parser: `parseCsv` pushes a whole text once, `csv-stream.ts` a
 * file's slices one after another. `push(text, false)` emits every record that is certainly
 * complete and keeps the rest (at most one record), so a record cut by a slice boundary (inside
 * a quoted field, between the two quotes of `""`, between CR and LF) is parsed whole next time.
 */
export class CsvRecordParser {
  #pending = '';
  #line = 1;
  #started = false;
  #delim: number;

  constructor(delimiter = ',') {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new Error(`CSV delimiter must be one character other than a quote or line end`);
    }
    this.#delim = delimiter.charCodeAt(0);
  }

  /** Characters held back as an unfinished record (one record at most). */
  get pendingLength(): number {
    return this.#pending.length;
  }

  /**
   * `final` false keeps what may continue in the next text; true ends the text (an unclosed
   * quote is an error); 'cut' ends a text cut off inside a record (a file's head): a quoted field
   * still open at the end gives the record as far as it goes.
   */
  push(text: string, final: boolean | 'cut', emit: (record: CsvRecord) => void): void {
    let buf = this.#pending + text;
    if (!this.#started && buf.length > 0) {
      this.#started = true;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    }
    const delim = this.#delim;
    const n = buf.length;
    let i = 0;
    let line = this.#line;
    let record: string[] = [];
    let recordLine = line;
    // Where the record being read starts (after the line ends before it), to go back to.
    let mark = 0;
    let markLine = line;
    const suspend = () => {
      this.#pending = buf.slice(mark);
      this.#line = markLine;
    };
    for (;;) {
      if (record.length === 0) {
        mark = i;
        markLine = line;
        if (i === n) break;
        const c = buf.charCodeAt(i);
        if (c === CR || c === LF) {
          if (c === CR && i + 1 === n && !final) return suspend();
          i += c === CR && buf.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
          continue;
        }
        recordLine = line;
      }
      let field: string;
      if (buf.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const fieldNumber = record.length + 1;
        const parts: string[] = [];
        let from = i + 1;
        let j = from;
        for (;;) {
          if (j >= n) {
            if (!final) return suspend();
            if (final === 'cut') {
              parts.push(buf.slice(from, n));
              record.push(parts.join(''));
              emit({ fields: record, line: recordLine });
              this.#pending = '';
              return;
            }
            throw new CsvError(
              openLine,
              `the quote that opens field ${fieldNumber} is never closed (the text ends inside it)`
            );
          }
          const c = buf.charCodeAt(j);
          if (c === QUOTE) {
            if (j + 1 === n && !final) return suspend();
            if (buf.charCodeAt(j + 1) === QUOTE) {
              parts.push(buf.slice(from, j + 1));
              j += 2;
              from = j;
              continue;
            }
            parts.push(buf.slice(from, j));
            j++;
            break;
          }
          if (c === CR) {
            if (j + 1 === n && !final) return suspend();
            if (buf.charCodeAt(j + 1) === LF) j++;
            line++;
          } else if (c === LF) {
            line++;
          }
          j++;
        }
        field = parts.length === 1 ? parts[0]! : parts.join('');
        i = j;
        if (i === n && !final) return suspend();
        const after = i < n ? buf.charCodeAt(i) : -1;
        if (after !== -1 && after !== delim && after !== CR && after !== LF) {
          // The message quotes the next 10 characters: wait until they are all here.
          if (!final && n - i < 10) return suspend();
          throw new CsvError(
            line,
            `field ${fieldNumber} has text after its closing quote (${JSON.stringify(buf.slice(i, i + 10))})`
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = buf.charCodeAt(j);
          if (c === delim || c === CR || c === LF) break;
          j++;
        }
        if (j === n && !final) return suspend();
        field = buf.slice(i, j);
        i = j;
      }
      record.push(field);
      if (i < n && buf.charCodeAt(i) === delim) {
        i++;
        continue; // a delimiter at the very end still gives one more (empty) field
      }
      // A CR last in the text may be the first half of a CRLF: the line count must wait.
      if (i + 1 === n && buf.charCodeAt(i) === CR && !final) return suspend();
      emit({ fields: record, line: recordLine });
      record = [];
      if (i >= n) {
        mark = n;
        markLine = line;
        break;
      }
      i += buf.charCodeAt(i) === CR && buf.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    this.#pending = buf.slice(mark);
    this.#line = markLine;
  }
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
