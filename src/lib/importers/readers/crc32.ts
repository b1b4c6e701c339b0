/**
 * CRC-32 (IEEE 802.3, zlib's `crc32`): reflected polynomial 0xEDB88320, initial value and final
 * xor 0xFFFFFFFF; check value crc32("123456789") = 0xCBF43926. W&B's `.wandb` transaction log
 * frames its records with it (not CRC-32C, whatever its docstring says). Slicing-by-8, as in
 * crc32c.ts, so checksumming stays a small share of reading a log.
 */
const POLYNOMIAL = 0xedb88320;

/** Eight tables of 256 entries, one after the other; table k advances a byte by k more zero bytes. */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
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

/** CRC-32 of bytes[start, end), as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
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
}
