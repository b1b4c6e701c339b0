/**
 * Points appended to stored metric histories (a followed folder's files grew, ../follow/): one
 * transaction for a whole poll. A history's summary is worked out again from the whole history
 * (the "last" rule needs every record's step and time), and only its last chunk and the new ones
 * are written: earlier chunks hold the same points as before.
 */
import { summarizeSeries, type MetricSeries, type RunStatus } from '../model';
import type { RunlensDb } from './db';
import { INLINE_POINTS } from './prepare';
import type { RunRow } from './rows';
import { decodeSeriesChunks, encodeSeriesChunks } from './series-chunks';
import { shortSeries } from './short-series';

/** New points of one metric of one stored run, in the order they were logged. */
export interface PointsAppend {
  runKey: string;
  metric: string;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/** What else a poll changes on a run row. */
export interface RunTouch {
  status?: RunStatus;
  /** A later end time (a TensorBoard run's latest wall time), epoch ms. */
  endTime?: number;
}

export interface AppendResult {
  /** Points stored (appends to runs no longer stored are dropped). */
  points: number;
  /** Keys of the run rows written. */
  runKeys: string[];
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Appends points and touches runs of one import in one transaction. */
export async function appendPoints(
  db: RunlensDb,
  importId: string,
  appends: readonly PointsAppend[],
  touches: ReadonlyMap<string, RunTouch>
): Promise<AppendResult> {
  const byRun = new Map<string, PointsAppend[]>();
  for (const a of appends) {
    if (a.values.length === 0) continue;
    const list = byRun.get(a.runKey);
    if (list) list.push(a);
    else byRun.set(a.runKey, [a]);
  }
  const keys = [...new Set([...byRun.keys(), ...touches.keys()])];
  return db.transaction('rw', [db.runs, db.series, db.imports], async () => {
    let points = 0;
    const written: string[] = [];
    for (const key of keys) {
      const row: RunRow | undefined = await db.runs.get(key);
      if (!row) continue;
      for (const a of byRun.get(key) ?? []) {
        points += await appendToMetric(db, row, a);
      }
      const touch = touches.get(key);
      if (touch?.status) row.status = touch.status;
      if (touch?.endTime !== undefined && !(row.endTime !== null && row.endTime >= touch.endTime))
        row.endTime = touch.endTime;
      await db.runs.put(row);
      written.push(key);
    }
    if (points > 0) {
      const importRow = await db.imports.get(importId);
      if (importRow)
        await db.imports.put({ ...importRow, pointCount: importRow.pointCount + points });
    }
    return { points, runKeys: written };
  });
}

/** Appends to one history of `row` (changed in place; the caller writes it). */
async function appendToMetric(db: RunlensDb, row: RunRow, a: PointsAppend): Promise<number> {
  const chunks = await db.series
    .where('[runKey+metric+index]')
    .between([row.key, a.metric, -Infinity], [row.key, a.metric, Infinity])
    .toArray();
  const before: MetricSeries =
    (chunks.length === 0 ? shortSeries(row, a.metric) : undefined) ??
    decodeSeriesChunks(a.metric, chunks);
  const series: MetricSeries = {
    key: a.metric,
    steps: concat(before.steps, a.steps),
    values: concat(before.values, a.values),
    timestamps: concat(before.timestamps, a.timestamps)
  };
  row.metrics.set(a.metric, summarizeSeries(series));
  if (series.values.length <= INLINE_POINTS) {
    row.inlineSeries ??= new Map();
    row.inlineSeries.set(a.metric, {
      steps: Array.from(series.steps),
      values: Array.from(series.values),
      timestamps: Array.from(series.timestamps)
    });
    return a.values.length;
  }
  row.inlineSeries?.delete(a.metric);
  // Chunks before the last one are unchanged; the last one and any new ones are written, from
  // the last one's first point (the chunks before it keep the sizes they were written at).
  const last = chunks.length === 0 ? 0 : Math.max(...chunks.map((c) => c.index));
  const kept = chunks.reduce((n, c) => (c.index < last ? n + c.count : n), 0);
  await db.series.bulkPut(encodeSeriesChunks(row.key, series, kept, last));
  return a.values.length;
}
