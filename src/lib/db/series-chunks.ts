/**
 * Metric histories are stored as typed-array chunks, never one row per point. 4,000 points of
 * (int32 step, f64 value, int32 timestamp offset) are 64,000 bytes: just under Chromium's 64 KiB
 * threshold above which IndexedDB values are moved out of LevelDB into separate blobs. Wider
 * points (fractional timestamps, as W&B's and TensorBoard's seconds become; steps that are not
 * int32) make shorter chunks of the same bytes.
 */
import type { MetricSeries } from '../model';
import type { RunKey, SeriesChunkRow } from './rows';

/** The most points a chunk holds (when each takes 16 bytes). */
export const CHUNK_POINTS = 4000;
/**
 * The bytes a chunk's arrays may take. Above 64 KiB Chromium writes the value to a blob file of
 * its own: W&B's 4 M points took 1.41 s to write in 80 KB chunks, 0.67 s in chunks within this.
 */
const CHUNK_BYTES = CHUNK_POINTS * 16;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Int32Array when every value is a whole number that fits (and not -0), else a Float64Array copy. */
function narrowSteps(steps: Float64Array): Int32Array | Float64Array {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (!(s >= INT32_MIN && s <= INT32_MAX) || s !== Math.trunc(s) || Object.is(s, -0)) {
      return steps.slice();
    }
  }
  return Int32Array.from(steps);
}

/** Timestamps as int32 offsets from the first one when they fit, null when all are missing. */
function narrowTimestamps(ts: Float64Array): {
  data: Int32Array | Float64Array | null;
  base: number;
} {
  let allMissing = true;
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isNaN(ts[i]!)) {
      allMissing = false;
      break;
    }
  }
  if (allMissing) return { data: null, base: 0 };
  const base = ts[0]!;
  if (!Number.isFinite(base) || base !== Math.trunc(base)) return { data: ts.slice(), base: 0 };
  const out = new Int32Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const d = t - base;
    if (!(d >= INT32_MIN && d <= INT32_MAX) || t !== Math.trunc(t) || Object.is(t, -0)) {
      return { data: ts.slice(), base: 0 };
    }
    out[i] = d;
  }
  return { data: out, base };
}

/**
 * Splits one series into stored chunks (none for an empty series: its summary says count 0),
 * from point `from` on, the first numbered `firstIndex` (an append rewrites only the last chunk
 * and new ones, whatever size the chunks before it were written at). Each chunk holds up to
 * CHUNK_POINTS points, fewer when they are wide, so its arrays stay within CHUNK_BYTES. Values are
 * copied bit for bit, NaN payloads and -0 included.
 */
export function encodeSeriesChunks(
  key: RunKey,
  series: MetricSeries,
  from = 0,
  firstIndex = 0
): SeriesChunkRow[] {
  const rows: SeriesChunkRow[] = [];
  const n = series.values.length;
  for (let start = from, index = firstIndex; start < n; index++) {
    let end = Math.min(n, start + CHUNK_POINTS);
    let steps = narrowSteps(series.steps.subarray(start, end));
    let ts = narrowTimestamps(series.timestamps.subarray(start, end));
    const width = steps.BYTES_PER_ELEMENT + 8 + (ts.data?.BYTES_PER_ELEMENT ?? 0);
    const fits = Math.floor(CHUNK_BYTES / width);
    if (end - start > fits) {
      end = start + fits;
      steps = narrowSteps(series.steps.subarray(start, end));
      ts = narrowTimestamps(series.timestamps.subarray(start, end));
    }
    rows.push({
      runKey: key,
      metric: series.key,
      index,
      count: end - start,
      steps,
      values: series.values.slice(start, end),
      timestamps: ts.data,
      timestampBase: ts.base
    });
    start = end;
  }
  return rows;
}

/** Joins stored chunks (in index order) back into one series of doubles. */
export function decodeSeriesChunks(
  metric: string,
  chunks: readonly SeriesChunkRow[]
): MetricSeries {
  const sorted = [...chunks].sort((a, b) => a.index - b.index);
  const n = sorted.reduce((sum, c) => sum + c.count, 0);
  const steps = new Float64Array(n);
  const values = new Float64Array(n);
  const timestamps = new Float64Array(n);
  let at = 0;
  for (const c of sorted) {
    steps.set(c.steps, at);
    values.set(c.values, at);
    if (c.timestamps === null) timestamps.fill(NaN, at, at + c.count);
    else if (c.timestamps instanceof Float64Array) timestamps.set(c.timestamps, at);
    else for (let i = 0; i < c.count; i++) timestamps[at + i] = c.timestampBase + c.timestamps[i]!;
    at += c.count;
  }
  return { key: metric, steps, values, timestamps };
}
