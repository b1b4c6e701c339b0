/**
 * MLflow's REST JSON (protobuf JSON, snake_case; read from a 3.17.2 server, 2026-12) → the model.
 * The entities are the ones the saved-response importer reads (../importers/mlflow-json-common),
 * so a run looks the same whether it came from a file or a server; only the source differs:
 * `format: 'mlflow-server'` (the badge says MLflow, `source = 'mlflow-server'` filters them) and
 * `file` is the run's page on the server, without credentials.
 *
 * Numbers: int64 fields come as numbers; NaN, +Inf and -Inf metric values as the strings "NaN",
 * "Infinity", "-Infinity", but a SQL-backed server (SQLite, PostgreSQL…) never sends the
 * infinities: SqlAlchemyStore clamps them to ±DBL_MAX when it stores them, and its own Python
 * client reads ±DBL_MAX back. Runlens reads ±DBL_MAX as the ±Infinity that was logged, as the
 * mlflow-sqlite importer does for the same database.
 */
import type { Artifact, Experiment, MetricSeries, Run } from '../model';
import { mediaTypeOf } from '../importers/media-types';
import { buildRun, readExperiment, readKeyValues } from '../importers/mlflow-json-common';
import { JsonReader } from '../importers/readers/json-reader';
import { SERVER_FORMAT } from './server-format';

export { SERVER_FORMAT };

const DBL_MAX = Number.MAX_VALUE;

/** ±DBL_MAX (how SQL stores keep ±Infinity) back to ±Infinity; every other value as it is. */
export function restoreInfinity(value: number): number {
  if (value === DBL_MAX) return Infinity;
  if (value === -DBL_MAX) return -Infinity;
  return value;
}

/** The run's page in MLflow's UI: a link, and the run's `source.file`. */
export function runPage(address: string, experimentId: string, runId: string): string {
  return `${address}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}

/**
 * The server a stored run came from, read back from its page (`runPage`): the address and the
 * run's id on it, or null for a run that did not come from a server.
 */
export function serverOfRun(run: {
  sourceFormat: string;
  sourceFile: string;
  id: string;
}): { address: string; runId: string } | null {
  if (run.sourceFormat !== SERVER_FORMAT) return null;
  const at = run.sourceFile.indexOf('/#/experiments/');
  if (at <= 0) return null;
  const address = run.sourceFile.slice(0, at);
  return /^https?:\/\//.test(address) ? { address, runId: run.id } : null;
}

/** One experiment of experiments/search. */
export function mapExperiment(value: unknown, address: string): Experiment {
  return readExperiment(new JsonReader(address), value, 'experiment');
}

/**
 * One run of runs/search or runs/get. Its metrics are the latest value of each (what runs/search
 * carries), as one-point series; `latestOnly` says so until full histories replace them.
 */
export function mapRun(value: unknown, address: string): Run {
  const r = new JsonReader(address);
  const o = r.object(value, 'run');
  const info = r.object(o.info, 'run.info');
  const data = o.data === undefined || o.data === null ? {} : r.object(o.data, 'run.data');
  const metrics: MetricSeries[] = [];
  if (data.metrics !== undefined && data.metrics !== null) {
    for (const [i, item] of r.array(data.metrics, 'run.data.metrics').entries()) {
      const p = r.object(item, `run.data.metrics[${i}]`);
      metrics.push({
        key: r.string(p.key, `run.data.metrics[${i}].key`).normalize('NFC'),
        steps: Float64Array.of(p.step === undefined ? 0 : r.finiteNumber(p.step, 'step')),
        values: Float64Array.of(restoreInfinity(r.number(p.value, 'value'))),
        timestamps: Float64Array.of(r.optionalFiniteNumber(p.timestamp, 'timestamp') ?? NaN)
      });
    }
  }
  const run = buildRun(
    r,
    info,
    'run.info',
    {
      params: readKeyValues(r, data.params, 'run.data.params'),
      tags: readKeyValues(r, data.tags, 'run.data.tags'),
      metrics
    },
    { format: SERVER_FORMAT, file: '' }
  );
  run.source.file = runPage(address, run.experimentId, run.id);
  return run;
}

/** Points of metrics/get-history or get-history-bulk-interval, in the order the server sent them. */
export interface HistoryColumns {
  steps: number[];
  values: number[];
  timestamps: number[];
}

export function emptyColumns(): HistoryColumns {
  return { steps: [], values: [], timestamps: [] };
}

/**
 * Appends a page of `{key, value, timestamp, step[, run_id]}` points; with `byRun`, points go to
 * their run's columns (bulk-interval answers mix runs).
 */
export function appendPoints(
  points: unknown,
  address: string,
  into: (runId: string | null) => HistoryColumns
): void {
  if (points === undefined || points === null) return;
  const r = new JsonReader(address);
  for (const [i, item] of r.array(points, 'metrics').entries()) {
    const p = r.object(item, `metrics[${i}]`);
    const cols = into(typeof p.run_id === 'string' ? p.run_id : null);
    cols.steps.push(p.step === undefined ? 0 : r.finiteNumber(p.step, `metrics[${i}].step`));
    cols.values.push(restoreInfinity(r.number(p.value, `metrics[${i}].value`)));
    cols.timestamps.push(r.optionalFiniteNumber(p.timestamp, `metrics[${i}].timestamp`) ?? NaN);
  }
}

/** Columns → the model's series. */
export function toSeries(key: string, cols: HistoryColumns): MetricSeries {
  return {
    key: key.normalize('NFC'),
    steps: Float64Array.from(cols.steps),
    values: Float64Array.from(cols.values),
    timestamps: Float64Array.from(cols.timestamps)
  };
}

/** One file of artifacts/list (folders are listed by the caller, recursively). */
export function mapArtifact(path: string, size: number | null): Artifact {
  return { path, size: size ?? 0, mediaType: mediaTypeOf(path), content: null };
}
