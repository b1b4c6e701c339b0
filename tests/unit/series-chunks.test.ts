import { describe, expect, it } from 'vitest';
import { appendPoints } from '../../src/lib/db/append-points';
import { readSeries } from '../../src/lib/db/repo';
import type { SeriesChunkRow } from '../../src/lib/db/rows';
import {
  CHUNK_POINTS,
  decodeSeriesChunks,
  encodeSeriesChunks
} from '../../src/lib/db/series-chunks';
import { sourceFromBytes } from '../../src/lib/importers/source';
import { runImport } from '../../src/lib/worker/import-pipeline';
import { series } from './helpers/batches';
import { freshDb } from './helpers/db';

/** The bytes of a chunk's three arrays (what decides whether Chromium moves it to a blob). */
const arrayBytes = (c: SeriesChunkRow) =>
  c.steps.byteLength + c.values.byteLength + (c.timestamps?.byteLength ?? 0);

/** A W&B-like history: epoch seconds with microseconds, stored in ms (not whole numbers). */
function fractionalTimes(n: number, steps?: number[]) {
  const values = Array.from({ length: n }, (_, i) => Math.cos(i));
  const times = values.map((_, i) => (1_700_000_000.123456 + i * 0.25) * 1000);
  return series('loss', values, steps, times);
}

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    )
  );
}

describe('series chunks', () => {
  it('round-trips NaN, ±Infinity and -0 bit for bit', () => {
    const s = series('loss', [NaN, Infinity, -Infinity, -0, 0, 1e-320, Number.MAX_VALUE]);
    const back = decodeSeriesChunks('loss', encodeSeriesChunks('k', s));
    expect(bitsEqual(back.values, s.values)).toBe(true);
    expect(Object.is(back.values[3], -0)).toBe(true);
    expect(bitsEqual(back.steps, s.steps)).toBe(true);
    expect(bitsEqual(back.timestamps, s.timestamps)).toBe(true);
  });

  it('splits long histories into chunks of a few thousand points and joins them in order', () => {
    const n = CHUNK_POINTS * 2 + 17;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i));
    const s = series('acc', values);
    const chunks = encodeSeriesChunks('k', s);
    expect(chunks.map((c) => c.count)).toEqual([CHUNK_POINTS, CHUNK_POINTS, 17]);
    const back = decodeSeriesChunks('acc', [...chunks].reverse());
    expect(bitsEqual(back.values, s.values)).toBe(true);
    expect(bitsEqual(back.steps, s.steps)).toBe(true);
  });

  it('stores typical points in 16 bytes (int32 step, f64 value, int32 time offset)', () => {
    const s = series(
      'loss',
      Array.from({ length: 1000 }, (_, i) => i / 7)
    );
    const [chunk] = encodeSeriesChunks('k', s);
    expect(chunk!.steps).toBeInstanceOf(Int32Array);
    expect(chunk!.timestamps).toBeInstanceOf(Int32Array);
    const bytes =
      chunk!.steps.byteLength + chunk!.values.byteLength + chunk!.timestamps!.byteLength;
    expect(bytes / 1000).toBe(16);
  });

  it('keeps steps and timestamps exact when they do not fit 32 bits', () => {
    const steps = [0, 2 ** 40, -0, 1.5];
    const timestamps = [NaN, 1.7e12, 4e12, 1.7e12 + 0.25];
    const s = series('m', [1, 2, 3, 4], steps, timestamps);
    const back = decodeSeriesChunks('m', encodeSeriesChunks('k', s));
    expect(bitsEqual(back.steps, s.steps)).toBe(true);
    expect(bitsEqual(back.timestamps, s.timestamps)).toBe(true);
  });

  it('writes no chunk for an all-missing timestamp column and reads it back as NaN', () => {
    const s = series('m', [1, 2], [0, 1], [NaN, NaN]);
    const [chunk] = encodeSeriesChunks('k', s);
    expect(chunk!.timestamps).toBeNull();
    expect([...decodeSeriesChunks('m', [chunk!]).timestamps]).toEqual([NaN, NaN]);
  });

  it('keeps wide points within 64,000 bytes a chunk: fewer of them, every one read back', () => {
    // Fractional timestamps (f64): 20 bytes a point; with steps past int32 too: 24.
    for (const [what, s, perChunk] of [
      ['fractional times', fractionalTimes(10_000), 3_200],
      [
        'and wide steps',
        fractionalTimes(
          7_000,
          [...Array(7_000).keys()].map((i) => i * 2 ** 33)
        ),
        2_666
      ]
    ] as const) {
      const chunks = encodeSeriesChunks('k', s);
      expect(
        chunks.map((c) => c.count),
        what
      ).toEqual([
        ...Array(Math.floor(s.values.length / perChunk)).fill(perChunk),
        s.values.length % perChunk
      ]);
      expect(Math.max(...chunks.map(arrayBytes)), what).toBeLessThanOrEqual(64_000);
      const back = decodeSeriesChunks('loss', chunks);
      expect(bitsEqual(back.values, s.values), what).toBe(true);
      expect(bitsEqual(back.steps, s.steps), what).toBe(true);
      expect(bitsEqual(back.timestamps, s.timestamps), what).toBe(true);
    }
  });

  it('appends after chunks stored at another size without losing or repeating a point', async () => {
    const db = freshDb();
    const csv = ['run_id,experiment_id,status,metrics.loss\n', 'r1,1,RUNNING,0.5\n'].join('');
    const outcome = await runImport(
      db,
      [sourceFromBytes('runs.csv', new TextEncoder().encode(csv))],
      {
        isCancelled: () => false,
        onProgress: () => {}
      }
    );
    expect(outcome.state).toBe('done');
    const runKey = outcome.runKeys![0]!;
    // Stored as before wide chunks were shortened: 4,000 points of 20 bytes each.
    const before = fractionalTimes(9_000);
    const old: SeriesChunkRow[] = [0, 4_000, 8_000].map((from, index) => ({
      runKey,
      metric: 'loss',
      index,
      count: Math.min(4_000, 9_000 - from),
      steps: Int32Array.from(before.steps.subarray(from, from + 4_000)),
      values: before.values.slice(from, from + 4_000),
      timestamps: before.timestamps.slice(from, from + 4_000),
      timestampBase: 0
    }));
    await db.series.where('runKey').equals(runKey).delete();
    await db.series.bulkPut(old);
    const whole = fractionalTimes(12_000);
    await appendPoints(
      db,
      outcome.importId!,
      [
        {
          runKey,
          metric: 'loss',
          steps: whole.steps.slice(9_000),
          values: whole.values.slice(9_000),
          timestamps: whole.timestamps.slice(9_000)
        }
      ],
      new Map()
    );
    const read = await readSeries(db, runKey, 'loss');
    expect(read.values.length).toBe(12_000);
    expect(bitsEqual(read.values, whole.values)).toBe(true);
    expect(bitsEqual(read.timestamps, whole.timestamps)).toBe(true);
    // The first two chunks are as they were; the rest were written at the new size.
    const counts = (await db.series.where('runKey').equals(runKey).sortBy('index')).map(
      (c) => c.count
    );
    expect(counts).toEqual([4_000, 4_000, 3_200, 800]);
  });
});
