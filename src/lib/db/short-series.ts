/**
 * A run row's short histories, read back: those kept in the row itself (`inlineSeries`), and a
 * server run's latest point as listed, which only its summary holds (`latest` with `lastTime`).
 * 10,000 runs of 20 metrics listed from a server would otherwise store 200,000 one-point
 * histories beside the 200,000 summaries that say the same, and write and read them back
 * (bench scenario 16).
 */
import type { MetricSeries, MetricSummary } from '../model';
import type { RunRow } from './rows';

/** Whether a summary holds its metric's latest point, time included (a listed server run's). */
function holdsLatestPoint(summary: MetricSummary | undefined): summary is MetricSummary & {
  lastTime: number;
} {
  return !!summary?.latest && summary.lastTime !== undefined;
}

/** The history of `metric` that `row` holds itself, if any (else it is in chunk rows). */
export function shortSeries(row: RunRow, metric: string): MetricSeries | undefined {
  const inline = row.inlineSeries?.get(metric);
  if (inline) {
    return {
      key: metric,
      steps: Float64Array.from(inline.steps),
      values: Float64Array.from(inline.values),
      timestamps: Float64Array.from(inline.timestamps)
    };
  }
  const summary = row.metrics.get(metric);
  if (holdsLatestPoint(summary)) {
    return {
      key: metric,
      steps: Float64Array.of(summary.lastStep),
      values: Float64Array.of(summary.last),
      timestamps: Float64Array.of(summary.lastTime)
    };
  }
  return undefined;
}

/** How many points `row` holds itself (its short histories). */
export function shortSeriesPoints(row: RunRow): number {
  let points = 0;
  for (const s of row.inlineSeries?.values() ?? []) points += s.values.length;
  for (const [metric, summary] of row.metrics)
    if (holdsLatestPoint(summary) && !row.inlineSeries?.has(metric)) points += 1;
  return points;
}
