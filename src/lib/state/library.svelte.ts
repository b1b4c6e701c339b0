import type { ExperimentRow, ImportRow, RunRow } from '../db/rows';
import { runlensWorker } from '../worker/client';

/**
 * What is in the store, as the start page lists it: experiments, run rows (summaries only) and
 * the import history. Read from the worker; the page never opens the database itself.
 */
class Library {
  #experiments = $state.raw<ExperimentRow[]>([]);
  #runs = $state.raw<RunRow[]>([]);
  #imports = $state.raw<ImportRow[]>([]);
  #loaded = $state(false);
  #generation = 0;

  get experiments(): ExperimentRow[] {
    return this.#experiments;
  }
  get runs(): RunRow[] {
    return this.#runs;
  }
  get imports(): ImportRow[] {
    return this.#imports;
  }
  /** False until the first read finished (so the page does not flash the empty state). */
  get loaded(): boolean {
    return this.#loaded;
  }
  get isEmpty(): boolean {
    return this.#loaded && this.#runs.length === 0 && this.#experiments.length === 0;
  }

  /** Reads the library again; when reads overlap, only the newest one is applied. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    const snapshot = await runlensWorker().readLibrary();
    if (generation !== this.#generation) return;
    this.#experiments = snapshot.experiments;
    this.#runs = snapshot.runs;
    this.#imports = snapshot.imports;
    this.#loaded = true;
  }

  async deleteEverything(): Promise<void> {
    await runlensWorker().deleteEverything();
    await this.refresh();
  }
}

export const library = new Library();
