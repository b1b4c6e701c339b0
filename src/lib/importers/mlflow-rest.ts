/**
 * Saved responses of the MLflow REST API (`/api/2.0/mlflow/…` or `/ajax-api/2.0/mlflow/…`):
 * runs/search, runs/get, experiments/search and experiments/get. Source: ../shared/FORMATS.md §2,
 * from mlflow/mlflow `mlflow/protos/service.proto` and `mlflow/utils/proto_json_utils.py` (newest
 * copies read for that document). Protobuf JSON with snake_case names; int64 as numbers or, from
 * old servers, strings; NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity".
 * The entities it shares with mlflow-export-import are read in mlflow-json-common.ts.
 */
import type { ImportedBatch, Run } from '../model';
import { ImportError } from './errors';
import type { ImportContext, Importer } from './importer';
import { JsonReader } from './readers/json-reader';
import {
  MetricCollector,
  buildRun,
  firstMemberName,
  isObject,
  placeholderExperiment,
  readExperiment,
  readKeyValues,
  readMetricList,
  type JsonObject
} from './mlflow-json-common';
import type { ImportSource } from './source';

type RestKind = 'runs' | 'run' | 'experiments' | 'experiment' | 'history';

const hasRunInfo = (v: unknown) =>
  isObject(v) && isObject(v.info) && (v.info.run_id !== undefined || v.info.run_uuid !== undefined);

/** Which response this is, by its top-level members (nothing else may be there). */
function restKind(doc: unknown): RestKind | null {
  if (!isObject(doc)) return null;
  const keys = Object.keys(doc);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  const first = (v: unknown) => (Array.isArray(v) && v.length > 0 ? (v[0] as unknown) : undefined);
  if (only('runs', 'next_page_token') && hasRunInfo(first(doc.runs))) return 'runs';
  if (only('run') && hasRunInfo(doc.run)) return 'run';
  const exp = first(doc.experiments);
  if (only('experiments', 'next_page_token') && isObject(exp) && exp.experiment_id !== undefined)
    return 'experiments';
  if (only('experiment') && isObject(doc.experiment) && doc.experiment.experiment_id !== undefined)
    return 'experiment';
  const point = first(doc.metrics);
  if (only('metrics', 'next_page_token') && isObject(point) && 'key' in point && 'value' in point)
    return 'history';
  return null;
}

const CONFIDENCE: Record<RestKind, number> = {
  runs: 0.9,
  run: 0.9,
  experiments: 0.9,
  experiment: 0.8,
  history: 0.8
};

/** Members a response starts with: protobuf order, or sorted (`jq -S`) for next_page_token. */
const FIRST_MEMBERS = new Set([
  'runs',
  'run',
  'experiments',
  'experiment',
  'metrics',
  'next_page_token'
]);

function readRestRun(
  r: JsonReader,
  value: unknown,
  path: string,
  file: string,
  ctx: ImportContext
): Run {
  const o = r.object(value, path);
  const data = o.data === undefined || o.data === null ? {} : r.object(o.data, `${path}.data`);
  const metrics = new MetricCollector();
  ctx.checkCancelled();
  readMetricList(r, data.metrics, `${path}.data.metrics`, metrics);
  return buildRun(
    r,
    o.info,
    `${path}.info`,
    {
      params: readKeyValues(r, data.params, `${path}.data.params`),
      tags: readKeyValues(r, data.tags, `${path}.data.tags`),
      metrics: metrics.series(),
      inputs: o.inputs
    },
    { format: 'mlflow-rest', file }
  );
}

function historyError(r: JsonReader, doc: JsonObject): never {
  const points = r.array(doc.metrics, 'metrics');
  const keys = [
    ...new Set(points.map((p) => (isObject(p) && typeof p.key === 'string' ? p.key : '?')))
  ];
  const runIds = new Set(points.map((p) => (isObject(p) ? p.run_id : undefined)));
  const named = [...runIds].every((id) => typeof id === 'string');
  throw new ImportError(
    r.file,
    `is a saved metrics/get-history response (${points.length} point(s) of ${keys
      .map((k) => JSON.stringify(k))
      .join(', ')}). It cannot be imported on its own: such a response does not say which ` +
      (named
        ? "experiment its run belongs to (only MLflow 3 adds the run's id to each point)"
        : 'run (nor which experiment) the history belongs to') +
      ', and the file name is no reliable guide. Import the run from a runs/get or runs/search ' +
      'response (latest value of each metric) or an mlflow-export-import run.json (full histories).'
  );
}

export const mlflowRestImporter: Importer = {
  id: 'mlflow-rest',
  label: 'MLflow REST API JSON',
  extensions: ['.json'],

  async sniff(source: ImportSource) {
    const first = firstMemberName(await source.headText());
    if (first === null || !FIRST_MEMBERS.has(first)) return null;
    const kind = restKind(await source.json());
    return kind ? CONFIDENCE[kind] : null;
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const r = new JsonReader(source.path);
    const doc = await source.json();
    const kind = restKind(doc);
    if (!kind || !isObject(doc)) {
      throw new ImportError(
        source.path,
        'is not a saved MLflow REST response (expected the members of runs/search, runs/get, ' +
          'experiments/search or experiments/get)'
      );
    }
    if (kind === 'history') historyError(r, doc);
    if (kind === 'experiment') {
      return { experiments: [readExperiment(r, doc.experiment, 'experiment')], runs: [] };
    }
    if (kind === 'experiments') {
      const experiments = r
        .array(doc.experiments, 'experiments')
        .map((e, i) => readExperiment(r, e, `experiments[${i}]`));
      return { experiments, runs: [] };
    }
    const runs: Run[] = [];
    let points = 0;
    const list = kind === 'run' ? [doc.run] : r.array(doc.runs, 'runs');
    for (const [i, value] of list.entries()) {
      const run = readRestRun(r, value, kind === 'run' ? 'run' : `runs[${i}]`, source.path, ctx);
      for (const m of run.metrics) points += m.values.length;
      ctx.reportPoints(points);
      runs.push(run);
    }
    // Runs name their experiment by id only; experiments/search or /get gives the real record.
    const experiments = [...new Set(runs.map((run) => run.experimentId))].map((id) =>
      placeholderExperiment(id)
    );
    return { experiments, runs };
  }
};
