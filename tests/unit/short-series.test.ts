/**
 * A server run as listed holds each metric's latest point only. That point is stored once, in the
 * run's summary, and every reader gets it back as a one-point history, as when it was stored
 * beside the summary (rows written before keep that form and still read).
 */
import { describe, expect, it } from 'vitest';
import { commitImport } from '../../src/lib/db/commit-import';
import { prepareImport } from '../../src/lib/db/prepare';
import { readRunSeries, readSeries } from '../../src/lib/db/repo';
import { readSeriesOfRuns } from '../../src/lib/db/series-of-runs';
import { SERVER_FORMAT, mapRun } from '../../src/lib/mlflow-server';
import { freshDb } from './helpers/db';

const ADDRESS = 'http://127.0.0.1:5000';

/** A run as runs/search lists it, marked as pullRuns marks a listing opened without histories. */
function listedRun(id: string, loss: number, step: number, timestamp: number) {
  const run = mapRun(
    {
      info: { run_id: id, experiment_id: '1', status: 'FINISHED', lifecycle_stage: 'active' },
      data: {
        metrics: [
          { key: 'loss', value: loss, timestamp, step },
          { key: 'acc', value: 0.5, timestamp: timestamp + 1, step: step + 1 }
        ]
      }
    },
    ADDRESS
  );
  run.metrics = run.metrics.map((m) => ({ ...m, completeness: 'latest' as const }));
  return run;
}

async function stored(runs: ReturnType<typeof listedRun>[]) {
  const db = freshDb();
  const prepared = prepareImport(
    'imp',
    [{ file: ADDRESS, format: SERVER_FORMAT, batch: { experiments: [], runs } }],
    1
  );
  const written: number[] = [];
  await commitImport(db, prepared, {
    checkCancelled: () => {},
    onRowsWritten: (points) => written.push(points)
  });
  return { db, prepared, written };
}

const plain = (s: { steps: Float64Array; values: Float64Array; timestamps: Float64Array }) => ({
  steps: [...s.steps],
  values: [...s.values],
  timestamps: [...s.timestamps]
});

describe("a listed server run's latest points", () => {
  it('are stored once, in the summary, and every reader gets them back', async () => {
    const { db, prepared, written } = await stored([
      listedRun('a', 0.25, 7, 1_700_000_000_123),
      listedRun('b', -Infinity, 3, 1_700_000_000_456)
    ]);
    const rows = await db.runs.toArray();
    expect(rows.map((r) => r.inlineSeries?.size ?? 0)).toEqual([0, 0]);
    const a = rows.find((r) => r.id === 'a')!;
    expect(a.metrics.get('loss')).toMatchObject({ latest: true, last: 0.25, lastStep: 7 });

    const expected = { steps: [7], values: [0.25], timestamps: [1_700_000_000_123] };
    expect(plain(await readSeries(db, a.key, 'loss'))).toEqual(expected);
    expect((await readRunSeries(db, a)).map(plain)).toEqual([
      expected,
      { steps: [8], values: [0.5], timestamps: [1_700_000_000_124] }
    ]);
    const both = await readSeriesOfRuns(db, ['mlflow-server|1|b', a.key], 'loss');
    expect(both.map(plain)).toEqual([
      { steps: [3], values: [-Infinity], timestamps: [1_700_000_000_456] },
      expected
    ]);
    // The import's progress and its count of points still count each of them.
    expect(written.at(-1)).toBe(4);
    expect(prepared.importRow.pointCount).toBe(4);
  });

  it('rows stored with the point beside the summary still read', async () => {
    const { db } = await stored([listedRun('a', 0.25, 7, 1_700_000_000_123)]);
    const row = (await db.runs.toArray())[0]!;
    const summary = { ...row.metrics.get('loss')! };
    delete summary.lastTime;
    row.metrics.set('loss', summary);
    row.inlineSeries = new Map([['loss', { steps: [7], values: [0.25], timestamps: [42] }]]);
    await db.runs.put(row);
    expect(plain(await readSeries(db, row.key, 'loss'))).toEqual({
      steps: [7],
      values: [0.25],
      timestamps: [42]
    });
  });
});
