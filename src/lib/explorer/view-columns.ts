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

function distinctAtLeastTwo<T>(values: ArrayLike<T>, rows: ArrayLike<number>): boolean {
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
  const timed = (i: number) => Number.isFinite(cols.endTimes[i]! - cols.startTimes[i]!);
  if (anyRow(rows, timed)) attributes.push('duration');
  // Runs that logged GPU system metrics: how much memory and how busy, the first things compared.
  if (anyRow(rows, (i) => !Number.isNaN(cols.gpuMemoryPeak[i]!))) attributes.push('gpu_memory');
  if (anyRow(rows, (i) => !Number.isNaN(cols.gpuUtilization[i]!)))
    attributes.push('gpu_utilization');
  if (anyRow(rows, (i) => cols.users[i] !== null)) attributes.push('user');
  if (distinctAtLeastTwo(cols.sourceFormats, rows)) attributes.push('source');
  if (distinctAtLeastTwo(cols.experimentKeys, rows)) attributes.push('experiment');

  const order = libraryOrder(cols);
  const metrics: { key: string; runs: number }[] = [];
  const most = Math.max(1, Math.ceil(rows.length / 2));
  for (const key of order.metrics.slice(0, KEYS_LOOKED_AT)) {
    if (order.metricRuns.get(key)! < most) break; // later keys are rarer still
    const present = cols.metrics.get(key)!.present;
    let runs = 0;
    for (let p = 0; p < rows.length; p++) runs += present[rows[p]!]!;
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
