/**
 * Which columns the table shows by default, chosen from the runs in view rather than the whole
 * library: a person who filters down to one experiment sees that experiment's metrics and the
 * params that differ between its runs, and no column that is empty for every run on screen.
 */
import type { SortAttribute } from '../query';
import type { RunColumns } from './run-columns';
import { isSystemMetric } from '../model/system-metrics';
import { sourceTool } from './source-tools';

/** The default columns for a set of runs, most telling first within each group. */
export interface ViewColumns {
  attributes: SortAttribute[];
  metrics: string[];
  params: string[];
}

/** At most this many metrics and params by default; the column chooser adds more. */
export const DEFAULT_METRICS = 6;
export const DEFAULT_PARAMS = 6;
/**
 * Keys looked at per view, most common in the library first: bounds the work for libraries with
 * thousands of keys (each look is one pass over the runs in view).
 */
const KEYS_LOOKED_AT = 200;

/** Keys by how many runs of the library have them, most first, then by name. */
function byLibraryCount(counts: Map<string, number>): string[] {
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
}

/** Per-library key counts, cached per column set (RunColumns is immutable). */
const countsCache = new WeakMap<
  RunColumns,
  { metrics: string[]; metricRuns: Map<string, number>; params: string[] }
>();

function libraryOrder(cols: RunColumns) {
  let cached = countsCache.get(cols);
  if (!cached) {
    const metricRuns = new Map<string, number>();
    for (const [key, m] of cols.metrics)
      metricRuns.set(
        key,
        m.present.reduce((n, v) => n + v, 0)
      );
    const paramRuns = new Map<string, number>();
    for (const [key, c] of cols.params) {
      paramRuns.set(
        key,
        c.reduce((n, v) => n + (v === undefined ? 0 : 1), 0)
      );
    }
    cached = { metrics: byLibraryCount(metricRuns), metricRuns, params: byLibraryCount(paramRuns) };
    countsCache.set(cols, cached);
  }
  return cached;
}

/** Whether at least two runs in view hold different values of a param (or only one run is shown). */
function varies(column: (string | undefined)[], rows: ArrayLike<number>): boolean {
  let first: string | undefined;
  for (let p = 0; p < rows.length; p++) {
    const v = column[rows[p]!];
    if (v === undefined) continue;
    if (first === undefined) first = v;
    else if (v !== first) return true;
  }
  return rows.length === 1 && first !== undefined;
}

const severalInLibrary = new WeakMap<ArrayLike<unknown>, boolean>();

/** Whether the runs at `rows` hold at least two values; never when the whole library holds one. */
function distinctAtLeastTwo<T>(values: ArrayLike<T>, rows: ArrayLike<number>): boolean {
  // One source or one experiment in the library (the common case): no pass per keystroke.
  let several = severalInLibrary.get(values);
  if (several === undefined) {
    several = false;
    for (let i = 1; i < values.length && !several; i++) several = values[i] !== values[0];
    severalInLibrary.set(values, several);
  }
  if (!several) return false;
  for (let p = 1; p < rows.length; p++) if (values[rows[p]!] !== values[rows[0]!]) return true;
  return false;
}

/**
 * Whether the runs at `rows` were written by more than one tool (MLflow and TensorBoard, say):
 * then each row names its tool with a badge. Runs of one tool need no badge on every row.
 */
export function severalTools(cols: RunColumns, rows: ArrayLike<number>): boolean {
  if (!libraryHasSeveralTools(cols)) return false; // the common case, without a pass per keystroke
  let first: string | undefined;
  let firstTool = '';
  for (let p = 0; p < rows.length; p++) {
    const format = cols.sourceFormats[rows[p]!]!;
    if (first === undefined) {
      first = format;
      firstTool = sourceTool(format);
    } else if (format !== first && sourceTool(format) !== firstTool) return true;
  }
  return false;
}

const libraryTools = new WeakMap<RunColumns, boolean>();

function libraryHasSeveralTools(cols: RunColumns): boolean {
  let several = libraryTools.get(cols);
  if (several === undefined) {
    const tools = new Set([...new Set(cols.sourceFormats)].map(sourceTool));
    libraryTools.set(cols, (several = tools.size > 1));
  }
  return several;
}

/**
 * The attributes shown when some run in view has them (duration; the GPU's memory and use, the
 * first things compared when runs logged them; the user), each with its test, kept only when some
 * run of the library passes it. Cached per column set.
 */
const testsCache = new WeakMap<RunColumns, [SortAttribute, (i: number) => boolean][]>();

function attributeTests(cols: RunColumns): [SortAttribute, (i: number) => boolean][] {
  let tests = testsCache.get(cols);
  if (!tests) {
    const all: [SortAttribute, (i: number) => boolean][] = [
      ['duration', (i) => Number.isFinite(cols.endTimes[i]! - cols.startTimes[i]!)],
      ['gpu_memory', (i) => !Number.isNaN(cols.gpuMemoryPeak[i]!)],
      ['gpu_utilization', (i) => !Number.isNaN(cols.gpuUtilization[i]!)],
      ['user', (i) => cols.users[i] !== null]
    ];
    tests = all.filter(([, test]) => {
      for (let i = 0; i < cols.count; i++) if (test(i)) return true;
      return false;
    });
    testsCache.set(cols, tests);
  }
  return tests;
}

function anyRow(rows: ArrayLike<number>, test: (i: number) => boolean): boolean {
  for (let p = 0; p < rows.length; p++) if (test(rows[p]!)) return true;
  return false;
}

/**
 * The default columns for the runs at `rows`: status and start always; duration, peak GPU memory,
 * GPU utilisation, user, source and experiment when they tell the runs apart or hold anything; metrics that most runs in view have;
 * params whose value differs between them. Null for no runs: nothing to choose by.
 */
export function viewColumns(cols: RunColumns, rows: ArrayLike<number>): ViewColumns | null {
  if (rows.length === 0) return null;
  const attributes: SortAttribute[] = ['status', 'start_time'];
  // A test no run of the library passes is not asked of the runs in view: each such question
  // would be a whole pass per keystroke (no GPU metrics, no user: the common case).
  const tests = attributeTests(cols);
  for (const [attribute, test] of tests) if (anyRow(rows, test)) attributes.push(attribute);
  if (distinctAtLeastTwo(cols.sourceFormats, rows)) attributes.push('source');
  if (distinctAtLeastTwo(cols.experimentKeys, rows)) attributes.push('experiment');

  const order = libraryOrder(cols);
  const metrics: { key: string; runs: number }[] = [];
  const most = Math.max(1, Math.ceil(rows.length / 2));
  for (const key of order.metrics.slice(0, KEYS_LOOKED_AT)) {
    if (order.metricRuns.get(key)! < most) break; // later keys are rarer still
    const present = cols.metrics.get(key)!.present;
    // A metric every run has is had by every run in view: no pass to count them.
    let runs = order.metricRuns.get(key) === cols.count ? rows.length : 0;
    if (runs === 0) for (let p = 0; p < rows.length; p++) runs += present[rows[p]!]!;
    if (runs >= most) metrics.push({ key, runs });
  }
  // The machine's metrics (`system/…`) only after every model metric, however common.
  metrics.sort(
    (a, b) =>
      Number(isSystemMetric(a.key)) - Number(isSystemMetric(b.key)) ||
      b.runs - a.runs ||
      (a.key < b.key ? -1 : 1)
  );

  const params: string[] = [];
  for (const key of order.params.slice(0, KEYS_LOOKED_AT)) {
    if (params.length >= DEFAULT_PARAMS) break;
    if (varies(cols.params.get(key)!, rows)) params.push(key);
  }
  return {
    attributes,
    metrics: metrics.slice(0, DEFAULT_METRICS).map((m) => m.key),
    params
  };
}
