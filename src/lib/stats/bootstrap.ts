/**
 * Percentile-bootstrap confidence interval for statistic(A) − statistic(B). Unlike Welch's test it
 * assumes no distribution, so it also covers the median, at the cost of being rough for the handful
 * of runs per group experiments usually have (with n ≈ 5, percentile intervals tend to be too narrow).
 */
import { finiteValues, quantileSorted } from './describe';
import { seededRandom } from './random';

/** The statistic compared between the two groups. */
export type BootstrapStatistic = 'mean' | 'median';

/** A bootstrap interval for statistic(A) − statistic(B). */
export interface BootstrapResult {
  /** statistic(A) − statistic(B) on the original samples. */
  estimate: number;
  lo: number;
  hi: number;
  confidence: number;
  resamples: number;
}

/** Options for bootstrapDifferenceCi. */
export interface BootstrapOptions {
  /** Number of resamples; default 10 000. */
  resamples?: number;
  /** Two-sided coverage in (0, 1); default 0.95. */
  confidence?: number;
  /** PRNG seed; default DEFAULT_BOOTSTRAP_SEED, so the same data always gives the same interval. */
  seed?: number;
}

/** Seed used when none is given: an interval must not jitter each time a view re-renders. */
export const DEFAULT_BOOTSTRAP_SEED = 0x5eed;

/** Median of the first n entries of scratch, which it sorts in place. */
function medianInPlace(scratch: Float64Array, n: number): number {
  const part = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? part[mid]! : (part[mid - 1]! + part[mid]!) / 2;
}

/** The statistic of values (all finite), using scratch (at least as long) for the median. */
function statisticOf(values: Float64Array, statistic: BootstrapStatistic, scratch: Float64Array) {
  if (statistic === 'median') {
    scratch.set(values);
    return medianInPlace(scratch, values.length);
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** statistic of a resample with replacement of values, drawn with random. */
function resampledStatistic(
  values: Float64Array,
  statistic: BootstrapStatistic,
  random: () => number,
  scratch: Float64Array
): number {
  const n = values.length;
  if (statistic === 'mean') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)]!;
    return sum / n;
  }
  for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(random() * n)]!;
  return medianInPlace(scratch, n);
}

/**
 * Percentile-bootstrap CI for statistic(A) − statistic(B), resampling each group independently;
 * null when either side has fewer than 2 finite values. Deterministic for a given seed.
 */
export function bootstrapDifferenceCi(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  statistic: BootstrapStatistic,
  options: BootstrapOptions = {}
): BootstrapResult | null {
  const resamples = Math.floor(options.resamples ?? 10000);
  const confidence = options.confidence ?? 0.95;
  if (!(resamples >= 1)) throw new RangeError(`resamples must be at least 1, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  const valuesA = finiteValues(a);
  const valuesB = finiteValues(b);
  // One value cannot show any spread: every resample would equal it. Same rule as welchTTest.
  if (valuesA.length < 2 || valuesB.length < 2) return null;

  const random = seededRandom(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const scratch = new Float64Array(Math.max(valuesA.length, valuesB.length));
  const estimate =
    statisticOf(valuesA, statistic, scratch) - statisticOf(valuesB, statistic, scratch);
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    // A is always drawn before B from the one stream, which is what makes a seed reproducible.
    const fromA = resampledStatistic(valuesA, statistic, random, scratch);
    differences[r] = fromA - resampledStatistic(valuesB, statistic, random, scratch);
  }
  differences.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate,
    lo: quantileSorted(differences, tail),
    hi: quantileSorted(differences, 1 - tail),
    confidence,
    resamples
  };
}
