/**
 * A minimal protocol-buffers wire-format reader (https://protobuf.dev/programming-guides/encoding/):
 * varints (64-bit ones as two 32-bit halves, then a number), fixed32/64, length-delimited fields
 * as ranges of the same byte array, and skipping what a decoder does not need. One reader walks
 * a whole buffer; nested messages are read as `[pos, end)` ranges, so decoding allocates nothing
 * unless the caller asks for a string or a sub-array.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

/** A message that does not follow the wire format; `offset` is where in the buffer it broke. */
export class ProtoWireError extends Error {
  constructor(
    readonly offset: number,
    detail: string
  ) {
    super(`${detail} at byte ${offset}`);
    this.name = 'ProtoWireError';
  }
}

const utf8 = new TextDecoder('utf-8');
const TWO_32 = 4294967296;

/** Reads fields from `bytes`; `pos` moves forward as values are read. */
export class ProtoReader {
  readonly bytes: Uint8Array;
  /** The same bytes as a DataView, for fixed-width values at known offsets. */
  readonly view: DataView;
  pos: number;
  /** Set by `varint64()`: the low and high 32 bits of the last 64-bit varint. */
  low = 0;
  high = 0;

  constructor(bytes: Uint8Array, pos = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  /** A varint of up to 32 bits (a field key, an enum, a length, an int32 or a bool). */
  uint32(): number {
    const b = this.bytes;
    let p = this.pos;
    let c = b[p++]!;
    let v = c & 0x7f;
    if (c >= 0x80) {
      c = b[p++]!;
      v |= (c & 0x7f) << 7;
      if (c >= 0x80) {
        c = b[p++]!;
        v |= (c & 0x7f) << 14;
        if (c >= 0x80) {
          c = b[p++]!;
          v |= (c & 0x7f) << 21;
          if (c >= 0x80) {
            c = b[p++]!;
            v |= c << 28;
            // A negative int32 is sign-extended to ten bytes: the high bytes carry nothing more.
            while (c >= 0x80 && p < b.length) c = b[p++]!;
          }
        }
      }
    }
    this.pos = p;
    return v >>> 0;
  }

  /** An int32 varint (negative values are written as ten-byte varints). */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A 64-bit varint into `low` and `high` (unsigned halves). */
  varint64(): void {
    const b = this.bytes;
    let p = this.pos;
    let low = 0;
    let high = 0;
    let c = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      c = b[p++]!;
      low |= (c & 0x7f) << shift;
      if (c < 0x80) return this.#set64(p, low, high);
    }
    c = b[p++]!;
    low |= (c & 0x0f) << 28;
    high = (c & 0x7f) >> 4;
    if (c < 0x80) return this.#set64(p, low, high);
    for (shift = 3; shift < 32; shift += 7) {
      c = b[p++]!;
      high |= (c & 0x7f) << shift;
      if (c < 0x80) return this.#set64(p, low, high);
    }
    if (p > b.length) throw new ProtoWireError(this.pos, 'varint runs past the end');
    throw new ProtoWireError(this.pos, 'varint longer than ten bytes');
  }

  #set64(p: number, low: number, high: number): void {
    if (p > this.bytes.length) throw new ProtoWireError(this.pos, 'varint runs past the end');
    this.pos = p;
    this.low = low >>> 0;
    this.high = high >>> 0;
  }

  /** An int64 varint as a number (exact up to ±2^53; steps and counts stay far below). */
  int64(): number {
    this.varint64();
    if (this.high & 0x80000000) {
      // Two's complement: -(~value + 1), computed on the halves.
      const low = ~this.low >>> 0;
      const high = ~this.high >>> 0;
      return -(high * TWO_32 + low + 1);
    }
    return this.high * TWO_32 + this.low;
  }

  /** A uint64 varint as a number (exact up to 2^53). */
  uint64(): number {
    this.varint64();
    return this.high * TWO_32 + this.low;
  }

  fixed32(): number {
    const v = this.view.getUint32(this.#take(4), true);
    return v;
  }

  float(): number {
    return this.view.getFloat32(this.#take(4), true);
  }

  double(): number {
    return this.view.getFloat64(this.#take(8), true);
  }

  /** A 64-bit little-endian integer (fixed64 or sfixed64) as a number. */
  fixed64(signed: boolean): number {
    const at = this.#take(8);
    const low = this.view.getUint32(at, true);
    const high = signed ? this.view.getInt32(at + 4, true) : this.view.getUint32(at + 4, true);
    return high * TWO_32 + low;
  }

  #take(n: number): number {
    const at = this.pos;
    if (at + n > this.bytes.length) throw new ProtoWireError(at, 'value runs past the end');
    this.pos = at + n;
    return at;
  }

  /**
   * Reads a length prefix and returns the end of the field's bytes; `pos` is then at their start.
   * `limit` is the end of the enclosing message, which the field may not cross.
   */
  lengthDelimited(limit: number = this.bytes.length): number {
    const at = this.pos;
    const length = this.uint32();
    const end = this.pos + length;
    if (end > limit) throw new ProtoWireError(at, `field of ${length} bytes runs past its message`);
    return end;
  }

  /** A length-delimited field as a view into the same buffer (no copy). */
  bytesField(limit?: number): Uint8Array {
    const end = this.lengthDelimited(limit);
    const start = this.pos;
    this.pos = end;
    return this.bytes.subarray(start, end);
  }

  /** A length-delimited field decoded as UTF-8. */
  string(limit?: number): string {
    const end = this.lengthDelimited(limit);
    const text = utf8.decode(this.bytes.subarray(this.pos, end));
    this.pos = end;
    return text;
  }

  /** Skips the value of a field whose key had this wire type. */
  skip(wireType: number, limit: number = this.bytes.length): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_FIXED64:
        this.#take(8);
        return;
      case WIRE_LENGTH:
        this.pos = this.lengthDelimited(limit);
        return;
      case WIRE_FIXED32:
        this.#take(4);
        return;
      default:
        // Groups (3, 4) are proto2-only and never written by the formats read here.
        throw new ProtoWireError(this.pos, `unsupported wire type ${wireType}`);
    }
  }

  /** Throws when a message's fields overran its declared end (a corrupt length inside it). */
  expectEnd(end: number): void {
    if (this.pos !== end) throw new ProtoWireError(end, 'message fields overrun its length');
  }
}

/**
 * Reads the first element of a repeated numeric field, packed (one length-delimited run) or not
 * (one key per element): `read` decodes one element at `r.pos`. Returns false for an empty run.
 */
export function firstRepeated(
  r: ProtoReader,
  wireType: number,
  limit: number,
  read: (r: ProtoReader) => number,
  out: { value: number }
): boolean {
  if (wireType !== WIRE_LENGTH) {
    out.value = read(r);
    return true;
  }
  const end = r.lengthDelimited(limit);
  const has = r.pos < end;
  if (has) out.value = read(r);
  r.pos = end;
  return has;
}
