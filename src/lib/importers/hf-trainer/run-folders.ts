/**
 * Which dropped folders are Hugging Face Trainer runs. A run is the Trainer's `output_dir`: it
 * holds `trainer_state.json` once training ends, and every `checkpoint-<step>/` (or the
 * `last-checkpoint/` people push to the Hub) holds a copy of the state as it was at that step,
 * so a folder of checkpoints alone is still one run. Only the files this importer reads or
 * knowingly leaves out are claimed; weights and tokenizer files are left to the recognisers.
 */
import { joinPath, nameOf, parentOf, type FileTree } from '../file-tree';
import type { FolderClaim } from '../importer';
import type { ImportSource } from '../source';
import { looksLikeTrainerState } from './trainer-state';

export const STATE_FILE = 'trainer_state.json';
const CHECKPOINT = /^(checkpoint-\d+|last-checkpoint)$/;
/** What `Trainer.save_metrics` writes (`all_results.json` is the union of the others). */
export const RESULTS_FILE = /^(all|train|eval|test|predict)_results\.json$/;
/** LLaMA-Factory's per-log-step JSON lines, the same points as log_history. */
export const LLAMA_FACTORY_LOG = 'trainer_log.jsonl';
/** Files beside the state that are not run history, left out with a reason. */
export const LEFT_OUT: ReadonlyMap<string, string> = new Map([
  ['training_args.bin', 'Hugging Face training arguments: a pickled Python object, not readable'],
  ['config.json', 'model config: not run data']
]);
/** LLaMA-Factory's loss plots (`training_loss.png`, `training_eval_loss.png`). */
const PLOT = /\.(png|jpe?g|svg)$/i;

/** The run folder a state file belongs to: the folder above a checkpoint folder. */
function runRootOf(dir: string): string {
  return CHECKPOINT.test(nameOf(dir)) && dir.includes('/') ? parentOf(dir) : dir;
}

function isClaimedAtRoot(name: string): boolean {
  return (
    name === STATE_FILE ||
    RESULTS_FILE.test(name) ||
    name === LLAMA_FACTORY_LOG ||
    LEFT_OUT.has(name) ||
    PLOT.test(name)
  );
}

/** One claim per Trainer output folder whose state (or a checkpoint's) reads as one. */
export async function claimTrainerRuns(tree: FileTree): Promise<FolderClaim[]> {
  const roots = new Set<string>();
  for (const dir of tree.foldersWithFile(STATE_FILE)) {
    const state = tree.get(joinPath(dir, STATE_FILE))!;
    if (looksLikeTrainerState(await state.headText())) roots.add(runRootOf(dir));
  }
  const claims: FolderClaim[] = [];
  for (const root of [...roots].sort()) {
    const files: ImportSource[] = [];
    const take = (dir: string, name: string) => {
      const source = tree.get(joinPath(dir, name));
      if (source) files.push(source);
    };
    for (const name of tree.files(root)) if (isClaimedAtRoot(name)) take(root, name);
    for (const sub of tree.dirs(root)) {
      if (!CHECKPOINT.test(sub)) continue;
      const dir = joinPath(root, sub);
      for (const name of tree.files(dir))
        if (name === STATE_FILE || LEFT_OUT.has(name)) take(dir, name);
    }
    claims.push({ root, files });
  }
  return claims;
}
