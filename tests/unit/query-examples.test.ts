// The filter examples of a library (the filter box's placeholder and suggestions), chosen by the
// most common values among live runs: the same examples as counting every value and sorting them
// all, which at a million runs (every name distinct) kept the worker busy for seconds after the
// listing, and the first filter waited behind it (scenario 17).
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/lib/db/rows';
import { buildRunColumns } from '../../src/lib/explorer/run-columns';
import { filterExamples } from '../../src/lib/query/examples';

/** The way the examples were chosen before: every live value counted, then all sorted. */
function commonValuesBySorting(column: readonly (string | null | undefined)[], live: boolean[]) {
  const counts = new Map<string, number>();
  column.forEach((v, i) => {
    if (live[i] && v !== undefined && v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  });
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

function library(count: number, seed: number, withMetrics = true): RunRow[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: count }, (_, i): RunRow => {
    const loss = Math.round(next() * 100) / 100;
    return {
      key: `f|0|r${i}`,
      importId: 'i',
      experimentKey: 'f|0',
      sourceFormat: pick(['mlflow-filestore', 'tensorboard', 'runlens-json', 'sacred']),
      sourceFile: 'f',
      id: `r${i}`,
      experimentId: '0',
      // Ties, names too short to be an example, and runs without a name.
      name: pick(['abc', 'sweep-a', 'sweep-b', 'baseline', 'zz', null, `run-${i}`]),
      status: pick(['FINISHED', 'FAILED', 'RUNNING'] as const),
      startTime: i,
      endTime: i + 1,
      deleted: next() < 0.2,
      parentId: null,
      // Every run has lr, half of them model: lr is the param the examples use.
      params: new Map([
        ['lr', pick(['0.1', '0.01', '0.001'])],
        ...(next() < 0.5 ? [['model', pick(['tree', 'mlp'])] as [string, string]] : [])
      ]),
      tags: new Map(),
      metrics: new Map(
        withMetrics
          ? [
              [
                'loss',
                {
                  count: 1,
                  last: loss,
                  lastStep: 0,
                  min: loss,
                  max: loss,
                  mean: loss,
                  firstStep: 0
                }
              ]
            ]
          : []
      ),
      artifactCount: 0
    };
  });
}

describe('filter examples', () => {
  it.each([1, 2, 3, 4, 5])(
    'name the most common live values, ties in text order (seed %i)',
    (seed) => {
      // Without metrics every example fits in the six offered.
      const runs = library(400, seed, false);
      const cols = buildRunColumns(runs);
      const live = runs.map((r) => !r.deleted);
      const examples = filterExamples(cols);
      const names = commonValuesBySorting(cols.names, live);
      const name = names.find((n) => n.length >= 4)!;
      expect(examples).toContain(`run_name LIKE "${name.slice(0, 4)}%"`);
      const formats = commonValuesBySorting(cols.sourceFormats, live);
      expect(formats.length).toBeGreaterThan(1);
      expect(examples).toContain(
        `source IN (${formats
          .slice(0, 3)
          .map((f) => `"${f}"`)
          .join(', ')})`
      );
      const lr = commonValuesBySorting(cols.params.get('lr')!, live)[0];
      expect(examples).toContain(`params.lr = "${lr}"`);
    }
  );

  it('takes the quartiles of the live runs’ losses for the metric examples', () => {
    const runs = library(401, 9);
    const cols = buildRunColumns(runs);
    const losses = runs
      .filter((r) => !r.deleted)
      .map((r) => r.metrics.get('loss')!.last)
      .sort((a, b) => a - b);
    const at = (q: number) =>
      String(Number(losses[Math.floor(q * (losses.length - 1))]!.toPrecision(2)));
    const examples = filterExamples(cols);
    expect(examples).toContain(`metrics.loss <= ${at(0.5)}`);
    expect(examples).toContain(`metrics.loss BETWEEN ${at(0.25)} AND ${at(0.75)}`);
  });
});
