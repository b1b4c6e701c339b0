/**
 * One metric's points as they are read: three growable typed arrays, so millions of scalar
 * events cost a few reallocations rather than an object each.
 */
import type { MetricSeries } from '../../model';

const FIRST_CAPACITY = 64;

export class SeriesBuilder {
  readonly key: string;
  steps = new Float64Array(FIRST_CAPACITY);
  values = new Float64Array(FIRST_CAPACITY);
  timestamps = new Float64Array(FIRST_CAPACITY);
  length = 0;

  constructor(key: string) {
    this.key = key;
  }

  push(step: number, value: number, timestamp: number): void {
    if (this.length === this.values.length) this.#grow();
    const i = this.length++;
    this.steps[i] = step;
    this.values[i] = value;
    this.timestamps[i] = timestamp;
  }

  #grow(): void {
    const size = this.values.length * 2;
    const grown = (old: Float64Array) => {
      const next = new Float64Array(size);
      next.set(old);
      return next;
    };
    this.steps = grown(this.steps);
    this.values = grown(this.values);
    this.timestamps = grown(this.timestamps);
  }

  /** The points as a MetricSeries (copies trimmed to the length, so the arrays own no slack). */
  finish(): MetricSeries {
    const n = this.length;
    return {
      key: this.key,
      steps: this.steps.slice(0, n),
      values: this.values.slice(0, n),
      timestamps: this.timestamps.slice(0, n)
    };
  }
}
