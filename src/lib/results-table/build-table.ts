/**
 * Builds a results table from run summaries: runs fall into cells by a row param (or tag) and a
 * column (a metric, or a value of another param for one metric); each cell gives the mean of one
 * number per run with its spread and n, the best mean per column is marked, and each row is tested
 * against a baseline row with Welch's t-test. Reads only the summaries kept on each run (last,
 * min, max), never a history, so it stays cheap over thousands of runs.
 */
import { describe } from '../stats/describe';
import { studentTQuantile } from '../stats/distributions';
import { welchTTest } from '../stats/welch';
import { chosenDirection, type MetricDirection } from '../model/metric-direction';
import type { MetricSummary } from '../model/metric-summary';
import {
  MAX_GROUPS,
  SIGNIFICANCE_LEVEL,
  type BaselineTest,
  type ResultsCell,
  type ResultsColumn,
  type ResultsLayout,
  type ResultsTable,
  type ResultsTableSpec,
  type RunValueChoice,
  type TableAxis
} from './types';

/** What the engine reads of a run (a stored RunRow fits). */
export interface ResultsRun {
  /** The stored run key (a pinned baseline run is named by it). */
  key?: string;
  params: ReadonlyMap<string, string>;
  tags: ReadonlyMap<string, string>;
  metrics: ReadonlyMap<string, Pick<MetricSummary, 'last' | 'min' | 'max'>>;
}

/** The label of runs that lack the row or column key. */
export const NO_VALUE = '(none)';

/** Params named like a seed: the replicates a cell is meant to pool. */
export const SEED_KEY = /seed/i;

/** Natural order of labels (`opt2` before `opt10`), ties broken by code point. */
export const naturalOrder = (a: string, b: string) =>
  a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }) ||
  (a < b ? -1 : a > b ? 1 : 0);

export function axisValue(run: ResultsRun, axis: TableAxis): string {
  return (axis.kind === 'param' ? run.params : run.tags).get(axis.key) ?? NO_VALUE;
}

/** The run's number for a metric: its final value, its best by direction, its min or its max. */
export function runValueOf(
  run: ResultsRun,
  metric: string,
  choice: RunValueChoice,
  direction: MetricDirection
): number {
  const s = run.metrics.get(metric);
  if (!s) return NaN;
  switch (choice) {
    case 'final':
      return s.last;
    case 'min':
      return s.min;
    case 'max':
      return s.max;
    case 'best':
      return direction === 'higher' ? s.max : s.min;
  }
}

/** Mean, std, 95 % t half-width and n of a cell's values (non-finite values left out). */
export function describeCell(values: readonly number[]): Omit<ResultsCell, 'best' | 'test'> {
  const d = describe(values);
  const ci95 = d.n >= 2 ? (studentTQuantile(0.975, d.n - 1) * d.std) / Math.sqrt(d.n) : NaN;
  return { n: d.n, mean: d.mean, std: d.std, ci95 };
}

interface ColumnPlan extends ResultsColumn {
  /** Does the run belong in this column (by its column value)? */
  holds: (run: ResultsRun) => boolean;
}

function planColumns(runs: readonly ResultsRun[], spec: ResultsTableSpec): ColumnPlan[] {
  const columns = spec.columns;
  if (columns.kind === 'metrics') {
    return columns.metrics.map((metric) => ({
      label: metric,
      metric,
      direction: chosenDirection(spec.directions, metric),
      holds: () => true
    }));
  }
  const direction = chosenDirection(spec.directions, columns.metric);
  const values = [...new Set(runs.map((r) => axisValue(r, columns.by)))].sort(naturalOrder);
  return values.map((value) => ({
    label: value,
    metric: columns.metric,
    direction,
    holds: (run: ResultsRun) => axisValue(run, columns.by) === value
  }));
}

/** The runs' table for a spec. Runs without a value for a column's metric are left out of it. */
export function buildResultsTable(
  runs: readonly ResultsRun[],
  spec: ResultsTableSpec
): ResultsTable {
  const columnAxis = spec.columns.kind === 'values' ? spec.columns.by : null;
  // Runs that have none of the table's metrics are not part of it (and name no row).
  const metrics = spec.columns.kind === 'metrics' ? spec.columns.metrics : [spec.columns.metric];
  const inTable = runs.filter((r) => metrics.some((m) => r.metrics.has(m)));
  const rows = [...new Set(inTable.map((r) => axisValue(r, spec.rows)))].sort(naturalOrder);
  const columns = planColumns(inTable, spec);
  const rowIndex = new Map(rows.map((label, i) => [label, i]));

  // values[row][column]: one number per run; members[row][column]: the runs, for pooled params.
  const values = rows.map(() => columns.map((): number[] => []));
  const members = rows.map(() => columns.map((): ResultsRun[] => []));
  const counted = new Set<ResultsRun>();
  for (const run of inTable) {
    const r = rowIndex.get(axisValue(run, spec.rows))!;
    columns.forEach((column, c) => {
      if (!column.holds(run)) return;
      const v = runValueOf(run, column.metric, spec.value, column.direction);
      if (!Number.isFinite(v)) return;
      values[r]![c]!.push(v);
      members[r]![c]!.push(run);
      counted.add(run);
    });
  }

  const cells: ResultsCell[][] = values.map((row) =>
    row.map((v) => ({ ...describeCell(v), best: false, test: null }))
  );

  columns.forEach((column, c) => {
    let best = NaN;
    for (const row of cells) {
      const m = row[c]!.mean;
      if (!Number.isFinite(m)) continue;
      if (Number.isNaN(best) || (column.direction === 'higher' ? m > best : m < best)) best = m;
    }
    for (const row of cells) if (row[c]!.n > 0 && row[c]!.mean === best) row[c]!.best = true;
  });

  const pinned =
    spec.baseline === null && spec.baselineRun
      ? inTable.find((r) => r.key === spec.baselineRun)
      : undefined;
  const baselineLabel = spec.baseline ?? (pinned ? axisValue(pinned, spec.rows) : null);
  const baselineRow = baselineLabel !== null ? rowIndex.get(baselineLabel) : undefined;
  if (baselineRow !== undefined) {
    columns.forEach((column, c) => {
      const reference = values[baselineRow]![c]!;
      values.forEach((row, r) => {
        if (r === baselineRow) return;
        cells[r]![c]!.test = baselineTest(row[c]!, reference, column.direction);
      });
    });
  }

  return {
    rowHeader: spec.rows.key,
    columnHeader: columnAxis?.key ?? null,
    rows,
    columns: columns.map(({ label, metric, direction }) => ({ label, metric, direction })),
    cells,
    value: spec.value,
    spread: spec.spread,
    baseline: baselineRow !== undefined ? baselineLabel : null,
    baselineFrom: baselineRow === undefined ? null : spec.baseline !== null ? 'row' : 'pinned',
    runCount: counted.size,
    pooledParams: pooledParams(members, [spec.rows, columnAxis])
  };
}

function baselineTest(
  cell: readonly number[],
  baseline: readonly number[],
  direction: MetricDirection
): BaselineTest | null {
  const welch = welchTTest(cell, baseline);
  if (!welch) return null;
  return {
    p: welch.p,
    significant: welch.p < SIGNIFICANCE_LEVEL,
    better: direction === 'higher' ? welch.meanDiff > 0 : welch.meanDiff < 0
  };
}

/** Params (not seeds, not the table's axes) whose value differs between runs of one cell. */
function pooledParams(
  members: readonly (readonly (readonly ResultsRun[])[])[],
  axes: readonly (TableAxis | null)[]
): string[] {
  const axisParams = new Set(axes.filter((a) => a?.kind === 'param').map((a) => a!.key));
  const varying = new Set<string>();
  for (const row of members) {
    for (const cell of row) {
      if (cell.length < 2) continue;
      const keys = new Set(cell.flatMap((r) => [...r.params.keys()]));
      for (const key of keys) {
        if (varying.has(key) || axisParams.has(key) || SEED_KEY.test(key)) continue;
        const first = cell[0]!.params.get(key);
        if (cell.some((r) => r.params.get(key) !== first)) varying.add(key);
      }
    }
  }
  return [...varying].sort(naturalOrder);
}

/**
 * A first layout for a set of runs: rows by the param (not a seed) with the most distinct values
 * among those with at least two, fewer than one per run and at most MAX_GROUPS; columns by a
 * second such param for the target metric, else the target alone. Only runs that recorded the
 * target count, and only params most of them have (a param of a few runs would put the rest in
 * one "(none)" row or column). When no param groups the runs and they are few (folds, trials),
 * rows by the one that names each run; null when no param differs between them or when it would
 * take more than MAX_GROUPS rows.
 */
export function suggestLayout(
  runs: readonly ResultsRun[],
  target: string | null
): ResultsLayout | null {
  const withTarget = target === null ? [] : runs.filter((r) => r.metrics.has(target));
  const considered = withTarget.length > 0 ? withTarget : runs;
  const distinct = new Map<string, { values: Set<string>; runs: number }>();
  for (const run of considered) {
    for (const [key, value] of run.params) {
      if (SEED_KEY.test(key)) continue;
      let entry = distinct.get(key);
      if (!entry) distinct.set(key, (entry = { values: new Set(), runs: 0 }));
      entry.values.add(value);
      entry.runs += 1;
    }
  }
  const shared = [...distinct.entries()]
    .filter(([, e]) => e.values.size >= 2 && e.runs * 2 > considered.length)
    .sort(([a, ea], [b, eb]) => eb.values.size - ea.values.size || naturalOrder(a, b));
  const grouping = shared.filter(
    ([, e]) => e.values.size < considered.length && e.values.size <= MAX_GROUPS
  );
  // Nothing groups the runs (every value its own run, as folds or trials are): a row per run,
  // while that is a table one can read.
  const perRun = shared.slice(0, 1).filter(([, e]) => e.values.size <= MAX_GROUPS);
  const candidates = grouping.length > 0 ? grouping : perRun;
  if (candidates.length === 0) return null;
  const rows: TableAxis = { kind: 'param', key: candidates[0]![0] };
  if (target === null) return { rows, columns: { kind: 'metrics', metrics: [] } };
  const second = candidates[1];
  return {
    rows,
    columns: second
      ? { kind: 'values', by: { kind: 'param', key: second[0] }, metric: target }
      : { kind: 'metrics', metrics: [target] }
  };
}
