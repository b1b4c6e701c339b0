/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF;
 * check value crc32c("123456789") = 0xE3069283. TFRecord (TensorBoard event files) frames each
 * record with it; computed slicing-by-8 as crc32.ts computes CRC-32.
 */
import { reflectedCrc, type Crc } from './crc32';

/** CRC-32C of bytes[start, end), as an unsigned 32-bit number. */
export const crc32c: Crc = reflectedCrc(0x82f63b78);

/**
 * The masked form TFRecord stores: a CRC of data that itself holds CRCs is weak, so the value is
 * rotated right by 15 bits and offset by a constant (TensorFlow's crc32c::Mask).
 */
export function maskCrc32c(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** The masked CRC-32C of bytes[start, end). */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc32c(crc32c(bytes, start, end));
}
