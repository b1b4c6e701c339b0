/**
 * The comparison page's results table (results-table/): the person's choices (rows, columns,
 * which value per run, std or 95 % interval, baseline row, decimals), the table the worker
 * computed for them, and its LaTeX, Markdown and CSV text. The table is computed in the worker,
 * which holds the runs; the exports are written here from the table, a few cells at most.
 */
import { NewestWins } from '../async/newest-wins';
import type { MetricDirection } from '../model/metric-direction';
import { resultsTableCsv } from '../results-table/csv';
import { DEFAULT_DECIMALS } from '../results-table/format';
import { resultsTableLatex } from '../results-table/latex';
import { resultsTableMarkdown } from '../results-table/markdown';
import {
  MAX_GROUPS,
  type CellSpread,
  type ResultsTable,
  type ResultsTableSpec,
  type RunValueChoice,
  type TableAxis,
  type TableColumns
} from '../results-table/types';
import { runlensWorker } from '../worker/client';
import { afterFirstChart } from './charts-first';
import { serverHistories } from './server-histories.svelte';

/** The keys the compared runs have, to check a layout against. */
export interface AvailableKeys {
  paramKeys: readonly string[];
  tagKeys: readonly string[];
  metricKeys: readonly string[];
}

function axisExists(axis: TableAxis, keys: AvailableKeys): boolean {
  return (axis.kind === 'param' ? keys.paramKeys : keys.tagKeys).includes(axis.key);
}

export type BaselineChoice = { kind: 'pinned' } | { kind: 'none' } | { kind: 'row'; row: string };

class ResultsTableState {
  #rows = $state.raw<TableAxis | null>(null);
  #columns = $state.raw<TableColumns | null>(null);
  #value = $state<RunValueChoice>('final');
  #spread = $state<CellSpread>('std');
  /** The baseline row: the pinned run's (the default), none, or a row the person chose. */
  #baseline = $state<BaselineChoice>({ kind: 'pinned' });
  #decimals = $state(DEFAULT_DECIMALS);
  #table = $state.raw<ResultsTable | null>(null);
  /** The runs the layout was suggested for: a new comparison gets a new suggestion. */
  #layoutFor: string | null = null;
  #requests = new NewestWins();
  #layoutRequests = new NewestWins();

  get rows() {
    return this.#rows;
  }
  set rows(axis: TableAxis | null) {
    this.#rows = axis;
    this.#baseline = { kind: 'pinned' };
  }
  get columns() {
    return this.#columns;
  }
  set columns(columns: TableColumns | null) {
    this.#columns = columns;
  }
  get value() {
    return this.#value;
  }
  set value(choice: RunValueChoice) {
    this.#value = choice;
  }
  get spread() {
    return this.#spread;
  }
  set spread(spread: CellSpread) {
    this.#spread = spread;
  }
  get baseline() {
    return this.#baseline;
  }
  set baseline(choice: BaselineChoice) {
    this.#baseline = choice;
  }
  get decimals() {
    return this.#decimals;
  }
  set decimals(places: number) {
    // A number input gives NaN while it is being typed in.
    if (Number.isFinite(places)) this.#decimals = Math.min(8, Math.max(0, Math.round(places)));
  }
  get table() {
    return this.#table;
  }

  latex = $derived(this.#table ? resultsTableLatex(this.#table, this.#decimals) : '');
  markdown = $derived(this.#table ? resultsTableMarkdown(this.#table, this.#decimals) : '');
  csv = $derived(this.#table ? resultsTableCsv(this.#table) : '');

  /**
   * Keeps the layout when these runs have its keys, else asks the worker for a first one (rows
   * by the param with most values, columns by the next, for the target metric).
   */
  fitLayout(runKeys: readonly string[], target: string | null, keys: AvailableKeys): void {
    const signature = runKeys.join('\u0000');
    const rows = this.#rows;
    const columns = this.#columns;
    const fits =
      rows !== null &&
      columns !== null &&
      axisExists(rows, keys) &&
      (columns.kind === 'metrics'
        ? columns.metrics.some((m) => keys.metricKeys.includes(m))
        : axisExists(columns.by, keys) && keys.metricKeys.includes(columns.metric));
    if (fits || this.#layoutFor === signature) return;
    this.#layoutFor = signature;
    const isNewest = this.#layoutRequests.ticket();
    void afterFirstChart()
      .then(() => runlensWorker().compareResultsLayout({ runKeys: [...runKeys], target }))
      .then((layout) => {
        if (!isNewest()) return;
        // Without a suggestion, the first param, while a row per run is still a table to read
        // (a first param of 10,000 values made millions of cells and crashed the tab).
        const fallbackRows = runKeys.length <= MAX_GROUPS ? (keys.paramKeys[0] ?? null) : null;
        this.#rows = layout?.rows ?? (fallbackRows ? { kind: 'param', key: fallbackRows } : null);
        this.#columns = layout?.columns ?? {
          kind: 'metrics',
          metrics: target ? [target] : keys.metricKeys.slice(0, 3)
        };
        this.#baseline = { kind: 'pinned' };
      });
  }

  /** Asks the worker for the table of the current choices (the newest answer wins). */
  load(
    runKeys: readonly string[],
    directions: Record<string, MetricDirection>,
    pinnedRun: string | null
  ): void {
    const rows = this.#rows;
    const columns = this.#columns;
    const isNewest = this.#requests.ticket();
    if (rows === null || columns === null) {
      this.#table = null;
      return;
    }
    const spec: ResultsTableSpec = {
      rows: { ...rows },
      columns:
        columns.kind === 'metrics'
          ? { kind: 'metrics', metrics: [...columns.metrics] }
          : { kind: 'values', by: { ...columns.by }, metric: columns.metric },
      value: this.#value,
      spread: this.#spread,
      baseline: this.#baseline.kind === 'row' ? this.#baseline.row : null,
      baselineRun: this.#baseline.kind === 'pinned' ? pinnedRun : null,
      directions: { ...directions }
    };
    const keys = [...runKeys];
    const metrics = spec.columns.kind === 'metrics' ? spec.columns.metrics : [spec.columns.metric];
    void afterFirstChart()
      .then(() => serverHistories.forSummary(keys, metrics, spec.value !== 'final'))
      .then(() => runlensWorker().compareResultsTable({ runKeys: keys, spec }))
      .then((table) => {
        if (isNewest()) this.#table = table;
      });
  }
}

export const resultsTable = new ResultsTableState();
