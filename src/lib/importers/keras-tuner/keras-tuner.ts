/**
 * KerasTuner project folders (`<directory>/<project_name>/`): `oracle.json` (the oracle's state:
 * ongoing trials, start/end order, the search space, and since 1.4 `display.trial_start`),
 * `tuner0.json` (the tuner's state, `{}` for the built-in tuners) and one `trial_<id>/` per trial
 * with its `trial.json` and checkpoint files (keras_tuner/src/engine/oracle.py, base_tuner.py,
 * trial.py, 1.0 to 1.4.8, read 2026-11). The project is the experiment, each trial a run.
 */
import { parseIsoTime, type Run } from '../../model';
import { isJsonObject } from '../../model/json';
import { ImportError, toFileError, type FileError } from '../errors';
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type { FolderClaim, FolderImporter, FolderResult, ImportContext } from '../importer';
import { JsonReader } from '../readers/json-reader';
import { parseTolerantJson } from '../readers/tolerant-json';
import type { ImportSource } from '../source';
import { KERAS_TUNER_ID, readTrial } from './trial';

const TRIAL_FOLDER = /^trial_(.+)$/;
const TUNER_STATE = /^tuner\d+\.json$/;
/** What Keras and TensorFlow save in a trial folder: weights and their index, not run data. */
const CHECKPOINT =
  /^(checkpoint(\..*)?|.*\.(h5|keras|index|ckpt|pb|weights\.h5)|.*\.data-\d+-of-\d+|build_config\.json|compile_config\.json)$/;

async function readJson(source: ImportSource): Promise<unknown> {
  try {
    return parseTolerantJson(await source.text());
  } catch (e) {
    throw new ImportError(
      source.path,
      `is not valid JSON (${e instanceof Error ? e.message : String(e)})`
    );
  }
}

/** oracle.json as the oracle writes it (its first keys are these). */
function looksLikeOracle(head: string): boolean {
  return /"(ongoing_trials|tried_so_far|start_order)"\s*:/.test(head);
}

function looksLikeTrial(head: string): boolean {
  return /"trial_id"\s*:/.test(head) && /"hyperparameters"\s*:/.test(head);
}

/** The project folders in a drop: those with an oracle.json, or with trial_*\/trial.json. */
async function claimProjects(tree: FileTree): Promise<FolderClaim[]> {
  const roots = new Set<string>();
  for (const dir of tree.foldersWithFile('oracle.json')) {
    if (looksLikeOracle(await tree.get(joinPath(dir, 'oracle.json'))!.headText())) roots.add(dir);
  }
  for (const dir of tree.foldersWithFile('trial.json')) {
    if (!TRIAL_FOLDER.test(nameOf(dir))) continue;
    if (looksLikeTrial(await tree.get(joinPath(dir, 'trial.json'))!.headText()))
      roots.add(parentOf(dir));
  }
  return [...roots].sort().map((root) => ({
    root,
    // The project's own files and its trial folders; anything else beside them is not ours.
    files: [
      ...tree
        .files(root)
        .filter((n) => n === 'oracle.json' || TUNER_STATE.test(n))
        .map((n) => tree.get(joinPath(root, n))!),
      ...tree
        .dirs(root)
        .filter((d) => TRIAL_FOLDER.test(d))
        .flatMap((d) => tree.under(joinPath(root, d)).map((f) => f.source))
    ]
  }));
}

/** Start times by trial id from oracle.json's `display.trial_start` (KerasTuner 1.4+). */
function trialStarts(oracle: unknown): Map<string, number> {
  const starts = new Map<string, number>();
  const display = isJsonObject(oracle) && isJsonObject(oracle.display) ? oracle.display : null;
  const given = display && isJsonObject(display.trial_start) ? display.trial_start : {};
  for (const [id, time] of Object.entries(given)) {
    // Written by datetime.now().isoformat(): no zone, read as UTC like every zone-less time.
    const t = typeof time === 'string' ? parseIsoTime(time) : undefined;
    if (t !== undefined) starts.set(id, t);
  }
  return starts;
}

function experimentTags(oracle: unknown): Map<string, string> {
  const tags = new Map<string, string>();
  if (!isJsonObject(oracle)) return tags;
  if (typeof oracle.seed === 'number') tags.set('keras_tuner.seed', String(oracle.seed));
  return tags;
}

async function parseProject(
  claim: FolderClaim,
  _tree: FileTree,
  ctx: ImportContext
): Promise<FolderResult> {
  const problems: FileError[] = [];
  const experimentId = `${KERAS_TUNER_ID}:${claim.root}`;
  let oracle: unknown = null;
  const runs: Run[] = [];
  const trials: ImportSource[] = [];
  for (const source of claim.files) {
    const relative = claim.root === '' ? source.path : source.path.slice(claim.root.length + 1);
    const name = nameOf(relative);
    try {
      if (relative === 'oracle.json') {
        oracle = await readJson(source);
        if (!isJsonObject(oracle)) throw new ImportError(source.path, 'is not a JSON object');
      } else if (TUNER_STATE.test(relative)) {
        // The tuner's own state ({} for the built-in tuners): read so it is accounted for.
        await readJson(source);
      } else if (name === 'trial.json' && !relative.slice(0, -name.length - 1).includes('/')) {
        trials.push(source);
      } else if (CHECKPOINT.test(name)) {
        ctx.skip(source.path, 'KerasTuner checkpoint: model weights, not run data');
      } else {
        ctx.skip(source.path, 'file in a KerasTuner trial folder: not run data Runlens reads');
      }
    } catch (error) {
      problems.push(toFileError(source.path, error));
    }
  }
  const starts = trialStarts(oracle);
  for (const source of trials) {
    ctx.checkCancelled();
    try {
      const folder = nameOf(parentOf(source.path));
      const fallbackId = TRIAL_FOLDER.exec(folder)?.[1] ?? folder;
      const r = new JsonReader(source.path);
      const doc = await readJson(source);
      const id = isJsonObject(doc) && typeof doc.trial_id === 'string' ? doc.trial_id : fallbackId;
      runs.push(readTrial(r, doc, fallbackId, experimentId, starts.get(id) ?? null));
    } catch (error) {
      problems.push(toFileError(source.path, error));
    }
  }
  ctx.reportPoints(
    runs.reduce((n, run) => n + run.metrics.reduce((m, s) => m + s.values.length, 0), 0)
  );
  const name = nameOf(claim.root) || 'KerasTuner project';
  return {
    batch: {
      experiments: [{ id: experimentId, name, deleted: false, tags: experimentTags(oracle) }],
      runs
    },
    problems
  };
}

export const kerasTunerImporter: FolderImporter = {
  id: KERAS_TUNER_ID,
  label: 'KerasTuner project',
  claim: claimProjects,
  parseFolder: parseProject
};
