/**
 * One number per run for a metric (its last value, its best, or the mean of its last k points)
 * and the group each run falls in: what statistics, tests, box plots and importance work on.
 */
import type { RunRow } from '../db/rows';
import type { MetricDirection } from '../model/metric-direction';
import { summarizeLine, type RunSummaryKind, type SeriesLine } from '../stats/summary-choice';
import type { GroupBy } from './compare-types';

/** The label of runs that have no value for the grouping key. */
export const NO_GROUP = '(none)';

/** Every key the runs have in one of their maps (params, tags, metrics), in name order. */
export function keysOf(
  runs: readonly RunRow[],
  pick: (r: RunRow) => Map<string, unknown>
): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of pick(r).keys()) keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/** The run's group under a param or tag (NO_GROUP when it lacks the key). */
export function groupOf(run: RunRow, by: GroupBy): string {
  const value = (by.kind === 'param' ? run.params : run.tags).get(by.key);
  return value === undefined ? NO_GROUP : value;
}

export interface RunValue {
  value: number;
  /** The step the value belongs to (NaN when it is not known without reading the history). */
  step: number;
}

/**
 * The run's value for a summary kind. `last` and `best` come from the run row's summary; the
 * history (read through `line`) is needed only for the mean of the last k points and for the
 * step of the best value, so a table of hundreds of runs reads no history unless it must.
 */
export async function runValue(
  run: RunRow,
  metric: string,
  kind: RunSummaryKind,
  direction: MetricDirection,
  k: number,
  line: () => Promise<SeriesLine>
): Promise<RunValue | null> {
  const summary = run.metrics.get(metric);
  if (!summary || summary.count === 0) return null;
  if (kind === 'last') {
    return Number.isFinite(summary.last) ? { value: summary.last, step: summary.lastStep } : null;
  }
  if (kind === 'best') {
    const value = direction === 'higher' ? summary.max : summary.min;
    return Number.isFinite(value) ? { value, step: NaN } : null;
  }
  const picked = summarizeLine(await line(), kind, direction, k);
  return picked ? { value: picked.value, step: picked.x } : null;
}

/** The step where a run reached its best value, from its history. */
export function bestStepOf(line: SeriesLine, direction: MetricDirection): number {
  return summarizeLine(line, 'best', direction)?.x ?? NaN;
}
