/**
 * The explorer's message shapes between the page and the worker (types only).
 */
import type { RunStatus } from '../model';
import type { ViewColumns } from './view-columns';

/** A column of the runs table (the same reference the query module sorts by). */
export type { ColumnRef } from '../query';
import type { ColumnRef, SortAttribute } from '../query';

export type AttributeKey = SortAttribute;

export type MetricSummaryKind = Extract<ColumnRef, { kind: 'metric' }>['summary'];

export interface SortSpec {
  column: ColumnRef;
  direction: 'asc' | 'desc';
}

export interface ExplorerRequest {
  query: string;
  quickSearch: string;
  showDeleted: boolean;
  /** Experiment keys to show; null for all. */
  experiments: string[] | null;
  sort: SortSpec[];
  tree: boolean;
  /** Collapse every run that has children (then `toggled` lists the ones expanded). */
  collapseAll: boolean;
  /** Run keys whose expanded state differs from `collapseAll`. */
  toggled: string[];
  /** Whether to choose default columns from the runs in view (no explicit column choice). */
  defaultColumns?: boolean;
  /** An import whose runs the page wants to find in the view (just imported), or null. */
  focusImport?: string | null;
}

export interface QueryProblem {
  message: string;
  /** 0-based character offset in the query, and how many characters are wrong. */
  position: number;
  length: number;
}

export interface ExplorerView {
  /** Bumps on every computed view; row windows name the view they belong to. */
  generation: number;
  /** Runs that match (ancestors shown for context are not counted). */
  matching: number;
  /** Rows the table shows (matches plus context ancestors, minus collapsed subtrees). */
  shown: number;
  /** Every run in the library, deleted included. */
  total: number;
  error: QueryProblem | null;
  /** Why nothing matched, when nothing did: names and values no run has, hidden matches. */
  empty: QueryProblem[];
  /** Default columns for the runs in view, when asked for and some run matches. */
  columns: ViewColumns | null;
  /** Whether the matching runs come from more than one tool (each row then names its tool). */
  severalTools: boolean;
  /** Where the runs of `request.focusImport` are in this view. */
  focus: ImportFocus | null;
  /** The filter compares figures some runs hold only from a server's sampled overview. */
  sampled: SampledFilterNote | null;
}

/** A filter's figures (`min(metrics.loss)`) that runs in scope hold only approximately. */
export interface SampledFilterNote {
  /** The figures as written in the filter language. */
  fields: string[];
  /** Runs in scope holding at least one of them from a sampled overview or latest value. */
  runs: number;
}

/** The runs of one import in a view. */
export interface ImportFocus {
  importId: string;
  /** Its runs in the library (deleted ones only when they are shown). */
  runs: number;
  /** How many of them the view shows. */
  shown: number;
  /** Display position of the first one, or -1. */
  first: number;
}

/** One displayed row, with the cells of the requested columns. */
export interface RowView {
  /** Position in the displayed list. */
  position: number;
  key: string;
  id: string;
  name: string | null;
  experimentKey: string;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  deleted: boolean;
  /** The importer id that read the run, and the tool that wrote it ("MLflow"). */
  sourceFormat: string;
  tool: string;
  importId: string;
  depth: number;
  /** Shown only as the ancestor of a matching run. */
  context: boolean;
  childCount: number;
  collapsed: boolean;
  cells: (string | number | null)[];
  /**
   * Cells (by column) whose min, max, mean or count are of a server's sampled overview or latest
   * value, not of every point (run-columns.ts's `partial`); absent when none is.
   */
  partialCells?: boolean[];
}

export interface ColumnCatalog {
  params: { key: string; runs: number }[];
  tags: { key: string; runs: number }[];
  metrics: { key: string; runs: number }[];
  /** Filters written with this library's names and values; each matches some run. */
  examples: string[];
}

/** An experiment as the experiments panel lists it. */
export interface ExperimentSummary {
  key: string;
  id: string;
  name: string;
  importId: string;
  sourceFormat: string;
  deleted: boolean;
  runs: number;
  deletedRuns: number;
}

export interface ImportSummary {
  id: string;
  files: string[];
  formats: string[];
  importedAt: number;
  runCount: number;
  pointCount: number;
}

/** What the page keeps of the library: small, whatever the number of runs. */
export interface LibrarySummary {
  experiments: ExperimentSummary[];
  imports: ImportSummary[];
  runs: number;
  deletedRuns: number;
}

export interface RunLink {
  key: string;
  id: string;
  name: string | null;
}

export interface RunFamily {
  parent: RunLink | null;
  children: RunLink[];
  experimentName: string | null;
}
