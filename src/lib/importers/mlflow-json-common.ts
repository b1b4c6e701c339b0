/**
 * MLflow's own entities as JSON (RunInfo, Experiment, key/value lists, metric points), shared by
 * the REST API importer and the mlflow-export-import importer. Source: ../shared/FORMATS.md §2-3.
 */
import { RUN_STATUSES, formatNumberToken, type Experiment } from '../model';
import type { MetricSeries, Run, RunStatus } from '../model';
import type { ImportContext } from './importer';
import type { JsonReader } from './readers/json-reader';
import { describe } from './readers/json-reader';
import { mlflowRunProvenance } from '../provenance/mlflow-run';
import { datasetInputsFromJson } from '../provenance/rules/mlflow-dataset-input';

import { isJsonObject as isObject } from '../model/json';

export { isJsonObject as isObject, type JsonObject } from '../model/json';

/**
 * The name of the first member of the top-level object, from the head of a file (null when the file
 * does not start like an object). Sniffers use it to skip parsing files that are plainly not theirs.
 */
export function firstMemberName(head: string): string | null {
  const m = /^\s*\{\s*"((?:[^"\\]|\\.)*)"\s*:/.exec(head);
  return m ? m[1]! : null;
}

/** Ids are strings in MLflow; a whole number written without quotes is accepted as its digits. */
export function readId(r: JsonReader, value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  const id = r.string(value, path);
  if (id.length === 0) r.fail(path, 'is empty');
  return id;
}

/** RunStatus by name (any case) or by its protobuf number (RUNNING=1 … KILLED=5); absent: FINISHED. */
export function readRunStatus(r: JsonReader, value: unknown, path: string): RunStatus {
  if (value === undefined || value === null) return 'FINISHED';
  const n = typeof value === 'number' ? value : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= RUN_STATUSES.length) return RUN_STATUSES[n - 1]!;
  const name = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if ((RUN_STATUSES as readonly string[]).includes(name)) return name as RunStatus;
  return r.fail(
    path,
    `unknown run status ${describe(value)} (expected one of ${RUN_STATUSES.join(', ')} or 1–5)`
  );
}

/** `lifecycle_stage`: only "deleted" hides; "active" (or nothing) does not. */
export function isDeletedStage(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'deleted';
}

/**
 * A tag or param value: text, or a number or true/false written without quotes (2021 exports).
 * With `structured`, also null (empty) and lists or objects as compact JSON: mlflow-tools'
 * dump_run "explodes" JSON-in-a-string tags such as `mlflow.log-model.history` into real JSON.
 */
function valueText(r: JsonReader, value: unknown, path: string, structured: boolean): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumberToken(value);
  if (typeof value === 'boolean') return String(value);
  if (structured && value === null) return '';
  if (structured && typeof value === 'object') return JSON.stringify(value);
  return r.fail(path, `expected text, found ${describe(value)}`);
}

/**
 * Params or tags, either as MLflow's repeated `[{key, value}]` or as a `{key: value}` object. Keys
 * are NFC-normalised and kept in a Map (a param may be called `__proto__`).
 */
export function readKeyValues(
  r: JsonReader,
  value: unknown,
  path: string,
  structured = false
): Map<string, string> {
  const map = new Map<string, string>();
  if (value === undefined || value === null) return map;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const o = r.object(item, `${path}[${i}]`);
      const key = r.string(o.key, `${path}[${i}].key`).normalize('NFC');
      // proto2 leaves out a value that was never set; MLflow treats it as empty.
      const v =
        o.value === undefined ? '' : valueText(r, o.value, `${path}[${i}].value`, structured);
      map.set(key, v);
    }
    return map;
  }
  for (const [key, v] of Object.entries(r.object(value, path))) {
    map.set(key.normalize('NFC'), valueText(r, v, `${path}[${JSON.stringify(key)}]`, structured));
  }
  return map;
}

/** An MLflow Experiment (REST message or mlflow-export-import's `experiment`). */
export function readExperiment(r: JsonReader, value: unknown, path: string): Experiment {
  const o = r.object(value, path);
  const id = readId(r, o.experiment_id, `${path}.experiment_id`);
  return {
    id,
    name: r.optionalString(o.name, `${path}.name`) ?? id,
    deleted: isDeletedStage(o.lifecycle_stage),
    tags: readKeyValues(r, o.tags, `${path}.tags`)
  };
}

/** What a run file tells of an experiment it only names: a placeholder a real record replaces. */
export function placeholderExperiment(id: string, name: string = id): Experiment {
  return { id, name, deleted: false, tags: new Map(), placeholder: true };
}

/** One key's points as they are read. */
interface KeyPoints {
  s: number[];
  v: number[];
  t: number[];
}

/** Metric points grouped by key, in file order. */
export class MetricCollector {
  private readonly byKey = new Map<string, KeyPoints>();
  points = 0;

  /** The points of `key` (NFC), created on first use. */
  of(key: string): KeyPoints {
    const k = key.normalize('NFC');
    let h = this.byKey.get(k);
    if (!h) this.byKey.set(k, (h = { s: [], v: [], t: [] }));
    return h;
  }

  add(key: string, step: number, value: number, timestamp: number): void {
    this.push(this.of(key), step, value, timestamp);
  }

  push(h: KeyPoints, step: number, value: number, timestamp: number): void {
    h.s.push(step);
    h.v.push(value);
    h.t.push(timestamp);
    this.points++;
  }

  /** One `{value, timestamp, step}` point (step defaults to 0, a missing timestamp is NaN). */
  addPoint(r: JsonReader, key: string, value: unknown, path: string): void {
    this.checkedPoint(r, this.of(key), value, path);
  }

  /**
   * Point `i` of a list at `at` into `h`. A point of three finite numbers (every point a tool
   * writes) is pushed as is; anything else goes through the checked reads, whose error names the
   * point. Its path is built only then: a string per point was most of a 100 MB export's parse.
   */
  listPoint(r: JsonReader, h: KeyPoints, point: unknown, at: string, i: number): void {
    if (isObject(point)) {
      const { step, timestamp, value } = point;
      if (
        typeof value === 'number' &&
        typeof step === 'number' &&
        typeof timestamp === 'number' &&
        Number.isFinite(step) &&
        Number.isFinite(timestamp)
      ) {
        this.push(h, step, value, timestamp);
        return;
      }
    }
    this.checkedPoint(r, h, point, `${at}[${i}]`);
  }

  private checkedPoint(r: JsonReader, h: KeyPoints, value: unknown, path: string): void {
    const o = r.object(value, path);
    const step =
      o.step === undefined || o.step === null ? 0 : r.finiteNumber(o.step, `${path}.step`);
    const ts =
      o.timestamp === undefined || o.timestamp === null
        ? NaN
        : r.finiteNumber(o.timestamp, `${path}.timestamp`);
    this.push(h, step, r.number(o.value, `${path}.value`), ts);
  }

  series(): MetricSeries[] {
    return [...this.byKey].map(([key, h]) => ({
      key,
      steps: Float64Array.from(h.s),
      values: Float64Array.from(h.v),
      timestamps: Float64Array.from(h.t)
    }));
  }
}

/** `[{key, value, timestamp, step}]`, as in RunData.metrics. */
export function readMetricList(
  r: JsonReader,
  value: unknown,
  path: string,
  into: MetricCollector
): void {
  if (value === undefined || value === null) return;
  const list = r.array(value, path);
  // Points of one key come together: the key's points are looked up again only when it changes.
  let lastKey: unknown;
  let h: KeyPoints | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const key = isObject(item) ? item.key : undefined;
    if (h === undefined || key !== lastKey) {
      const o = r.object(item, `${path}[${i}]`);
      h = into.of(r.string(o.key, `${path}[${i}].key`));
      lastKey = key;
    }
    into.listPoint(r, h, item, path, i);
  }
}

/**
 * A run's metrics in any of the shapes MLflow tools write: `{key: [points]}` (mlflow-export-import
 * 2022+), `{key: value}` (export-import 2021, `Run.to_dictionary()`: the latest value only, imported
 * as one point at step 0, timed at `latestTime`: the run's end, else its start, else NaN),
 * `{key: {value, timestamp, step}}` (one point), `{key: [values]}` (steps 0..n-1, no times), or
 * MLflow's `[{key, value, timestamp, step}]` list.
 */
export function readRunMetrics(
  r: JsonReader,
  value: unknown,
  path: string,
  latestTime: number,
  ctx: ImportContext
): MetricCollector {
  const out = new MetricCollector();
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    readMetricList(r, value, path, out);
    return out;
  }
  for (const [key, v] of Object.entries(r.object(value, path))) {
    ctx.checkCancelled();
    const at = `${path}[${JSON.stringify(key)}]`;
    if (Array.isArray(v)) {
      // An empty list is no metric (as before the points were gathered per list).
      if (v.length === 0) continue;
      const h = out.of(key);
      for (let i = 0; i < v.length; i++) {
        const point: unknown = v[i];
        // A bare list of values (hand-made dumps): steps 0..n-1, times unknown.
        if (isObject(point)) out.listPoint(r, h, point, at, i);
        else
          out.push(h, i, typeof point === 'number' ? point : r.number(point, `${at}[${i}]`), NaN);
      }
      ctx.reportPoints(out.points);
    } else if (isObject(v)) {
      out.addPoint(r, key, v, at);
    } else {
      out.add(key, 0, r.number(v, at), latestTime);
    }
  }
  return out;
}

/**
 * The parts of a Run that RunInfo gives, plus what the tags add (name, parent) and the
 * provenance that the tags and the run's dataset `inputs` (as MLflow writes them in JSON) state.
 */
export function buildRun(
  r: JsonReader,
  infoValue: unknown,
  path: string,
  parts: {
    params: Map<string, string>;
    tags: Map<string, string>;
    metrics: MetricSeries[];
    inputs?: unknown;
  },
  source: Run['source']
): Run {
  const info = r.object(infoValue, path);
  const runId = info.run_id ?? info.run_uuid;
  const nonEmpty = (s: string | null | undefined) => (s ? s : null);
  const run: Run = {
    id: readId(
      r,
      runId,
      `${path}.${info.run_id === undefined && info.run_uuid !== undefined ? 'run_uuid' : 'run_id'}`
    ),
    experimentId: readId(r, info.experiment_id, `${path}.experiment_id`),
    name:
      nonEmpty(r.optionalString(info.run_name, `${path}.run_name`)) ??
      nonEmpty(parts.tags.get('mlflow.runName')),
    status: readRunStatus(r, info.status, `${path}.status`),
    startTime: r.optionalFiniteNumber(info.start_time, `${path}.start_time`),
    endTime: r.optionalFiniteNumber(info.end_time, `${path}.end_time`),
    deleted: isDeletedStage(info.lifecycle_stage),
    parentId: nonEmpty(parts.tags.get('mlflow.parentRunId')),
    params: parts.params,
    tags: parts.tags,
    metrics: parts.metrics,
    artifacts: [],
    source
  };
  const provenance = mlflowRunProvenance(run, {
    data: datasetInputsFromJson(parts.inputs, source.file)
  });
  if (provenance) run.provenance = provenance;
  return run;
}
