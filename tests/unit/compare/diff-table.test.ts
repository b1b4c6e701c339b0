import { describe, expect, it } from 'vitest';
import { diffTable } from '../../../src/lib/compare/diff-table';
import type { RunRow } from '../../../src/lib/db/rows';

/** A run whose only metric, `loss`, ends at `last`. */
function run(id: string, last: number): RunRow {
  return {
    key: `runlens|e|${id}`,
    importId: 'import-1',
    experimentKey: 'runlens|e',
    sourceFormat: 'runlens',
    sourceFile: 'runs.json',
    id,
    experimentId: 'e',
    name: id,
    status: 'FINISHED',
    startTime: 0,
    endTime: 1,
    deleted: false,
    parentId: null,
    params: new Map(),
    tags: new Map(),
    metrics: new Map([
      ['loss', { count: 1, last, lastStep: 0, min: last, max: last, mean: last, firstStep: 0 }]
    ]),
    artifactCount: 0
  };
}

function lossChanges(values: number[], baseline: string) {
  const runs = values.map((v, i) => run(`r${i}`, v));
  const [row] = diffTable(runs, {
    runKeys: runs.map((r) => r.key),
    baseline,
    onlyDifferences: false,
    directions: {}
  });
  return { deltas: row?.deltas, percents: row?.percents };
}

describe('diff table changes against a baseline', () => {
  it('gives the change and its percentage for finite values', () => {
    expect(lossChanges([2, 3, 1], 'runlens|e|r0')).toEqual({
      deltas: [0, 1, -1],
      percents: [0, 50, -50]
    });
  });

  it('leaves a change blank when a value or the baseline is infinite or NaN, never ±Infinity', () => {
    const toInfinity = lossChanges([2, Infinity, NaN], 'runlens|e|r0');
    expect(toInfinity).toEqual({ deltas: [0, null, null], percents: [0, null, null] });
    const fromInfinity = lossChanges([Infinity, 3], 'runlens|e|r0');
    expect(fromInfinity).toEqual({ deltas: [null, null], percents: [null, null] });
  });

  it('gives no percentage of a zero baseline, but still the change', () => {
    expect(lossChanges([0, 3], 'runlens|e|r0')).toEqual({
      deltas: [0, 3],
      percents: [null, null]
    });
  });
});
