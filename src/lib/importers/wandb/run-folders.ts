/**
 * Which dropped folders are W&B runs, of every generation (../shared/FORMATS.md §6):
 * - 0.10 on: `<wandb dir>/run-<time>-<id>/` (`offline-run-…` offline) holding `run-<id>.wandb`
 *   and `files/` (config.yaml, wandb-summary.json, wandb-metadata.json, output.log, media/…);
 * - 0.8: `run-…/` or `dryrun-…/` holding wandb-history.jsonl, wandb-events.jsonl,
 *   wandb-summary.json, wandb-metadata.json and config.yaml directly.
 * A folder is a run by its content, not its name: a `.wandb` log (by its header) or one of those
 * JSON files. The folder holding the runs (usually `wandb/`) is the claim, with its
 * `sweep-<id>/config-<run>.yaml` files, its `settings` and its debug logs; a run folder dropped
 * on its own is a claim of its own. Files at the top of what was dropped are left to the file
 * importer (a lone `.wandb`) or named by recognisers.
 */
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type { FolderClaim } from '../importer';
import type { ImportSource } from '../source';
import { startsWithWandbHeader } from './transaction-log';

/** The JSON files that mark a run folder (in it, or in its `files/`). */
const RUN_FILES = new Set([
  'wandb-summary.json',
  'wandb-metadata.json',
  'wandb-history.jsonl',
  'wandb-events.jsonl'
]);

/** Files directly in the folder holding the runs that belong to them. */
const WANDB_DIR_FILES = /^(settings|debug\.log|debug-internal\.log|debug-cli\..*\.log)$/;

export interface RunFolder {
  dir: string;
  /** `files` since 0.10 (JSON files in `files/`); `flat` for 0.8 (JSON files in the folder). */
  layout: 'files' | 'flat';
  /** The transaction logs in the folder (normally one). */
  logs: ImportSource[];
  /** Every file under the folder. */
  files: ImportSource[];
}

export interface WandbClaim {
  root: string;
  runs: RunFolder[];
  /** `sweep-<id>/…` files: sweep id → files. */
  sweeps: Map<string, ImportSource[]>;
  /** `settings` and debug logs of the folder holding the runs. */
  extras: ImportSource[];
  /** Copies of a run reached through the `latest-run` link. */
  linkCopies: ImportSource[];
}

async function isLog(source: ImportSource): Promise<boolean> {
  if (!source.path.endsWith('.wandb')) return false;
  if (source.file.size === 0) return true;
  return startsWithWandbHeader(await source.head());
}

/** The run folder a file marks, or null. */
async function runDirOf(source: ImportSource): Promise<{ dir: string; flat: boolean } | null> {
  const dir = parentOf(source.path);
  if (await isLog(source)) return { dir, flat: false };
  if (!RUN_FILES.has(nameOf(source.path))) return null;
  if (nameOf(dir) === 'files') return { dir: parentOf(dir), flat: false };
  return { dir, flat: true };
}

/** The run id a folder name carries (`run-20240309_203813-b32vxjgr` → `b32vxjgr`). */
export function runIdFromFolder(name: string): string | null {
  const m = /^(?:offline-run|run|dryrun)-\d{8}_\d{6}-(.+)$/.exec(name);
  return m ? m[1]! : null;
}

/** Finds every W&B run folder in the drop and groups them into claims. */
export async function findWandbClaims(tree: FileTree): Promise<WandbClaim[]> {
  const all = tree.under('').map((f) => f.source);
  const found = new Map<string, boolean>();
  for (const source of all) {
    const place = await runDirOf(source);
    if (!place || place.dir === '') continue;
    found.set(place.dir, (found.get(place.dir) ?? true) && place.flat);
  }
  // A run folder inside another (a run saved into a run's files) belongs to the outer one.
  const dirs = [...found.keys()]
    .filter((d) => ![...found.keys()].some((o) => o !== d && d.startsWith(`${o}/`)))
    .sort();
  const claims = new Map<string, WandbClaim>();
  for (const dir of dirs) {
    const parent = parentOf(dir);
    const root = parent === '' ? dir : parent;
    let claim = claims.get(root);
    if (!claim) {
      claim = { root, runs: [], sweeps: new Map(), extras: [], linkCopies: [] };
      claims.set(root, claim);
    }
    const files = tree.under(dir).map((f) => f.source);
    const logs: ImportSource[] = [];
    for (const f of files) if (parentOf(f.path) === dir && (await isLog(f))) logs.push(f);
    claim.runs.push({ dir, layout: found.get(dir) ? 'flat' : 'files', logs, files });
  }
  for (const claim of claims.values()) {
    if (claim.root === claim.runs[0]?.dir) continue;
    dropLinkCopy(claim);
    for (const name of tree.files(claim.root)) {
      if (WANDB_DIR_FILES.test(name)) claim.extras.push(tree.get(joinPath(claim.root, name))!);
    }
    for (const sub of tree.dirs(claim.root)) {
      const m = /^sweep-(.+)$/.exec(sub);
      if (!m) continue;
      const sweepDir = joinPath(claim.root, sub);
      claim.sweeps.set(
        m[1]!,
        tree.under(sweepDir).map((f) => f.source)
      );
    }
  }
  return [...claims.values()];
}

/**
 * `latest-run` is a link to the newest run folder; copied or zipped, it becomes a second copy of
 * that folder. It is left out when the run it points to is there too (same log or files).
 */
function dropLinkCopy(claim: WandbClaim): void {
  const link = claim.runs.find((r) => nameOf(r.dir) === 'latest-run');
  if (!link) return;
  const names = (r: RunFolder) =>
    r.files
      .map((f) => `${f.path.slice(r.dir.length)}:${f.file.size}`)
      .sort()
      .join('\n');
  const mine = names(link);
  if (!claim.runs.some((r) => r !== link && names(r) === mine)) return;
  claim.runs = claim.runs.filter((r) => r !== link);
  claim.linkCopies.push(...link.files);
}

/** Every file a claim owns. */
export function claimFiles(claim: WandbClaim): ImportSource[] {
  return [
    ...claim.runs.flatMap((r) => r.files),
    ...[...claim.sweeps.values()].flat(),
    ...claim.extras,
    ...claim.linkCopies
  ];
}

/** As a FolderClaim for the pipeline. */
export function toFolderClaim(claim: WandbClaim): FolderClaim {
  return { root: claim.root, files: claimFiles(claim) };
}
