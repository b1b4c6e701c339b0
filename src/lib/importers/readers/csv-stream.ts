/**
 * The CSV grammar of csv.ts (`CsvRecordParser`) over a file read in slices, for files too big to hold as one string
 * (a `search_runs` CSV of a million runs is ~220 MB; V8 caps a string at ~512 M characters). The
 * same grammar and leniencies as `parseCsv`: RFC 4180 quoting, CR, LF or CRLF, a leading BOM
 * dropped, empty lines skipped, the same errors on the same lines. A record cut by a slice
 * boundary (inside a quoted field, between the two quotes of `""`, between CR and LF) is kept as
 * text and parsed again with the next slice, so only the current slice and one partial record
 * are ever held. Reads are synchronous (RandomAccess), so a reader can feed an IndexedDB write
 * transaction without letting it commit early.
 */
import { CsvRecordParser, type CsvRecord } from './csv';

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
