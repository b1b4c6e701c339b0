/**
 * The comparison's message shapes between the page and the worker (types only). The page asks
 * for results already sized for the screen: a chart frame has at most a few points per pixel
 * column per line, whatever the histories hold.
 */
import type { ColumnRef } from '../query';
import type { MetricDirection } from '../model/metric-direction';
import type { Smoothing } from '../stats/smoothing';
import type { GroupBand, GroupCenter } from '../stats/group-series';
import type { RunSummaryKind } from '../stats/summary-choice';
import type { RunStatus } from '../model';
import type { WelchResult } from '../stats/welch';
import type { BootstrapResult } from '../stats/bootstrap';
import type { AliasGroup } from './metric-aliases';

/** What the x axis of a metric chart measures. */
export type XAxis =
  | { kind: 'step' }
  /** Wall-clock time of each point, in seconds since the epoch (uPlot's time scale). */
  | { kind: 'wall' }
  /** Seconds since the run's first point. */
  | { kind: 'relative' }
  /** Another metric's value recorded at the same step (e.g. tokens seen, epoch). */
  | { kind: 'metric'; key: string };

/**
 * The x a chart draws: the axis asked for, or another one when nearly every point shares one x
 * (see x-fallback.ts); `order` is each point's position in its run's log, when nothing else
 * separates the points.
 */
export type DrawnXAxis = XAxis | { kind: 'order' };

/** Group runs by the value of a param or tag. */
export type GroupBy = Extract<ColumnRef, { kind: 'param' | 'tag' }>;

export interface GroupSettings {
  by: GroupBy;
  center: GroupCenter;
  band: GroupBand;
}

export interface ChartRequest {
  /** Runs to draw, in legend order. */
  runKeys: string[];
  metric: string;
  xAxis: XAxis;
  logX: boolean;
  logY: boolean;
  smoothing: Smoothing;
  /** The zoomed x range, or null for everything. */
  xRange: [number, number] | null;
  /** The plot's width in CSS pixels: one envelope column each. */
  columns: number;
  group: GroupSettings | null;
  /**
   * Scale y to the 5th–95th percentile (the "ignore outliers" setting); otherwise only values
   * far outside the rest are left out of the range (see y-range.ts).
   */
  ignoreOutliers: boolean;
  /** Fit every value: the person asked for this chart's full y range (no clipping). */
  fullY?: boolean;
  /** Names of the lines (label-template.ts); blank or absent: run names. */
  labelTemplate?: string;
  /**
   * Bumped when the store changed under the page (a followed folder grew): a chart asks again
   * for the same request. The worker does not read it.
   */
  storeVersion?: number;
}

/** A y range that leaves points out, and what it leaves out. */
export interface YClip {
  range: [number, number];
  /** Points beyond the range, over all runs. */
  points: number;
  /** "y clipped: 3 points of sweep-1 beyond range". */
  note: string;
}

/** One drawn line: a run, or a group's centre with its band. */
export interface ChartLine {
  /** Run key, or `group:<value>`. */
  id: string;
  label: string;
  kind: 'run' | 'group';
  /** Values aligned to the frame's x; NaN where the line has no point (a gap). */
  raw: Float64Array;
  /** Smoothed values, or null when smoothing is off. */
  smoothed: Float64Array | null;
  /** Groups only: the band's bounds, and how many runs contribute at each x. */
  lo?: Float64Array;
  hi?: Float64Array;
  n?: Uint32Array;
  /** Groups only: the run keys in the group. */
  members?: string[];
  /**
   * Overlay panels (overlay-frame.ts): the run's own line id and name (the legend lists runs
   * once), the metric, and its dash.
   */
  source?: string;
  runLabel?: string;
  metric?: string;
  dash?: number[];
}

/** Typed arrays throughout: the worker transfers them instead of copying. */
export interface ChartFrame {
  metric: string;
  /** The x drawn: the one asked for, or a fallback when that one piles the points up. */
  xAxis: DrawnXAxis;
  /** Why x is not the one asked for ("every point is at step 0: drawn against …"), or null. */
  xNote: string | null;
  x: Float64Array;
  lines: ChartLine[];
  /** `exact`: every point at its own x; `envelope`: min and max per pixel column. */
  mode: 'exact' | 'envelope' | 'group';
  /** Points inside the x range, over all runs (drawable ones). */
  points: number;
  /** NaN or infinite values, and points without the x measure (no timestamp, no matching step). */
  notDrawn: number;
  /** Selected runs that never recorded the metric. */
  runsWithout: number;
  /** The full x extent of the data (the zoom-out range). */
  xExtent: [number, number] | null;
  /** The y range shown, leaving out the clipped values of `yClip`; null fits every value. */
  yRobust: [number, number] | null;
  /**
   * The range that leaves outliers out and what it leaves out, or null when nothing lies out:
   * applied as `yRobust` unless the request asked for the full range.
   */
  yClip: YClip | null;
  /** What the chart draws, in words: "all 12,000 points", "min/max envelope of …". */
  note: string;
  /**
   * Runs whose line is a tracking server's sampled overview, not every point (the note says
   * so): their full histories are fetched on zoom or when asked. Absent when every line is whole.
   */
  sampled?: { runKeys: string[]; metrics: string[] };
}

/** One run as the comparison's tables show it. */
export interface CompareRun {
  key: string;
  id: string;
  name: string | null;
  experimentName: string;
  status: RunStatus;
  startTime: number | null;
}

export interface CompareSet {
  runs: CompareRun[];
  /** Requested keys (or ids) that match no run in the library. */
  missing: string[];
  metricKeys: string[];
  /** How many of the runs recorded each metric, in metricKeys' order. */
  metricRunCounts: number[];
  /** Metric names these runs spell differently for one measure, offered as aliases. */
  aliasSuggestions: AliasGroup[];
  paramKeys: string[];
  tagKeys: string[];
}

/** Statistics of one metric across runs or groups, from one number per run. */
export interface MetricStatsRow {
  metric: string;
  /** Group value, or null for all runs. */
  group: string | null;
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
  bestRun: string | null;
  bestRunLabel: string | null;
  bestStep: number | null;
  bestValue: number;
}

export interface StatsRequest {
  runKeys: string[];
  metrics: string[];
  summary: RunSummaryKind;
  /** For `mean-last-k`. */
  k: number;
  directions: Record<string, MetricDirection>;
  groupBy: GroupBy | null;
}

export interface GroupTestRequest {
  runKeys: string[];
  metric: string;
  summary: RunSummaryKind;
  k: number;
  direction: MetricDirection;
  groupBy: GroupBy;
  groupA: string;
  groupB: string;
}

export interface GroupTestResult {
  metric: string;
  groupA: string;
  groupB: string;
  valuesA: number[];
  valuesB: number[];
  welch: WelchResult | null;
  bootstrapMean: BootstrapResult | null;
  bootstrapMedian: BootstrapResult | null;
}

export interface HyperRequest {
  runKeys: string[];
  /** Metric columns: one axis per metric, with this summary. */
  metrics: string[];
  summary: RunSummaryKind;
  k: number;
  directions: Record<string, MetricDirection>;
}

/** `metrics` are inputs besides the params (e.g. a logged schedule); `target` is explained. */
export interface ImportanceRequest extends HyperRequest {
  target: string;
}

/** A metric summary per run (for box plots), grouped. */
export interface GroupValues {
  label: string;
  runKeys: string[];
  values: Float64Array;
}

export interface DiffRequest {
  runKeys: string[];
  /** The run others are measured against, or null for none. */
  baseline: string | null;
  onlyDifferences: boolean;
  directions: Record<string, MetricDirection>;
}

/** One row of the diff table: a param, tag or metric across the compared runs. */
export interface DiffRow {
  section: 'param' | 'tag' | 'metric';
  key: string;
  /** Per run (in request order): the text of params and tags, the last value of metrics. */
  values: (string | number | null)[];
  differs: boolean;
  /** Metrics: the direction used, the indices of the best runs, and deltas to the baseline. */
  direction?: MetricDirection;
  best?: number[];
  deltas?: (number | null)[];
  percents?: (number | null)[];
}
