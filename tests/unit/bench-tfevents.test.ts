// Scenario 12's inputs and baseline: the bench's own TFRecord encoder and reader must agree with
// FORMATS.md §5 byte for byte, or the benchmark would time the app on files no writer produces.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventRecordWriter, generateTfevents, tagNames } from '../../bench/generate/tfevents';
import { loadTfRecordReader, type ReaderRun } from '../../bench/page/tfrecord-reader';

const { crc32c, maskCrc32c, newRun, readEventFile } = loadTfRecordReader();
const ascii = (s: string) => new TextEncoder().encode(s);
/** The reader's CRC32C of bytes[start, end). */
const crcOf = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  crc32c(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end);
const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

/** Bit-at-a-time CRC-32C, the definition the table-driven one must match. */
function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function readAll(bytes: Uint8Array, path = 'run'): ReaderRun {
  const run = newRun(path);
  readEventFile(bytes, run, `${path}/events.out.tfevents.1`);
  return run;
}

describe('the bench CRC32C', () => {
  it('gives the check value and TensorBoard’s masked test vector', () => {
    const digits = ascii('123456789');
    expect(crcOf(digits)).toBe(0xe3069283);
    const record = new Uint8Array([0x1a, 0x11, ...ascii('CRC test, one two')]);
    expect(maskCrc32c(crcOf(record))).toBe(0x5794d08a);
  });

  it('matches the bitwise definition at every length and offset (the 8-byte path and the tail)', () => {
    const bytes = Uint8Array.from({ length: 80 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= bytes.length; end++) {
        expect(crcOf(bytes, start, end)).toBe(crc32cBitwise(bytes.subarray(start, end)));
      }
    }
  });
});

describe('the bench event encoder', () => {
  it('writes FORMATS.md §5’s worked example byte for byte', () => {
    const writer = new EventRecordWriter(8);
    writer.scalar(1700000000.5, 3, ascii('loss'), 0.25);
    expect(hex(writer.bytes)).toBe(
      '1a 00 00 00 00 00 00 00 12 9b d8 2d ' +
        '09 00 00 20 40 fc 54 d9 41 10 03 2a 0d 0a 0b 0a 04 6c 6f 73 73 15 00 00 80 3e ' +
        'bc f2 9b 54'
    );
  });

  it('leaves step 0 out, as protobuf does, and the reader reads it back as step 0', () => {
    const writer = new EventRecordWriter();
    writer.scalar(1700000000.5, 0, ascii('loss'), 0);
    expect(writer.bytes.length).toBe(12 + 26 - 2 + 4);
    const run = readAll(writer.bytes);
    expect(run.series.map((s) => [s.tag, s.n, s.steps[0], s.values[0]])).toEqual([
      ['loss', 1, 0, 0]
    ]);
  });
});

describe('the bench event reader', () => {
  const example = () => {
    const writer = new EventRecordWriter();
    writer.fileVersion(1700000000.25);
    writer.scalar(1700000000.5, 3, ascii('loss'), 0.25);
    writer.scalar(1700000000.75, 300, ascii('acc'), 0.5);
    writer.scalar(1700000001, 301, ascii('loss'), 0.125);
    return writer.bytes;
  };

  it('reads step, wall time, tag and value; the file_version record holds no scalar', () => {
    const run = readAll(example());
    expect(run.records).toBe(4);
    expect(run.scalars).toBe(3);
    expect([run.firstWall, run.lastWall]).toEqual([1700000000.25, 1700000001]);
    const got = run.series.map((s) => ({
      tag: s.tag,
      steps: [...s.steps.subarray(0, s.n)],
      values: [...s.values.subarray(0, s.n)]
    }));
    expect(got).toEqual([
      { tag: 'loss', steps: [3, 301], values: [0.25, 0.125] },
      { tag: 'acc', steps: [300], values: [0.5] }
    ]);
  });

  it('stops cleanly at a truncated last record', () => {
    const bytes = example();
    const run = readAll(bytes.subarray(0, bytes.length - 3));
    expect([run.records, run.scalars]).toEqual([3, 2]);
  });

  it('rejects a damaged record, naming the file and the byte', () => {
    const data = example();
    data[20] = data[20]! ^ 1;
    expect(() => readAll(data)).toThrow(/^run\/events\.out\.tfevents\.1: bad data CRC.* byte 0$/);
    const length = example();
    length[0] = length[0]! ^ 1;
    expect(() => readAll(length)).toThrow(/bad length CRC at byte 0$/);
  });
});

describe('the generated logdir', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-tfevents-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('holds one PyTorch-named event file per run, every tag at every step', () => {
    const shape = { runs: 3, tags: 12, steps: 40 };
    const input = generateTfevents(out, 5, shape);
    expect(input).toMatchObject({ points: 3 * 12 * 40, records: 3 * 12 * 40 + 3, files: 3 });
    const runs = readdirSync(input.dir).sort();
    expect(runs).toEqual(['run-0000', 'run-0001', 'run-0002']);
    let bytes = 0;
    for (const name of runs) {
      const files = readdirSync(join(input.dir, name));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^events\.out\.tfevents\.\d{10}\.benchhost\.\d+\.0$/);
      const data = new Uint8Array(readFileSync(join(input.dir, name, files[0]!)));
      bytes += data.length;
      const run = readAll(data, name);
      expect(run.records).toBe(12 * 40 + 1);
      expect(run.series.map((s) => s.tag)).toEqual(tagNames(12));
      for (const s of run.series) {
        expect(s.n).toBe(40);
        expect([...s.steps.subarray(0, s.n)]).toEqual([...Array(40).keys()]);
        expect(s.values.subarray(0, s.n).every((v) => v > 0 && Math.fround(v) === v)).toBe(true);
      }
      expect(run.lastWall - run.firstWall).toBeGreaterThan(40 * 0.05);
    }
    expect(bytes).toBe(input.bytes);
    // The same seed is reused, not written again.
    expect(generateTfevents(out, 5, shape)).toEqual(input);
  });
});
