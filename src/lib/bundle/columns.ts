/**
 * Metric columns as bytes, exactly: raw doubles keep their IEEE 754 bits (NaN payloads, ±Infinity
 * and -0 included) because bytes are copied, never read as numbers; whole-number columns (steps,
 * epoch-millisecond timestamps) shrink to int32 offsets, and values that are short decimals to
 * int32s over a power of ten, only when every value comes back bit for bit.
 */
import type { ColumnEncoding } from './bundle-format';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** True on little-endian hosts (every browser and Node platform in use; checked, not assumed). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Is every value the canonical quiet NaN (what a missing timestamp is)? */
function allCanonicalNaN(column: Float64Array): boolean {
  const words = new Uint32Array(column.buffer, column.byteOffset, column.length * 2);
  const [lo, hi] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  for (let i = 0; i < column.length; i++) {
    if (words[2 * i + lo] !== 0 || words[2 * i + hi] !== 0x7ff80000) return false;
  }
  return column.length > 0;
}

/** Powers of ten that are exact doubles, for decimal columns. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const MAX_DIGITS = POW10.length - 1;

/** int32 offsets from the first value, if every value is a whole number that fits. */
function wholeOffsets(column: Float64Array): ColumnEncoding | null {
  const base = column[0]!;
  if (!Number.isSafeInteger(base) || Object.is(base, -0)) return null;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    const d = v - base;
    if (!Number.isInteger(v) || Object.is(v, -0) || d < INT32_MIN || d > INT32_MAX) return null;
  }
  return { type: 'i32', base };
}

/** Is v exactly k / 10^digits for an int32 k (what parsing its short decimal spelling gives)? */
function isDecimal(v: number, digits: number): boolean {
  const k = Math.round(v * POW10[digits]!);
  return k >= INT32_MIN && k <= INT32_MAX && k / POW10[digits]! === v && !Object.is(v, -0);
}

/**
 * The fewest decimal digits that spell every value exactly as an int32 over a power of ten (a
 * logged `round(loss, 4)` needs 4), or null. Deflate packs these far tighter than raw doubles.
 */
function decimalDigits(column: Float64Array): ColumnEncoding | null {
  let digits = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (!Number.isFinite(v)) return null;
    while (!isDecimal(v, digits)) if (++digits > MAX_DIGITS) return null;
  }
  // More digits for a later value can push an earlier one past int32: check them all again.
  for (let i = 0; i < column.length; i++) if (!isDecimal(column[i]!, digits)) return null;
  return { type: 'dec', digits };
}

/** The narrowest encoding that gives back every bit of the column. */
export function chooseEncoding(column: Float64Array): ColumnEncoding {
  if (column.length === 0) return { type: 'f64' };
  if (allCanonicalNaN(column)) return { type: 'nan' };
  return wholeOffsets(column) ?? decimalDigits(column) ?? { type: 'f64' };
}

/** Bytes a column of `count` values takes under an encoding. */
export function encodedLength(encoding: ColumnEncoding, count: number): number {
  return encoding.type === 'f64' ? count * 8 : encoding.type === 'nan' ? 0 : count * 4;
}

/** The column's bytes under `encoding` (chosen by chooseEncoding for this column). */
export function encodeColumn(column: Float64Array, encoding: ColumnEncoding): Uint8Array {
  if (encoding.type === 'nan') return new Uint8Array(0);
  if (encoding.type === 'f64') {
    const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength).slice();
    if (!LITTLE_ENDIAN) swapWords(bytes, 8);
    return bytes;
  }
  const out = new Uint8Array(column.length * 4);
  const view = new DataView(out.buffer);
  if (encoding.type === 'i32') {
    for (let i = 0; i < column.length; i++) view.setInt32(i * 4, column[i]! - encoding.base, true);
  } else {
    const scale = POW10[encoding.digits]!;
    for (let i = 0; i < column.length; i++)
      view.setInt32(i * 4, Math.round(column[i]! * scale), true);
  }
  return out;
}

/** Reads `count` values back from `bytes` (exactly encodedLength(encoding, count) long). */
export function decodeColumn(
  bytes: Uint8Array,
  encoding: ColumnEncoding,
  count: number
): Float64Array {
  if (encoding.type === 'nan') return new Float64Array(count).fill(NaN);
  if (encoding.type === 'f64') {
    const copy = bytes.slice(); // aligned, and ours
    if (!LITTLE_ENDIAN) swapWords(copy, 8);
    return new Float64Array(copy.buffer, 0, count);
  }
  const out = new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding.type === 'i32') {
    for (let i = 0; i < count; i++) out[i] = encoding.base + view.getInt32(i * 4, true);
  } else {
    const scale = POW10[encoding.digits]!;
    for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true) / scale;
  }
  return out;
}

function swapWords(bytes: Uint8Array, width: number): void {
  for (let at = 0; at < bytes.length; at += width) bytes.subarray(at, at + width).reverse();
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zip and PNG polynomial); pass the previous result as `crc` to continue over parts. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
