/**
 * Shapes a stored history for a line chart: ordered by step (then time), with values that
 * cannot be drawn (NaN, ±Infinity) left out and counted, so the chart can say so.
 */
import type { MetricSeries } from '../model';

export interface ChartSeries {
  metric: string;
  /** Steps in ascending order. */
  x: Float64Array;
  y: Float64Array;
  /** Every recorded point, drawable or not. */
  points: number;
  /** NaN and infinite values: recorded, not drawable on a linear axis. */
  notDrawn: number;
  /** Steps of the smallest and largest drawable values (the first, on ties), or NaN. */
  minStep: number;
  maxStep: number;
}

/** Orders a series by (step, timestamp) and drops the non-finite values. */
export function toChartSeries(series: MetricSeries): ChartSeries {
  const { steps, values, timestamps } = series;
  const n = values.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && steps[i]! < steps[i - 1]!) sorted = false;
  }
  if (!sorted) {
    order.sort((a, b) => steps[a]! - steps[b]! || (timestamps[a]! || 0) - (timestamps[b]! || 0));
  }
  let finite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) finite++;
  const x = new Float64Array(finite);
  const y = new Float64Array(finite);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    x[at] = steps[i]!;
    y[at] = v;
    at++;
  }
  let minAt = -1;
  let maxAt = -1;
  for (let i = 0; i < finite; i++) {
    if (minAt < 0 || y[i]! < y[minAt]!) minAt = i;
    if (maxAt < 0 || y[i]! > y[maxAt]!) maxAt = i;
  }
  return {
    metric: series.key,
    x,
    y,
    points: n,
    notDrawn: n - finite,
    minStep: minAt < 0 ? NaN : x[minAt]!,
    maxStep: maxAt < 0 ? NaN : x[maxAt]!
  };
}
