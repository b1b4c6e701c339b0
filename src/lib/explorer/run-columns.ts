/**
 * The runs of the library as columns, held in the worker: filtering, sorting and tree building
 * loop over typed arrays and plain arrays, never over row objects, so 100,000 runs stay instant.
 * Row i of every column is the same run.
 */
import type { MetricSummary, RunStatus } from '../model';
import { gpuMetricRole, RUN_STATUSES } from '../model';
import type { RunRow } from '../db/rows';

/** Per-metric columns; a run without the metric has NaN everywhere and `present[i] = 0`. */
export interface MetricColumns {
  present: Uint8Array;
  last: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
  count: Float64Array;
  lastStep: Float64Array;
  /**
   * 1 where the run holds a tracking server's sampled overview or only its latest value
   * (MetricSummary.sampled): min, max, mean and count are of those points, not of every one.
   */
  partial: Uint8Array;
}

export interface RunColumns {
  count: number;
  /** Storage keys (`format|experimentId|runId`), unique. */
  keys: string[];
  ids: string[];
  names: (string | null)[];
  experimentKeys: string[];
  /** Index into RUN_STATUSES. */
  statuses: Uint8Array;
  /** Epoch ms; NaN when unknown. */
  startTimes: Float64Array;
  endTimes: Float64Array;
  deleted: Uint8Array;
  /** Row index of the parent run in the same experiment, or -1. */
  parents: Int32Array;
  /** The `mlflow.user` tag, or null. */
  users: (string | null)[];
  sourceFormats: string[];
  sourceFiles: string[];
  importIds: string[];
  /** One column per key; `undefined` where a run does not have the key. */
  params: Map<string, (string | undefined)[]>;
  tags: Map<string, (string | undefined)[]>;
  metrics: Map<string, MetricColumns>;
  /**
   * Peak GPU memory in megabytes (the highest any one device reached) and mean GPU utilisation in
   * percent (each device's mean over the run, averaged over devices), from the system metrics
   * (see gpuMetricRole); NaN where a run logged none.
   */
  gpuMemoryPeak: Float64Array;
  gpuUtilization: Float64Array;
  /**
   * Names of the registered models a run has a version of (the model registry links versions to
   * runs by id); undefined where it has none. Absent when built without the registry.
   */
  modelNames?: (readonly string[] | undefined)[];
}

export function statusIndex(status: RunStatus): number {
  return RUN_STATUSES.indexOf(status);
}

function metricColumns(n: number): MetricColumns {
  return {
    present: new Uint8Array(n),
    last: new Float64Array(n).fill(NaN),
    min: new Float64Array(n).fill(NaN),
    max: new Float64Array(n).fill(NaN),
    mean: new Float64Array(n).fill(NaN),
    count: new Float64Array(n).fill(NaN),
    lastStep: new Float64Array(n).fill(NaN),
    partial: new Uint8Array(n)
  };
}

function setMetric(c: MetricColumns, i: number, s: MetricSummary): void {
  c.present[i] = 1;
  c.last[i] = s.last;
  c.min[i] = s.min;
  c.max[i] = s.max;
  // Rows stored before the mean was kept have none: NaN, shown as missing.
  c.mean[i] = s.mean ?? NaN;
  c.count[i] = s.count;
  c.lastStep[i] = s.lastStep;
  c.partial[i] = s.sampled || s.latest ? 1 : 0;
}

function stringColumn(
  columns: Map<string, (string | undefined)[]>,
  key: string,
  n: number
): (string | undefined)[] {
  let column = columns.get(key);
  if (!column) {
    column = new Array<string | undefined>(n).fill(undefined);
    columns.set(key, column);
  }
  return column;
}

/** Builds the columns from stored run rows (in the order given). */
export function buildRunColumns(
  rows: readonly RunRow[],
  modelNamesByRunId?: ReadonlyMap<string, readonly string[]>
): RunColumns {
  const builder = new RunColumnsBuilder(rows.length, modelNamesByRunId);
  builder.add(rows);
  return builder.finish();
}

/** Distinct strings kept per column for sharing; past that, values are kept as they come. */
const INTERNED = 4_096;

/**
 * One copy of each repeated string of a column. Rows read from IndexedDB bring their own copy of
 * every string, so a million runs of one file carried a million copies of its name, its import id,
 * its experiment key and each param value (~50 bytes each); columns of few values share one.
 */
class Interner {
  #seen = new Map<string, string>();

  get(value: string): string {
    const known = this.#seen.get(value);
    if (known !== undefined) return known;
    if (this.#seen.size < INTERNED) this.#seen.set(value, value);
    return value;
  }
}

/**
 * Columns built from rows a page at a time (the worker reads a big library in pages, so its rows
 * are never all in memory at once). `count` is how many rows will be added.
 */
export class RunColumnsBuilder {
  readonly #c: RunColumns;
  readonly #n: number;
  #i = 0;
  readonly #modelNames: ReadonlyMap<string, readonly string[]> | undefined;
  /** Row index and parent id of the runs that name a parent (most runs name none). */
  readonly #parents: [number, string][] = [];
  readonly #intern = {
    experimentKeys: new Interner(),
    formats: new Interner(),
    files: new Interner(),
    importIds: new Interner(),
    users: new Interner(),
    params: new Map<string, Interner>(),
    tags: new Map<string, Interner>()
  };

  constructor(count: number, modelNamesByRunId?: ReadonlyMap<string, readonly string[]>) {
    const n = count;
    this.#n = n;
    this.#modelNames = modelNamesByRunId;
    this.#c = {
      count: n,
      keys: new Array<string>(n),
      ids: new Array<string>(n),
      names: new Array<string | null>(n),
      experimentKeys: new Array<string>(n),
      statuses: new Uint8Array(n),
      startTimes: new Float64Array(n),
      endTimes: new Float64Array(n),
      deleted: new Uint8Array(n),
      parents: new Int32Array(n).fill(-1),
      users: new Array<string | null>(n),
      sourceFormats: new Array<string>(n),
      sourceFiles: new Array<string>(n),
      importIds: new Array<string>(n),
      params: new Map(),
      tags: new Map(),
      metrics: new Map(),
      gpuMemoryPeak: new Float64Array(n).fill(NaN),
      gpuUtilization: new Float64Array(n).fill(NaN),
      ...(modelNamesByRunId ? { modelNames: new Array(n) } : {})
    };
  }

  #value(interners: Map<string, Interner>, key: string, value: string): string {
    let interner = interners.get(key);
    if (!interner) {
      interner = new Interner();
      interners.set(key, interner);
    }
    return interner.get(value);
  }

  /** Adds rows after those added before; rows past `count` are left out. */
  add(rows: readonly RunRow[]): void {
    const c = this.#c;
    const n = this.#n;
    const intern = this.#intern;
    for (const r of rows) {
      const i = this.#i;
      if (i >= n) return;
      this.#i++;
      c.keys[i] = r.key;
      c.ids[i] = r.id;
      c.names[i] = r.name;
      c.experimentKeys[i] = intern.experimentKeys.get(r.experimentKey);
      c.statuses[i] = statusIndex(r.status);
      c.startTimes[i] = r.startTime ?? NaN;
      c.endTimes[i] = r.endTime ?? NaN;
      c.deleted[i] = r.deleted ? 1 : 0;
      const user = r.tags.get('mlflow.user');
      c.users[i] = user === undefined ? null : intern.users.get(user);
      c.sourceFormats[i] = intern.formats.get(r.sourceFormat);
      c.sourceFiles[i] = intern.files.get(r.sourceFile);
      c.importIds[i] = intern.importIds.get(r.importId);
      if (c.modelNames) c.modelNames[i] = this.#modelNames?.get(r.id);
      for (const [k, v] of r.params)
        stringColumn(c.params, k, n)[i] = this.#value(intern.params, k, v);
      for (const [k, v] of r.tags) stringColumn(c.tags, k, n)[i] = this.#value(intern.tags, k, v);
      for (const [k, s] of r.metrics) {
        let m = c.metrics.get(k);
        if (!m) {
          m = metricColumns(n);
          c.metrics.set(k, m);
        }
        setMetric(m, i, s);
      }
      if (r.parentId !== null) this.#parents.push([i, r.parentId]);
    }
  }

  /** The columns; rows never added (the store changed while it was read) are left empty. */
  finish(): RunColumns {
    const c = this.#c;
    if (this.#parents.length > 0) {
      const byExperimentAndId = new Map<string, number>();
      for (let i = 0; i < this.#i; i++)
        byExperimentAndId.set(`${c.experimentKeys[i]}\u0000${c.ids[i]}`, i);
      for (const [i, parentId] of this.#parents) {
        const p = byExperimentAndId.get(`${c.experimentKeys[i]}\u0000${parentId}`);
        if (p !== undefined && p !== i) c.parents[i] = p;
      }
    }
    fillGpuColumns(c);
    return c;
  }
}

/** The run-wide GPU columns, from whichever GPU system metrics the library holds. */
function fillGpuColumns(c: RunColumns): void {
  const utilSum = new Float64Array(c.count);
  const utilDevices = new Uint16Array(c.count);
  for (const [key, m] of c.metrics) {
    const role = gpuMetricRole(key);
    if (!role) continue;
    for (let i = 0; i < c.count; i++) {
      if (!m.present[i]) continue;
      if (role.kind === 'memory') {
        const peak = m.max[i]! * role.toMegabytes;
        // NaN-safe max: a run's first device sets the value, NaN never wins.
        if (Number.isFinite(peak) && !(peak <= c.gpuMemoryPeak[i]!)) c.gpuMemoryPeak[i] = peak;
      } else if (Number.isFinite(m.mean[i]!)) {
        utilSum[i]! += m.mean[i]!;
        utilDevices[i]!++;
      }
    }
  }
  for (let i = 0; i < c.count; i++)
    if (utilDevices[i]! > 0) c.gpuUtilization[i] = utilSum[i]! / utilDevices[i]!;
}
