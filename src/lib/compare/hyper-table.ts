/**
 * The table behind parallel coordinates, scatter plots and parameter importance: one axis per
 * param that varies across the compared runs, and one per metric (a summary value per run).
 * A param is numeric when every run that has it holds a number; otherwise it is categorical,
 * with categories in natural order ("2" before "10").
 */
import type { RunRow } from '../db/rows';
import type { HyperAxis } from '../charts/hyper/hyper-types';
import { keyText } from '../model/key-kind';

/** Numbers as people write them in params: "0.001", "1e-4", "-3", not "", "nan" or "0x10". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether positive values span enough decades that a log axis reads better. */
function suggestsLog(values: Float64Array): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v <= 0) return false;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo < Infinity && hi / lo >= 100;
}

function paramNames(key: string) {
  return {
    id: `param:${key}`,
    source: 'param',
    key,
    name: key,
    label: keyText('param', key)
  } as const;
}

/** An axis for one param, or null when every run has the same value (nothing to compare). */
export function paramAxis(runs: readonly RunRow[], key: string): HyperAxis | null {
  const raw = runs.map((r) => r.params.get(key));
  const distinct = new Set(raw);
  if (distinct.size < 2) return null;
  const numeric = raw.every((v) => v === undefined || NUMBER.test(v.trim()));
  if (numeric) {
    const values = Float64Array.from(raw, (v) => (v === undefined ? NaN : Number(v)));
    return {
      ...paramNames(key),
      kind: 'numeric',
      values,
      categories: [],
      logSuggested: suggestsLog(values)
    };
  }
  const categories = [...distinct]
    .filter((v): v is string => v !== undefined)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const index = new Map(categories.map((c, i) => [c, i]));
  return {
    ...paramNames(key),
    kind: 'categorical',
    values: Float64Array.from(raw, (v) => (v === undefined ? NaN : index.get(v)!)),
    categories,
    logSuggested: false
  };
}

/** An axis for a metric from one value per run (NaN where a run lacks it), named `name`. */
export function metricAxis(key: string, name: string, values: Float64Array): HyperAxis {
  return {
    id: `metric:${key}`,
    source: 'metric',
    key,
    name,
    label: keyText('metric', name),
    kind: 'numeric',
    values,
    categories: [],
    logSuggested: suggestsLog(values)
  };
}
