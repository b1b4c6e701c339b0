/**
 * The comparison page's Media section (../media/, docs/media.md): the media keys of the compared
 * runs, the key and step chosen, each run's file at that step, the view (grid, side by side,
 * wipe), the two runs set against each other and the wipe's divider. Every worker request is
 * newest-wins; the bytes of the files on screen are asked for in one batch per frame.
 */
import { NewestWins } from '../async/newest-wins';
import type { ArtifactRef, MediaCatalog, MediaCell, MediaKeySummary } from '../media/media-series';
import { runlensWorker } from '../worker/client';
import { afterFirstChart } from './charts-first';

export type MediaView = 'grid' | 'side' | 'wipe';

interface PendingFile {
  ref: ArtifactRef;
  resolve: (blob: Blob | null) => void;
}

class CompareMedia {
  #runKeys: string[] = [];
  #catalog = $state.raw<MediaCatalog | null>(null);
  #cells = $state.raw<MediaCell[]>([]);
  #key = $state<string | null>(null);
  #stepIndex = $state(0);
  #catalogs = new NewestWins();
  #cellRequests = new NewestWins();
  #pending: PendingFile[] = [];

  view = $state<MediaView>('grid');
  /** The two runs of the side-by-side and wipe views (run keys). */
  left = $state<string | null>(null);
  right = $state<string | null>(null);
  /** Where the wipe's divider stands, 0 (all right run) to 1 (all left run). */
  wipe = $state(0.5);

  get catalog(): MediaCatalog | null {
    return this.#catalog;
  }
  get cells(): MediaCell[] {
    return this.#cells;
  }
  get key(): string | null {
    return this.#key;
  }
  get stepIndex(): number {
    return this.#stepIndex;
  }
  readonly current = $derived<MediaKeySummary | null>(
    this.#catalog?.keys.find((k) => k.key === this.#key) ?? null
  );
  /** The chosen step (null for a key logged without steps). */
  readonly step = $derived(this.current?.steps[this.#stepIndex] ?? null);
  readonly cellByRun = $derived(new Map(this.#cells.map((c) => [c.runKey, c])));

  /** Opens the media of these runs (in this order); the same runs again keep the choices. */
  load(runKeys: readonly string[]): void {
    if (this.#catalog && sameList(runKeys, this.#runKeys)) return;
    this.#runKeys = [...runKeys];
    this.#catalog = null;
    this.#cells = [];
    const isNewest = this.#catalogs.ticket();
    // Like the tables, after the first chart: the section sits right under the charts.
    void afterFirstChart()
      .then(() => (isNewest() ? runlensWorker().compareMedia([...runKeys]) : null))
      .then((catalog) => {
        if (!catalog || !isNewest()) return;
        this.#catalog = catalog;
        const kept = catalog.keys.find((k) => k.key === this.#key);
        this.#key = kept?.key ?? catalog.keys[0]?.key ?? null;
        this.#stepIndex = kept
          ? Math.min(this.#stepIndex, kept.steps.length - 1)
          : lastIndex(catalog.keys[0]);
        if (!this.left || !runKeys.includes(this.left)) this.left = runKeys[0] ?? null;
        if (!this.right || !runKeys.includes(this.right)) {
          this.right = runKeys.find((k) => k !== this.left) ?? null;
        }
        this.#loadCells();
      });
  }

  /** Shows another key, at its last step (what the runs ended with). */
  pickKey(key: string): void {
    this.#key = key;
    this.#stepIndex = lastIndex(this.#catalog?.keys.find((k) => k.key === key));
    this.#loadCells();
  }

  /** Moves the slider to a step (by index in the key's steps), kept within them. */
  pickStepIndex(index: number): void {
    const steps = this.current?.steps.length ?? 0;
    const next = Math.max(0, Math.min(steps - 1, Math.round(index)));
    if (next === this.#stepIndex || steps === 0) return;
    this.#stepIndex = next;
    this.#loadCells();
  }

  #loadCells(): void {
    const key = this.#key;
    const isNewest = this.#cellRequests.ticket();
    if (key === null) {
      this.#cells = [];
      return;
    }
    void runlensWorker()
      .compareMediaAt({ runKeys: [...this.#runKeys], key, step: this.step })
      .then((cells) => {
        if (isNewest()) this.#cells = cells;
      });
  }

  /**
   * The stored bytes of one file on screen. The files that come into view together are read in
   * one worker request (one message instead of fifty).
   */
  readonly file = (ref: ArtifactRef): Promise<Blob | null> =>
    new Promise((resolve) => {
      this.#pending.push({ ref, resolve });
      if (this.#pending.length === 1) setTimeout(() => void this.#flushFiles(), 0);
    });

  async #flushFiles(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    try {
      const files = await runlensWorker().readMediaFiles(batch.map((p) => p.ref));
      batch.forEach((p, i) => p.resolve(files[i]?.blob ?? null));
    } catch {
      for (const p of batch) p.resolve(null);
    }
  }
}

function lastIndex(key: MediaKeySummary | undefined): number {
  return Math.max(0, (key?.steps.length ?? 0) - 1);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const compareMedia = new CompareMedia();
