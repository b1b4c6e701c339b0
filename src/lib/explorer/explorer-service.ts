/**
 * The runs explorer's engine, in the worker: it keeps the library as columns, answers a view
 * request (filter, quick search, experiments, deleted, sort, tree) with counts, and serves only
 * the rows the table shows. The newest request wins: a view asked for while a newer one waits in
 * the queue is not computed (every keystroke asks), and the page names the generation it wants
 * rows of. The order of all runs under the current sort is kept, so a filter only walks it.
 */
import { afterQueuedTasks, NewestWins } from '../async/newest-wins';
import type { RunRow } from '../db/rows';
import {
  compileQuery,
  compileQueryInto,
  compileQueryNarrow,
  loadRegexEngine,
  mayUseRegex,
  parseQuery,
  quickSearchMask,
  sortRows,
  type CompiledQueryInto,
  type CompiledQueryNarrow,
  type QueryContext,
  type QueryError,
  type QueryNode
} from '../query';
import { defaultColumns } from './column-settings';
import { displayOrder, flatZeros, hasNesting, type DisplayOrder } from './display-order';
import { SortedMatches } from './sorted-matches';
import type {
  ColumnCatalog,
  ColumnRef,
  ExplorerRequest,
  ExplorerView,
  LibrarySummary,
  RowView,
  RunFamily
} from './explorer-types';
import { rowViewsAt } from './row-views';
import { severalTools, viewColumns } from './view-columns';
import { importFocus, sampledFilterNote, whyEmpty } from './view-notes';
import { columnCatalog, librarySummary, runFamily } from './library-facts';
import { ensureStepValues, loadLibrary, type ExplorerSource, type Loaded } from './library-loading';

/** What a view shows: how many rows, and its display order up to a position, computed as asked. */
interface ViewRows {
  shown: number;
  /** The display order of positions [0, end) at least (a tree's is always whole). */
  upTo(end: number): DisplayOrder;
}

interface Computed {
  generation: number;
  display: ViewRows;
  isCollapsed: (row: number) => boolean;
  /** The default columns of this view, for row requests that name none. */
  columns: ColumnRef[];
}

/** A filter's text parsed and compiled once: a sort, a scroll or the same text again reuse it. */
type CompiledFilter =
  | {
      text: string;
      ok: true;
      ast: QueryNode;
      run: CompiledQueryInto;
      narrow: CompiledQueryNarrow;
    }
  | { text: string; ok: false; error: QueryError };

/** Newest first by start time: what a person expects before choosing a sort. */
const DEFAULT_SORT: ExplorerRequest['sort'] = [
  { column: { kind: 'attribute', key: 'start_time' }, direction: 'desc' }
];

export class ExplorerService {
  #source: ExplorerSource;
  #columns: Promise<Loaded> | null = null;
  /** Rows the last import committed, for the next load of the columns (then let go). */
  #stored: ReadonlyMap<string, RunRow> | null = null;
  #computed: Computed | null = null;
  #generation = 0;
  #requests = new NewestWins();
  #filter: CompiledFilter | null = null;
  /** Scratch for the matches in row order, reused by every view. */
  #rowBuffer = new Uint32Array(0);
  #maskBuffer = new Uint8Array(0);

  constructor(source: ExplorerSource) {
    this.#source = source;
  }

  /**
   * Forget the cached columns (after an import or a delete). An import hands over the rows it
   * committed so the next load does not read them back; any other change drops them, as they
   * may no longer be what the store holds.
   */
  invalidate(stored?: readonly RunRow[]): void {
    this.#columns = null;
    this.#computed = null;
    this.#stored = stored?.length ? new Map(stored.map((r) => [r.key, r])) : null;
  }

  /**
   * The view for the newest request, or null when a newer request arrived before this one was
   * computed: typing asks once per keystroke, and only the last keystroke's view is wanted.
   */
  async latestView(request: ExplorerRequest): Promise<ExplorerView | null> {
    const isNewest = this.#requests.ticket();
    await afterQueuedTasks();
    return isNewest() ? this.view(request) : null;
  }

  #load(): Promise<Loaded> {
    if (!this.#columns) {
      this.#columns = loadLibrary(this.#source, this.#stored);
      this.#stored = null;
    }
    return this.#columns;
  }

  /** Computes the view for a request and keeps it for row requests. */
  async view(request: ExplorerRequest): Promise<ExplorerView> {
    const loaded = await this.#load();
    const { cols, experimentNames } = loaded;
    for (const s of request.sort) await ensureStepValues(this.#source, loaded, s.column);
    const ctx = { experimentNames, stepValues: loaded.stepValues };
    const generation = ++this.#generation;
    const n = cols.count;
    const scope = this.#scope(loaded, request);
    const filter = request.query.trim() !== '' ? await this.#compiled(request.query) : null;
    const error: ExplorerView['error'] = filter && !filter.ok ? filter.error : null;
    const ast = filter?.ok ? filter.ast : null;
    const quick =
      request.quickSearch.trim() !== '' ? quickSearchMask(cols, request.quickSearch) : null;
    // The matches in row order and their count: what the default columns and the tools badge
    // are chosen from (neither depends on the order); the mask is what the sorted walk reads.
    const { mask, matches } = this.#matches(loaded, ctx, scope, quick, filter?.ok ? filter : null);
    const count = matches.length;
    const sort = request.sort.length > 0 ? request.sort : DEFAULT_SORT;
    const toggled = new Set<number>();
    for (const key of request.toggled) {
      const i = loaded.keyIndex().get(key);
      if (i !== undefined) toggled.add(i);
    }
    const isCollapsed = (row: number) => request.collapseAll !== toggled.has(row);
    const display = this.#display(loaded, sort, mask, count, request.tree, isCollapsed);
    const columns = request.defaultColumns ? viewColumns(cols, matches) : null;
    const tools = severalTools(cols, matches);
    this.#computed = {
      generation,
      display,
      isCollapsed,
      columns: columns ? defaultColumns(columns).map((c) => c.ref) : []
    };
    // The query's own mask only when nothing matched, to say why (rare: not worth a pass).
    const empty =
      count === 0 && n > 0 && !error
        ? whyEmpty({
            cols,
            ctx,
            scope,
            ast,
            query: ast ? compileQuery(ast)(cols, ctx) : null,
            quick,
            quickText: request.quickSearch
          })
        : [];
    return {
      generation,
      matching: count,
      shown: display.shown,
      total: n,
      error,
      empty,
      columns,
      severalTools: tools,
      sampled: sampledFilterNote(cols, scope, ast),
      focus: request.focusImport
        ? importFocus(
            cols,
            display.upTo(display.shown),
            mask,
            request.focusImport,
            request.showDeleted
          )
        : null
    };
  }

  /**
   * The rows a view shows. A flat view (no tree, or no nested run in the library) is its matches
   * in sort order, walked only as far as the table asks: a keystroke's answer needs the count and
   * the rows on screen, not the order of every match. A tree is built whole, as before.
   */
  #display(
    loaded: Loaded,
    sort: ExplorerRequest['sort'],
    mask: Uint8Array,
    count: number,
    tree: boolean,
    isCollapsed: (row: number) => boolean
  ): ViewRows {
    const matches = new SortedMatches(this.#sortedAll(loaded, sort), mask, count);
    if (!tree || !hasNesting(loaded.cols.parents)) {
      return {
        shown: count,
        upTo: (end) => {
          const rows = matches.prefix(end);
          return { rows, ...flatZeros(rows.length), matching: count };
        }
      };
    }
    const order = displayOrder(matches.all(), loaded.cols.parents, isCollapsed, true);
    return { shown: order.rows.length, upTo: () => order };
  }

  /**
   * The runs in scope that pass the quick search and the filter: as a mask, and as their indices
   * in row order, in a buffer kept between views (read only while the view is computed), so a
   * keystroke allocates nothing per run. A filter of simple conditions narrows a list of
   * candidates (query/narrow.ts): at most one pass over every run, then passes over the rows
   * still left, and the list is the answer. Any other filter ANDs each condition into a
   * mask in place, then one pass lists the matches.
   */
  #matches(
    loaded: Loaded,
    ctx: QueryContext,
    scope: Uint8Array,
    quick: Uint8Array | null,
    filter: Extract<CompiledFilter, { ok: true }> | null
  ): { mask: Uint8Array; matches: Uint32Array } {
    const { cols } = loaded;
    const n = cols.count;
    if (this.#rowBuffer.length < n + 1) this.#rowBuffer = new Uint32Array(n + 1);
    const rows = this.#rowBuffer;
    if (filter) {
      // The candidates: every run (no mask to read), or those in scope that the search passes.
      let candidates: Uint8Array | null = null;
      if (quick) {
        candidates = this.#mask(n);
        for (let i = 0; i < n; i++) candidates[i] = scope[i]! & quick[i]!;
      } else if (!(loaded.scope?.mask === scope && loaded.scope.all)) candidates = scope;
      const count = filter.narrow(cols, ctx, rows, candidates);
      if (count !== null) {
        const mask = this.#mask(n);
        mask.fill(0);
        for (let j = 0; j < count; j++) mask[rows[j]!] = 1;
        return { mask, matches: rows.subarray(0, count) };
      }
    }
    const mask = this.#mask(n);
    mask.set(scope);
    if (quick) for (let i = 0; i < n; i++) mask[i] = mask[i]! & quick[i]!;
    filter?.run(cols, ctx, mask);
    // Every row is written at k and kept by moving k only where the mask is 1: no branch per row.
    let k = 0;
    for (let i = 0; i < n; i++) {
      rows[k] = i;
      k += mask[i]!;
    }
    return { mask, matches: rows.subarray(0, k) };
  }

  /**
   * The mask of the view being computed, one buffer for every view: allocating one per keystroke
   * (external memory to V8) brings on garbage collections mid-keystroke. The view that wrote it
   * last is the current one; row requests of an older one are refused (`rows`), so no walk reads
   * a mask that is not its own.
   */
  #mask(n: number): Uint8Array {
    if (this.#maskBuffer.length !== n) this.#maskBuffer = new Uint8Array(n);
    return this.#maskBuffer;
  }

  /** The runs the deleted switch and the experiment choice let through, kept while they stay. */
  #scope(loaded: Loaded, request: ExplorerRequest): Uint8Array {
    const key = JSON.stringify([request.showDeleted, request.experiments]);
    if (loaded.scope?.key === key) return loaded.scope.mask;
    const { cols } = loaded;
    const n = cols.count;
    const mask = new Uint8Array(n).fill(1);
    if (!request.showDeleted) for (let i = 0; i < n; i++) if (cols.deleted[i]) mask[i] = 0;
    if (request.experiments) {
      const wanted = new Set(request.experiments);
      for (let i = 0; i < n; i++) if (!wanted.has(cols.experimentKeys[i]!)) mask[i] = 0;
    }
    let inScope = 0;
    for (let i = 0; i < n; i++) inScope += mask[i]!;
    loaded.scope = { key, mask, all: inScope === n };
    return mask;
  }

  /**
   * Every run in the order of the sort, kept until the sort or the data changes. Walking it with
   * a view's mask gives the same rows as sorting the matches (the sort is stable and ranks by
   * value, not by position among the matches), so a keystroke never sorts.
   */
  #sortedAll(loaded: Loaded, sort: ExplorerRequest['sort']): Uint32Array {
    const { cols, experimentNames, stepValues } = loaded;
    const key = JSON.stringify(sort);
    if (loaded.sortedAll?.sort !== key) {
      const n = cols.count;
      const all = new Uint32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      loaded.sortedAll = {
        sort: key,
        rows: sortRows(cols, all, sort, { experimentNames, stepValues })
      };
    }
    return loaded.sortedAll.rows;
  }

  /** The filter's text parsed and compiled, reused while the text stays the same. */
  async #compiled(text: string): Promise<CompiledFilter> {
    if (this.#filter?.text === text) return this.#filter;
    if (mayUseRegex(text)) await loadRegexEngine();
    const parsed = parseQuery(text);
    this.#filter = parsed.ok
      ? {
          text,
          ok: true,
          ast: parsed.ast,
          run: compileQueryInto(parsed.ast),
          narrow: compileQueryNarrow(parsed.ast)
        }
      : { text, ok: false, error: parsed.error };
    return this.#filter;
  }

  /** The rows at display positions [start, end) of a view, with the requested cells. */
  async rows(
    generation: number,
    start: number,
    end: number,
    requested: ColumnRef[] | null
  ): Promise<RowView[] | null> {
    const computed = this.#computed;
    if (!computed || computed.generation !== generation) return null; // a newer view replaced it
    const columns = requested ?? computed.columns;
    const loaded = await this.#load();
    for (const c of columns) await ensureStepValues(this.#source, loaded, c);
    // A view computed while this waited has the walk's mask now: this one's rows are not wanted.
    if (this.#computed !== computed) return null;
    const order = computed.display.upTo(end);
    return rowViewsAt(loaded, order, start, end, columns, computed.isCollapsed);
  }

  /** Keys of every matching run of the current view (for "select all matching"). */
  async matchingKeys(generation: number): Promise<string[]> {
    const computed = this.#computed;
    if (!computed || computed.generation !== generation) return [];
    const { cols } = await this.#load();
    if (this.#computed !== computed) return [];
    const keys: string[] = [];
    const { rows, context } = computed.display.upTo(computed.display.shown);
    for (let p = 0; p < rows.length; p++) if (!context[p]) keys.push(cols.keys[rows[p]!]!);
    return keys;
  }

  /** Experiments with their run counts, and the import history: what the page lists. */
  async summary(): Promise<LibrarySummary> {
    const { cols, experiments, imports } = await this.#load();
    return librarySummary(cols, experiments, imports);
  }

  /**
   * The runs named by key, or by bare id when no key matches (links made by hand name ids), in
   * the order asked; names that match nothing come back as missing.
   */
  async resolveRuns(
    names: readonly string[]
  ): Promise<{ runs: RunRow[]; missing: string[]; experimentNames: Map<string, string> }> {
    const { cols, rowsAt, keyIndex, experimentNames } = await this.#load();
    let byId: Map<string, number> | null = null;
    const found: number[] = [];
    const missing: string[] = [];
    const seen = new Set<number>();
    for (const name of names) {
      let i = keyIndex().get(name);
      if (i === undefined) {
        byId ??= new Map(cols.ids.map((id, j) => [id, j]));
        i = byId.get(name);
      }
      if (i === undefined) missing.push(name);
      else if (!seen.has(i)) {
        seen.add(i);
        found.push(i);
      }
    }
    const runs = (await rowsAt(found)).filter((r): r is RunRow => r !== undefined);
    return { runs, missing, experimentNames };
  }

  /** A run's parent and children (links for the run page) and its experiment's name. */
  async family(key: string): Promise<RunFamily> {
    const { cols, experimentNames, keyIndex } = await this.#load();
    return runFamily(cols, experimentNames, keyIndex().get(key) ?? -1);
  }

  /** Every param, tag and metric key with how many runs have it, most common first. */
  async catalog(): Promise<ColumnCatalog> {
    const { cols } = await this.#load();
    return columnCatalog(cols);
  }
}
