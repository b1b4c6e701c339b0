import type { ExperimentSummary, ImportSummary } from '../explorer/explorer-types';
import { NewestWins } from '../async/newest-wins';
import { runlensWorker } from '../worker/client';

/**
 * What the page keeps of the library: experiments with run counts and the import history. Run
 * rows stay in the worker; the table asks for the few it shows.
 */
class Library {
  #experiments = $state.raw<ExperimentSummary[]>([]);
  #imports = $state.raw<ImportSummary[]>([]);
  #runs = $state(0);
  #deletedRuns = $state(0);
  #loaded = $state(false);
  /** Bumps after every change to the stored data, so views that depend on it reload. */
  #version = $state(0);
  #reads = new NewestWins();
  #asked = false;

  get experiments(): ExperimentSummary[] {
    return this.#experiments;
  }
  get imports(): ImportSummary[] {
    return this.#imports;
  }
  /** Every stored run, deleted ones included. */
  get runCount(): number {
    return this.#runs;
  }
  get deletedRunCount(): number {
    return this.#deletedRuns;
  }
  get version(): number {
    return this.#version;
  }
  /** False until the first read finished (so the page does not flash the empty state). */
  get loaded(): boolean {
    return this.#loaded;
  }
  get isEmpty(): boolean {
    return this.#loaded && this.#runs === 0 && this.#experiments.length === 0;
  }

  /** Reads the summary again; when reads overlap, only the newest one is applied. */
  async refresh(): Promise<void> {
    this.#asked = true;
    const isNewest = this.#reads.ticket();
    const summary = await runlensWorker().readLibrarySummary();
    if (!isNewest()) return;
    this.#experiments = summary.experiments;
    this.#imports = summary.imports;
    this.#runs = summary.runs;
    this.#deletedRuns = summary.deletedRuns;
    this.#loaded = true;
    this.#version++;
  }

  /**
   * The store changed outside an import (a followed folder's poll): views that depend on the
   * version read again. The summary is read again only where a page has read it already.
   */
  async storeChanged(): Promise<void> {
    if (this.#asked) await this.refresh();
    else this.#version++;
  }

  /**
   * Reads the summary once, for the pages that list the library. The comparison and run pages
   * never ask: reading the summary loads every run row in the worker, and their own requests
   * would queue behind it.
   */
  ensureLoaded(): void {
    if (!this.#loaded && !this.#asked) void this.refresh();
  }

  async deleteEverything(): Promise<void> {
    await runlensWorker().deleteEverything();
    await this.refresh();
  }
}

export const library = new Library();
