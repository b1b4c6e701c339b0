/**
 * Turns the rows that match a filter, in sorted order, into what the table shows: a tree of any
 * depth that stays a tree under sort and filter. A matching child brings its ancestors along
 * (shown dimmed, as context); siblings keep the sort order; collapsed rows hide their subtrees.
 */

export interface DisplayOrder {
  /** Row indices in display order. */
  rows: Uint32Array;
  /** Tree depth of each displayed row (0 for roots). */
  depths: Uint16Array;
  /** 1 when the row does not match and is shown only as an ancestor of one that does. */
  context: Uint8Array;
  /** Number of displayed children of each displayed row (0 for leaves). */
  childCounts: Uint32Array;
  /** Rows that match the filter (context rows not counted). */
  matching: number;
}

const nestingCache = new WeakMap<Int32Array, boolean>();

/** Whether any run of the library has a parent (cached per parents column: columns are immutable). */
export function hasNesting(parents: Int32Array): boolean {
  let nested = nestingCache.get(parents);
  if (nested === undefined) {
    nested = false;
    for (let i = 0; i < parents.length && !nested; i++) nested = parents[i]! >= 0;
    nestingCache.set(parents, nested);
  }
  return nested;
}

/** Zeros read by every flat order (never written), shared instead of allocated per keystroke. */
let zeros = {
  depths: new Uint16Array(0),
  context: new Uint8Array(0),
  childCounts: new Uint32Array(0)
};

export function flatZeros(n: number): Pick<DisplayOrder, 'depths' | 'context' | 'childCounts'> {
  if (zeros.context.length < n) {
    zeros = {
      depths: new Uint16Array(n),
      context: new Uint8Array(n),
      childCounts: new Uint32Array(n)
    };
  }
  return {
    depths: zeros.depths.subarray(0, n),
    context: zeros.context.subarray(0, n),
    childCounts: zeros.childCounts.subarray(0, n)
  };
}

/**
 * @param sorted matching row indices, already in sort order
 * @param parents parent row index per row (-1 for none)
 * @param isCollapsed whether a row's children are hidden
 * @param asTree false for a flat list (no ancestors added, no nesting)
 */
export function displayOrder(
  sorted: Uint32Array,
  parents: Int32Array,
  isCollapsed: (row: number) => boolean,
  asTree: boolean
): DisplayOrder {
  const n = sorted.length;
  // Without a nested run among the matches there is nothing to nest and no ancestor to add: the
  // sorted list is the display order (the common case, and the cheap one at 100,000 runs). A
  // library without any nested run needs no look at the matches at all.
  let nested = false;
  if (asTree && hasNesting(parents))
    for (let k = 0; k < n && !nested; k++) nested = parents[sorted[k]!]! >= 0;
  if (!nested) return { rows: sorted, ...flatZeros(n), matching: n };
  // 1. Which rows are shown: every match, and every ancestor of a match (as context).
  const total = parents.length;
  const shown = new Uint8Array(total); // 0 hidden, 1 match, 2 context
  for (let k = 0; k < n; k++) shown[sorted[k]!] = 1;
  const contextRows: number[] = [];
  for (let k = 0; k < n; k++) {
    let p = parents[sorted[k]!]!;
    let guard = 0;
    while (p >= 0 && shown[p] === 0 && guard++ < total) {
      shown[p] = 2;
      contextRows.push(p);
      p = parents[p]!;
    }
  }
  // 2. Sibling order: matches in sort order, then context rows (they have no sort position of
  //    their own, so they follow in row order; their matching descendants are sorted under them).
  const order = new Uint32Array(n + contextRows.length);
  order.set(sorted, 0);
  contextRows.sort((a, b) => a - b);
  for (let k = 0; k < contextRows.length; k++) order[n + k] = contextRows[k]!;
  // A context row should sit where its best-sorted descendant sits: rank it by that descendant.
  const rank = new Float64Array(total).fill(Infinity);
  for (let k = 0; k < n; k++) {
    let p = sorted[k]!;
    let guard = 0;
    while (p >= 0 && guard++ < total) {
      if (rank[p]! <= k) break;
      rank[p] = k;
      p = parents[p]!;
    }
  }
  order.sort((a, b) => rank[a]! - rank[b]! || a - b);
  // 3. Children lists in that order; roots are shown rows whose parent is not shown.
  const firstChild = new Int32Array(total).fill(-1);
  const nextSibling = new Int32Array(total).fill(-1);
  const lastChild = new Int32Array(total).fill(-1);
  const childCount = new Uint32Array(total);
  const roots: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const r = order[k]!;
    const p = parents[r]!;
    if (p >= 0 && shown[p] !== 0 && p !== r) {
      if (lastChild[p]! < 0) firstChild[p] = r;
      else nextSibling[lastChild[p]!] = r;
      lastChild[p] = r;
      childCount[p] = childCount[p]! + 1;
    } else roots.push(r);
  }
  // 4. Depth-first walk, iterative (PyCaret chains are 45 deep; others may be deeper).
  const rows: number[] = [];
  const depths: number[] = [];
  const visited = new Uint8Array(total);
  // Rows under a collapsed row are walked too (marked visited) but not shown.
  const stack: { row: number; depth: number; hidden: boolean }[] = [];
  const walk = (root: number) => {
    stack.push({ row: root, depth: 0, hidden: false });
    while (stack.length > 0) {
      const { row, depth, hidden } = stack.pop()!;
      if (visited[row]) continue;
      visited[row] = 1;
      if (!hidden) {
        rows.push(row);
        depths.push(depth);
      }
      const hideChildren = hidden || isCollapsed(row);
      const children: number[] = [];
      for (let c = firstChild[row]!; c >= 0; c = nextSibling[c]!) children.push(c);
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ row: children[i]!, depth: depth + 1, hidden: hideChildren });
      }
    }
  };
  for (const root of roots) walk(root);
  // Rows caught in a parent cycle (a broken export) have no root: list them from the top.
  for (let k = 0; k < order.length; k++) if (!visited[order[k]!]) walk(order[k]!);
  const out: DisplayOrder = {
    rows: Uint32Array.from(rows),
    depths: Uint16Array.from(depths, (d) => Math.min(d, 65535)),
    context: new Uint8Array(rows.length),
    childCounts: new Uint32Array(rows.length),
    matching: n
  };
  for (let i = 0; i < rows.length; i++) {
    out.context[i] = shown[rows[i]!] === 2 ? 1 : 0;
    out.childCounts[i] = childCount[rows[i]!]!;
  }
  return out;
}
