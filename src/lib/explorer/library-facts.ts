/**
 * What the explorer says about the library apart from the view: a table cell's value, the
 * experiments with their run counts and the import history, and every key with how many runs
 * have it (the column chooser). Pure functions over the run columns.
 */
import type { ExperimentRow, ImportRow } from '../db/rows';
import { RUN_STATUSES } from '../model';
import { filterExamples, stepValuesKey } from '../query';
import type {
  ColumnCatalog,
  ColumnRef,
  LibrarySummary,
  RunFamily,
  RunLink
} from './explorer-types';
import type { RunColumns } from './run-columns';

/** Experiments with their run counts, and the import history: what the page lists. */
export function librarySummary(
  cols: RunColumns,
  experiments: readonly ExperimentRow[],
  imports: readonly ImportRow[]
): LibrarySummary {
  const runs = new Map<string, { all: number; deleted: number }>();
  let deletedRuns = 0;
  for (let i = 0; i < cols.count; i++) {
    const c = runs.get(cols.experimentKeys[i]!) ?? { all: 0, deleted: 0 };
    c.all++;
    if (cols.deleted[i]) {
      c.deleted++;
      deletedRuns++;
    }
    runs.set(cols.experimentKeys[i]!, c);
  }
  return {
    experiments: experiments
      .map((e) => ({
        key: e.key,
        id: e.id,
        name: e.name,
        importId: e.importId,
        sourceFormat: e.sourceFormat,
        deleted: e.deleted,
        runs: runs.get(e.key)?.all ?? 0,
        deletedRuns: runs.get(e.key)?.deleted ?? 0
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    imports: imports.map(({ id, files, formats, importedAt, runCount, pointCount }) => ({
      id,
      files,
      formats,
      importedAt,
      runCount,
      pointCount
    })),
    runs: cols.count,
    deletedRuns
  };
}

/** Every param, tag and metric key with how many runs have it, most common first. */
export function columnCatalog(cols: RunColumns): ColumnCatalog {
  const countDefined = (column: (string | undefined)[]) =>
    column.reduce((n, v) => n + (v === undefined ? 0 : 1), 0);
  const byRuns = (a: { key: string; runs: number }, b: { key: string; runs: number }) =>
    b.runs - a.runs || a.key.localeCompare(b.key);
  return {
    params: [...cols.params].map(([key, c]) => ({ key, runs: countDefined(c) })).sort(byRuns),
    tags: [...cols.tags].map(([key, c]) => ({ key, runs: countDefined(c) })).sort(byRuns),
    metrics: [...cols.metrics]
      .map(([key, m]) => ({ key, runs: m.present.reduce((n, v) => n + v, 0) }))
      .sort(byRuns),
    examples: filterExamples(cols)
  };
}

/** A number, or null for NaN and ±Infinity (times and durations not known). */
export function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The value a table cell shows for run `i` (null for none). */
export function cellValue(
  cols: RunColumns,
  stepValues: ReadonlyMap<string, Float64Array>,
  experimentNames: ReadonlyMap<string, string>,
  i: number,
  c: ColumnRef
): string | number | null {
  switch (c.kind) {
    case 'metricAtStep': {
      const v = stepValues.get(stepValuesKey(c.key, c.step))?.[i];
      return v === undefined || Number.isNaN(v) ? null : v;
    }
    case 'param':
      return cols.params.get(c.key)?.[i] ?? null;
    case 'tag':
      return cols.tags.get(c.key)?.[i] ?? null;
    case 'metric': {
      const m = cols.metrics.get(c.key);
      if (!m || !m.present[i]) return null;
      return m[c.summary][i]!;
    }
    case 'attribute':
      switch (c.key) {
        case 'name':
          return cols.names[i] ?? cols.ids[i]!;
        case 'status':
          return RUN_STATUSES[cols.statuses[i]!] ?? null;
        case 'start_time':
          return finite(cols.startTimes[i]!);
        case 'duration': {
          const d = cols.endTimes[i]! - cols.startTimes[i]!;
          return Number.isFinite(d) ? d : null;
        }
        case 'gpu_memory':
          return finite(cols.gpuMemoryPeak[i]!);
        case 'gpu_utilization':
          return finite(cols.gpuUtilization[i]!);
        case 'user':
          return cols.users[i] ?? null;
        case 'source':
          return cols.sourceFormats[i]!;
        case 'experiment':
          return experimentNames.get(cols.experimentKeys[i]!) ?? cols.experimentKeys[i]!;
        case 'run_id':
          return cols.ids[i]!;
        case 'end_time':
          return finite(cols.endTimes[i]!);
      }
  }
}

/** Run `i`'s parent and children (links for the run page) and its experiment's name. */
export function runFamily(
  cols: RunColumns,
  experimentNames: ReadonlyMap<string, string>,
  i: number
): RunFamily {
  if (i < 0) return { parent: null, children: [], experimentName: null };
  const link = (j: number): RunLink => ({
    key: cols.keys[j]!,
    id: cols.ids[j]!,
    name: cols.names[j]!
  });
  const children: RunLink[] = [];
  for (let j = 0; j < cols.count; j++) if (cols.parents[j] === i) children.push(link(j));
  const p = cols.parents[i]!;
  return {
    parent: p >= 0 ? link(p) : null,
    children,
    experimentName: experimentNames.get(cols.experimentKeys[i]!) ?? null
  };
}
