/**
 * Which dropped folders are TensorBoard runs, and what they are called. TensorBoard's rule
 * (tensorboard/data/server/logdir.rs, read 2026-11): every folder holding a file whose name
 * contains `tfevents` (not ending `.profile-empty`) is a run, named by its path relative to the
 * logdir ("." for the logdir itself). Runlens adds one rule: a run's `train/`, `validation/`,
 * `val/`, `eval/` or `test/` folder (TF2 Keras, TF1 estimators) is read into the run above it,
 * its metrics prefixed `train/…`, `validation/…`, so one trial is one run and its training and
 * validation curves sit side by side.
 */
import type { FolderClaim } from '../importer';
import { nameOf, parentOf, type FileTree } from '../file-tree';
import type { ImportSource } from '../source';

/** Folders whose event files belong to the run above them, metrics prefixed with the name. */
export const SPLIT_FOLDERS: ReadonlySet<string> = new Set([
  'train',
  'validation',
  'val',
  'eval',
  'test'
]);

/**
 * A TensorBoard run name (a path below the logdir, "." for the logdir) split into the run it is
 * read into and the key prefix of its metrics: `trial/validation` → `trial`, `validation/`.
 */
export function splitRunName(name: string): { run: string; prefix: string } {
  const slash = name.lastIndexOf('/');
  const last = name.slice(slash + 1);
  if (!SPLIT_FOLDERS.has(last)) return { run: name, prefix: '' };
  return { run: slash < 0 ? '.' : name.slice(0, slash), prefix: `${last}/` };
}

/** What TensorBoard reads as an event file, by name. */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents') && !name.endsWith('.profile-empty');
}

const PROFILE = 'plugins/profile/';

/** The folder a profiler file belongs to, or null when the path is not profiler output. */
export function profilerOwner(path: string): string | null {
  if (path.endsWith('.profile-empty')) return parentOf(path);
  if (path.startsWith(PROFILE)) return '';
  const at = path.indexOf(`/${PROFILE}`);
  return at < 0 ? null : path.slice(0, at);
}

/** Metric key prefix of an event file in `dir` read into the run at `root` ('' for its own). */
export function keyPrefix(root: string, dir: string): string {
  return dir === root ? '' : `${nameOf(dir)}/`;
}

/**
 * One claim per run folder (its event files, split folders, `hparams.yaml` and profiler files),
 * plus one per folder that holds only profiler output, so it is skipped with a reason. Event
 * files at the top level (dropped on their own) are left to the single-file importer.
 */
export function claimRunFolders(tree: FileTree): FolderClaim[] {
  const all = tree.under('').map((f) => f.source);
  const eventDirs = new Set<string>();
  for (const s of all) {
    if (isEventFileName(nameOf(s.path)) && profilerOwner(s.path) === null) {
      const dir = parentOf(s.path);
      if (dir !== '') eventDirs.add(dir);
    }
  }
  const runOf = (dir: string) =>
    SPLIT_FOLDERS.has(nameOf(dir)) && dir.includes('/') ? parentOf(dir) : dir;
  const roots = new Set([...eventDirs].map(runOf));
  const claims = new Map<string, ImportSource[]>();
  const add = (root: string, s: ImportSource) => {
    const list = claims.get(root);
    if (list) list.push(s);
    else claims.set(root, [s]);
  };
  for (const s of all) {
    const dir = parentOf(s.path);
    const owner = profilerOwner(s.path);
    if (owner !== null) {
      if (owner === '') continue;
      add(eventDirs.has(owner) ? runOf(owner) : owner, s);
    } else if (eventDirs.has(dir) && isEventFileName(nameOf(s.path))) add(runOf(dir), s);
    else if (roots.has(dir) && nameOf(s.path) === 'hparams.yaml') add(dir, s);
  }
  return [...claims]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([root, files]) => ({ root, files }));
}

/** How a run is named: its path below what was dropped, and the folder it sits in. */
export interface RunNaming {
  /** "." for the dropped folder itself, else the path below it (`lightning_logs/version_0`). */
  runId: string;
  /** Path of the experiment folder as dropped: the folder the run sits in, or the run itself. */
  experimentId: string;
  experimentName: string;
}

/**
 * Names the run at `root` (a path as dropped, starting with the dropped folder's name): the
 * experiment is the folder the run sits in (`lightning_logs`), or the dropped folder itself when
 * the run is that folder.
 */
export function nameRunFolder(root: string): RunNaming {
  const slash = root.indexOf('/');
  if (slash < 0) return { runId: '.', experimentId: root, experimentName: root };
  const experimentId = parentOf(root);
  return { runId: root.slice(slash + 1), experimentId, experimentName: nameOf(experimentId) };
}
