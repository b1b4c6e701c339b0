/**
 * The CSV reader of csv.ts over a file read in slices, for files too big to hold as one string
 * (a `search_runs` CSV of a million runs is ~220 MB; V8 caps a string at ~512 M characters). The
 * same grammar and leniencies as `parseCsv`: RFC 4180 quoting, CR, LF or CRLF, a leading BOM
 * dropped, empty lines skipped, the same errors on the same lines. A record cut by a slice
 * boundary (inside a quoted field, between the two quotes of `""`, between CR and LF) is kept as
 * text and parsed again with the next slice, so only the current slice and one partial record
 * are ever held. Reads are synchronous (RandomAccess), so a reader can feed an IndexedDB write
 * transaction without letting it commit early.
 */
import { CsvError } from './csv';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) on which the record starts. */
  line: number;
}

/**
 * Parses pushed text into records. `push(text, false)` emits every record that is certainly
 * complete and keeps the rest; `push('', true)` ends the text (an unclosed quote is an error).
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

  push(text: string, final: boolean, emit: (record: CsvRecord) => void): void {
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

/** Bytes per slice read from the file: 1 MiB. */
export const CSV_SLICE_BYTES = 1 << 20;

/**
 * Records of a file read in slices, one at a time, synchronously. `onText` sees every decoded
 * piece of text in order (a content hash without the whole text).
 */
export class CsvSliceReader {
  #offset = 0;
  #done = false;
  #queue: CsvRecord[] = [];
  #at = 0;
  #parser: CsvRecordParser;
  #decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  readonly read: (offset: number, length: number) => Uint8Array;
  readonly size: number;
  readonly sliceBytes: number;
  readonly onText: ((text: string) => void) | undefined;

  constructor(
    read: (offset: number, length: number) => Uint8Array,
    size: number,
    sliceBytes = CSV_SLICE_BYTES,
    onText?: (text: string) => void,
    delimiter = ','
  ) {
    this.read = read;
    this.size = size;
    this.sliceBytes = sliceBytes;
    this.onText = onText;
    this.#parser = new CsvRecordParser(delimiter);
  }

  /** Bytes read so far. */
  get bytesRead(): number {
    return this.#offset;
  }

  /** Characters of an unfinished record held back (what a slice boundary cut). */
  get pendingLength(): number {
    return this.#parser.pendingLength;
  }

  /** The next record, or null after the last one; throws CsvError for broken CSV. */
  next(): CsvRecord | null {
    while (this.#at === this.#queue.length) {
      if (this.#done) return null;
      this.#queue = [];
      this.#at = 0;
      this.#fill();
    }
    return this.#queue[this.#at++]!;
  }

  #fill(): void {
    const emit = (r: CsvRecord) => this.#queue.push(r);
    if (this.#offset >= this.size) {
      const rest = this.#decoder.decode();
      if (rest) this.onText?.(rest);
      this.#parser.push(rest, true, emit);
      this.#done = true;
      return;
    }
    const length = Math.min(this.sliceBytes, this.size - this.#offset);
    const bytes = this.read(this.#offset, length);
    if (bytes.byteLength === 0) {
      // The file got shorter than it said: end it here.
      this.#offset = this.size;
      return;
    }
    this.#offset += bytes.byteLength;
    const text = this.#decoder.decode(bytes, { stream: true });
    this.onText?.(text);
    this.#parser.push(text, false, emit);
  }
}
