// The binary readers under the TensorBoard importer: CRC-32C, TFRecord framing, protobuf wire.
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../src/lib/importers/readers/crc32c';
import { ProtoReader, ProtoWireError } from '../../src/lib/importers/readers/protobuf-wire';
import { TfRecordReader, startsWithTfRecord } from '../../src/lib/importers/readers/tfrecord';
import { event, f, tfrecords, varint } from './helpers/tensorboard-events';

const ascii = (s: string) => new TextEncoder().encode(s);

/** CRC-32C one bit at a time, straight from the definition, to check the sliced tables. */
function bitwiseCrc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** FORMATS.md §5's worked example: Event{wall_time 1700000000.5, step 3, loss 0.25}. */
const WORKED_EXAMPLE = new Uint8Array(
  (
    '1a 00 00 00 00 00 00 00 12 9b d8 2d ' +
    '09 00 00 20 40 fc 54 d9 41 10 03 2a 0d 0a 0b 0a 04 6c 6f 73 73 15 00 00 80 3e ' +
    'bc f2 9b 54'
  )
    .split(' ')
    .map((h) => parseInt(h, 16))
);

describe('CRC-32C', () => {
  it('gives the check value and the masked test vector of TensorBoard', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(maskedCrc32c(new Uint8Array([0x1a, 0x11, ...ascii('CRC test, one two')]))).toBe(
      0x5794d08a
    );
  });

  it('agrees with the bit-by-bit definition at every length and offset', () => {
    const bytes = new Uint8Array(97).map((_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= bytes.length; end += 5) {
        expect(crc32c(bytes, start, end)).toBe(bitwiseCrc32c(bytes.subarray(start, end)));
      }
    }
  });
});

describe('TFRecord framing', () => {
  it('frames the worked example of FORMATS.md byte for byte', () => {
    const data = event({
      wallTime: 1700000000.5,
      step: 3,
      values: [{ tag: 'loss', simple: 0.25 }]
    });
    expect([...tfrecords(data)]).toEqual([...WORKED_EXAMPLE]);
    const reader = new TfRecordReader(WORKED_EXAMPLE);
    expect(reader.next()).toBe('record');
    expect([reader.dataStart, reader.dataEnd]).toEqual([12, 38]);
    expect(reader.dataCrcMatches()).toBe(true);
    expect(reader.next()).toBe('end');
    expect(startsWithTfRecord(WORKED_EXAMPLE)).toBe(true);
    expect(startsWithTfRecord(ascii('{"runs": []}'))).toBe(false);
  });

  it('tells a bad data checksum, a cut-off tail and a bad length checksum apart', () => {
    const one = event({ wallTime: 1, values: [{ tag: 'a', simple: 1 }] });
    const file = tfrecords(one, one, one);
    const size = 16 + one.length;

    const badData = file.slice();
    badData[size + 12 + 3]! ^= 0xff;
    const reader = new TfRecordReader(badData);
    const seen: string[] = [];
    for (let s = reader.next(); s === 'record'; s = reader.next()) {
      seen.push(`${reader.offset}:${reader.dataCrcMatches()}`);
    }
    expect(seen).toEqual([`0:true`, `${size}:false`, `${2 * size}:true`]);

    const cut = new TfRecordReader(file.subarray(0, 2 * size + 20));
    expect([cut.next(), cut.next(), cut.next()]).toEqual(['record', 'record', 'truncated']);
    expect(cut.offset).toBe(2 * size);
    // Even a tail shorter than a header is a cut-off record, not corruption.
    const short = new TfRecordReader(file.subarray(0, size + 5));
    expect([short.next(), short.next()]).toEqual(['record', 'truncated']);

    const badLength = file.slice();
    badLength[size + 2]! ^= 0x01;
    const broken = new TfRecordReader(badLength);
    expect([broken.next(), broken.next()]).toEqual(['record', 'bad-length-crc']);
    expect(broken.offset).toBe(size);
  });
});

describe('protobuf wire reader', () => {
  it('reads 64-bit varints as numbers, negative ones included', () => {
    for (const n of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 384597, 2 ** 53 - 1, -1, -300]) {
      const r = new ProtoReader(new Uint8Array(varint(n)));
      expect(r.int64()).toBe(n);
    }
    const r = new ProtoReader(new Uint8Array(varint(-2)));
    expect(r.int32()).toBe(-2);
  });

  it('skips unknown fields of every wire type and rejects lengths past their message', () => {
    const bytes = new Uint8Array([
      ...f.varint(1, 2 ** 40),
      ...f.double(2, 1.5),
      ...f.bytes(3, 'skip me'),
      ...f.float(4, 2.5),
      ...f.varint(9, 7)
    ]);
    const r = new ProtoReader(bytes);
    let nine = 0;
    while (r.pos < bytes.length) {
      const key = r.uint32();
      if (key >>> 3 === 9) nine = r.uint32();
      else r.skip(key & 7);
    }
    expect(nine).toBe(7);
    const broken = new ProtoReader(new Uint8Array(f.bytes(3, 'abc')));
    broken.uint32();
    expect(() => broken.lengthDelimited(3)).toThrow(ProtoWireError);
  });
});
