/**
 * The run page's edits (run-edits/): the imported run, the person's edit of it, the run as shown
 * (the edit laid over the import) and what the edit changed, for "edited" marks. Changes go to
 * the worker, which stores them apart from the imported rows.
 */
import { NewestWins } from '../async/newest-wins';
import type { RunEditRow, RunRow } from '../db/rows';
import {
  applyRunEdit,
  editedFields,
  type EditedFields,
  type RunEditChange
} from '../run-edits/run-edits';
import { runlensWorker } from '../worker/client';

class RunEditState {
  #run = $state.raw<RunRow | null>(null);
  #edit = $state.raw<RunEditRow | null>(null);
  #loads = new NewestWins();
  /** Counts finished loads: drafts are refilled when a run and its edit have arrived. */
  #loaded = $state(0);

  get loaded(): number {
    return this.#loaded;
  }

  /** The run as imported. */
  get imported(): RunRow | null {
    return this.#run;
  }

  /** The run as the person sees it. */
  shown = $derived<RunRow | null>(
    this.#run ? applyRunEdit(this.#run, this.#edit ?? undefined) : null
  );

  /** What the edit changed, with the imported values. */
  edited = $derived<EditedFields | null>(
    this.#run ? editedFields(this.#run, this.#edit ?? undefined) : null
  );

  /** Shows `run` as imported until its edit arrives (a moment: one row by key). */
  async load(run: RunRow): Promise<void> {
    const isNewest = this.#loads.ticket();
    this.#run = run;
    this.#edit = null;
    const edit = await runlensWorker().readRunEdit(run.key);
    if (!isNewest()) return;
    this.#edit = edit;
    this.#loaded += 1;
  }

  async change(change: RunEditChange): Promise<void> {
    const run = this.#run;
    if (!run) return;
    const edit = await runlensWorker().editRun(run.key, change);
    if (this.#run === run) this.#edit = edit;
  }
}

export const runEdit = new RunEditState();
