/**
 * The explorer's library as loaded in the worker: where the runs come from (`ExplorerSource`),
 * reading them into columns (the lean paged reading where the source has it), and the
 * metric-at-step columns read back from whole rows. What a view keeps between keystrokes lives
 * here with the columns it was computed from.
 */
import type { ExperimentRow, ImportRow, RunRow } from '../db/rows';
import { shortSeries } from '../db/short-series';
import { valueAtStep, type MetricSeries } from '../model';
import type { RegisteredModel } from '../model';
import { modelNamesByRun } from '../provenance/registry-view';
import { stepValuesKey } from '../query';
import type { ColumnRef } from './explorer-types';
import { buildRunColumns, RunColumnsBuilder, type RunColumns } from './run-columns';

/** Where the runs come from: the store in the app, plain rows in tests. */
export interface ExplorerSource {
  readLibrary(): Promise<
    { runs: RunRow[]; experiments: ExperimentRow[]; imports: ImportRow[] } & {
      /** Registered models (the filter's `registered` and `model_name`); none when absent. */
      registry?: RegisteredModel[];
    }
  >;
  /** A full history (metric-at-step columns read the ones not kept in the run row). */
  readSeries(runKey: string, metric: string): Promise<MetricSeries>;
  /**
   * The lean reading (the app's): the runs handed to `visit` a page at a time, so a million rows
   * are never all in memory, then the rest of the library. With it, `readRuns` must be given too:
   * the explorer keeps no rows, only columns, and reads whole rows back by key when an answer
   * needs them. Without it, `readLibrary`'s rows are kept. `stored`: rows an import has just
   * committed, by key, which need not be read back.
   */
  readLibraryInPages?(
    visit: LibraryVisitor,
    stored?: ReadonlyMap<string, RunRow> | null
  ): Promise<{
    experiments: ExperimentRow[];
    imports: ImportRow[];
  }>;
  /** Whole rows by key, in the order asked (undefined where none is stored). */
  readRuns?(keys: readonly string[]): Promise<(RunRow | undefined)[]>;
}

/** What a paged reading of the library calls: once with the run count, then per page. */
export interface LibraryVisitor {
  begin(count: number, registry: RegisteredModel[]): void;
  runs(rows: RunRow[]): void;
}

/** Rows read back at a time for metric-at-step columns (the lean reading keeps no rows). */
const ROWS_READ_BACK = 2_000;

export interface Loaded {
  cols: RunColumns;
  /** Row index by run key, built on first use (only toggled tree rows need it). */
  keyIndex: () => Map<string, number>;
  /** Whole rows of the runs at these row indices (kept, or read back from the source). */
  rowsAt: (rows: readonly number[]) => Promise<(RunRow | undefined)[]>;
  /** Metric-at-step columns computed so far, by stepValuesKey. */
  stepValues: Map<string, Float64Array>;
  /**
   * What typing reuses, kept with the columns it was computed from (a view that started before
   * an import must not leave its answer for the views after it).
   */
  sortedAll: SortedAll | null;
  /** The runs in scope (`all`: every run of the library is). */
  scope: { key: string; mask: Uint8Array; all: boolean } | null;
  experiments: ExperimentRow[];
  imports: ImportRow[];
  experimentNames: Map<string, string>;
}

/** Every run of the library in the order of one sort, kept until the sort or the data changes. */
export interface SortedAll {
  sort: string;
  rows: Uint32Array;
}

/**
 * The library read and wrapped with what views reuse (nothing reused yet). `stored`: the rows
 * the last import committed, as the store now holds them.
 */
export async function loadLibrary(
  source: ExplorerSource,
  stored: ReadonlyMap<string, RunRow> | null = null
): Promise<Loaded> {
  const { cols, rowsAt, experiments, imports } = await readLibraryColumns(source, stored);
  let keyIndex: Map<string, number> | null = null;
  return {
    cols,
    keyIndex: () => (keyIndex ??= new Map(cols.keys.map((k, i) => [k, i]))),
    rowsAt,
    stepValues: new Map(),
    sortedAll: null,
    scope: null,
    experiments,
    imports,
    experimentNames: new Map(experiments.map((e) => [e.key, e.name]))
  };
}

/** The library as columns, by the lean paged reading where the source has it. */
async function readLibraryColumns(
  source: ExplorerSource,
  stored: ReadonlyMap<string, RunRow> | null
): Promise<Pick<Loaded, 'cols' | 'rowsAt' | 'experiments' | 'imports'>> {
  const readRuns = source.readRuns?.bind(source);
  if (source.readLibraryInPages && readRuns) {
    let builder: RunColumnsBuilder | null = null;
    const rest = await source.readLibraryInPages(
      {
        begin: (count, registry) => {
          builder = new RunColumnsBuilder(count, modelNamesByRun(registry));
        },
        runs: (rows) => builder?.add(rows)
      },
      stored
    );
    const cols = (builder ?? new RunColumnsBuilder(0)).finish();
    return { cols, rowsAt: (rows) => readRuns(rows.map((i) => cols.keys[i]!)), ...rest };
  }
  const { runs, experiments, imports, registry } = await source.readLibrary();
  const cols = buildRunColumns(runs, modelNamesByRun(registry ?? []));
  return {
    cols,
    rowsAt: (rows) => Promise.resolve(rows.map((i) => runs[i])),
    experiments,
    imports
  };
}

/**
 * The value of a metric at one step for every run: from the run row for short histories, from
 * the store for the others (read once per column, then cached until the data changes).
 */
export async function ensureStepValues(
  source: ExplorerSource,
  loaded: Loaded,
  column: ColumnRef
): Promise<void> {
  if (column.kind !== 'metricAtStep') return;
  const key = stepValuesKey(column.key, column.step);
  if (loaded.stepValues.has(key)) return;
  const values = new Float64Array(loaded.cols.count).fill(NaN);
  const present = loaded.cols.metrics.get(column.key)?.present;
  const wanted: number[] = [];
  for (let i = 0; i < loaded.cols.count; i++) if (present?.[i]) wanted.push(i);
  for (let from = 0; from < wanted.length; from += ROWS_READ_BACK) {
    const indices = wanted.slice(from, from + ROWS_READ_BACK);
    const rows = await loaded.rowsAt(indices);
    for (const [j, i] of indices.entries()) {
      const run = rows[j];
      if (!run) continue;
      const series = shortSeries(run, column.key) ?? (await source.readSeries(run.key, column.key));
      values[i] = valueAtStep(series, column.step);
    }
  }
  loaded.stepValues.set(key, values);
}
