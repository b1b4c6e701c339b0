/**
 * Shrinks a metric history to what a shared chart needs: per column of the step range, the first,
 * lowest, highest and last point (M4), in step order. Spikes and dips survive; the exact summary
 * (last, min, max, count) travels beside the points, so nothing claims to be the full history.
 */
import type { MetricSeries } from '../model';

/** Indices of the points kept, in step order (NaN and infinite values are kept where they fall). */
export function m4Indices(series: MetricSeries, columns: number): Uint32Array {
  const { steps, values } = series;
  const n = steps.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < n; i++) if (steps[i]! < steps[i - 1]!) sorted = false;
  if (!sorted) order.sort((a, b) => steps[a]! - steps[b]! || a - b);
  if (n <= columns * 4) return order;
  const first = steps[order[0]!]!;
  const span = steps[order[n - 1]!]! - first || 1;
  const kept: number[] = [];
  let column = -1;
  let firstAt = -1;
  let minAt = -1;
  let maxAt = -1;
  let lastAt = -1;
  const flush = () => {
    if (firstAt < 0) return;
    const picked = [...new Set([firstAt, minAt, maxAt, lastAt])].filter((k) => k >= 0);
    picked.sort((a, b) => a - b);
    for (const k of picked) kept.push(order[k]!);
  };
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const c = Math.min(columns - 1, Math.floor(((steps[i]! - first) / span) * columns));
    if (c !== column) {
      flush();
      column = c;
      firstAt = k;
      minAt = -1;
      maxAt = -1;
    }
    const v = values[i]!;
    if (Number.isFinite(v)) {
      if (minAt < 0 || v < values[order[minAt]!]!) minAt = k;
      if (maxAt < 0 || v > values[order[maxAt]!]!) maxAt = k;
    }
    lastAt = k;
  }
  flush();
  return Uint32Array.from(kept);
}

/** The points of a series at the given indices. */
export function pickPoints(series: MetricSeries, indices: Uint32Array): MetricSeries {
  const pick = (a: Float64Array) => Float64Array.from(indices, (i) => a[i]!);
  return {
    key: series.key,
    steps: pick(series.steps),
    values: pick(series.values),
    timestamps: pick(series.timestamps)
  };
}
