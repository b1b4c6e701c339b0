import { describe, expect, it } from 'vitest';
import {
  CHUNK_POINTS,
  decodeSeriesChunks,
  encodeSeriesChunks
} from '../../src/lib/db/series-chunks';
import { series } from './helpers/batches';

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
});
