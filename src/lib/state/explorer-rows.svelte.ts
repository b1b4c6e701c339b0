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

/** Display positions [start, end). */
export interface PositionRange {
  start: number;
  end: number;
}

/**
 * The explorer's cache of the rows on screen (display position → row), which the table draws.
 * A row taking the place of another on screen is swapped at once, so a new view never shows a
 * mix of old and new rows or blanks; the rows drawn ahead of a scroll, off screen, are swapped
 * after the page's next frame, so a keystroke's frame carries its count and the rows a person
 * sees and nothing else. Rows that appear where there was none (the first view after an import,
 * a jump of the scroll) cost the page a whole row of elements each, so they are drawn a few at
 * a time, ROW_SLICE_MS at most before the page gets a frame. A later replace or clear stops the
 * drawing of rows it makes stale.
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

  /**
   * The rows of a new view: positions on screen that show a row change at once, the others
   * (off screen, or new) after a frame and in slices.
   */
  replace(rows: readonly RowView[], onScreen: PositionRange): void {
    const epoch = ++this.#epoch;
    this.#pending.clear();
    const now = new Map<number, RowView>();
    const later: RowView[] = [];
    let offScreen = false;
    for (const row of rows) {
      const was = this.#rows.get(row.position);
      const seen = row.position >= onScreen.start && row.position < onScreen.end;
      if (was && seen) now.set(row.position, row);
      else {
        // Off screen, the old row stays until the new one is drawn: swapping it costs less than
        // drawing a row where there was none, and no one sees it meanwhile.
        if (was) {
          now.set(row.position, was);
          offScreen = true;
        }
        later.push(row);
        // On its way: the table's ask for the rows on screen must not fetch it again.
        this.#pending.add(row.position);
      }
    }
    this.#rows = now;
    void this.#draw(later, epoch, offScreen);
  }

  /** Rows fetched for the positions scrolled to, added to those of the same view. */
  add(rows: readonly RowView[]): void {
    void this.#draw(rows, this.#epoch, false);
  }

  /** Draws what changed now, then `rows` in slices; after a frame first with `afterFrame`. */
  async #draw(rows: readonly RowView[], epoch: number, afterFrame: boolean): Promise<void> {
    let start = performance.now();
    // What the answer changed besides these rows (the header, the count, the rows swapped on
    // screen) is drawn first, on the same clock: when that alone fills the slice, or when rows
    // on screen were swapped (their frame should not wait for rows off screen), the rest start
    // after the next frame.
    flushSync();
    if (afterFrame && rows.length > 0) {
      await nextFrame();
      if (epoch !== this.#epoch) return;
      start = performance.now();
    }
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
