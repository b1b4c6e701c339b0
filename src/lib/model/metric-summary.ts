import type { MetricSeries } from './types';

/** The per-metric figures kept on every run row, so tables never touch the histories. */
export interface MetricSummary {
  /** Every recorded value, duplicates included. */
  count: number;
  /** Value of the record with the largest (step, timestamp, value): MLflow's "latest" rule. */
  last: number;
  lastStep: number;
  /** NaN is ignored; both are NaN when every value is NaN (or there are none). */
  min: number;
  max: number;
  /** Mean of the values that are not NaN (NaN when none); ±Infinity values make it infinite. */
  mean: number;
  firstStep: number;
  /**
   * The history stored is a server's sampled overview (MetricSeries.completeness): count, min,
   * max and mean are of the sampled points only; last and lastStep are exact (the last point is
   * always sampled). Absent when every point is stored.
   */
  sampled?: true;
  /**
   * Only the latest point is stored (a server run as listed, MetricSeries.completeness
   * `latest`): the overview is fetched when the metric is charted. `sampled` is set too, so
   * whatever completes a sampled series (zoom, export, a run's page) completes this one.
   */
  latest?: true;
  /**
   * With `latest`: that point's timestamp (ms). The one point is then read back from the summary
   * (db/short-series.ts) instead of being stored a second time beside it.
   */
  lastTime?: number;
}

/** Is record a later than record b under MLflow's (step, timestamp, value) ordering? */
function isLater(
  stepA: number,
  tsA: number,
  valA: number,
  stepB: number,
  tsB: number,
  valB: number
) {
  if (stepA !== stepB) return stepA > stepB;
  // A missing timestamp (NaN) sorts before any real one.
  const ta = Number.isNaN(tsA) ? -Infinity : tsA;
  const tb = Number.isNaN(tsB) ? -Infinity : tsB;
  if (ta !== tb) return ta > tb;
  // Python compares NaN as neither greater nor smaller. Rank it below every number, -Infinity
  // included: were it equal to -Infinity, a NaN and a -Infinity at one step and time would
  // depend on the order a reader returns them in, and MLflow's history has no fixed order.
  if (Number.isNaN(valA)) return false;
  if (Number.isNaN(valB)) return true;
  return valA > valB;
}

/** One pass over a series: count, last, min, max and the first and last step. */
export function summarizeSeries(series: MetricSeries): MetricSummary {
  const { steps, values, timestamps } = series;
  const n = values.length;
  let min = NaN;
  let max = NaN;
  let lastIndex = -1;
  let firstStep = NaN;
  let sum = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const s = steps[i]!;
    if (!(s >= firstStep)) firstStep = s;
    if (!Number.isNaN(v)) {
      if (!(v >= min)) min = v;
      if (!(v <= max)) max = v;
      sum += v;
      counted++;
    }
    if (
      lastIndex < 0 ||
      isLater(s, timestamps[i]!, v, steps[lastIndex]!, timestamps[lastIndex]!, values[lastIndex]!)
    ) {
      lastIndex = i;
    }
  }
  return {
    count: n,
    last: lastIndex < 0 ? NaN : values[lastIndex]!,
    lastStep: lastIndex < 0 ? NaN : steps[lastIndex]!,
    min,
    max,
    mean: counted > 0 ? sum / counted : NaN,
    firstStep
  };
}

/**
 * The value a series recorded at exactly `step` (NaN when it has none). When a step was logged
 * more than once, the latest record wins, by timestamp and then value: MLflow's rule.
 */
export function valueAtStep(
  series: { steps: ArrayLike<number>; values: ArrayLike<number>; timestamps: ArrayLike<number> },
  step: number
): number {
  let best = -1;
  for (let i = 0; i < series.values.length; i++) {
    if (series.steps[i] !== step) continue;
    if (
      best < 0 ||
      isLater(
        step,
        series.timestamps[i]!,
        series.values[i]!,
        step,
        series.timestamps[best]!,
        series.values[best]!
      )
    ) {
      best = i;
    }
  }
  return best < 0 ? NaN : series.values[best]!;
}
