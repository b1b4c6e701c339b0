/**
 * A tiny test-only encoder of TensorBoard event files: protobuf fields by hand and TFRecord
 * framing, so tests state exactly which bytes a writer puts on disk.
 */
import { maskedCrc32c } from '../../../src/lib/importers/readers/crc32c';

export type Bytes = number[];

/** A varint; negative numbers as ten-byte two's complement, as protobuf writes int64. */
export function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const utf8 = new TextEncoder();

function le(size: number, write: (view: DataView) => void): Bytes {
  const view = new DataView(new ArrayBuffer(size));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

export const f = {
  varint: (field: number, value: number | bigint): Bytes => [...key(field, 0), ...varint(value)],
  double: (field: number, x: number): Bytes => [
    ...key(field, 1),
    ...le(8, (v) => v.setFloat64(0, x, true))
  ],
  float: (field: number, x: number): Bytes => [
    ...key(field, 5),
    ...le(4, (v) => v.setFloat32(0, x, true))
  ],
  bytes: (field: number, content: Bytes | Uint8Array | string): Bytes => {
    const b = typeof content === 'string' ? [...utf8.encode(content)] : [...content];
    return [...key(field, 2), ...varint(b.length), ...b];
  }
};

/** Little-endian bytes of numbers of one width (for tensor_content and packed fields). */
export function littleEndian(kind: 'f32' | 'f64' | 'i32' | 'i16' | 'u16' | 'i64', xs: number[]) {
  const size = { f32: 4, f64: 8, i32: 4, i16: 2, u16: 2, i64: 8 }[kind];
  return le(size * xs.length, (v) =>
    xs.forEach((x, i) => {
      const at = i * size;
      if (kind === 'f32') v.setFloat32(at, x, true);
      else if (kind === 'f64') v.setFloat64(at, x, true);
      else if (kind === 'i32') v.setInt32(at, x, true);
      else if (kind === 'i16') v.setInt16(at, x, true);
      else if (kind === 'u16') v.setUint16(at, x, true);
      else v.setBigInt64(at, BigInt(x), true);
    })
  );
}

export interface ValueSpec {
  tag: string;
  simple?: number;
  plugin?: string;
  content?: Bytes;
  tensor?: Bytes;
  image?: Bytes;
  histo?: boolean;
}

export function summaryValue(v: ValueSpec): Bytes {
  const out = f.bytes(1, v.tag);
  if (v.plugin !== undefined) {
    const pluginData = [...f.bytes(1, v.plugin), ...(v.content ? f.bytes(2, v.content) : [])];
    out.push(...f.bytes(9, f.bytes(1, pluginData)));
  }
  if (v.simple !== undefined) out.push(...f.float(2, v.simple));
  if (v.tensor) out.push(...f.bytes(8, v.tensor));
  if (v.image)
    out.push(...f.bytes(4, [...f.varint(1, 1), ...f.varint(2, 1), ...f.bytes(4, v.image)]));
  if (v.histo) out.push(...f.bytes(5, [...f.double(1, 0), ...f.double(2, 1), ...f.double(3, 10)]));
  return out;
}

export interface EventSpec {
  wallTime?: number;
  step?: number;
  values?: ValueSpec[];
  fileVersion?: string;
  graphDef?: Bytes;
}

export function event(e: EventSpec): Uint8Array {
  const out: Bytes = [];
  if (e.wallTime !== undefined) out.push(...f.double(1, e.wallTime));
  if (e.step) out.push(...f.varint(2, e.step));
  if (e.fileVersion !== undefined) out.push(...f.bytes(3, e.fileVersion));
  if (e.graphDef) out.push(...f.bytes(4, e.graphDef));
  if (e.values)
    out.push(
      ...f.bytes(
        5,
        e.values.flatMap((v) => f.bytes(1, summaryValue(v)))
      )
    );
  return new Uint8Array(out);
}

/** TFRecord framing of records, each with its two masked CRC-32Cs. */
export function tfrecords(...records: Uint8Array[]): Uint8Array {
  const out: Bytes = [];
  for (const data of records) {
    const length = le(8, (v) => v.setBigUint64(0, BigInt(data.length), true));
    const lengthCrc = maskedCrc32c(new Uint8Array(length));
    const dataCrc = maskedCrc32c(data);
    out.push(...length, ...le(4, (v) => v.setUint32(0, lengthCrc, true)));
    out.push(...data, ...le(4, (v) => v.setUint32(0, dataCrc, true)));
  }
  return new Uint8Array(out);
}

/** A TensorProto: dtype, shape (null: no shape field), then the given value fields. */
export function tensor(dtype: number, shape: number[] | null, ...values: Bytes[]): Bytes {
  const out = f.varint(1, dtype);
  if (shape)
    out.push(
      ...f.bytes(
        2,
        shape.flatMap((d) => f.bytes(2, f.varint(1, d)))
      )
    );
  for (const v of values) out.push(...v);
  return out;
}

/** A file of events: the file_version header first, as every writer but CatBoost's does. */
export function eventFile(...events: EventSpec[]): Uint8Array {
  return tfrecords(
    event({ wallTime: 1700000000, fileVersion: 'brain.Event:2' }),
    ...events.map(event)
  );
}
