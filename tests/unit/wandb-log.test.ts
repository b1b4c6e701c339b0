// The `.wandb` framing: W&B's CRC-32, 32 KiB blocks, records split across blocks, padding,
// zeroed blocks, damage skipped to the next block, and files cut off at any byte.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/importers/errors';
import { crc32 } from '../../src/lib/importers/readers/crc32';
import { readTransactionLog } from '../../src/lib/importers/wandb/read-log';
import { RunLog } from '../../src/lib/importers/wandb/run-log';
import { testContext } from './helpers/import-context';
import { f, frameLog, HEADER, rec, type Bytes } from './helpers/wandb-log';

const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

function read(bytes: Uint8Array) {
  const log = new RunLog();
  const ctx = testContext();
  const reading = readTransactionLog(bytes, 'run-abc.wandb', log, ctx);
  const series = Object.fromEntries(
    log.history.series().map((s) => [s.key, [...s.finish().values]])
  );
  return { log, reading, series, warnings: ctx.warnings.map((w) => w.message) };
}

/** A history row whose `n` value is `i` (so records are told apart). */
const row = (i: number, pad = 0): Bytes =>
  rec.history(i, [
    [['n'], String(i)],
    [['_step'], String(i)],
    ...(pad > 0 ? ([[['pad'], JSON.stringify('x'.repeat(pad))]] as [string[], string][]) : [])
  ]);

describe('CRC-32 (IEEE)', () => {
  it('gives the check value and matches zlib at every length and offset', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const bytes = Uint8Array.from({ length: 80 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= bytes.length; end++) {
        expect(crc32(bytes, start, end)).toBe(zlibCrc32(bytes.subarray(start, end)) >>> 0);
      }
    }
  });
});

describe('the transaction log framing', () => {
  it('reads FORMATS.md’s worked example byte for byte', () => {
    const record = [...f.varint(1, 5), ...rec.history(5, [[['loss'], '0.25']], 3).slice(2)];
    const bytes = frameLog([record]);
    expect(hex(bytes)).toBe(
      '3a 57 26 42 e1 be 00 e3 4d ca 96 17 00 01 08 05 12 13 0a 0d 12 04 6c 6f 73 73 82 01 04 30 2e 32 35 12 02 08 03'
    );
    const { series, log, warnings } = read(bytes);
    expect(series).toEqual({ loss: [0.25] });
    expect([...log.history.series()[0]!.finish().steps]).toEqual([3]);
    expect(warnings).toEqual([]);
  });

  it('joins a record split into FIRST, MIDDLE and LAST chunks across three blocks', () => {
    const big = rec.output('y'.repeat(80_000));
    const offsets: number[] = [];
    const bytes = frameLog([row(0), big, row(1)], offsets);
    expect(bytes.length).toBeGreaterThan(2 * 32768);
    const { log, series, warnings, reading } = read(bytes);
    expect(reading.records).toBe(3);
    expect(series).toEqual({ n: [0, 1] });
    expect(log.output.text()).toBe(`${'y'.repeat(80_000)}\n`);
    expect(warnings).toEqual([]);
  });

  it('skips the zero padding of a block tail shorter than a chunk header', () => {
    // An output record sized so that block 0 ends 3 bytes short: those 3 bytes are padding.
    const first = row(0);
    const sized = (n: number) => frameLog([first, rec.output('z'.repeat(n))]).length;
    // Lengths near 32 KiB all take 3-byte varints, so the overhead is the same for any of them.
    const n = 32768 - 3 - (sized(30_000) - 30_000);
    expect(sized(n)).toBe(32768 - 3);
    const offsets: number[] = [];
    const bytes = frameLog([first, rec.output('z'.repeat(n)), row(1)], offsets);
    expect(offsets[2]).toBe(32768);
    expect([...bytes.subarray(32765, 32768)]).toEqual([0, 0, 0]);
    const { series, warnings } = read(bytes);
    expect(series).toEqual({ n: [0, 1] });
    expect(warnings).toEqual([]);
  });

  it('skips a zeroed block and goes on in the next one', () => {
    const head = frameLog([row(0)]);
    const tail = frameLog([row(1)]).subarray(HEADER.length);
    const bytes = new Uint8Array(32768 + tail.length);
    bytes.set(head);
    bytes.set(tail, 32768);
    const { series, warnings } = read(bytes);
    expect(series).toEqual({ n: [0, 1] });
    expect(warnings).toEqual([]);
  });

  it('skips a damaged stretch to the next block and names where', () => {
    const records = Array.from({ length: 40 }, (_, i) => row(i, 2000));
    const offsets: number[] = [];
    const bytes = frameLog(records, offsets);
    const at = offsets[3]! + 20; // a flipped byte in record 3, in block 0
    bytes[at] = bytes[at]! ^ 0xff;
    const { series, warnings } = read(bytes);
    const n = series.n!;
    expect(n.slice(0, 3)).toEqual([0, 1, 2]);
    // Records 3 to the end of block 0 (and the one running into block 1) are lost, the rest read.
    const firstAfter = offsets.findIndex((o) => o > 32768);
    expect(n.slice(3)).toEqual(records.map((_, i) => i).slice(firstAfter));
    expect(warnings).toEqual([
      `bytes ${offsets[3]!.toLocaleString('en-US')} to 32,768 were skipped: the checksum does not match; reading went on after them`
    ]);
  });

  it('reads every whole record of a file cut off at any byte, and never throws', () => {
    const records = [
      rec.run({ id: 'abc', project: 'p' }),
      row(0),
      row(1),
      rec.output('hello'),
      row(2),
      rec.exit(0, 3)
    ];
    const offsets: number[] = [];
    const whole = frameLog(records, offsets);
    const ends = [...offsets.slice(1), whole.length];
    for (let cut = 0; cut <= whole.length; cut++) {
      const bytes = whole.slice(0, cut);
      if (cut === 0) continue; // an empty file is the folder reader's (a run that wrote nothing)
      const { reading, warnings } = read(bytes);
      const whole_records = ends.filter((e) => e <= cut).length;
      expect(reading.records, `cut at ${cut}`).toBe(whole_records);
      const clean = cut === whole.length || ends.includes(cut) || cut === HEADER.length;
      expect(warnings.length > 0, `cut at ${cut}`).toBe(!clean);
    }
  });

  it('reads a one-block file that ends inside a record up to that record', () => {
    const records = [row(0), row(1), rec.output('x'.repeat(200_000))];
    const bytes = frameLog(records).slice(0, 20_000);
    const { series, warnings, reading } = read(bytes);
    expect(series).toEqual({ n: [0, 1] });
    expect(reading.truncatedAt).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(
      /^ends in a cut-off record at byte [\d,]+ .*the 2 records before it were read$/
    );
  });

  it('reads a file that ends on a block boundary after a FIRST chunk with no continuation', () => {
    const bytes = frameLog([row(0), rec.output('x'.repeat(100_000))]).slice(0, 32768);
    const { series, warnings } = read(bytes);
    expect(series).toEqual({ n: [0] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cut-off record/);
  });

  it('skips a record whose checksum holds but whose protobuf does not, and counts it', () => {
    const offsets: number[] = [];
    // Field 2 (history) claiming 100 bytes where 2 follow: framed correctly, not a Record.
    const bytes = frameLog([row(0), [0x12, 100, 1, 2], row(1)], offsets);
    const { series, warnings } = read(bytes);
    expect(series).toEqual({ n: [0, 1] });
    expect(warnings).toEqual([
      `1 record skipped: not a valid W&B record although its checksum holds (the first at byte ${offsets[1]!.toLocaleString('en-US')})`
    ]);
  });

  it('rejects what is not a W&B log, or a version it does not know', () => {
    expect(() => read(new TextEncoder().encode('{"not": "a log"}'))).toThrow(ImportError);
    expect(() => read(new TextEncoder().encode('{"not": "a log"}'))).toThrow(
      /does not start with ':W&B'/
    );
    const v1 = frameLog([row(0)]);
    v1[6] = 1;
    expect(() => read(v1)).toThrow(/version 1; Runlens reads version 0/);
    const { reading, warnings } = read(Uint8Array.from(HEADER.slice(0, 4)));
    expect(reading.records).toBe(0);
    expect(warnings).toEqual(['ends inside its 7-byte header: it holds no records']);
  });
});
