/**
 * A run's metric history as a drawable line for a chosen x axis: x ascending, finite values only.
 * What cannot be drawn is counted, never silently lost: NaN and infinite values, points without a
 * timestamp on a time axis, and points whose step has no value of the x metric.
 */
import type { MetricSeries } from '../model';
import type { SeriesLine } from '../stats/summary-choice';
import type { DrawnXAxis } from './compare-types';

export interface RunLine extends SeriesLine {
  /** Points of the history that the line leaves out (see the module comment). */
  notDrawn: number;
}

/** Orders points by x (then by their original position) and keeps the drawable ones. */
function orderedLine(xs: Float64Array, ys: Float64Array, keep: (i: number) => boolean): RunLine {
  const n = ys.length;
  let kept = 0;
  const index = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    if (!keep(i) || !Number.isFinite(ys[i]!) || !Number.isFinite(xs[i]!)) continue;
    if (kept > 0 && xs[i]! < xs[index[kept - 1]!]!) sorted = false;
    index[kept++] = i;
  }
  const order = index.subarray(0, kept);
  // A stable sort: points logged twice at one step keep their logging order.
  if (!sorted) order.sort((a, b) => xs[a]! - xs[b]! || a - b);
  const x = new Float64Array(kept);
  const y = new Float64Array(kept);
  for (let k = 0; k < kept; k++) {
    x[k] = xs[order[k]!]!;
    y[k] = ys[order[k]!]!;
  }
  return { x, y, notDrawn: n - kept };
}

/**
 * The line of `series` against `xAxis`. For a metric x axis, `xSeries` is that metric's history
 * in the same run: each point takes the x metric's value logged at the same step (the last one
 * when it was logged several times there). `order` numbers the points as they were logged.
 */
export function runLine(series: MetricSeries, xAxis: DrawnXAxis, xSeries?: MetricSeries): RunLine {
  const { steps, values, timestamps } = series;
  switch (xAxis.kind) {
    case 'step':
      return orderedLine(steps, values, () => true);
    case 'wall': {
      const seconds = timestamps.map((t) => t / 1000);
      return orderedLine(seconds, values, () => true);
    }
    case 'relative': {
      let first = Infinity;
      for (const t of timestamps) if (Number.isFinite(t) && t < first) first = t;
      const seconds = timestamps.map((t) => (t - first) / 1000);
      return orderedLine(seconds, values, () => true);
    }
    case 'order':
      return orderedLine(
        steps.map((_, i) => i),
        values,
        () => true
      );
    case 'metric': {
      const byStep = new Map<number, number>();
      if (xSeries) {
        for (let i = 0; i < xSeries.steps.length; i++) {
          byStep.set(xSeries.steps[i]!, xSeries.values[i]!);
        }
      }
      const xs = new Float64Array(steps.length);
      for (let i = 0; i < steps.length; i++) xs[i] = byStep.get(steps[i]!) ?? NaN;
      return orderedLine(xs, values, () => true);
    }
  }
}
