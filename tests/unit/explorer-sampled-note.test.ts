// The filter's note that some runs' min/max/mean/count come from a tracking server's sampled
// overview (or latest value), so a filter on them may keep or drop those runs wrongly.
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/lib/db/rows';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { sampledFilterNote } from '../../src/lib/explorer/view-notes';
import type { MetricSummary } from '../../src/lib/model';
import { parseQuery } from '../../src/lib/query';

function run(id: string, metrics: Record<string, Partial<MetricSummary>>, deleted = false): RunRow {
  return {
    key: `mlflow-server|1|${id}`,
    importId: 'import-1',
    experimentKey: 'mlflow-server|1',
    sourceFormat: 'mlflow-server',
    sourceFile: 'http://127.0.0.1:5000',
    id,
    experimentId: '1',
    name: id,
    status: 'FINISHED',
    startTime: 1000,
    endTime: 2000,
    deleted,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    metrics: new Map(
      Object.entries(metrics).map(([k, m]) => [
        k,
        { count: 3, last: 1, lastStep: 2, min: 0.5, max: 2, mean: 1, firstStep: 0, ...m }
      ])
    ),
    artifactCount: 0
  };
}

const runs = [
  run('overview', { loss: { sampled: true } }),
  run('latest-only', { loss: { sampled: true, latest: true }, acc: {} }),
  run('every-point', { loss: {}, acc: {} }),
  run('deleted-overview', { loss: { sampled: true } }, true)
];
const cols = buildRunColumns(runs);
/** Every run but the deleted one, as the explorer's default scope. */
const scope = Uint8Array.from(runs, (r) => (r.deleted ? 0 : 1));

function noteFor(text: string) {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return sampledFilterNote(cols, scope, parsed.ast);
}

describe('sampledFilterNote', () => {
  it('names the figures read from an overview and counts the runs in scope holding one', () => {
    expect(noteFor('min(metrics.loss) < 0.6')).toEqual({
      fields: ['min(metrics.loss)'],
      runs: 2
    });
    expect(noteFor('mean(metrics.loss) > 0 OR NOT count(metrics.loss) = 3')).toEqual({
      fields: ['mean(metrics.loss)', 'count(metrics.loss)'],
      runs: 2
    });
  });

  it('says nothing of the last value, of metrics every run holds whole, or of no filter', () => {
    expect(noteFor('metrics.loss < 2')).toBeNull();
    expect(noteFor('max(metrics.acc) > 0')).toBeNull();
    expect(sampledFilterNote(cols, scope, null)).toBeNull();
  });

  it('counts a deleted run once the deleted switch lets it in', () => {
    const parsed = parseQuery('max(metrics.loss) > 1');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(sampledFilterNote(cols, new Uint8Array(4).fill(1), parsed.ast)?.runs).toBe(3);
  });
});
