/**
 * Orders an experiment's runs as a tree for a plain list: parents before their children, any
 * depth, children indented. Pure, so it is tested in Node.
 */
export interface TreeInput {
  id: string;
  parentId: string | null;
  startTime: number | null;
}

export interface TreeLine<T> {
  run: T;
  depth: number;
  /** The run names a parent that is not among the runs given. */
  orphan: boolean;
}

/** Newest first at every level; a parent cycle (broken export) is cut where it closes. */
export function runTree<T extends TreeInput>(runs: readonly T[]): TreeLine<T>[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const r of runs) {
    if (r.parentId !== null && r.parentId !== r.id && byId.has(r.parentId)) {
      const list = children.get(r.parentId) ?? [];
      list.push(r);
      children.set(r.parentId, list);
    } else roots.push(r);
  }
  const newestFirst = (a: T, b: T) => (b.startTime ?? -Infinity) - (a.startTime ?? -Infinity);
  const out: TreeLine<T>[] = [];
  const seen = new Set<string>();
  const visit = (r: T, depth: number) => {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    out.push({
      run: r,
      depth,
      orphan: depth === 0 && r.parentId !== null && !byId.has(r.parentId)
    });
    for (const c of (children.get(r.id) ?? []).sort(newestFirst)) visit(c, depth + 1);
  };
  for (const r of roots.sort(newestFirst)) visit(r, 0);
  // Runs caught in a parent cycle have no root; list them at the top level.
  for (const r of runs) visit(r, 0);
  return out;
}
