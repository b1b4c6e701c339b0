// Scenario 14's input and baseline: the bench's own .wandb encoder and reader must agree with
// FORMATS.md §6 byte for byte, and the app must read the generated log as the baseline does, or
// the benchmark would time the two sides on different work.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateWandb,
  historyRecord,
  nestedKeyBytes,
  ROW_KEYS,
  VALIDATION_KEYS,
  wandbPoints,
  WandbLogWriter
} from '../../bench/generate/wandb';
import { loadWandbReader, type WandbReaderRun } from '../../bench/page/wandb-reader';
import { IMPORTERS } from '../../src/lib/importers/registry';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { parseFiles } from '../../src/lib/worker/parse-files';

const { crc32, newWandbRun, readWandbLog, jsonNumber, KIND_METRIC } = loadWandbReader();
const ascii = (s: string) => new TextEncoder().encode(s);
const crcOf = (bytes: Uint8Array, start = 0, end = bytes.length) =>
  crc32(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end);
const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

function readAll(bytes: Uint8Array): WandbReaderRun {
  const run = newWandbRun('run');
  readWandbLog(bytes, run, 'run-x.wandb');
  return run;
}

/** Points per metric key, as the baseline collected them. */
function baselineCounts(run: WandbReaderRun): Record<string, number> {
  return Object.fromEntries(
    run.keys.filter((k) => k.kind === KIND_METRIC).map((k) => [k.key, k.n])
  );
}

describe('the bench CRC-32', () => {
  it('gives the check value and matches zlib at every length and offset', () => {
    expect(crcOf(ascii('123456789'))).toBe(0xcbf43926);
    const bytes = Uint8Array.from({ length: 80 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= bytes.length; end++) {
        expect(crcOf(bytes, start, end)).toBe(zlibCrc32(bytes.subarray(start, end)));
      }
    }
  });
});

describe('the bench .wandb encoder', () => {
  it('writes FORMATS.md §6’s worked example byte for byte', () => {
    const writer = new WandbLogWriter(8);
    writer.record(historyRecord(5, 3, [[nestedKeyBytes('loss'), '0.25']]));
    expect(hex(writer.bytes)).toBe(
      '3a 57 26 42 e1 be 00 e3 4d ca 96 17 00 01 ' +
        '08 05 12 13 0a 0d 12 04 6c 6f 73 73 82 01 04 30 2e 32 35 12 02 08 03'
    );
  });

  it('splits a record across blocks (FIRST, MIDDLE, LAST) as LevelDB’s writer does', () => {
    const writer = new WandbLogWriter();
    const wide = Array.from(
      { length: 6000 },
      (_, i) => [nestedKeyBytes(`k${i % 7}`), String(i)] as [Uint8Array, string]
    );
    writer.record(historyRecord(1, 0, [[nestedKeyBytes('loss'), '1']]));
    writer.record(historyRecord(2, 1, wide));
    writer.record(historyRecord(3, 2, [[nestedKeyBytes('loss'), '0.5']]));
    const bytes = writer.bytes;
    expect(bytes.length).toBeGreaterThan(2 * 32768);
    // The second record starts FIRST in block 0, goes on MIDDLE in block 1, ends LAST in block 2.
    const firstLength = bytes[11]! | (bytes[12]! << 8);
    expect(bytes[7 + 7 + firstLength + 6]).toBe(2);
    expect(bytes[32768 + 6]).toBe(3);
    expect(bytes[2 * 32768 + 6]).toBe(4);
    const run = readAll(bytes);
    expect(run.records).toBe(3);
    expect(run.rows).toBe(3);
    expect(baselineCounts(run)).toMatchObject({ loss: 2, k0: 858, k6: 857 });
  });
});

describe('the bench .wandb reader', () => {
  const example = () => {
    const writer = new WandbLogWriter();
    writer.record(
      historyRecord(1, 0, [
        [nestedKeyBytes('train/loss'), '0.5'],
        [nestedKeyBytes('_step'), '10'],
        [nestedKeyBytes('note'), '"text"'],
        [nestedKeyBytes('_timestamp'), '1700000000.25']
      ])
    );
    writer.record(historyRecord(2, 1, [[nestedKeyBytes('train/loss'), 'NaN']]));
    return writer.bytes;
  };

  it('joins nested keys, takes _step over the record’s step, skips what is not a number', () => {
    const run = readAll(example());
    const loss = run.keys.find((k) => k.key === 'train/loss')!;
    expect([...loss.steps.subarray(0, loss.n)]).toEqual([10, 1]);
    expect([...loss.values.subarray(0, loss.n)]).toEqual([0.5, NaN]);
    expect(baselineCounts(run)).toEqual({ 'train/loss': 2, note: 0 });
    expect([run.points, run.firstTimestamp]).toEqual([2, 1700000000.25]);
  });

  it('stops cleanly at a cut-off last record, and rejects a damaged chunk naming the byte', () => {
    const bytes = example();
    expect(readAll(bytes.subarray(0, bytes.length - 3)).records).toBe(1);
    const damaged = example();
    damaged[20] = damaged[20]! ^ 1;
    expect(() => readAll(damaged)).toThrow(/^run-x\.wandb: bad chunk CRC at byte 7$/);
  });

  it('reads value_json numbers exactly as Number() does', () => {
    const texts = ['0', '-0', '1', '0.25', '-3.5', '1e-7', '2.5E+10', 'NaN', 'Infinity'];
    texts.push('-Infinity', '123456789012345678', '0.000001', '1.7976931348623157e+308');
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 20_000; i++) {
      const x = random() * 10 ** Math.floor(random() * 14 - 7);
      texts.push(String(x), String(-x), String(Math.fround(x)));
    }
    const wrong = texts.filter((t) => {
      const b = ascii(t);
      return !Object.is(jsonNumber(b, 0, b.length), Number(t));
    });
    expect(wrong).toEqual([]);
    for (const t of ['"x"', 'null', 'true', '[1]', '{"a":1}'])
      expect(jsonNumber(ascii(t), 0, t.length)).toBeUndefined();
  });
});

describe('the generated W&B folder', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-wandb-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is one offline run that the app and the baseline read with the same points', async () => {
    const rows = 2_000;
    const input = generateWandb(out, 3, { rows });
    expect(input).toMatchObject({ rows, points: wandbPoints(rows), records: rows + 4, runs: 1 });
    const path = relative(join(input.dir, '..'), input.file);
    expect(path).toMatch(/^wandb\/offline-run-\d{8}_\d{6}-([a-z0-9]{8})\/run-\1\.wandb$/);
    const bytes = new Uint8Array(readFileSync(input.file));
    expect(bytes.length).toBe(input.bytes);

    const run = readAll(bytes);
    const expected = Object.fromEntries([
      ...ROW_KEYS.map((k) => [k, rows]),
      ...VALIDATION_KEYS.map((k) => [k, rows / 100])
    ]);
    expect(baselineCounts(run)).toEqual(expected);
    expect(run.points).toBe(input.points);

    const noop = () => {};
    const file = { ...sourceFromBytes(path, bytes), fromFolder: true };
    const result = await parseFiles([file], IMPORTERS, noop, noop);
    const runs = result.parsed.flatMap((p) => p.batch.runs);
    expect(result.warnings).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('FINISHED');
    expect(Object.fromEntries(runs[0]!.metrics.map((m) => [m.key, m.values.length]))).toEqual(
      expected
    );
    const loss = runs[0]!.metrics.find((m) => m.key === 'loss')!;
    const baselineLoss = run.keys.find((k) => k.key === 'loss')!;
    expect([...loss.steps.slice(0, 5)]).toEqual([...baselineLoss.steps.subarray(0, 5)]);
    expect([...loss.values.slice(-3)]).toEqual([...baselineLoss.values.subarray(rows - 3, rows)]);
    // The same seed is reused, not written again.
    expect(generateWandb(out, 3, { rows })).toEqual(input);
  });
});
