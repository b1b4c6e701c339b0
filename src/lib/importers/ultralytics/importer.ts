/**
 * Ultralytics YOLO run folders (`runs/<task>/<name>/`, YOLOv5's `runs/train/exp*`): one run per
 * folder holding a YOLO `results.csv` (see results-csv.ts). Its settings (`args.yaml`, v5
 * `opt.yaml` and `hyp.yaml`) are the params; `name:` in them may differ from the folder (a run
 * copied or renamed), and the folder is what the person sees, so it names the run and `name`
 * stays a param. The plots, confusion matrices, batch images and weights it writes are
 * artifacts (other files are left to their own importers): images are kept for the run page, weights listed with their size.
 */
import type { Artifact, Run, RunStatus } from '../../model';
import { ImportCancelled, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import { isEventFileName } from '../tensorboard/run-folders';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from '../importer';
import { isPreviewable, mediaTypeOf, PREVIEW_LIMIT_BYTES } from '../media-types';
import type { ImportSource } from '../source';
import { nameTrainingRun } from '../training-run-name';
import { fitnessOf, looksLikeYoloResults, readYoloResults, type YoloResults } from './results-csv';
import { readSettingsYaml } from './settings-yaml';

export const ULTRALYTICS_ID = 'ultralytics';

const RESULTS = 'results.csv';
/** Settings files, in the order their keys win. */
const SETTINGS = ['args.yaml', 'opt.yaml', 'hyp.yaml'];
const OWN_FILES = new Set([RESULTS, ...SETTINGS]);
const SAME_AS_TENSORBOARD =
  'Ultralytics run file: the TensorBoard event file beside it holds the same run';

/** Plots, batch images and weights: the files Ultralytics writes besides results and settings. */
const YOLO_OUTPUT = /\.(png|jpe?g|webp|svg|pt|onnx|engine|torchscript|tflite|mlpackage|pb)$/i;
function isYoloOutput(path: string): boolean {
  return YOLO_OUTPUT.test(path) || path.split('/').includes('weights');
}

async function claimYoloRuns(tree: FileTree): Promise<FolderClaim[]> {
  const roots: string[] = [];
  for (const dir of tree.foldersWithFile(RESULTS)) {
    const csv = tree.get(joinPath(dir, RESULTS))!;
    if (looksLikeYoloResults(await csv.headText())) roots.push(dir);
  }
  const rootSet = new Set(roots);
  /** The deepest run folder a path is in, so a run inside a run keeps its own files. */
  const ownerOf = (path: string): string | null => {
    for (let dir = parentOf(path); ; dir = parentOf(dir)) {
      if (rootSet.has(dir)) return dir;
      if (dir === '') return null;
    }
  };
  return roots.map((root) => {
    const mine = tree
      .under(root)
      .map((f) => f.source)
      .filter((s) => ownerOf(s.path) === root);
    // YOLOv5 and v8 also log to TensorBoard: that run (read first) has the same metrics, so
    // only the results and settings files are claimed here, to be skipped with the reason.
    const withEvents = mine.some((s) => isEventFileName(nameOf(s.path)));
    const own = (s: ImportSource) => parentOf(s.path) === root && OWN_FILES.has(nameOf(s.path));
    // Only what Ultralytics writes: another format's files dropped beside a run (a Lightning
    // log, an MLflow CSV) stay for their own importers.
    const files = mine.filter((s) => own(s) || (!withEvents && isYoloOutput(s.path)));
    return { root, files };
  });
}

async function artifactsOf(root: string, files: ImportSource[]): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const f of files) {
    const mediaType = mediaTypeOf(f.path);
    const keep = isPreviewable(mediaType) && f.file.size <= PREVIEW_LIMIT_BYTES;
    out.push({
      path: root === '' ? f.path : f.path.slice(root.length + 1),
      size: f.file.size,
      mediaType,
      content: keep ? await f.bytes() : null
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Finished when every epoch ran or Ultralytics' early stopping explains the end (no better
 * fitness for `patience` epochs); otherwise the run stopped short, and the person is told.
 */
function statusOf(
  file: string,
  results: YoloResults,
  params: Map<string, string>,
  ctx: ImportContext
): RunStatus {
  const planned = Number(params.get('epochs'));
  const done = results.rows.length;
  if (!(planned > done)) return 'FINISHED';
  const patience = Number(params.get('patience'));
  let best = -1;
  let bestFitness = -Infinity;
  results.rows.forEach((row, i) => {
    const f = fitnessOf(row);
    // The first epoch of the best fitness: the file rounds to 5 digits, so later "ties" were
    // most likely a little worse, and Ultralytics counts patience from a strictly better epoch.
    if (f !== null && f > bestFitness) [best, bestFitness] = [i, f];
  });
  if (best >= 0 && patience > 0 && done - 1 - best >= patience) return 'FINISHED';
  ctx.warn({
    file,
    message:
      `${done} of ${planned} epochs, and not stopped early (patience ${params.get('patience') ?? 'unknown'}): ` +
      'the run was interrupted (or still running when copied); shown as killed'
  });
  return 'KILLED';
}

async function readYoloRun(claim: FolderClaim, ctx: ImportContext): Promise<Run> {
  const { root } = claim;
  const csvPath = joinPath(root, RESULTS);
  const byPath = new Map(claim.files.map((f) => [f.path, f]));
  const csv = byPath.get(csvPath)!;
  const results = readYoloResults(csvPath, await csv.text());
  const params = new Map<string, string>();
  for (const name of SETTINGS) {
    const file = byPath.get(joinPath(root, name));
    if (file) readSettingsYaml(file.path, await file.text(), params);
  }
  const used = new Set([csvPath, ...SETTINGS.map((n) => joinPath(root, n))]);
  const naming = nameTrainingRun(root, 'Ultralytics');
  return {
    id: naming.runId,
    experimentId: naming.experimentId,
    name: naming.runName,
    status: statusOf(csvPath, results, params, ctx),
    startTime: null,
    endTime: null,
    deleted: false,
    parentId: null,
    params,
    tags: new Map(),
    metrics: results.metrics,
    artifacts: await artifactsOf(
      root,
      claim.files.filter((f) => !used.has(f.path))
    ),
    source: { format: ULTRALYTICS_ID, file: csvPath }
  };
}

function hasEvents(claim: FolderClaim, tree: FileTree): boolean {
  return tree.files(claim.root).some(isEventFileName);
}

async function parseYoloRun(
  claim: FolderClaim,
  tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  ctx.checkCancelled();
  if (
    !claim.files.some((f) => f.path === joinPath(claim.root, RESULTS)) ||
    hasEvents(claim, tree)
  ) {
    for (const f of claim.files) ctx.skip(f.path, SAME_AS_TENSORBOARD);
    return { batch: { experiments: [], runs: [] }, problems: [] };
  }
  try {
    const run = await readYoloRun(claim, ctx);
    ctx.reportPoints(run.metrics.reduce((n, m) => n + m.values.length, 0));
    const experiment = {
      id: run.experimentId,
      name: nameTrainingRun(claim.root, 'Ultralytics').experimentName,
      deleted: false,
      tags: new Map<string, string>()
    };
    return { batch: { experiments: [experiment], runs: [run] }, problems: [] };
  } catch (error) {
    if (error instanceof ImportCancelled) throw error;
    const problems: FileError[] = [toFileError(joinPath(claim.root, RESULTS), error)];
    return { batch: { experiments: [], runs: [] }, problems };
  }
}

/** YOLO run folders: results.csv with args.yaml (or v5 opt.yaml/hyp.yaml) and the plots. */
export const ultralyticsImporter: FolderImporter = {
  id: ULTRALYTICS_ID,
  label: 'Ultralytics YOLO run folders',
  claim: claimYoloRuns,
  parseFolder: parseYoloRun
};
