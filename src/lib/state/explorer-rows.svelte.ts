import { flushSync } from 'svelte';
import type { RowView } from '../explorer/explorer-types';

/**
 * Main-thread time the table may spend drawing new rows before the page gets a frame: a fifth
 * of the 50 ms long-task bar (bench scenario 9), so layout and paint fit in the same frame.
 */
export const ROW_SLICE_MS = 10;

/** Rows drawn between two looks at the clock. */
const ROWS_PER_STEP = 2;

/** After the page's next frame (its layout and paint); a timer where frames are paused. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, 100);
  });
}

/**
 * The explorer's cache of the rows on screen (display position → row), which the table draws.
 * A row taking the place of another is swapped at once, so a new view never shows a mix of old
 * and new rows or blanks; rows that appear where there was none (the first view after an
 * import, a jump of the scroll) cost the page a whole row of elements each, so they are drawn a
 * few at a time, ROW_SLICE_MS at most before the page gets a frame. A later replace or clear
 * stops the drawing of rows it makes stale.
 */
export class ExplorerRows {
  #rows = $state.raw(new Map<number, RowView>());
  /** Positions asked of the worker and not answered yet. */
  #pending = new Set<number>();
  /** Bumps on every replace and clear: a slower drawing of older rows stops. */
  #epoch = 0;

  /** The row at a display position, if it has arrived and been drawn. */
  get(position: number): RowView | undefined {
    return this.#rows.get(position);
  }

  /** The positions in [from, to) that are neither here nor asked for, marked as asked. */
  claimMissing(from: number, to: number): boolean {
    let missing = false;
    for (let p = from; p < to; p++) if (!this.#rows.has(p) && !this.#pending.has(p)) missing = true;
    if (missing) for (let p = from; p < to; p++) this.#pending.add(p);
    return missing;
  }

  clear(): void {
    this.#epoch++;
    this.#rows = new Map();
    this.#pending.clear();
  }

  /** The rows of a new view: positions that show a row change at once, new ones in slices. */
  replace(rows: readonly RowView[]): void {
    const epoch = ++this.#epoch;
    this.#pending.clear();
    const now = new Map<number, RowView>();
    const later: RowView[] = [];
    for (const row of rows) {
      if (this.#rows.has(row.position)) now.set(row.position, row);
      else {
        later.push(row);
        // On its way: the table's ask for the rows on screen must not fetch it again.
        this.#pending.add(row.position);
      }
    }
    this.#rows = now;
    void this.#draw(later, epoch);
  }

  /** Rows fetched for the positions scrolled to, added to those of the same view. */
  add(rows: readonly RowView[]): void {
    void this.#draw(rows, this.#epoch);
  }

  async #draw(rows: readonly RowView[], epoch: number): Promise<void> {
    let start = performance.now();
    // What the answer changed besides the rows (the header, the count) is drawn first, on the
    // same clock: when that alone fills the slice, the rows start in the next frame.
    flushSync();
    for (let i = 0; i < rows.length; i += ROWS_PER_STEP) {
      if (performance.now() - start >= ROW_SLICE_MS) {
        await nextFrame();
        if (epoch !== this.#epoch) return;
        start = performance.now();
      }
      const next = new Map(this.#rows);
      for (const row of rows.slice(i, i + ROWS_PER_STEP)) next.set(row.position, row);
      this.#rows = next;
      // Drawn now, so the clock says what these rows cost.
      flushSync();
    }
  }
}
