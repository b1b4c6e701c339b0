import {
  columnId,
  defaultColumns,
  parseColumnSettings,
  parseColumnWidths,
  sameColumns,
  type ColumnSetting
} from '../explorer/column-settings';
import type {
  ColumnCatalog,
  ColumnRef,
  ExplorerRequest,
  ExplorerView,
  RowView,
  SortSpec
} from '../explorer/explorer-types';
import type { ExplorerUrlState } from '../explorer/url-state';
import { NewestWins } from '../async/newest-wins';
import { runlensWorker } from '../worker/client';
import { ExplorerRows, type PositionRange } from './explorer-rows.svelte';
import { ImportReveal } from './import-reveal.svelte';

export { readUrlState, writeUrlState, type ExplorerUrlState } from '../explorer/url-state';
export type { RevealNotice } from './import-reveal.svelte';

/** The person's own column choice (absent: the defaults of the runs in view). */
const COLUMNS_KEY = 'runlens.columns';
/** Widths given to default columns (column id → px). */
const WIDTHS_KEY = 'runlens.columnWidths';
/**
 * Widths a person drags and finds again next visit: the experiments list beside the table, and
 * the run-name column (deep trees indent names 16 px a level, so long chains need room).
 */
export const LAYOUT_WIDTHS = {
  experiments: { key: 'runlens.experimentsWidth', min: 160, max: 640, initial: 256 },
  name: { key: 'runlens.nameWidth', min: 160, max: 1200, initial: 300 }
} as const;
export type LayoutPart = keyof typeof LAYOUT_WIDTHS;

/**
 * The runs explorer's state on the page: the request (filter, sort, tree…), the view the worker
 * computed for it, a cache of the rows on screen (explorer-rows: drawn a slice at a time), the
 * selection, the column choice and the reveal of an import's runs (import-reveal). The newest
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
  selection = $state.raw(new Set<string>());
  /** Display position of the keyboard cursor. */
  cursor = $state(0);
  /** The cursor is drawn once the keyboard has moved it (a mouse user never sees it). */
  cursorVisible = $state(false);
  catalog = $state.raw<ColumnCatalog | null>(null);
  /** Widths of the experiments list and of the run-name column, in px. */
  layout = $state<Record<LayoutPart, number>>({
    experiments: LAYOUT_WIDTHS.experiments.initial,
    name: LAYOUT_WIDTHS.name.initial
  });

  /** The person's own column choice, or null for the defaults of the runs in view. */
  #chosen = $state.raw<ColumnSetting[] | null>(null);
  /** The defaults of the last view that had runs, with resized widths applied. */
  #defaults = $state.raw<ColumnSetting[]>([]);
  #widths = new Map<string, number>();

  #view = $state.raw<ExplorerView | null>(null);
  #rows = new ExplorerRows();
  #requests = new NewestWins();
  /** Anchor of a shift-click range. */
  #anchor: number | null = null;

  get view(): ExplorerView | null {
    return this.#view;
  }

  /** The table's columns: the person's choice, else the defaults of the runs in view. */
  get columns(): ColumnSetting[] {
    return this.#chosen ?? this.#defaults;
  }

  /** Whether the person chose the columns (else they follow the runs in view). */
  get columnsChosen(): boolean {
    return this.#chosen !== null;
  }

  /** Shows the runs an import just stored: locates, unhides and highlights them. */
  readonly reveal = new ImportReveal({
    filter: () => ({
      query: this.query,
      quickSearch: this.quickSearch,
      experiments: this.experiments
    }),
    setFilter: (filter) => {
      this.query = filter.query;
      this.quickSearch = filter.quickSearch;
      this.experiments = filter.experiments;
    },
    refresh: () => void this.refresh(),
    moveCursor: (position) => (this.cursor = position)
  });

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

  /**
   * The display positions the table draws (those on screen and a few ahead of a scroll), so a
   * new view can bring them along, and those on screen, which a new view swaps first.
   */
  visible = { start: 0, end: 60 };
  onScreen: PositionRange = { start: 0, end: 60 };

  /** Asks the worker for a new view of the current request; older answers are ignored. */
  async refresh(): Promise<void> {
    const isNewest = this.#requests.ticket();
    const { start, end } = this.visible;
    const chosen = this.#chosen;
    const request: ExplorerRequest = {
      ...this.request(),
      defaultColumns: chosen === null,
      focusImport: this.reveal.focusImport
    };
    const { view, rows } = await runlensWorker().explorerView(request, {
      start,
      end,
      columns: chosen ? chosen.map((c) => c.ref) : null
    });
    if (!isNewest() || !view) return;
    if (chosen === null && view.columns) {
      const next = defaultColumns(view.columns).map((c) => this.#withWidth(c));
      if (!sameColumns(next, this.#defaults)) this.#defaults = next;
    }
    this.#view = view;
    // Rows computed for columns the person has changed since are fetched again.
    if (chosen === this.#chosen) this.#rows.replace(rows, this.onScreen);
    else this.#rows.clear();
    this.cursor = Math.min(this.cursor, Math.max(0, view.shown - 1));
    this.reveal.placed(view.focus);
  }

  /** Makes sure rows [start, end) of the current view are (being) fetched. */
  async ensureRows(start: number, end: number): Promise<void> {
    const view = this.#view;
    if (!view) return;
    const from = Math.max(0, start);
    const to = Math.min(view.shown, end);
    if (!this.#rows.claimMissing(from, to)) return;
    const rows = await runlensWorker().explorerRows(
      view.generation,
      from,
      to,
      this.columns.map((c) => c.ref)
    );
    if (!rows || this.#view !== view) return;
    this.#rows.add(rows);
  }

  /** Drops the cached rows (the columns changed) without recomputing the view. */
  reloadRows(): void {
    this.#rows.clear();
  }

  async loadCatalog(): Promise<void> {
    this.catalog = await runlensWorker().explorerCatalog();
  }

  /** Reads the saved column choice, column widths, experiments list and run-name widths. */
  loadLayout(): void {
    const saved = parseColumnSettings(localStorage.getItem(COLUMNS_KEY));
    this.#chosen = saved && saved.length > 0 ? saved : null;
    this.#widths = parseColumnWidths(localStorage.getItem(WIDTHS_KEY));
    for (const part of Object.keys(LAYOUT_WIDTHS) as LayoutPart[]) {
      const { key, min, max } = LAYOUT_WIDTHS[part];
      const width = Number(localStorage.getItem(key));
      if (width >= min && width <= max) this.layout[part] = width;
    }
  }

  /** The person chooses the columns: kept (and saved) whatever runs are in view. */
  setColumns(columns: ColumnSetting[]): void {
    this.#chosen = columns;
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
    this.reloadRows();
  }

  /** Back to the defaults of the runs in view. */
  resetColumns(): void {
    this.#chosen = null;
    localStorage.removeItem(COLUMNS_KEY);
    void this.refresh();
  }

  /** A resize keeps the column set as it is: a chosen set stays chosen, defaults stay defaults. */
  resizeColumn(ref: ColumnRef, width: number): void {
    const id = columnId(ref);
    if (this.#chosen) {
      this.setColumns(this.#chosen.map((c) => (columnId(c.ref) === id ? { ...c, width } : c)));
      return;
    }
    this.#widths.set(id, width);
    localStorage.setItem(WIDTHS_KEY, JSON.stringify(Object.fromEntries(this.#widths)));
    this.#defaults = this.#defaults.map((c) => this.#withWidth(c));
  }

  #withWidth(c: ColumnSetting): ColumnSetting {
    const width = this.#widths.get(columnId(c.ref));
    return width === undefined || width === c.width ? c : { ...c, width };
  }

  /** Resizes the experiments list or the run-name column, within bounds, and keeps the width. */
  setLayoutWidth(part: LayoutPart, width: number): void {
    const { key, min, max } = LAYOUT_WIDTHS[part];
    const w = Math.round(Math.max(min, Math.min(max, width)));
    this.layout[part] = w;
    localStorage.setItem(key, String(w));
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
    let view = this.#view;
    if (!view) return;
    let keys = await runlensWorker().explorerMatchingKeys(view.generation);
    // The worker forgets its view when an import or a delete lands after the rows were drawn:
    // it then answers nothing, and the view is asked for again before selecting.
    if (keys.length === 0 && view.shown > 0) {
      await this.refresh();
      view = this.#view;
      if (view) keys = await runlensWorker().explorerMatchingKeys(view.generation);
    }
    this.selection = new Set(keys);
  }

  clearSelection(): void {
    this.selection = new Set();
  }
}

export const explorer = new Explorer();
