/**
 * Reflected 32-bit CRCs with initial value and final xor 0xFFFFFFFF, computed slicing-by-8: eight
 * 256-entry tables let the loop take eight bytes per step, which keeps checksumming a small share
 * of reading a log. Two polynomials are used: CRC-32 (IEEE 802.3, zlib's `crc32`, here) and
 * CRC-32C (crc32c.ts).
 */

/** A CRC function of bytes[start, end), as an unsigned 32-bit number. */
export type Crc = (bytes: Uint8Array, start?: number, end?: number) => number;

/** Eight tables of 256 entries, one after the other; table k advances a byte by k more zero bytes. */
function buildTables(polynomial: number): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i]!;
    for (let k = 1; k < 8; k++) {
      c = (c >>> 8) ^ t[c & 0xff]!;
      t[k * 256 + i] = c;
    }
  }
  return t;
}

/** The slicing-by-8 CRC of a reflected polynomial. */
export function reflectedCrc(polynomial: number): Crc {
  const t = buildTables(polynomial);
  return (bytes, start = 0, end = bytes.length) => {
    let crc = -1;
    let i = start;
    const fast = end - ((end - start) & 7);
    while (i < fast) {
      crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
      crc =
        t[1792 + (crc & 0xff)]! ^
        t[1536 + ((crc >>> 8) & 0xff)]! ^
        t[1280 + ((crc >>> 16) & 0xff)]! ^
        t[1024 + (crc >>> 24)]! ^
        t[768 + bytes[i + 4]!]! ^
        t[512 + bytes[i + 5]!]! ^
        t[256 + bytes[i + 6]!]! ^
        t[bytes[i + 7]!]!;
      i += 8;
    }
    while (i < end) crc = (crc >>> 8) ^ t[(crc ^ bytes[i++]!) & 0xff]!;
    return ~crc >>> 0;
  };
}

/**
 * CRC-32 (IEEE, polynomial 0xEDB88320); check value crc32("123456789") = 0xCBF43926. W&B's
 * `.wandb` transaction log frames its records with it (not CRC-32C, whatever its docstring says).
 */
export const crc32: Crc = reflectedCrc(0xedb88320);
