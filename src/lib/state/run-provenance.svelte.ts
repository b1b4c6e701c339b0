import type { RunLink } from '../explorer/explorer-types';
import type { Provenance } from '../model';
import type { LineageGraph } from '../provenance/lineage';
import { reproducePlan, type ReproducePlan } from '../provenance/reproduce';
import type { RunDiffView } from '../worker/api';
import { runlensWorker } from '../worker/client';

/**
 * The run page's provenance: the Reproduce plan of the run shown, its lineage graph and the runs
 * "Diff with…" offers; and the diff page's two runs. The newest request wins, so a quick change of run never
 * shows the one before.
 */
class RunProvenance {
  #key = '';
  #plan = $state.raw<ReproducePlan | null>(null);
  #siblings = $state.raw<RunLink[]>([]);
  #lineage = $state.raw<LineageGraph | null>(null);
  #diff = $state.raw<RunDiffView | null | undefined>(undefined);
  #diffRequest = '';

  /** The Reproduce plan of the run last loaded (null while it loads). */
  get plan(): ReproducePlan | null {
    return this.#plan;
  }
  get siblings(): RunLink[] {
    return this.#siblings;
  }
  /** The run's lineage graph (null while it loads or when the run is not stored). */
  get lineage(): LineageGraph | null {
    return this.#lineage;
  }
  /** The diff last asked for: undefined while it loads, null when a run is not stored. */
  get diff(): RunDiffView | null | undefined {
    return this.#diff;
  }

  /** Reads a run's provenance and its experiment's other runs. */
  async load(key: string): Promise<void> {
    this.#key = key;
    this.#plan = null;
    this.#siblings = [];
    this.#lineage = null;
    const worker = runlensWorker();
    const [row, siblings, lineage] = await Promise.all([
      worker.readProvenance(key),
      worker.readSiblingRuns(key),
      worker.readRunLineage(key)
    ]);
    if (this.#key !== key) return;
    const provenance: Provenance | null = row
      ? { code: row.code, data: row.data, environment: row.environment, models: row.models }
      : null;
    this.#plan = reproducePlan(provenance);
    this.#siblings = siblings;
    this.#lineage = lineage;
  }

  /** Reads what changed from run `a` to run `b`. */
  async loadDiff(a: string, b: string): Promise<void> {
    const request = `${a}\u0000${b}`;
    this.#diffRequest = request;
    this.#diff = undefined;
    const diff = await runlensWorker().diffRuns(a, b);
    if (this.#diffRequest === request) this.#diff = diff;
  }
}

export const runProvenance = new RunProvenance();
