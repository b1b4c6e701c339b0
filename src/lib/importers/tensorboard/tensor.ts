/**
 * TensorProto, the part an importer of summaries needs (tensorboard/compat/proto/tensor.proto and
 * types.proto, read 2026-11): the dtype, the shape, the first element of whichever value field is
 * set (packed or not), the raw `tensor_content`, and the byte ranges of `string_val` entries.
 * One TensorFields object is reused for every tensor of a file.
 */
import type { ProtoReader } from '../readers/protobuf-wire';
import {
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH,
  WIRE_VARINT,
  firstRepeated
} from '../readers/protobuf-wire';

export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_INT32 = 3;
export const DT_UINT8 = 4;
export const DT_INT16 = 5;
export const DT_INT8 = 6;
export const DT_STRING = 7;
export const DT_COMPLEX64 = 8;
export const DT_INT64 = 9;
export const DT_BOOL = 10;
export const DT_QINT8 = 11;
export const DT_QUINT8 = 12;
export const DT_QINT32 = 13;
export const DT_BFLOAT16 = 14;
export const DT_QINT16 = 15;
export const DT_QUINT16 = 16;
export const DT_UINT16 = 17;
export const DT_COMPLEX128 = 18;
export const DT_HALF = 19;
export const DT_UINT32 = 22;
export const DT_UINT64 = 23;
export const DT_FLOAT8_E5M2 = 24;
export const DT_FLOAT8_E4M3FN = 25;

/** What was read of one TensorProto; `reset()` before reading the next. */
export class TensorFields {
  dtype = 0;
  /** Number of dimensions (0 for a scalar) and the product of their sizes. */
  rank = 0;
  elements = 1;
  /** First element of a typed value field (raw bits for half, bfloat16 and float8). */
  hasValue = false;
  value = 0;
  /** `tensor_content` as [start, end) of the buffer; start < 0 when absent. */
  contentStart = -1;
  contentEnd = -1;
  /** `string_val` entries as start, end pairs. */
  readonly strings: number[] = [];

  reset(): void {
    this.dtype = 0;
    this.rank = 0;
    this.elements = 1;
    this.hasValue = false;
    this.contentStart = -1;
    if (this.strings.length > 0) this.strings.length = 0;
  }
}

const first = { value: 0 };
const readFloat = (r: ProtoReader) => r.float();
const readDouble = (r: ProtoReader) => r.double();
const readInt32 = (r: ProtoReader) => r.int32();
const readInt64 = (r: ProtoReader) => r.int64();
const readUint32 = (r: ProtoReader) => r.uint32();
const readUint64 = (r: ProtoReader) => r.uint64();

function readShape(r: ProtoReader, end: number, t: TensorFields): void {
  while (r.pos < end) {
    const key = r.uint32();
    if (key === ((2 << 3) | WIRE_LENGTH)) {
      const dimEnd = r.lengthDelimited(end);
      let size = 0;
      while (r.pos < dimEnd) {
        const k = r.uint32();
        if (k === ((1 << 3) | WIRE_VARINT)) size = r.int64();
        else r.skip(k & 7, dimEnd);
      }
      r.expectEnd(dimEnd);
      t.rank++;
      t.elements *= size;
    } else r.skip(key & 7, end);
  }
  r.expectEnd(end);
}

/** Reads a TensorProto occupying [r.pos, end) into `t`. */
export function readTensor(r: ProtoReader, end: number, t: TensorFields): void {
  t.reset();
  while (r.pos < end) {
    const key = r.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    let read: ((r: ProtoReader) => number) | null = null;
    switch (field) {
      case 1:
        if (wire !== WIRE_VARINT) break;
        t.dtype = r.uint32();
        continue;
      case 2:
        if (wire !== WIRE_LENGTH) break;
        readShape(r, r.lengthDelimited(end), t);
        continue;
      case 4:
        if (wire !== WIRE_LENGTH) break;
        t.contentEnd = r.lengthDelimited(end);
        t.contentStart = r.pos;
        r.pos = t.contentEnd;
        continue;
      case 8:
        if (wire !== WIRE_LENGTH) break;
        t.strings.push(0, r.lengthDelimited(end));
        t.strings[t.strings.length - 2] = r.pos;
        r.pos = t.strings[t.strings.length - 1]!;
        continue;
      case 18: // float8_val: one byte per element
        if (wire !== WIRE_LENGTH) break;
        {
          const e = r.lengthDelimited(end);
          if (!t.hasValue && r.pos < e) {
            t.hasValue = true;
            t.value = r.bytes[r.pos]!;
          }
          r.pos = e;
        }
        continue;
      case 5:
        read = wire === WIRE_LENGTH || wire === WIRE_FIXED32 ? readFloat : null;
        break;
      case 6:
        read = wire === WIRE_LENGTH || wire === WIRE_FIXED64 ? readDouble : null;
        break;
      case 7: // int_val: int32, int16, int8, uint8, uint16, qint*
      case 13: // half_val: the 16 bits of a half or bfloat16
      case 11: // bool_val
        read = wire === WIRE_LENGTH || wire === WIRE_VARINT ? readInt32 : null;
        break;
      case 10:
        read = wire === WIRE_LENGTH || wire === WIRE_VARINT ? readInt64 : null;
        break;
      case 16:
        read = wire === WIRE_LENGTH || wire === WIRE_VARINT ? readUint32 : null;
        break;
      case 17:
        read = wire === WIRE_LENGTH || wire === WIRE_VARINT ? readUint64 : null;
        break;
    }
    if (read === null) {
      r.skip(wire, end);
    } else if (t.hasValue) {
      r.skip(wire, end);
    } else if (firstRepeated(r, wire, end, read, first)) {
      t.hasValue = true;
      t.value = first.value;
    }
  }
  r.expectEnd(end);
}

/** IEEE 754 binary16 bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** bfloat16 bits (the high half of a float32) to a number. */
export function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** float8 e4m3fn (finite only; S.1111.111 is NaN) to a number. */
export function float8e4m3fnToNumber(byte: number): number {
  const sign = byte & 0x80 ? -1 : 1;
  const exponent = (byte >>> 3) & 0x0f;
  const fraction = byte & 0x07;
  if (exponent === 0x0f && fraction === 0x07) return NaN;
  if (exponent === 0) return sign * fraction * 2 ** -9;
  return sign * (1 + fraction / 8) * 2 ** (exponent - 7);
}

/** Bytes of one element of each numeric dtype in `tensor_content`. */
const CONTENT_BYTES: Partial<Record<number, number>> = {
  [DT_FLOAT]: 4,
  [DT_DOUBLE]: 8,
  [DT_INT32]: 4,
  [DT_QINT32]: 4,
  [DT_UINT32]: 4,
  [DT_INT16]: 2,
  [DT_QINT16]: 2,
  [DT_UINT16]: 2,
  [DT_QUINT16]: 2,
  [DT_INT8]: 1,
  [DT_QINT8]: 1,
  [DT_UINT8]: 1,
  [DT_QUINT8]: 1,
  [DT_BOOL]: 1,
  [DT_INT64]: 8,
  [DT_UINT64]: 8,
  [DT_HALF]: 2,
  [DT_BFLOAT16]: 2,
  [DT_FLOAT8_E5M2]: 1,
  [DT_FLOAT8_E4M3FN]: 1
};

/** The value of a one-element tensor from `tensor_content`, by dtype; undefined when not numeric. */
function contentValue(r: ProtoReader, t: TensorFields): number | undefined {
  const view = r.view;
  const at = t.contentStart;
  const size = t.contentEnd - at;
  // Fewer bytes than one element (or a dtype that is not a number): no value.
  if (!(size >= (CONTENT_BYTES[t.dtype] ?? Infinity))) return undefined;
  switch (t.dtype) {
    case DT_FLOAT:
      return view.getFloat32(at, true);
    case DT_DOUBLE:
      return view.getFloat64(at, true);
    case DT_INT32:
    case DT_QINT32:
      return view.getInt32(at, true);
    case DT_UINT32:
      return view.getUint32(at, true);
    case DT_INT16:
    case DT_QINT16:
      return view.getInt16(at, true);
    case DT_UINT16:
    case DT_QUINT16:
      return view.getUint16(at, true);
    case DT_INT8:
    case DT_QINT8:
      return view.getInt8(at);
    case DT_UINT8:
    case DT_QUINT8:
    case DT_BOOL:
      return view.getUint8(at);
    case DT_INT64:
      return view.getInt32(at + 4, true) * 4294967296 + view.getUint32(at, true);
    case DT_UINT64:
      return view.getUint32(at + 4, true) * 4294967296 + view.getUint32(at, true);
    case DT_HALF:
      return halfToNumber(view.getUint16(at, true));
    case DT_BFLOAT16:
      return bfloat16ToNumber(view.getUint16(at, true));
    case DT_FLOAT8_E5M2:
      return halfToNumber(r.bytes[at]! << 8);
    case DT_FLOAT8_E4M3FN:
      return float8e4m3fnToNumber(r.bytes[at]!);
  }
  return undefined;
}

/** The typed value field's first element read by dtype (half and float8 kept as raw bits). */
function fieldValue(t: TensorFields): number | undefined {
  switch (t.dtype) {
    case DT_HALF:
      return halfToNumber(t.value & 0xffff);
    case DT_BFLOAT16:
      return bfloat16ToNumber(t.value);
    case DT_FLOAT8_E5M2:
      return halfToNumber((t.value & 0xff) << 8);
    case DT_FLOAT8_E4M3FN:
      return float8e4m3fnToNumber(t.value & 0xff);
    case DT_UINT8:
    case DT_QUINT8:
      return t.value & 0xff;
    case DT_UINT16:
    case DT_QUINT16:
      return t.value & 0xffff;
    case DT_BOOL:
      return t.value === 0 ? 0 : 1;
    case DT_STRING:
    case DT_COMPLEX64:
    case DT_COMPLEX128:
      return undefined;
  }
  return t.value;
}

/**
 * The number a one-element numeric tensor holds (a scalar summary), or undefined for strings,
 * complex numbers, empty tensors and tensors of more than one element.
 */
export function tensorScalar(r: ProtoReader, t: TensorFields): number | undefined {
  if (t.elements !== 1) return undefined;
  if (t.hasValue) return fieldValue(t);
  if (t.contentStart >= 0) return contentValue(r, t);
  return undefined;
}
