/**
 * Shapes a stored history for a line chart: ordered by step (then time), with values that
 * cannot be drawn on an axis (NaN, ±Infinity) left out of the line, counted by kind and kept as
 * marks at their steps, so the chart can break the line there, mark them and say so.
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
  /** The steps of those values, in step order, and what each was (a MARK_* code). */
  marks: { x: Float64Array; kind: Uint8Array };
  /** How many of them were NaN, +Infinity and -Infinity. */
  nan: number;
  posInf: number;
  negInf: number;
  /** Steps of the smallest and largest drawable values (the first, on ties), or NaN. */
  minStep: number;
  maxStep: number;
  /** The points are a tracking server's sampled overview (MetricSummary.sampled), not every one. */
  sampled?: boolean;
}

export const MARK_NAN = 0;
export const MARK_POS_INF = 1;
export const MARK_NEG_INF = 2;

/** Orders a series by (step, timestamp); the non-finite values become marks, not points. */
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
  const marks = { x: new Float64Array(n - finite), kind: new Uint8Array(n - finite) };
  const counts = [0, 0, 0];
  let at = 0;
  let markAt = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      const kind = Number.isNaN(v) ? MARK_NAN : v > 0 ? MARK_POS_INF : MARK_NEG_INF;
      marks.x[markAt] = steps[i]!;
      marks.kind[markAt++] = kind;
      counts[kind]! += 1;
      continue;
    }
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
    marks,
    nan: counts[MARK_NAN]!,
    posInf: counts[MARK_POS_INF]!,
    negInf: counts[MARK_NEG_INF]!,
    minStep: minAt < 0 ? NaN : x[minAt]!,
    maxStep: maxAt < 0 ? NaN : x[maxAt]!
  };
}
