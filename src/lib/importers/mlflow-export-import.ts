/**
 * Files written by mlflow/mlflow-export-import, read one file at a time. Source: ../shared/FORMATS.md
 * §3, from mlflow/mlflow-export-import @cf626079 (2026-01-02: run/export_run.py,
 * experiment/export_experiment.py, bulk/export_experiments.py, bulk/export_all.py,
 * common/io_utils.py) and tag v1.1.2 for the legacy format; checked against the tool's own samples
 * of 2021-09 (6f063cc), 2022-06 (c18d581) and 2026-01 (cf62607), see tests/fixtures/real/SOURCES.md.
 *
 * Three generations of run.json:
 * - 2021: `{info, params, metrics: {key: latest value}, tags}`; some tag values are JSON numbers.
 * - 2022: `{export_info, info, params, metrics: {key: [{value, timestamp, step}]}, tags}`.
 * - 2023+: `{system, info?, mlflow: {info, params, metrics: {key: [points]}, tags, inputs?, …}}`;
 *   `inputs` (MLflow 2.4+ dataset inputs) go to the run's provenance, with the MLmodel and
 *   environment files of an exported run folder's artifacts.
 * Python's json.dumps writes bare NaN/Infinity, hence the tolerant parser.
 *
 * Experiments come from experiment.json (`mlflow.experiment`), from the legacy per-experiment
 * manifest.json (`experiment` + `export_info`/`run_ids`), and, by name only, from the bulk indexes
 * (experiments.json `mlflow.experiments`, the 2021 `experiments` list). Registered models, model
 * versions, logged models, traces, prompts, evaluation datasets and export summaries are recognised
 * and give an empty batch: they hold no runs.
 *
 * A run exported with its artifacts is a folder: `<run id>/run.json` beside `<run id>/artifacts/`
 * (export_run.py copies the run's artifact tree there). The folder importer below claims such
 * folders, so the files under artifacts/ become the run's artifacts instead of files no importer
 * reads; a run.json dropped alone is read by the file importer.
 */
import type { Experiment, ImportedBatch, Run } from '../model';
import { ImportError, toFileError } from './errors';
import { joinPath, type FileTree } from './file-tree';
import { readFolderArtifacts } from './folder-artifacts';
import type {
  FolderClaim,
  FolderImporter,
  FolderResult,
  ImportContext,
  Importer
} from './importer';
import { JsonReader } from './readers/json-reader';
import { mlflowRunProvenance } from '../provenance/mlflow-run';
import {
  buildRun,
  firstMemberName,
  isObject,
  placeholderExperiment,
  readExperiment,
  readId,
  readKeyValues,
  readRunMetrics,
  type JsonObject
} from './mlflow-json-common';
import type { ImportSource } from './source';

const FORMAT = 'mlflow-export-import';

type Kind =
  /** A run.json; `base` is `mlflow.` for the enveloped format, '' for the legacy ones. */
  | { kind: 'run'; root: JsonObject; base: string }
  | { kind: 'experiment'; value: unknown; path: string }
  | { kind: 'experiment-list'; value: unknown[]; path: string }
  | { kind: 'no-runs'; what: string }
  | { kind: 'unknown'; members: string[] };

const hasRunId = (info: unknown) =>
  isObject(info) && (info.run_id !== undefined || info.run_uuid !== undefined);

/** What the tool's own envelope (`{system, info?, mlflow}`) holds, by the members of `mlflow`. */
function envelopeKind(m: JsonObject, info: unknown): Kind {
  if (hasRunId(m.info)) return { kind: 'run', root: m, base: 'mlflow.' };
  if (isObject(m.experiment))
    return { kind: 'experiment', value: m.experiment, path: 'mlflow.experiment' };
  if (Array.isArray(m.experiments)) {
    const items = m.experiments.filter(isObject);
    if (items.some((e) => 'logged_models' in e))
      return { kind: 'no-runs', what: 'a list of logged models' };
    if (items.some((e) => 'traces' in e)) return { kind: 'no-runs', what: 'a list of traces' };
    return { kind: 'experiment-list', value: m.experiments, path: 'mlflow.experiments' };
  }
  if (isObject(m.info) && isObject(m.data)) return { kind: 'no-runs', what: 'a trace' };
  if (isObject(m.registered_model)) return { kind: 'no-runs', what: 'a registered model' };
  if (isObject(m.model_version)) return { kind: 'no-runs', what: 'a registered model version' };
  if (Array.isArray(m.models)) return { kind: 'no-runs', what: 'a list of registered models' };
  if (typeof m.model_id === 'string') return { kind: 'no-runs', what: 'a logged model' };
  if (isObject(m.prompt)) return { kind: 'no-runs', what: 'a prompt' };
  if ('total_prompts' in m) return { kind: 'no-runs', what: 'a summary of exported prompts' };
  if (isObject(m.evaluation_dataset)) return { kind: 'no-runs', what: 'an evaluation dataset' };
  if ('total_datasets' in m) {
    return { kind: 'no-runs', what: 'a summary of exported evaluation datasets' };
  }
  // export-all's and export-models' manifest.json: everything is in `info`.
  if (Object.keys(m).length === 0 && isObject(info)) {
    return { kind: 'no-runs', what: 'an export summary' };
  }
  return { kind: 'unknown', members: Object.keys(m) };
}

/** Classifies a parsed file by its top-level members (never by its name); null: not this tool's. */
function classify(doc: unknown): { kind: Kind; confidence: number } | null {
  if (!isObject(doc)) return null;
  const system = doc.system;
  if (
    isObject(system) &&
    isObject(doc.mlflow) &&
    ('package_version' in system || 'mlflow_version' in system || 'export_time' in system)
  ) {
    const kind = envelopeKind(doc.mlflow, doc.info);
    return { kind, confidence: kind.kind === 'unknown' ? 0.6 : 1 };
  }
  // Legacy files (package ≤ 1.1.x): no envelope.
  if (hasRunId(doc.info) && ('params' in doc || 'metrics' in doc || 'tags' in doc)) {
    return { kind: { kind: 'run', root: doc, base: '' }, confidence: 0.9 };
  }
  if (isObject(doc.experiment) && ('export_info' in doc || 'run_ids' in doc)) {
    return {
      kind: { kind: 'experiment', value: doc.experiment, path: 'experiment' },
      confidence: 0.9
    };
  }
  if (Array.isArray(doc.experiments) && isObject(doc.info) && 'mlflow_version' in doc.info) {
    return {
      kind: { kind: 'experiment-list', value: doc.experiments, path: 'experiments' },
      confidence: 0.8
    };
  }
  if (Array.isArray(doc.models) && isObject(doc.info) && 'mlflow_version' in doc.info) {
    return { kind: { kind: 'no-runs', what: 'a list of registered models' }, confidence: 0.8 };
  }
  // The legacy model.json is exactly a registered-models/get response: nothing else to tell by.
  if (isObject(doc.registered_model) && Object.keys(doc).length === 1) {
    return { kind: { kind: 'no-runs', what: 'a registered model' }, confidence: 0.5 };
  }
  return null;
}

/** The experiment a run.json names: a placeholder, named when the file says the name. */
function runExperiment(run: Run): Experiment {
  const t = run.tags;
  // The tool copies the source run's details into tags. The name only applies when the source
  // experiment is this one: a run exported twice carries the first source's name.
  const name = t.get('mlflow_export_import.metadata.experiment_name');
  const sourceId =
    t.get('mlflow_export_import.metadata.experiment_id') ??
    t.get('mlflow_export_import.run_info.experiment_id') ??
    t.get('mlflow_exim.run_info.experiment_id');
  return name && sourceId === run.experimentId
    ? placeholderExperiment(run.experimentId, name)
    : placeholderExperiment(run.experimentId);
}

function readRun(r: JsonReader, root: JsonObject, base: string, file: string, ctx: ImportContext) {
  const info = r.object(root.info, `${base}info`);
  const startTime = r.optionalFiniteNumber(info.start_time, `${base}info.start_time`);
  const endTime = r.optionalFiniteNumber(info.end_time, `${base}info.end_time`);
  const metrics = readRunMetrics(
    r,
    root.metrics,
    `${base}metrics`,
    endTime ?? startTime ?? NaN,
    ctx
  );
  const run = buildRun(
    r,
    info,
    `${base}info`,
    {
      params: readKeyValues(r, root.params, `${base}params`),
      tags: readKeyValues(r, root.tags, `${base}tags`),
      metrics: metrics.series(),
      inputs: root.inputs
    },
    { format: FORMAT, file }
  );
  return { experiments: [runExperiment(run)], runs: [run] };
}

/** A bulk index (`[{id, name, …}]`): experiments known by id and name only. */
function readExperimentList(r: JsonReader, list: unknown[], path: string): Experiment[] {
  return list.map((item, i) => {
    const o = r.object(item, `${path}[${i}]`);
    const id = readId(r, o.id ?? o.experiment_id, `${path}[${i}].id`);
    return placeholderExperiment(id, r.optionalString(o.name, `${path}[${i}].name`) ?? id);
  });
}

/**
 * Members the tool's files start with (`system` first since 2023; legacy run.json, manifests and
 * model.json), or, sorted by a pretty-printer, `info`/`mlflow`.
 */
const FIRST_MEMBERS = new Set([
  'system',
  'mlflow',
  'info',
  'export_info',
  'experiment',
  'experiments',
  'registered_model',
  'models'
]);
/** The tool writes `system` first, with the versions, so a broken file still says whose it is. */
const ENVELOPE_HEAD = /^\{\s*"system"\s*:\s*\{[^}]*"(package_version|mlflow_version)"\s*:/;

/** Whether the head names this tool's members first, so the whole file is worth parsing. */
async function startsLikeExport(source: ImportSource): Promise<boolean> {
  const first = firstMemberName(await source.headText());
  return first !== null && FIRST_MEMBERS.has(first);
}

/** Reads one file of the tool into a batch; throws ImportError naming the file and the problem. */
async function parseExportFile(source: ImportSource, ctx: ImportContext): Promise<ImportedBatch> {
  const r = new JsonReader(source.path);
  const found = classify(await source.json());
  if (!found) {
    throw new ImportError(
      source.path,
      'is not an mlflow-export-import file (expected run.json, experiment.json or their indexes)'
    );
  }
  const { kind } = found;
  switch (kind.kind) {
    case 'run': {
      const batch = readRun(r, kind.root, kind.base, source.path, ctx);
      ctx.reportPoints(batch.runs[0]!.metrics.reduce((n, m) => n + m.values.length, 0));
      return batch;
    }
    case 'experiment':
      return { experiments: [readExperiment(r, kind.value, kind.path)], runs: [] };
    case 'experiment-list':
      return { experiments: readExperimentList(r, kind.value, kind.path), runs: [] };
    case 'no-runs':
      return { experiments: [], runs: [] };
    case 'unknown':
      throw new ImportError(
        source.path,
        `is an mlflow-export-import file of a kind Runlens does not know ("mlflow" holds ${
          kind.members.map((m) => JSON.stringify(m)).join(', ') || 'nothing'
        }), so no runs could be read from it`
      );
  }
}

export const mlflowExportImportImporter: Importer = {
  id: FORMAT,
  label: 'mlflow-export-import JSON',
  extensions: ['.json'],

  async sniff(source: ImportSource) {
    if (!(await startsLikeExport(source))) return null;
    try {
      return classify(await source.json())?.confidence ?? null;
    } catch {
      // Claimed so that parse reports where the JSON breaks, rather than "unknown format".
      return ENVELOPE_HEAD.test((await source.headText()).trimStart()) ? 0.3 : null;
    }
  },

  parse: parseExportFile
};

/** Folders holding a run.json of this tool and an artifacts/ folder beside it. */
async function claimRunFolders(tree: FileTree): Promise<FolderClaim[]> {
  const claims: FolderClaim[] = [];
  for (const dir of tree.foldersWithFile('run.json')) {
    if (!tree.dirs(dir).includes('artifacts')) continue;
    const runFile = tree.get(joinPath(dir, 'run.json'))!;
    if (!(await startsLikeExport(runFile))) continue;
    // A run.json that breaks is still the run's: its folder is claimed, so the report names the
    // broken file once instead of listing its artifacts as files nobody reads.
    const kind = await runFile.json().then(classify, () => 'broken' as const);
    if (kind !== 'broken' && kind?.kind.kind !== 'run') continue;
    const artifacts = tree.under(joinPath(dir, 'artifacts')).map((f) => f.source);
    claims.push({ root: dir, files: [runFile, ...artifacts] });
  }
  return claims;
}

/** The run of a claimed folder, with every file under its artifacts/ folder attached. */
async function parseRunFolder(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const runFile = tree.get(joinPath(claim.root, 'run.json'))!;
  // Another folder format took the run.json first: nothing of it is left to read here.
  if (!claim.files.includes(runFile)) return { batch: { experiments: [], runs: [] }, problems: [] };
  try {
    const batch = await parseExportFile(runFile, ctx);
    const owned = new Set(claim.files);
    const dir = joinPath(claim.root, 'artifacts');
    const artifacts = await readFolderArtifacts(
      tree,
      dir,
      (relative) => !owned.has(tree.get(joinPath(dir, relative))!)
    );
    // The artifacts may hold MLmodel and environment files: the provenance is read again.
    const withArtifacts = batch.runs.map((run) => {
      const out: Run = { ...run, artifacts };
      const provenance = mlflowRunProvenance(out, { data: run.provenance?.data });
      if (provenance) out.provenance = provenance;
      else delete out.provenance;
      return out;
    });
    return { batch: { ...batch, runs: withArtifacts }, problems: [] };
  } catch (error) {
    return { batch: { experiments: [], runs: [] }, problems: [toFileError(runFile.path, error)] };
  }
}

/** mlflow-export-import runs exported with their artifacts (`run.json` + `artifacts/`). */
export const mlflowExportImportFolderImporter: FolderImporter = {
  id: FORMAT,
  label: 'mlflow-export-import run folders',
  claim: claimRunFolders,
  parseFolder: parseRunFolder
};
