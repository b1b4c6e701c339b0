/**
 * The compared runs' histories and what is derived from them, kept in the worker between
 * requests (within a memory budget): a zoom, a smoothing change or a grouping redraws from
 * memory instead of reading IndexedDB again. Cleared when the store changes.
 */
import type { RunRow } from '../db/rows';
import type { MetricSeries } from '../model';
import { smoothSeries, type Smoothing } from '../stats/smoothing';
import type { CompareSource } from './compare-service';
import type { DrawnXAxis } from './compare-types';
import { runLine, type RunLine } from './run-lines';

/** Histories kept in memory, in points (24 bytes each as steps, values and timestamps). */
const CACHE_POINTS = 12_000_000;

function xAxisKey(x: DrawnXAxis): string {
  return x.kind === 'metric' ? `metric\u0000${x.key}` : x.kind;
}

/** The key of a run's line of a metric against an x axis. */
export function lineKeyOf(run: RunRow, metric: string, xAxis: DrawnXAxis): string {
  return `${run.key}\u0000${metric}\u0000${xAxisKey(xAxis)}`;
}

export class LineCache {
  #source: Pick<CompareSource, 'readSeries' | 'readSeriesOfRuns'>;
  #series = new Map<string, Promise<MetricSeries>>();
  #cachedPoints = 0;
  #lines = new Map<string, RunLine>();
  #smoothed = new Map<string, Float64Array>();
  /** Raw envelopes per line and grid (see FrameRun.envelopes), a few grids per line. */
  #envelopes = new Map<string, Map<string, Float64Array>>();

  constructor(source: Pick<CompareSource, 'readSeries' | 'readSeriesOfRuns'>) {
    this.#source = source;
  }

  clear(): void {
    this.#series.clear();
    this.#lines.clear();
    this.#smoothed.clear();
    this.#envelopes.clear();
    this.#cachedPoints = 0;
  }

  #readSeries(run: RunRow, metric: string): Promise<MetricSeries> {
    const key = `${run.key}\u0000${metric}`;
    let pending = this.#series.get(key);
    if (!pending) {
      const count = run.metrics.get(metric)?.count ?? 0;
      if (this.#cachedPoints + count > CACHE_POINTS) this.clear();
      this.#cachedPoints += count;
      pending = this.#source.readSeries(run.key, metric);
      this.#series.set(key, pending);
    }
    return pending;
  }

  /** Reads the histories not yet cached of a metric for many runs, in one go. */
  prefetch(runs: readonly RunRow[], metric: string): void {
    const missing = runs.filter(
      (r) => r.metrics.has(metric) && !this.#series.has(`${r.key}\u0000${metric}`)
    );
    if (missing.length < 2) return;
    const all = this.#source.readSeriesOfRuns(
      missing.map((r) => r.key),
      metric
    );
    missing.forEach((run, i) => {
      this.#cachedPoints += run.metrics.get(metric)?.count ?? 0;
      this.#series.set(
        `${run.key}\u0000${metric}`,
        all.then((series) => series[i]!)
      );
    });
  }

  /** A run's line of a metric against an x axis, or null when the run lacks the metric. */
  async line(run: RunRow, metric: string, xAxis: DrawnXAxis): Promise<RunLine | null> {
    if (!run.metrics.has(metric)) return null;
    const key = lineKeyOf(run, metric, xAxis);
    let line = this.#lines.get(key);
    if (!line) {
      const series = await this.#readSeries(run, metric);
      const xSeries =
        xAxis.kind === 'metric' && run.metrics.has(xAxis.key)
          ? await this.#readSeries(run, xAxis.key)
          : undefined;
      line = runLine(series, xAxis, xSeries);
      this.#lines.set(key, line);
    }
    return line;
  }

  smooth(lineKey: string, line: RunLine, smoothing: Smoothing): Float64Array {
    const key = `${lineKey}\u0000${JSON.stringify(smoothing)}`;
    let smoothed = this.#smoothed.get(key);
    if (!smoothed) {
      smoothed = smoothSeries(line.x, line.y, smoothing);
      this.#smoothed.set(key, smoothed);
    }
    return smoothed;
  }

  /** The envelopes already computed for a line, by grid (at most a few grids are kept). */
  envelopes(lineKey: string): Map<string, Float64Array> {
    let envelopes = this.#envelopes.get(lineKey);
    if (!envelopes || envelopes.size > 8) this.#envelopes.set(lineKey, (envelopes = new Map()));
    return envelopes;
  }
}
