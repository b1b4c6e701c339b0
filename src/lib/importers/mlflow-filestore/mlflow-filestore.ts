/**
 * MLflow's FileStore: an `mlruns/` folder (1.x, 2.x and 3.x), one experiment folder, one run
 * folder, or any of them inside a zip. Source: mlflow/store/tracking/file_store.py and
 * mlflow/entities (read for ../shared/FORMATS.md §1, 2026). Experiments are found by their
 * meta.yaml, runs by theirs; a run's dataset inputs and 3.x logged models (with their MLmodel and
 * environment files) and its MLflow tags and model artifacts make its provenance (run-links.ts,
 * ../../provenance/mlflow-run.ts); everything else in an experiment folder (tags/, traces/, the
 * rest of models/) belongs to the claim and is skipped without error.
 */
import type { Experiment, Run } from '../../model';
import { ImportError, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from '../importer';
import { readFolderArtifacts } from '../folder-artifacts';
import { mlflowRunStatus, readKeyValueFolder, readMetricsFolder } from './run-files';
import { readRunLinks } from './run-links';
import { mlflowRunProvenance } from '../../provenance/mlflow-run';
import { YamlMeta } from '../readers/yaml-meta';

export const MLFLOW_FILESTORE_ID = 'mlflow-filestore';

type MetaKind = 'experiment' | 'run' | null;

/** Tells a run's meta.yaml from an experiment's by their keys (registry and model metas are neither). */
export function classifyMlflowMeta(text: string): MetaKind {
  const has = (key: string) => new RegExp(`^${key}:`, 'm').test(text);
  if (!has('experiment_id') || has('model_id') || has('current_stage') || has('source_run_id')) {
    return null;
  }
  if (has('run_uuid') || has('run_id')) return has('start_time') || has('status') ? 'run' : null;
  if (has('name') && (has('artifact_location') || has('lifecycle_stage'))) return 'experiment';
  return null;
}

interface Layout {
  experiments: Set<string>;
  runs: string[];
}

/** What a claim covers: its experiment folder (null for runs dropped without one) and run folders. */
interface ClaimPlan {
  experimentDir: string | null;
  runDirs: string[];
}

const plans = new WeakMap<FolderClaim, ClaimPlan>();

/** Finds every experiment folder and run folder among the dropped files. */
async function findLayout(tree: FileTree): Promise<Layout> {
  const experiments = new Set<string>();
  const runs: string[] = [];
  for (const dir of tree.foldersWithFile('meta.yaml')) {
    const meta = tree.get(joinPath(dir, 'meta.yaml'))!;
    if (meta.file.size > 64 * 1024) continue; // meta files are a few hundred bytes
    const kind = classifyMlflowMeta(await meta.headText());
    if (kind === 'experiment') experiments.add(dir);
    else if (kind === 'run') runs.push(dir);
  }
  return { experiments, runs };
}

/** One claim per experiment folder; runs without one are grouped by the folder that holds them. */
async function claimFolders(tree: FileTree): Promise<FolderClaim[]> {
  const { experiments, runs } = await findLayout(tree);
  const groups = new Map<string, ClaimPlan>();
  for (const dir of experiments) groups.set(dir, { experimentDir: dir, runDirs: [] });
  for (const dir of runs) {
    const parent = parentOf(dir);
    const key = experiments.has(parent) ? parent : `lone:${parent}`;
    const plan = groups.get(key) ?? { experimentDir: null, runDirs: [] };
    plan.runDirs.push(dir);
    groups.set(key, plan);
  }
  return [...groups.values()].map((plan) => {
    const dirs = plan.experimentDir ? [plan.experimentDir] : plan.runDirs;
    const claim: FolderClaim = {
      root: plan.experimentDir ?? (parentOf(plan.runDirs[0]!) || plan.runDirs[0]!),
      files: dirs.flatMap((d) => tree.under(d).map((f) => f.source))
    };
    plans.set(claim, plan);
    return claim;
  });
}

/** Is this folder the top of what was dropped (so its name is the person's, not MLflow's)? */
function isDropRoot(dir: string): boolean {
  return parentOf(dir) === '';
}

async function readExperiment(tree: FileTree, dir: string): Promise<Experiment> {
  const metaPath = joinPath(dir, 'meta.yaml');
  const meta = new YamlMeta(metaPath, await tree.get(metaPath)!.text());
  const id = meta.text('experiment_id');
  if (id === null || id === '') throw new ImportError(metaPath, 'has no experiment_id');
  if (!isDropRoot(dir) && nameOf(dir) !== id) {
    throw new ImportError(
      metaPath,
      `says experiment_id ${JSON.stringify(id)} but sits in folder ${JSON.stringify(nameOf(dir))}; MLflow would not read it, so it was left out`
    );
  }
  // A deleted experiment is moved whole to mlruns/.trash/ (its meta.yaml may still say active).
  const inTrash = nameOf(parentOf(dir)) === '.trash';
  return {
    id,
    name: meta.text('name') ?? id,
    deleted: inTrash || meta.text('lifecycle_stage') === 'deleted',
    tags: await readKeyValueFolder(tree, joinPath(dir, 'tags'))
  };
}

async function readRun(
  tree: FileTree,
  dir: string,
  experiment: Experiment | null,
  experimentDir: string | null
): Promise<Run> {
  const metaPath = joinPath(dir, 'meta.yaml');
  const meta = new YamlMeta(metaPath, await tree.get(metaPath)!.text());
  const experimentId = meta.text('experiment_id') ?? '';
  const expected = experiment?.id ?? (isDropRoot(parentOf(dir)) ? null : nameOf(parentOf(dir)));
  if (parentOf(dir) !== '' && expected !== null && experimentId !== expected) {
    throw new ImportError(
      metaPath,
      `says experiment_id ${JSON.stringify(experimentId)} but sits in experiment ${JSON.stringify(expected)}; MLflow would not read it, so the run was left out`
    );
  }
  const status = mlflowRunStatus(meta.text('status'));
  if (status === null)
    throw new ImportError(
      metaPath,
      `status ${JSON.stringify(meta.text('status'))} is not an MLflow run status`
    );
  const tags = await readKeyValueFolder(tree, joinPath(dir, 'tags'));
  const links = await readRunLinks(tree, experimentDir, dir);
  const name = meta.text('run_name') || tags.get('mlflow.runName') || meta.text('name') || null;
  const run: Run = {
    id: meta.text('run_id') ?? meta.text('run_uuid') ?? nameOf(dir),
    experimentId,
    name,
    status,
    startTime: meta.integer('start_time'),
    endTime: meta.integer('end_time'),
    deleted: meta.text('lifecycle_stage') === 'deleted' || experiment?.deleted === true,
    parentId: tags.get('mlflow.parentRunId') || null,
    params: await readKeyValueFolder(tree, joinPath(dir, 'params')),
    tags,
    metrics: await readMetricsFolder(tree, joinPath(dir, 'metrics')),
    artifacts: await readFolderArtifacts(tree, joinPath(dir, 'artifacts')),
    source: { format: MLFLOW_FILESTORE_ID, file: metaPath }
  };
  const provenance = mlflowRunProvenance(run, links);
  if (provenance) run.provenance = provenance;
  return run;
}

async function parseClaim(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const plan = plans.get(claim);
  if (!plan) throw new ImportError(claim.root, 'was not claimed as an MLflow folder');
  const problems: FileError[] = [];
  let experiment: Experiment | null = null;
  if (plan.experimentDir !== null) {
    try {
      experiment = await readExperiment(tree, plan.experimentDir);
    } catch (error) {
      const file = joinPath(plan.experimentDir, 'meta.yaml');
      return { batch: { experiments: [], runs: [] }, problems: [toFileError(file, error)] };
    }
  }
  const runs: Run[] = [];
  let points = 0;
  for (const dir of plan.runDirs) {
    ctx.checkCancelled();
    try {
      const run = await readRun(tree, dir, experiment, plan.experimentDir);
      runs.push(run);
      for (const m of run.metrics) points += m.values.length;
      ctx.reportPoints(points);
    } catch (error) {
      problems.push(toFileError(joinPath(dir, 'meta.yaml'), error));
    }
  }
  const experiments: Experiment[] = experiment ? [experiment] : [];
  if (!experiment) {
    for (const id of new Set(runs.map((r) => r.experimentId))) {
      experiments.push({ id, name: id, deleted: false, tags: new Map(), placeholder: true });
    }
  }
  return { batch: { experiments, runs }, problems };
}

export const mlflowFileStoreImporter: FolderImporter = {
  id: MLFLOW_FILESTORE_ID,
  label: 'MLflow mlruns folder',
  claim: claimFolders,
  parseFolder: parseClaim
};
