import {
  columnId,
  defaultColumns,
  parseColumnId,
  parseColumnSettings,
  type ColumnSetting
} from '../explorer/column-settings';
import type {
  ColumnCatalog,
  ExplorerRequest,
  ExplorerView,
  RowView,
  SortSpec
} from '../explorer/explorer-types';
import { runlensWorker } from '../worker/client';

const COLUMNS_KEY = 'runlens.columns';

/** How the explorer's request is written in the URL, so a view can be bookmarked and shared. */
export interface ExplorerUrlState {
  query: string;
  quickSearch: string;
  sort: SortSpec[];
  showDeleted: boolean;
  experiments: string[] | null;
}

export function readUrlState(params: URLSearchParams): ExplorerUrlState {
  const sort: SortSpec[] = [];
  for (const part of (params.get('sort') ?? '').split(',').filter(Boolean)) {
    const desc = part.startsWith('-');
    const column = parseColumnId(desc ? part.slice(1) : part);
    if (column) sort.push({ column, direction: desc ? 'desc' : 'asc' });
  }
  const exp = params.get('exp');
  return {
    query: params.get('q') ?? '',
    quickSearch: params.get('s') ?? '',
    sort,
    showDeleted: params.get('deleted') === '1',
    experiments: exp ? exp.split(',').map(decodeURIComponent) : null
  };
}

export function writeUrlState(url: URL, state: ExplorerUrlState): URL {
  const next = new URL(url);
  const set = (k: string, v: string | null) =>
    v ? next.searchParams.set(k, v) : next.searchParams.delete(k);
  set('q', state.query);
  set('s', state.quickSearch);
  set(
    'sort',
    state.sort.map((s) => `${s.direction === 'desc' ? '-' : ''}${columnId(s.column)}`).join(',')
  );
  set('deleted', state.showDeleted ? '1' : null);
  set('exp', state.experiments ? state.experiments.map(encodeURIComponent).join(',') : null);
  return next;
}

/**
 * The runs explorer's state on the page: the request (filter, sort, tree…), the view the worker
 * computed for it, a cache of the rows on screen, the selection and the column choice. The newest
 * request wins; rows of an older view are dropped.
 */
class Explorer {
  query = $state('');
  quickSearch = $state('');
  showDeleted = $state(false);
  experiments = $state.raw<string[] | null>(null);
  sort = $state.raw<SortSpec[]>([]);
  tree = $state(true);
  collapseAll = $state(false);
  toggled = $state.raw(new Set<string>());
  columns = $state.raw<ColumnSetting[]>([]);
  selection = $state.raw(new Set<string>());
  /** Display position of the keyboard cursor. */
  cursor = $state(0);
  /** The cursor is drawn once the keyboard has moved it (a mouse user never sees it). */
  cursorVisible = $state(false);
  catalog = $state.raw<ColumnCatalog | null>(null);

  #view = $state.raw<ExplorerView | null>(null);
  #rows = $state.raw(new Map<number, RowView>());
  #requested = 0;
  #pending = new Set<number>();
  /** Anchor of a shift-click range. */
  #anchor: number | null = null;

  get view(): ExplorerView | null {
    return this.#view;
  }

  /** The row at a display position, if it has arrived. */
  row(position: number): RowView | undefined {
    return this.#rows.get(position);
  }

  request(): ExplorerRequest {
    return {
      query: this.query,
      quickSearch: this.quickSearch,
      showDeleted: this.showDeleted,
      experiments: this.experiments,
      sort: this.sort,
      tree: this.tree,
      collapseAll: this.collapseAll,
      toggled: [...this.toggled]
    };
  }

  urlState(): ExplorerUrlState {
    return {
      query: this.query,
      quickSearch: this.quickSearch,
      sort: this.sort,
      showDeleted: this.showDeleted,
      experiments: this.experiments
    };
  }

  applyUrlState(state: ExplorerUrlState): void {
    this.query = state.query;
    this.quickSearch = state.quickSearch;
    this.sort = state.sort;
    this.showDeleted = state.showDeleted;
    this.experiments = state.experiments;
  }

  /** The display positions the table has on screen, so a new view can bring them along. */
  visible = { start: 0, end: 60 };

  /** Asks the worker for a new view of the current request; older answers are ignored. */
  async refresh(): Promise<void> {
    const id = ++this.#requested;
    const { start, end } = this.visible;
    const columns = this.columns.map((c) => c.ref);
    const { view, rows } = await runlensWorker().explorerView(this.request(), {
      start,
      end,
      columns
    });
    if (id !== this.#requested) return;
    this.#view = view;
    this.#rows = new Map(rows.map((r) => [r.position, r]));
    this.#pending.clear();
    this.cursor = Math.min(this.cursor, Math.max(0, view.shown - 1));
  }

  /** Makes sure rows [start, end) of the current view are (being) fetched. */
  async ensureRows(start: number, end: number): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const from = Math.max(0, start);
    const to = Math.min(view.shown, end);
    let missing = false;
    for (let p = from; p < to; p++) if (!this.#rows.has(p) && !this.#pending.has(p)) missing = true;
    if (!missing) return;
    for (let p = from; p < to; p++) this.#pending.add(p);
    const rows = await runlensWorker().explorerRows(
      view.generation,
      from,
      to,
      this.columns.map((c) => c.ref)
    );
    if (!rows || this.#view !== view) return;
    const next = new Map(this.#rows);
    for (const r of rows) next.set(r.position, r);
    this.#rows = next;
  }

  /** Drops the cached rows (the columns changed) without recomputing the view. */
  reloadRows(): void {
    this.#rows = new Map();
    this.#pending.clear();
  }

  async loadCatalog(): Promise<void> {
    this.catalog = await runlensWorker().explorerCatalog();
    if (this.columns.length === 0) {
      const saved = parseColumnSettings(localStorage.getItem(COLUMNS_KEY));
      this.columns =
        saved && saved.length > 0
          ? saved
          : defaultColumns(
              this.catalog.metrics.map((m) => m.key),
              this.catalog.params.map((p) => p.key)
            );
    }
  }

  setColumns(columns: ColumnSetting[]): void {
    this.columns = columns;
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
    this.reloadRows();
  }

  /** Click sorts by a column (again: flips it); shift-click adds it as a further key. */
  sortBy(spec: SortSpec['column'], add: boolean): void {
    const id = columnId(spec);
    const existing = this.sort.find((s) => columnId(s.column) === id);
    const flipped: SortSpec = {
      column: spec,
      direction: existing ? (existing.direction === 'desc' ? 'asc' : 'desc') : 'desc'
    };
    if (add) {
      this.sort = existing
        ? this.sort.map((s) => (columnId(s.column) === id ? flipped : s))
        : [...this.sort, flipped];
    } else this.sort = [flipped];
  }

  toggleCollapsed(key: string): void {
    const next = new Set(this.toggled);
    if (!next.delete(key)) next.add(key);
    this.toggled = next;
  }

  /** Collapses (or expands) every run with children. */
  setAllCollapsed(collapsed: boolean): void {
    this.collapseAll = collapsed;
    this.toggled = new Set();
  }

  /** Click toggles one run; shift-click selects the range from the last click. */
  toggleSelected(position: number, range: boolean): void {
    const row = this.#rows.get(position);
    if (!row) return;
    const next = new Set(this.selection);
    if (range && this.#anchor !== null) {
      const [a, b] = [Math.min(this.#anchor, position), Math.max(this.#anchor, position)];
      for (let p = a; p <= b; p++) {
        const r = this.#rows.get(p);
        if (r && !r.context) next.add(r.key);
      }
    } else if (!next.delete(row.key)) next.add(row.key);
    this.#anchor = position;
    this.cursor = position;
    this.selection = next;
  }

  async selectAllMatching(): Promise<void> {
    const view = this.#view;
    if (!view) return;
    this.selection = new Set(await runlensWorker().explorerMatchingKeys(view.generation));
  }

  clearSelection(): void {
    this.selection = new Set();
  }
}

export const explorer = new Explorer();
