/**
 * The compared runs' rows, by key or bare id, kept until the store changes (`clear`): every
 * chart, table and statistics request names the same runs, and reading a hundred rows from
 * IndexedDB each time was most of a grouped chart's worker time in the browser.
 */
import type { RunRow } from '../db/rows';
import type { CompareSource } from './compare-service';

export class ComparedRuns {
  #source: Pick<CompareSource, 'readRuns' | 'resolveRuns'>;
  #rows = new Map<string, Promise<RunRow | undefined>>();

  constructor(source: Pick<CompareSource, 'readRuns' | 'resolveRuns'>) {
    this.#source = source;
  }

  clear(): void {
    this.#rows.clear();
  }

  /**
   * The runs named by key (or, for links written by hand, by bare id), in the order asked,
   * each once. Keys are read straight from the store: the whole library is loaded only for ids.
   */
  async resolve(names: readonly string[]): Promise<{ runs: RunRow[]; missing: string[] }> {
    const byKey = await this.#byKey(names);
    if (byKey.every((r) => r !== undefined)) {
      const seen = new Set<string>();
      const runs = byKey.filter((r) => !seen.has(r.key) && !!seen.add(r.key));
      return { runs, missing: [] };
    }
    const { runs, missing } = await this.#source.resolveRuns(names);
    return { runs, missing };
  }

  async #byKey(keys: readonly string[]): Promise<(RunRow | undefined)[]> {
    const missing = keys.filter((k) => !this.#rows.has(k));
    if (missing.length > 0) {
      // Kept as promises: a page's first requests (open, chart) ask for the same runs at once.
      const read = this.#source.readRuns(missing);
      missing.forEach((k, i) => {
        const row = read.then((rows) => rows[i]);
        this.#rows.set(k, row);
        // Only stored runs are kept: a name that is an id is resolved again each time.
        const forget = () => {
          if (this.#rows.get(k) === row) this.#rows.delete(k);
        };
        row.then((r) => {
          if (!r) forget();
        }, forget);
      });
    }
    return Promise.all(keys.map((k) => this.#rows.get(k)!));
  }
}
