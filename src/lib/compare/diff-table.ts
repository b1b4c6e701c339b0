/**
 * The diff table: params, tags and metric last values of the compared runs, side by side, with
 * the best run per metric and each run's change against a baseline.
 */
import type { RunRow } from '../db/rows';
import { chosenDirection } from '../model/metric-direction';
import type { DiffRequest, DiffRow } from './compare-types';
import { keysOf } from './run-values';

/** Every value the same (missing counts as a value of its own). */
function allSame(values: readonly (string | number | null)[]): boolean {
  return values.every((v) => Object.is(v, values[0]));
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Builds the diff rows for runs given in the request's order. */
export function diffTable(runs: readonly RunRow[], request: DiffRequest): DiffRow[] {
  const rows: DiffRow[] = [];
  const text = (section: 'param' | 'tag', pick: (r: RunRow) => Map<string, string>) => {
    for (const key of keysOf(runs, pick)) {
      const values = runs.map((r) => pick(r).get(key) ?? null);
      const differs = !allSame(values);
      if (differs || !request.onlyDifferences) rows.push({ section, key, values, differs });
    }
  };
  text('param', (r) => r.params);
  text('tag', (r) => r.tags);
  const baseIndex = request.baseline ? runs.findIndex((r) => r.key === request.baseline) : -1;
  for (const key of keysOf(runs, (r) => r.metrics)) {
    const values = runs.map((r) => {
      const last = r.metrics.get(key)?.last;
      return last === undefined ? null : last;
    });
    const differs = !allSame(values);
    if (!differs && request.onlyDifferences) continue;
    const direction = chosenDirection(request.directions, key);
    let bestValue: number | null = null;
    for (const v of values) {
      if (v === null || !Number.isFinite(v)) continue;
      if (bestValue === null || (direction === 'higher' ? v > bestValue : v < bestValue)) {
        bestValue = v;
      }
    }
    const best: number[] = [];
    if (differs && bestValue !== null) values.forEach((v, i) => v === bestValue && best.push(i));
    const base = baseIndex >= 0 ? values[baseIndex] : null;
    const row: DiffRow = { section: 'metric', key, values, differs, direction, best };
    if (base !== null && base !== undefined) {
      // A change from or to an infinite or NaN value is no number ("+∞ (+Infinity%)" said
      // nothing), and a percentage of a zero baseline does not exist: both stay blank.
      row.deltas = values.map((v) => (v === null ? null : finiteOrNull(v - base)));
      row.percents = values.map((v) =>
        v === null || base === 0 ? null : finiteOrNull(((v - base) / Math.abs(base)) * 100)
      );
    }
    rows.push(row);
  }
  return rows;
}
