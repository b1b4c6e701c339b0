/**
 * LevelDB's log format (github.com/google/leveldb doc/log_format.md, read 2026-12), the framing of
 * W&B's `.wandb` transaction log (../shared/FORMATS.md §6): the stream is cut into 32 KiB blocks
 * counted from offset 0 of the file; each block holds chunks
 *
 *   uint32 checksum (LE) | uint16 length (LE) | uint8 type | data[length]
 *   type: 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST
 *
 * that never cross a block boundary; fewer than 7 bytes left in a block are zero padding, and an
 * all-zero chunk header is a zeroed (preallocated) block. A record is one FULL chunk, or FIRST,
 * MIDDLE*, LAST joined. The checksum covers the type byte and the data; how it is computed is
 * the caller's (W&B: plain CRC-32/IEEE; upstream LevelDB: masked CRC-32C).
 *
 * A cursor over one byte array: whole records are returned as byte ranges (FULL chunks: in the
 * file's own bytes; joined ones: in a reused buffer). Damage is handled as LevelDB does: a bad chunk
 * drops the rest of its block and any record being joined, and reading resumes at the next block,
 * so one flipped bit costs at most 32 KiB, not the rest of the file.
 */

export const LOG_BLOCK_SIZE = 32768;
export const LOG_CHUNK_HEADER = 7;

const FULL = 1;
const FIRST = 2;
// 3 is MIDDLE: any chunk that is not FULL, FIRST or LAST continues a record.
const LAST = 4;

/** A checksum of bytes[start, end) (the chunk's type byte and its data). */
export type ChunkChecksum = (bytes: Uint8Array, start: number, end: number) => number;

/** What `next()` found. */
export type LogStep =
  /** A whole record: `record`, which began at `recordOffset`. */
  | 'record'
  /** The bytes ended after a whole record (or in zero padding). */
  | 'end'
  /** The bytes end inside a record (a writer still writing, or stopped): `truncatedAt`. */
  | 'truncated';

/** A stretch of the file that could not be read; reading went on at `resumedAt`. */
export interface LogDamage {
  /** Byte offset of the chunk (or the first chunk of the record) that was bad. */
  offset: number;
  /** Where reading resumed (the next block boundary, or the next chunk). */
  resumedAt: number;
  problem: string;
}

export class LevelDbLogReader {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  readonly #checksum: ChunkChecksum;
  #pos: number;
  /**
   * The record found by the last `next()` that returned 'record': `recordBytes[recordStart,
   * recordEnd)`. No view is made per record (millions of them): `recordBytes` is the file's own
   * bytes for a FULL chunk, or the reader's join buffer, which the next record overwrites.
   */
  recordBytes: Uint8Array;
  recordStart = 0;
  recordEnd = 0;
  /** True when the record lies in the file's bytes (it stays valid); false: copy to keep. */
  recordIsStable = true;
  /** Byte offset of the record's first chunk. */
  recordOffset = 0;
  /** Whole records returned so far. */
  count = 0;
  /** Where the cut-off record began, after 'truncated'. */
  truncatedAt = -1;
  /** Every stretch skipped for a bad checksum, type or length, in file order. */
  readonly damage: LogDamage[] = [];
  #joined = new Uint8Array(1024);
  #joinedLength = 0;
  /** Offset of the FIRST chunk being joined, or -1. */
  #joinStart = -1;
  /** After damage, MIDDLE and LAST chunks of the lost record are skipped without another report. */
  #resyncing = false;

  /** Reads chunks from `start` (after any file header). */
  constructor(bytes: Uint8Array, start: number, checksum: ChunkChecksum) {
    this.bytes = bytes;
    this.recordBytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#checksum = checksum;
    this.#pos = start;
  }

  /** Offset of the next chunk to read (the end of the last record after 'record'). */
  get position(): number {
    return this.#pos;
  }

  next(): LogStep {
    const bytes = this.bytes;
    const size = bytes.length;
    for (;;) {
      const at = this.#pos;
      const blockLeft = LOG_BLOCK_SIZE - (at % LOG_BLOCK_SIZE);
      if (at >= size) return this.#ended(at);
      if (blockLeft < LOG_CHUNK_HEADER) {
        // Zero padding at the end of a block.
        if (size - at < blockLeft) return this.#endedInPadding(at);
        this.#pos = at + blockLeft;
        continue;
      }
      if (size - at < LOG_CHUNK_HEADER) return this.#endedInPadding(at);
      const view = this.#view;
      const stored = view.getUint32(at, true);
      const length = view.getUint16(at + 4, true);
      const type = bytes[at + 6]!;
      if (type === 0 && length === 0 && stored === 0) {
        // A zeroed block (preallocated, never written): nothing more in it.
        if (this.#joinStart >= 0)
          this.#damaged(this.#joinStart, at, 'a record is cut by a zeroed block');
        this.#pos = at + blockLeft;
        continue;
      }
      const end = at + LOG_CHUNK_HEADER + length;
      if (end > size && LOG_CHUNK_HEADER + length <= blockLeft) {
        // The chunk's data is not all there: the writer was cut off while writing it.
        return this.#cut(at);
      }
      if (LOG_CHUNK_HEADER + length > blockLeft) {
        this.#skipBlock(at, blockLeft, `a chunk of ${length} bytes would cross its 32 KiB block`);
        continue;
      }
      if (type < FULL || type > LAST) {
        this.#skipBlock(at, blockLeft, `unknown chunk type ${type}`);
        continue;
      }
      if (this.#checksum(bytes, at + 6, end) !== stored) {
        this.#skipBlock(at, blockLeft, 'the checksum does not match');
        continue;
      }
      this.#pos = end;
      const dataStart = at + LOG_CHUNK_HEADER;
      if (type === FULL || type === FIRST) {
        if (this.#joinStart >= 0)
          this.#damaged(this.#joinStart, at, 'a record ends without its last chunk');
        this.#resyncing = false;
        if (type === FULL) {
          this.recordBytes = bytes;
          this.recordStart = dataStart;
          this.recordEnd = end;
          this.recordIsStable = true;
          this.recordOffset = at;
          this.count++;
          return 'record';
        }
        this.#joinStart = at;
        this.#joinedLength = 0;
        this.#append(dataStart, end);
        continue;
      }
      if (this.#joinStart < 0) {
        // A MIDDLE or LAST chunk whose FIRST was lost.
        if (!this.#resyncing) this.#damaged(at, end, 'a record continues without its first chunk');
        continue;
      }
      this.#append(dataStart, end);
      if (type === LAST) {
        this.recordBytes = this.#joined;
        this.recordStart = 0;
        this.recordEnd = this.#joinedLength;
        this.recordIsStable = false;
        this.recordOffset = this.#joinStart;
        this.#joinStart = -1;
        this.count++;
        return 'record';
      }
    }
  }

  #append(start: number, end: number): void {
    const n = end - start;
    if (this.#joinedLength + n > this.#joined.length) {
      const grown = new Uint8Array(Math.max(this.#joined.length * 2, this.#joinedLength + n));
      grown.set(this.#joined.subarray(0, this.#joinedLength));
      this.#joined = grown;
    }
    this.#joined.set(this.bytes.subarray(start, end), this.#joinedLength);
    this.#joinedLength += n;
  }

  #ended(at: number): LogStep {
    if (this.#joinStart >= 0) return this.#cut(this.#joinStart);
    this.#pos = at;
    return 'end';
  }

  /** Fewer bytes than a chunk header remain: zero padding if they are zeros, else a cut-off header. */
  #endedInPadding(at: number): LogStep {
    for (let i = at; i < this.bytes.length; i++) if (this.bytes[i] !== 0) return this.#cut(at);
    return this.#ended(this.bytes.length);
  }

  #cut(at: number): LogStep {
    this.truncatedAt = this.#joinStart >= 0 ? this.#joinStart : at;
    this.#joinStart = -1;
    this.#pos = this.bytes.length;
    return 'truncated';
  }

  #skipBlock(at: number, blockLeft: number, problem: string): void {
    const resumedAt = Math.min(at + blockLeft, this.bytes.length);
    this.#damaged(this.#joinStart >= 0 ? this.#joinStart : at, resumedAt, problem);
    this.#pos = resumedAt;
  }

  #damaged(offset: number, resumedAt: number, problem: string): void {
    this.damage.push({ offset, resumedAt, problem });
    this.#joinStart = -1;
    this.#joinedLength = 0;
    this.#resyncing = true;
  }
}
