/**
 * The table behind the hyperparameter views (parallel coordinates, scatter, scatter matrix):
 * one value per run per axis, built in the worker from params and metric summaries.
 */

export interface HyperAxis {
  /** Stable id: `param:<key>` or `metric:<key>`. */
  id: string;
  /** Where the values come from: a param, or a metric's summary per run. */
  source: 'param' | 'metric';
  /** The param or metric key. */
  key: string;
  /** The key, with the summary for a metric other than its last value: `val/loss (best)`. */
  name: string;
  /** The name with its source marked, for plain-text places: `param · lr`, `metric · lr`. */
  label: string;
  kind: 'numeric' | 'categorical';
  /**
   * One entry per run. Numeric axes: the value (NaN when the run lacks it). Categorical axes:
   * the index into `categories` (NaN when the run lacks it).
   */
  values: Float64Array;
  /** Categorical axes only: the labels, in axis order. Empty for numeric axes. */
  categories: string[];
  /** Numeric axes whose values are all positive and span two decades or more. */
  logSuggested: boolean;
}

export interface HyperTable {
  runKeys: string[];
  runNames: string[];
  /** CSS colour per run (the run's stable colour). */
  colors: string[];
  axes: HyperAxis[];
}

/** A brush on one axis: a value range (numeric) or the kept categories (categorical). */
export type AxisBrush =
  | { axis: string; kind: 'range'; lo: number; hi: number }
  | { axis: string; kind: 'categories'; keep: number[] };
