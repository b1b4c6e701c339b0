/**
 * The end of a Parquet file, read without the Parquet library: `PAR1` opens and closes every file,
 * and the footer before the closing magic (thrift FileMetaData, its length in the 4 bytes before
 * `PAR1`) holds the schema with every column name as plain UTF-8. Detection reads just these bytes,
 * so a dropped Parquet file is told apart before the reader (table.ts) is loaded.
 * Format: apache/parquet-format, "File format" (read 2026).
 */
import type { RandomAccess } from '../../source';

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
/** Magic + footer length + magic: the smallest file that can hold a footer at all. */
const SMALLEST = 12;

/** Does the head start with `PAR1`, as every Parquet file does? */
export function startsAsParquet(head: Uint8Array): boolean {
  return head.length >= 4 && MAGIC.every((b, i) => head[i] === b);
}

export type FooterRead =
  | {
      ok: true;
      /** The FileMetaData bytes followed by their length and `PAR1`. */ tail: Uint8Array;
    }
  | { ok: false; problem: string };

/**
 * The footer of a Parquet file of `size` bytes, or why there is none: a file cut short loses its
 * end, and with it the closing `PAR1` and the footer (the schema and where each column is).
 */
export function readParquetFooter(access: RandomAccess, size: number): FooterRead {
  if (size < SMALLEST)
    return { ok: false, problem: `is too short for a Parquet file (${size} bytes)` };
  const end = access.read(size - 8, 8);
  if (!MAGIC.every((b, i) => end[4 + i] === b)) {
    return {
      ok: false,
      problem:
        'does not end with PAR1: the file is cut short (or still being written), and its footer, ' +
        'which holds the schema and where each column is, is lost'
    };
  }
  const length = (end[0]! | (end[1]! << 8) | (end[2]! << 16) | (end[3]! << 24)) >>> 0;
  if (length === 0 || length > size - SMALLEST) {
    return {
      ok: false,
      problem: `has a footer length (${length} bytes) that does not fit the file`
    };
  }
  return { ok: true, tail: access.read(size - 8 - length, length + 8) };
}

/** Are all these names in the footer's bytes (column names are stored there as plain UTF-8)? */
export function footerNames(tail: Uint8Array, names: readonly string[]): boolean {
  const encoder = new TextEncoder();
  return names.every((name) => indexOfBytes(tail, encoder.encode(name)) >= 0);
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first ?? 0);
    i >= 0;
    i = haystack.indexOf(first ?? 0, i + 1)
  ) {
    if (i + needle.length > haystack.length) return -1;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
