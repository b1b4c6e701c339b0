/**
 * The comparison page's Media section (../media/, docs/media.md): the media keys of the compared
 * runs, the key and step shown, each run's file at that step, the view (grid, side by side,
 * wipe), the two runs set against each other and the wipe's divider. Every worker request is
 * newest-wins; the bytes of the files on screen are asked for in one batch per frame.
 */
import { NewestWins } from '../async/newest-wins';
import type { ArtifactRef, MediaCatalog, MediaCell, MediaKeySummary } from '../media/media-series';
import { runlensWorker } from '../worker/client';
import { afterFirstChart } from './charts-first';
import { compareSettings } from './compare-settings.svelte';
import type { MediaView } from '../compare/compare-settings';
import { runRef } from '../compare/run-visibility';

export type { MediaView };

interface PendingFile {
  ref: ArtifactRef;
  resolve: (blob: Blob | null) => void;
}

/**
 * The choices themselves (key, step, view, the two runs) live in the comparison settings, so a
 * saved view or a share link brings them back; this class resolves them against what the runs
 * logged and asks the worker for the files.
 */
class CompareMedia {
  #runKeys = $state.raw<string[]>([]);
  #catalog = $state.raw<MediaCatalog | null>(null);
  #cells = $state.raw<MediaCell[]>([]);
  #catalogs = new NewestWins();
  #cellRequests = new NewestWins();
  #cellsFor = '';
  #pending: PendingFile[] = [];

  /** Where the wipe's divider stands, 0 (all right run) to 1 (all left run). */
  wipe = $state(0.5);

  get catalog(): MediaCatalog | null {
    return this.#catalog;
  }
  get cells(): MediaCell[] {
    return this.#cells;
  }
  get view(): MediaView {
    return compareSettings.value.media.view;
  }
  set view(view: MediaView) {
    compareSettings.value.media.view = view;
  }
  /** The key shown: the chosen one when these runs logged it, else their first. */
  readonly current = $derived.by<MediaKeySummary | null>(() => {
    const keys = this.#catalog?.keys ?? [];
    const chosen = compareSettings.value.media.key;
    return keys.find((k) => k.key === chosen) ?? keys[0] ?? null;
  });
  get key(): string | null {
    return this.current?.key ?? null;
  }
  /** The slider's position: the chosen step when the key has it, else its last step. */
  readonly stepIndex = $derived.by(() => {
    const steps = this.current?.steps ?? [];
    const at = steps.indexOf(compareSettings.value.media.step as number);
    return at >= 0 ? at : Math.max(0, steps.length - 1);
  });
  /** The chosen step (null for a key logged without steps). */
  readonly step = $derived(this.current?.steps[this.stepIndex] ?? null);
  readonly cellByRun = $derived(new Map(this.#cells.map((c) => [c.runKey, c])));

  /** The two runs of the side-by-side and wipe views (run keys): the chosen ones, else the first two. */
  get left(): string | null {
    return this.#keyOf(compareSettings.value.media.left) ?? this.#runKeys[0] ?? null;
  }
  set left(key: string | null) {
    compareSettings.value.media.left = key === null ? null : runRef(key);
  }
  get right(): string | null {
    const left = this.left;
    return (
      this.#keyOf(compareSettings.value.media.right) ??
      this.#runKeys.find((k) => k !== left) ??
      null
    );
  }
  set right(key: string | null) {
    compareSettings.value.media.right = key === null ? null : runRef(key);
  }

  #keyOf(ref: string | null): string | undefined {
    return ref === null ? undefined : this.#runKeys.find((k) => runRef(k) === ref);
  }

  /** Opens the media of these runs (in this order); the same runs again keep what is shown. */
  load(runKeys: readonly string[]): void {
    if (this.#catalog && sameList(runKeys, this.#runKeys)) return;
    this.#runKeys = [...runKeys];
    this.#catalog = null;
    this.#cells = [];
    this.#cellsFor = '';
    const isNewest = this.#catalogs.ticket();
    // Like the tables, after the first chart: the section sits right under the charts.
    void afterFirstChart()
      .then(() => (isNewest() ? runlensWorker().compareMedia([...runKeys]) : null))
      .then((catalog) => {
        if (catalog && isNewest()) this.#catalog = catalog;
      });
  }

  /** Shows another key, at its last step (what the runs ended with). */
  pickKey(key: string): void {
    compareSettings.value.media.key = key;
    compareSettings.value.media.step = null;
  }

  /** Moves the slider to a step (by index in the key's steps), kept within them. */
  pickStepIndex(index: number): void {
    const steps = this.current?.steps ?? [];
    if (steps.length === 0) return;
    const next = Math.max(0, Math.min(steps.length - 1, Math.round(index)));
    if (next === this.stepIndex) return;
    compareSettings.value.media.key = this.key;
    compareSettings.value.media.step = steps[next] ?? null;
  }

  /** Asks for each run's file at the key and step shown, unless those are already on screen. */
  loadCells(): void {
    const key = this.key;
    const step = this.step;
    const wanted = JSON.stringify([this.#runKeys, key, step]);
    if (wanted === this.#cellsFor) return;
    this.#cellsFor = wanted;
    const isNewest = this.#cellRequests.ticket();
    if (key === null) {
      this.#cells = [];
      return;
    }
    void runlensWorker()
      .compareMediaAt({ runKeys: [...this.#runKeys], key, step })
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const compareMedia = new CompareMedia();
