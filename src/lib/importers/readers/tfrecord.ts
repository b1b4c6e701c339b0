/**
 * TFRecord framing, as TensorFlow's record_writer and TensorBoard's tf_record.rs define it
 * (read 2026-11): each record is
 *
 *   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes
 *   data[length]                  | uint32 masked CRC-32C of data
 *
 * with no file header. The reader is a cursor over one byte array: it allocates nothing per
 * record and leaves the data checksum to the caller, who knows which records it will use.
 */
import { maskedCrc32c } from './crc32c';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;

/** What `next()` found at the cursor. */
export type TfRecordStep =
  /** A whole record: `dataStart`..`dataEnd`; check it with `dataCrcMatches()`. */
  | 'record'
  /** The bytes ended exactly after the last record. */
  | 'end'
  /** The bytes end inside a record (a writer still writing, or stopped): normal for event files. */
  | 'truncated'
  /** The length's checksum is wrong: the framing is lost and nothing after it can be trusted. */
  | 'bad-length-crc';

/** Walks the records of a TFRecord file held in memory. */
export class TfRecordReader {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  /** Byte offset of the current record's header (of the problem, after a failure). */
  offset = 0;
  dataStart = 0;
  dataEnd = 0;
  /** Records returned so far. */
  count = 0;
  #next = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Moves to the next record and says what is there. */
  next(): TfRecordStep {
    const at = this.#next;
    const size = this.bytes.length;
    this.offset = at;
    if (at === size) return 'end';
    if (size - at < HEADER_BYTES) return 'truncated';
    const view = this.#view;
    if (view.getUint32(at + 8, true) !== maskedCrc32c(this.bytes, at, at + 8)) {
      return 'bad-length-crc';
    }
    const low = view.getUint32(at, true);
    const high = view.getUint32(at + 4, true);
    // A length past what is left (or past 2^32) can only be a record still being written.
    if (high !== 0 || low > size - at - HEADER_BYTES - FOOTER_BYTES) return 'truncated';
    this.dataStart = at + HEADER_BYTES;
    this.dataEnd = this.dataStart + low;
    this.#next = this.dataEnd + FOOTER_BYTES;
    this.count++;
    return 'record';
  }

  /** Does the current record's data match its checksum? */
  dataCrcMatches(): boolean {
    const stored = this.#view.getUint32(this.dataEnd, true);
    return stored === maskedCrc32c(this.bytes, this.dataStart, this.dataEnd);
  }
}

/** Does a file start with a TFRecord header whose length checksum holds (needs 12 bytes)? */
export function startsWithTfRecord(head: Uint8Array): boolean {
  if (head.length < HEADER_BYTES) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const length = view.getUint32(0, true);
  return (
    view.getUint32(4, true) === 0 &&
    length > 0 &&
    view.getUint32(8, true) === maskedCrc32c(head, 0, 8)
  );
}
