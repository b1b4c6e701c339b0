/**
 * The shapes of a results table (types only): what the person asks for, and the table the engine
 * answers with. Shared by the engine, the worker contract, the page's state and the exports.
 */
import type { MetricDirection } from '../model/metric-direction';

/** Which number of each run goes into a cell. */
export type RunValueChoice = 'final' | 'best' | 'min' | 'max';

/** What follows the mean in a cell: the sample standard deviation or a 95 % t-interval. */
export type CellSpread = 'std' | 'ci95';

/** A param or tag whose values name the rows (or the columns). */
export interface TableAxis {
  kind: 'param' | 'tag';
  key: string;
}

/** Columns: one per metric, or one per value of a param or tag for a single metric. */
export type TableColumns =
  { kind: 'metrics'; metrics: string[] } | { kind: 'values'; by: TableAxis; metric: string };

export interface ResultsTableSpec {
  rows: TableAxis;
  columns: TableColumns;
  value: RunValueChoice;
  spread: CellSpread;
  /** The row every other row is tested against (Welch's t-test), or null for no tests. */
  baseline: string | null;
  /**
   * The comparison's pinned run (its key): without a chosen row, the row that holds it is the
   * baseline, so the pinned run is the reference here as in the charts and the diff table.
   */
  baselineRun?: string | null;
  /** Directions the person chose; other metrics use the guess from their name. */
  directions: Record<string, MetricDirection>;
}

/** The rows and columns of a table, without the choices of values and marks. */
export type ResultsLayout = Pick<ResultsTableSpec, 'rows' | 'columns'>;

/** The worker request: the compared runs (keys) and the table wanted. */
export interface ResultsTableRequest {
  runKeys: string[];
  spec: ResultsTableSpec;
}

/** A cell's test against the baseline row's cell in the same column. */
export interface BaselineTest {
  /** Two-sided p of Welch's t-test. */
  p: number;
  /** p < SIGNIFICANCE_LEVEL. */
  significant: boolean;
  /** The cell's mean is better than the baseline's, by the metric's direction. */
  better: boolean;
}

export interface ResultsCell {
  /** Runs with a finite value in the cell. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN when n < 2. */
  std: number;
  /** Half-width of the 95 % t-interval, t(0.975, n − 1) · std / √n; NaN when n < 2. */
  ci95: number;
  /** The best mean of its column (ties all marked), by the metric's direction. */
  best: boolean;
  /** Null on the baseline row, without a baseline, or when either side has fewer than 2 runs. */
  test: BaselineTest | null;
}

export interface ResultsColumn {
  label: string;
  metric: string;
  direction: MetricDirection;
}

export interface ResultsTable {
  /** What the rows are named by, e.g. "model" (the key of the row axis). */
  rowHeader: string;
  /** What the columns are, e.g. "dataset", or null when they are metrics. */
  columnHeader: string | null;
  rows: string[];
  columns: ResultsColumn[];
  /** cells[row][column]. */
  cells: ResultsCell[][];
  value: RunValueChoice;
  spread: CellSpread;
  /** The baseline row when it is one of the rows, else null. */
  baseline: string | null;
  /** Why that row: chosen in the table, or the pinned run's row. */
  baselineFrom: 'row' | 'pinned' | null;
  /** Runs that fell in some cell. */
  runCount: number;
  /** Params that still vary inside some cell besides the seed: pooled over, worth a look. */
  pooledParams: string[];
}

/** The significance level of the baseline tests. */
export const SIGNIFICANCE_LEVEL = 0.05;

/**
 * A param groups runs into a table's rows or columns when it has at most this many values: a
 * sweep's learning rates drawn at random have a value per run, and as rows and columns of 10,000
 * runs they made a table of millions of cells whose page crashed the tab (bench scenario 8).
 */
export const MAX_GROUPS = 50;
