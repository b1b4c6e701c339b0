/**
 * MLflow runs dumped as JSON or YAML by hand or by tools other than mlflow-export-import:
 * - mlflow-tools `dump_run` (amesar/mlflow-tools, mlflow_tools/display/dump_run.py, samples/ of
 *   2021-2023): `{system?, summary, run: {info, data, inputs?}, artifacts?}`, in JSON or YAML;
 *   `dump_experiment`: `{system?, experiment, runs_summary?, runs: [dumps]}`.
 * - `json.dump(run.to_dictionary())` (mlflow/entities/run.py): `{info, data, inputs?, outputs?}`,
 *   bare, or a list of them.
 * `info` is RunInfo (run id as `run_id` or `run_uuid`; times as numbers or, from old HTTP dumps,
 * strings of digits). `data.params` and `data.tags` are MLflow's `[{key, value}]` or a `{key: value}`
 * dict (`--show-tags-as-dict`, to_dictionary); tags exploded from JSON-in-a-string are lists or
 * objects and are kept as compact JSON. `data.metrics` is a list of points with history, or a dict
 * of latest values (readRunMetrics in mlflow-json-common.ts). `artifacts.files` (a tree of
 * `{path, is_dir, file_size, artifacts}`) is listed, without bytes. `summary` counts are not used.
 * A JSON file holding only `{run}` is a saved runs/get response and is the REST importer's.
 *
 * YAML is read as data only (no tags resolved, at most 100 aliases). PyYAML, which writes these
 * files, reads `1e5` without a dot as text, so such a plain scalar stays text (a run id can look
 * like that), where the yaml package would make it a number.
 */
import { parseDocument, visit } from 'yaml';
import type { Artifact, Experiment, ImportedBatch, Run } from '../model';
import { numberFromJson } from '../model';
import { artifactPathProblem } from './artifact-path';
import { ImportError } from './errors';
import type { ImportContext, Importer } from './importer';
import { mediaTypeOf } from './media-types';
import {
  buildRun,
  firstMemberName,
  isObject,
  placeholderExperiment,
  readExperiment,
  readKeyValues,
  readRunMetrics,
  type JsonObject
} from './mlflow-json-common';
import { JsonReader } from './readers/json-reader';
import type { ImportSource } from './source';

const FORMAT = 'mlflow-run-dump';

/** Where the runs of a document are (each a dump or a bare run, with its path), and its experiment. */
interface Found {
  items: { value: JsonObject; path: string }[];
  experiment: { value: unknown; path: string } | null;
}

const hasRunInfo = (v: unknown): v is JsonObject =>
  isObject(v) && isObject(v.info) && (v.info.run_id !== undefined || v.info.run_uuid !== undefined);

/** A dump (`{run: {info, …}, …}`) or a bare run (`{info, data}`): the object holding info/data. */
function runOf(v: unknown): JsonObject | null {
  if (!isObject(v)) return null;
  if (hasRunInfo(v.run)) return v.run;
  return hasRunInfo(v) && isObject(v.data) ? v : null;
}

/** The runs of a document, or null when it is not a run dump (rules at the top). */
function findRuns(doc: unknown): Found | null {
  const listed = (list: unknown[], prefix: string) =>
    list.length > 0 && list.every((v) => runOf(v) !== null)
      ? list.map((v, i) => ({ value: v as JsonObject, path: `${prefix}[${i}]` }))
      : null;
  if (Array.isArray(doc)) {
    const items = listed(doc, '');
    return items && { items, experiment: null };
  }
  if (!isObject(doc)) return null;
  if (isObject(doc.experiment) && Array.isArray(doc.runs)) {
    const items = listed(doc.runs, 'runs');
    return items && { items, experiment: { value: doc.experiment, path: 'experiment' } };
  }
  if (runOf(doc) === null) return null;
  return { items: [{ value: doc, path: '' }], experiment: null };
}

const at = (base: string, key: string) => (base ? `${base}.${key}` : key);

/** The files of mlflow-tools' artifact tree; a path that leaves the run is left out and said. */
function readArtifacts(
  r: JsonReader,
  value: unknown,
  path: string,
  out: Artifact[],
  bad: string[]
): Artifact[] {
  if (!isObject(value) || !Array.isArray(value.files)) return out;
  for (const [i, item] of value.files.entries()) {
    const here = `${path}.files[${i}]`;
    const o = r.object(item, here);
    if (o.is_dir === true) {
      readArtifacts(r, o.artifacts, `${here}.artifacts`, out, bad);
      continue;
    }
    const file = r.string(o.path, `${here}.path`);
    if (artifactPathProblem(file) !== null) {
      bad.push(file);
      continue;
    }
    const size = numberFromJson(o.file_size);
    out.push({
      path: file,
      size: size !== undefined && Number.isFinite(size) && size >= 0 ? size : 0,
      mediaType: mediaTypeOf(file),
      content: null
    });
  }
  return out;
}

function readDumpRun(
  r: JsonReader,
  item: JsonObject,
  base: string,
  file: string,
  ctx: ImportContext
): Run {
  const dumped = hasRunInfo(item.run);
  const runBase = dumped ? at(base, 'run') : base;
  const run = runOf(item)!;
  const info = r.object(run.info, at(runBase, 'info'));
  const data = run.data == null ? {} : r.object(run.data, at(runBase, 'data'));
  const dataPath = at(runBase, 'data');
  const start = r.optionalFiniteNumber(info.start_time, at(runBase, 'info.start_time'));
  const end = r.optionalFiniteNumber(info.end_time, at(runBase, 'info.end_time'));
  const metrics = readRunMetrics(r, data.metrics, `${dataPath}.metrics`, end ?? start ?? NaN, ctx);
  const built = buildRun(
    r,
    info,
    at(runBase, 'info'),
    {
      params: readKeyValues(r, data.params, `${dataPath}.params`, true),
      tags: readKeyValues(r, data.tags, `${dataPath}.tags`, true),
      metrics: metrics.series(),
      inputs: run.inputs
    },
    { format: FORMAT, file }
  );
  const bad: string[] = [];
  const artifacts = dumped ? readArtifacts(r, item.artifacts, at(base, 'artifacts'), [], bad) : [];
  if (bad.length > 0) {
    ctx.warn({
      file,
      message: `run ${built.id}: ${bad.length} artifact path(s) outside the run were left out (${bad
        .slice(0, 3)
        .map((p) => JSON.stringify(p))
        .join(', ')})`
    });
  }
  // The artifacts are only listed (no bytes): they add no MLmodel to read.
  return { ...built, artifacts };
}

/** A YAML file parsed as plain data (see the top for why exponents without a dot stay text). */
function parseYaml(path: string, text: string): unknown {
  const doc = parseDocument(text, { version: '1.1', prettyErrors: true });
  const error = doc.errors[0];
  if (error) throw new ImportError(path, `is not valid YAML (${error.message.split('\n')[0]})`);
  visit(doc, {
    Scalar(_, node) {
      const source = node.source;
      if (typeof node.value === 'number' && typeof source === 'string' && /^[^.]*[eE]/.test(source))
        node.value = source;
    }
  });
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/** Top-level members these files start with (JSON, written in insertion or sorted order). */
const FIRST_MEMBERS = new Set([
  'system',
  'summary',
  'run',
  'info',
  'data',
  'artifacts',
  'experiment'
]);
/** A YAML dump: a top-level `summary:`, `run:`, `system:` or `info:` line, and a run id. */
const YAML_HEAD = /^(summary|run|system|info|data):[ \t]*(#.*)?$/m;

async function isYamlDump(source: ImportSource): Promise<boolean> {
  const head = await source.headText();
  const first = head.trimStart()[0];
  return first !== '{' && first !== '[' && YAML_HEAD.test(head) && /\brun_(id|uuid):/.test(head);
}

async function documentOf(source: ImportSource): Promise<unknown> {
  return (await isYamlDump(source)) ? parseYaml(source.path, await source.text()) : source.json();
}

export const mlflowRunDumpImporter: Importer = {
  id: FORMAT,
  label: 'MLflow run dump (mlflow-tools, Run.to_dictionary)',
  extensions: ['.json', '.yaml', '.yml'],

  async sniff(source: ImportSource) {
    const head = (await source.headText()).trimStart();
    const yaml = head[0] !== '{' && head[0] !== '[' && (await isYamlDump(source));
    if (!yaml && head[0] === '{') {
      const first = firstMemberName(head);
      if (first === null || !FIRST_MEMBERS.has(first)) return null;
    } else if (!yaml && head[0] !== '[') {
      return null;
    }
    try {
      const doc = await documentOf(source);
      if (!findRuns(doc)) return null;
      // `{run}` alone is a saved runs/get response, the REST importer's when it is JSON.
      const restResponse = isObject(doc) && Object.keys(doc).join() === 'run';
      return restResponse ? 0.5 : 0.85;
    } catch {
      return null;
    }
  },

  async parse(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
    const found = findRuns(await documentOf(source));
    if (!found) {
      throw new ImportError(
        source.path,
        'is not an MLflow run dump (expected {"run": {"info", "data"}}, {"info", "data"} or a list of them)'
      );
    }
    const r = new JsonReader(source.path);
    const runs: Run[] = [];
    let points = 0;
    for (const { value, path } of found.items) {
      ctx.checkCancelled();
      const run = readDumpRun(r, value, path, source.path, ctx);
      for (const m of run.metrics) points += m.values.length;
      ctx.reportPoints(points);
      runs.push(run);
    }
    const experiments = new Map<string, Experiment>();
    if (found.experiment) {
      const e = readExperiment(r, found.experiment.value, found.experiment.path);
      experiments.set(e.id, e);
    }
    for (const [i, run] of runs.entries()) {
      if (experiments.has(run.experimentId)) continue;
      // A run names its experiment by id, and in newer dumps by `_experiment_name` too; only
      // dump_experiment gives the real record.
      const name = runOf(found.items[i]!.value)!.info;
      const named = isObject(name) && typeof name._experiment_name === 'string';
      experiments.set(
        run.experimentId,
        placeholderExperiment(
          run.experimentId,
          named ? (name._experiment_name as string) : undefined
        )
      );
    }
    return { experiments: [...experiments.values()], runs };
  }
};
