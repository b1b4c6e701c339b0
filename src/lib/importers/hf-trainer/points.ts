/**
 * Metric points gathered from several records of one run (log_history entries, results files),
 * where the same value is often written twice: `epoch` in the train and the eval entry of one
 * step, `train_runtime` in the final entry and in train_results.json. A point whose step and
 * value a series already holds is not a new measurement and is kept once.
 */
import type { MetricSeries } from '../../model';
import { SeriesBuilder } from '../readers/series-builder';

export class DistinctPoints {
  readonly #series = new Map<string, SeriesBuilder>();
  readonly #seen = new Map<string, Set<string>>();

  /** Adds (step, value) to `key` unless the series already has that very point. */
  add(key: string, step: number, value: number): void {
    let seen = this.#seen.get(key);
    if (!seen) this.#seen.set(key, (seen = new Set()));
    const id = `${step}|${value}`;
    if (seen.has(id)) return;
    seen.add(id);
    let series = this.#series.get(key);
    if (!series) this.#series.set(key, (series = new SeriesBuilder(key)));
    series.push(step, value, NaN);
  }

  get points(): number {
    let n = 0;
    for (const s of this.#series.values()) n += s.length;
    return n;
  }

  finish(): MetricSeries[] {
    return [...this.#series.values()].map((s) => s.finish());
  }
}
