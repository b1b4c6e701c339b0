/**
 * A metric against a hyperparameter (issue 16, item 5): one point per value of the x param (the
 * mean of one number per run, with its spread and n over the runs there, seeds pooled), one line
 * per value of a second param. "Final accuracy against learning rate, one line per model" is the
 * question sweeps are run to answer. Reads only the summaries kept on each run, like the results
 * table (../results-table/), whose cell statistics it shares.
 */
import { chosenDirection, type MetricDirection } from '../model/metric-direction';
import {
  axisValue,
  describeCell,
  naturalOrder,
  NO_VALUE,
  runValueOf,
  SEED_KEY,
  type ResultsRun
} from '../results-table/build-table';
import type { RunValueChoice, TableAxis } from '../results-table/types';

export interface ParamLinesSpec {
  /** The param (or tag) along x. */
  x: TableAxis;
  /** One line per value of this param or tag; null: one line of every run. */
  lines: TableAxis | null;
  metric: string;
  value: RunValueChoice;
  directions: Record<string, MetricDirection>;
}

export interface ParamLinesRequest {
  runKeys: string[];
  spec: ParamLinesSpec;
}

export interface ParamLinePoint {
  /** The x value (numeric x) or the category's index (categorical x). */
  x: number;
  /** The x value as the runs logged it. */
  label: string;
  n: number;
  mean: number;
  /** Sample standard deviation; NaN when n < 2. */
  std: number;
  /** Half-width of the 95 % t-interval; NaN when n < 2. */
  ci95: number;
}

export interface ParamLine {
  /** The line param's value, or the metric's name for the one line of every run. */
  label: string;
  /** Points in x order. */
  points: ParamLinePoint[];
  /** Runs on the line. */
  runs: number;
}

export interface ParamLines {
  spec: ParamLinesSpec;
  /** The metric's direction, for "best" and for reading the chart. */
  direction: MetricDirection;
  /** Every x value parses as a number: x is a numeric axis, else categories in natural order. */
  numeric: boolean;
  /** Numeric, positive, and spanning at least two decades (learning rates, weight decays). */
  logSuggested: boolean;
  /** The x categories in order (categorical x), else empty. */
  categories: string[];
  lines: ParamLine[];
  /** Runs drawn. */
  runCount: number;
  /** Runs left out: no value for x, or no finite number for the metric. */
  withoutX: number;
  withoutValue: number;
}

/** A param value as a number, or NaN ("0.001", "1e-3" and " 3 " are numbers; "", "adam" are not). */
function numberOf(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function buildParamLines(runs: readonly ResultsRun[], spec: ParamLinesSpec): ParamLines {
  const direction = chosenDirection(spec.directions, spec.metric);
  let withoutX = 0;
  let withoutValue = 0;
  const kept: { x: string; line: string; value: number }[] = [];
  for (const run of runs) {
    const x = axisValue(run, spec.x);
    if (x === NO_VALUE) {
      withoutX += 1;
      continue;
    }
    const value = runValueOf(run, spec.metric, spec.value, direction);
    if (!Number.isFinite(value)) {
      withoutValue += 1;
      continue;
    }
    kept.push({ x, line: spec.lines ? axisValue(run, spec.lines) : spec.metric, value });
  }

  const xValues = [...new Set(kept.map((k) => k.x))];
  const numeric = xValues.length > 0 && xValues.every((x) => Number.isFinite(numberOf(x)));
  const categories = numeric ? [] : xValues.sort(naturalOrder);
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  const position = (x: string) => (numeric ? numberOf(x) : categoryIndex.get(x)!);

  const byLine = new Map<string, Map<string, number[]>>();
  for (const k of kept) {
    let points = byLine.get(k.line);
    if (!points) byLine.set(k.line, (points = new Map()));
    const values = points.get(k.x);
    if (values) values.push(k.value);
    else points.set(k.x, [k.value]);
  }
  const lines: ParamLine[] = [...byLine.keys()].sort(naturalOrder).map((label) => {
    const points = [...byLine.get(label)!].map(([x, values]) => ({
      x: position(x),
      label: x,
      ...describeCell(values)
    }));
    points.sort((a, b) => a.x - b.x);
    return { label, points, runs: points.reduce((sum, p) => sum + p.n, 0) };
  });

  let min = Infinity;
  let max = -Infinity;
  if (numeric) {
    for (const x of xValues) {
      const v = numberOf(x);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return {
    spec,
    direction,
    numeric,
    logSuggested: numeric && min > 0 && max / min >= 100,
    categories,
    lines,
    runCount: kept.length,
    withoutX,
    withoutValue
  };
}

/**
 * A first choice of axes: x the numeric param (not a seed) with the most distinct values, at
 * least three; lines by a param with two to eight values that most runs have, not x, not a seed.
 * Null when no param varies as a number across the runs.
 */
export function suggestParamAxes(
  runs: readonly ResultsRun[]
): { x: TableAxis; lines: TableAxis | null } | null {
  const values = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const [key, value] of run.params) {
      let set = values.get(key);
      if (!set) values.set(key, (set = new Set()));
      set.add(value);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const keys = [...values.keys()].filter((k) => !SEED_KEY.test(k)).sort(naturalOrder);
  const numericKeys = keys.filter((k) =>
    [...values.get(k)!].every((v) => Number.isFinite(numberOf(v)))
  );
  let x: string | null = null;
  for (const k of numericKeys) {
    const n = values.get(k)!.size;
    if (n >= 3 && (x === null || n > values.get(x)!.size)) x = k;
  }
  if (x === null) return null;
  const line = keys.find((k) => {
    const n = values.get(k)!.size;
    return k !== x && n >= 2 && n <= 8 && (counts.get(k) ?? 0) >= runs.length / 2;
  });
  return {
    x: { kind: 'param', key: x },
    lines: line !== undefined ? { kind: 'param', key: line } : null
  };
}
