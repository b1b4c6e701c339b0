/**
 * The matches of a flat view in sort order, walked only as far as someone asks. A keystroke's
 * answer needs the count (known before the walk) and the rows on screen, the first few dozen
 * matches: walking the order of all runs until those are found costs a few hundred steps where
 * the whole walk costs one per run. Scrolling, "select all matching" and the import's focus walk
 * on from where the last walk stopped, so the walk is never repeated for one view.
 */
export class SortedMatches {
  readonly count: number;
  readonly #order: Uint32Array;
  readonly #mask: Uint8Array;
  #rows: Uint32Array;
  /** rows[0, #found) are the first matches in sort order. */
  #found = 0;
  /** Where in `#order` the walk goes on. */
  #next = 0;

  /**
   * @param order every run in sort order
   * @param mask 1 for each run that matches; not changed afterwards (the walk reads it later)
   * @param count how many ones `mask` has
   */
  constructor(order: Uint32Array, mask: Uint8Array, count: number) {
    this.#order = order;
    this.#mask = mask;
    this.count = count;
    // Every run matches: the order is the answer, nothing to walk.
    if (count === order.length) {
      this.#rows = order;
      this.#found = count;
    } else this.#rows = new Uint32Array(Math.min(count, 256));
  }

  /** The first `k` matches in sort order (all of them when there are fewer). */
  prefix(k: number): Uint32Array {
    const want = Math.min(Math.max(0, k), this.count);
    if (want > this.#found) this.#walkTo(want);
    return this.#rows.subarray(0, want);
  }

  /** Every match, in sort order. */
  all(): Uint32Array {
    return this.prefix(this.count);
  }

  #walkTo(want: number): void {
    if (this.#rows.length < want) {
      // Grown by doubling: a scroll down the list walks on, not again.
      const grown = new Uint32Array(Math.min(this.count, Math.max(want, this.#rows.length * 2)));
      grown.set(this.#rows.subarray(0, this.#found));
      this.#rows = grown;
    }
    const rows = this.#rows;
    const order = this.#order;
    const mask = this.#mask;
    const n = order.length;
    let found = this.#found;
    let p = this.#next;
    // Every run is written at `found`, kept by moving `found` only for a match: no branch per run.
    // `found < want <= count` keeps the write inside `rows`.
    while (found < want && p < n) {
      const row = order[p++]!;
      rows[found] = row;
      found += mask[row]!;
    }
    this.#found = found;
    this.#next = p;
  }
}
