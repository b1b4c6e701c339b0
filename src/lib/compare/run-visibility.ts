/**
 * The side list's engine (issue 16, item 1): which runs of a comparison are hidden, which one is
 * the baseline, which ones a search finds, and which rows of a long list are drawn.
 *
 * Runs are named here by a reference that survives a share link: the run key without its
 * format (`experimentId|runId`). A link's runs are stored under another format in the shared
 * space, so a key would not find them there; the reference does.
 */

/** The run's key without the format: the same run in the library and in a shared space. */
export function runRef(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(bar + 1);
}

/**
 * The names (keys, or bare run ids from a hand-written address) whose runs are not hidden, in
 * order. A bare id is hidden when a hidden reference ends with it.
 */
export function withoutHidden(names: readonly string[], hidden: readonly string[]): string[] {
  if (hidden.length === 0) return [...names];
  const named = namedBy(hidden);
  return names.filter((n) => !named(n));
}

/**
 * The names a panel draws (its own choice of runs, by reference), in order: every name when the
 * panel has no choice. Runs hidden everywhere are already out of `names`.
 */
export function panelRunKeys(names: readonly string[], chosen: readonly string[] | undefined) {
  if (!chosen) return [...names];
  const named = namedBy(chosen);
  return names.filter(named);
}

/** Does a name (a key, or a bare run id) name one of the referenced runs? */
function namedBy(refs: readonly string[]): (name: string) => boolean {
  const byRef = new Set(refs);
  const ids = new Set(refs.map((r) => r.slice(r.lastIndexOf('|') + 1)));
  return (n) => (n.includes('|') ? byRef.has(runRef(n)) : ids.has(n));
}

/** The hidden list after hiding (or showing) `keys`: order kept, no repeats. */
export function setHidden(hidden: readonly string[], keys: readonly string[], hide: boolean) {
  const refs = keys.map(runRef);
  if (!hide) {
    const shown = new Set(refs);
    return hidden.filter((r) => !shown.has(r));
  }
  const out = [...hidden];
  const seen = new Set(hidden);
  for (const r of refs) if (!seen.has(r) && !!seen.add(r)) out.push(r);
  return out;
}

/** What the side list searches in a run: its line name, its name and its id. */
export interface SearchableRun {
  key: string;
  id: string;
  name: string | null;
}

/**
 * The runs a search finds, in list order: every word of the search (any case) in the run's
 * label, name or id. A blank search finds every run.
 */
export function searchRuns<T extends SearchableRun>(
  runs: readonly T[],
  labelOf: (run: T) => string,
  search: string
): T[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...runs];
  return runs.filter((r) => {
    const text = `${labelOf(r)}\n${r.name ?? ''}\n${r.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Rows drawn of a long list: those in view and a few either side (the rest are space). */
export interface ListWindow {
  start: number;
  end: number;
  /** Space above the first drawn row and below the last, in pixels. */
  before: number;
  after: number;
}

export function listWindow(
  count: number,
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  overscan = 8
): ListWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(viewHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + inView + overscan);
  return {
    start,
    end: Math.max(start, end),
    before: start * rowHeight,
    after: Math.max(0, count - Math.max(start, end)) * rowHeight
  };
}
