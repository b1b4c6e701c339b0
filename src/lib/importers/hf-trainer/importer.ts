/**
 * Hugging Face Trainer output folders (and LLaMA-Factory's, which are Trainer output folders with
 * a `trainer_log.jsonl` and loss plots beside the state): one run per folder, its history from the
 * newest `trainer_state.json` (see trainer-state.ts), its final values from `*_results.json`.
 */
import type { Artifact, Run, RunStatus } from '../../model';
import { isJsonObject } from '../../model';
import { ImportCancelled, ImportError, toFileError, type FileError } from '../errors';
import { nameOf, parentOf, type FileTree } from '../file-tree';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from '../importer';
import { isPreviewable, mediaTypeOf, PREVIEW_LIMIT_BYTES } from '../media-types';
import type { ImportSource } from '../source';
import { nameTrainingRun } from '../training-run-name';
import { DistinctPoints } from './points';
import {
  claimTrainerRuns,
  LEFT_OUT,
  LLAMA_FACTORY_LOG,
  RESULTS_FILE,
  STATE_FILE
} from './run-folders';
import { isNewerState, readTrainerState, type TrainerState } from './trainer-state';

export const HF_TRAINER_ID = 'hf-trainer';

const EARLIER_STATE = 'Hugging Face Trainer checkpoint state: an earlier state of the same run';
const DUPLICATE_LOG = 'LLaMA-Factory training log: the same points as trainer_state.json';
export const LFS_POINTER =
  'Git LFS pointer: the file itself was never downloaded (run git lfs pull)';

async function isLfsPointer(source: ImportSource): Promise<boolean> {
  return (await source.headText()).startsWith('version https://git-lfs.github.com/spec/');
}

/** Every readable state of the run; pointers are skipped, broken files become problems. */
async function readStates(
  files: ImportSource[],
  ctx: ImportContext,
  problems: FileError[]
): Promise<TrainerState[]> {
  const states: TrainerState[] = [];
  for (const f of files) {
    ctx.checkCancelled();
    if (await isLfsPointer(f)) ctx.skip(f.path, LFS_POINTER);
    else {
      try {
        states.push(readTrainerState(f.path, await f.json()));
      } catch (error) {
        if (error instanceof ImportCancelled) throw error;
        problems.push(toFileError(f.path, error));
      }
    }
  }
  return states;
}

/** `*_results.json` values as final points at the run's last step. */
async function addResults(
  files: ImportSource[],
  step: number,
  points: DistinctPoints,
  ctx: ImportContext,
  problems: FileError[]
): Promise<void> {
  for (const f of files) {
    if (await isLfsPointer(f)) {
      ctx.skip(f.path, LFS_POINTER);
      continue;
    }
    try {
      const doc = await f.json();
      if (!isJsonObject(doc)) throw new ImportError(f.path, 'is not an object of results');
      for (const [key, value] of Object.entries(doc)) {
        if (typeof value === 'number') points.add(key.normalize('NFC'), step, value);
        else ctx.warn({ file: f.path, message: `${JSON.stringify(key)}: not a number; left out` });
      }
    } catch (error) {
      if (error instanceof ImportCancelled) throw error;
      problems.push(toFileError(f.path, error));
    }
  }
}

async function plotArtifacts(files: ImportSource[]): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const f of files) {
    const mediaType = mediaTypeOf(f.path);
    const keep = isPreviewable(mediaType) && f.file.size <= PREVIEW_LIMIT_BYTES;
    out.push({
      path: nameOf(f.path),
      size: f.file.size,
      mediaType,
      content: keep ? await f.bytes() : null
    });
  }
  return out;
}

function statusOf(state: TrainerState, ctx: ImportContext): RunStatus {
  if (state.finished || state.maxSteps === null || state.globalStep >= state.maxSteps)
    return 'FINISHED';
  ctx.warn({
    file: state.file,
    message:
      `training stopped at step ${state.globalStep} of ${state.maxSteps} with no end-of-training ` +
      'entry: the run was interrupted (or still running when copied); shown as killed'
  });
  return 'KILLED';
}

async function parseTrainerRun(
  claim: FolderClaim,
  _tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const byKind = {
    states: [] as ImportSource[],
    results: [] as ImportSource[],
    plots: [] as ImportSource[]
  };
  for (const f of claim.files) {
    const name = nameOf(f.path);
    const reason = LEFT_OUT.get(name);
    if (reason) ctx.skip(f.path, reason);
    else if (name === STATE_FILE) byKind.states.push(f);
    else if (name === LLAMA_FACTORY_LOG) ctx.skip(f.path, DUPLICATE_LOG);
    else if (parentOf(f.path) === claim.root && RESULTS_FILE.test(name)) byKind.results.push(f);
    else byKind.plots.push(f);
  }
  const states = await readStates(byKind.states, ctx, problems);
  const state = states.reduce<TrainerState | null>(
    (best, s) => (best === null || isNewerState(s, best) ? s : best),
    null
  );
  if (state === null) return { batch: { experiments: [], runs: [] }, problems };
  for (const s of states) if (s !== state) ctx.skip(s.file, EARLIER_STATE);
  for (const key of state.nonNumericKeys)
    ctx.warn({ file: state.file, message: `log_history "${key}": not a number; left out` });

  const points = new DistinctPoints();
  for (const entry of state.entries)
    for (const [key, value] of entry.values) points.add(key, entry.step, value);
  await addResults(byKind.results.sort(byPath), state.globalStep, points, ctx, problems);
  if (state.bestMetric !== null)
    points.add('best_metric', state.bestStep ?? state.globalStep, state.bestMetric);
  ctx.reportPoints(points.points);

  const naming = nameTrainingRun(claim.root, 'Hugging Face Trainer');
  const run: Run = {
    id: naming.runId,
    experimentId: naming.experimentId,
    name: naming.runName,
    status: statusOf(state, ctx),
    startTime: null,
    endTime: null,
    deleted: false,
    parentId: null,
    params: state.params,
    tags: state.tags,
    metrics: points.finish(),
    artifacts: await plotArtifacts(byKind.plots.sort(byPath)),
    source: { format: HF_TRAINER_ID, file: state.file }
  };
  const experiment = {
    id: naming.experimentId,
    name: naming.experimentName,
    deleted: false,
    tags: new Map<string, string>()
  };
  return { batch: { experiments: [experiment], runs: [run] }, problems };
}

function byPath(a: ImportSource, b: ImportSource): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Trainer output folders: trainer_state.json, its checkpoint copies and the results files. */
export const hfTrainerImporter: FolderImporter = {
  id: HF_TRAINER_ID,
  label: 'Hugging Face Trainer output folders',
  claim: claimTrainerRuns,
  parseFolder: parseTrainerRun
};
