/**
 * Descriptive statistics of a sample. Non-finite values (NaN, ±Infinity: diverged or missing
 * metrics) are left out rather than poisoning every figure, and `n` says how many were kept.
 */

/** Summary of the finite values of a sample. */
export interface Description {
  /** Number of finite values used. */
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n < 2. */
  std: number;
  min: number;
  max: number;
  /** Quantiles use linear interpolation (numpy's default, R type 7). */
  median: number;
  q1: number;
  q3: number;
}

/** The finite values of a sample, copied into a new array. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return k === out.length ? out : out.slice(0, k);
}

/** Mean and sample variance (n − 1; NaN when n < 2) of values that are all finite. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, variance: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { mean, variance: NaN };
  // Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the second sum removes the
  // rounding error of the mean, so metrics like 1e6 + tiny noise keep their variance.
  let squares = 0;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    squares += d * d;
    residual += d;
  }
  const variance = Math.max(0, (squares - (residual * residual) / n) / (n - 1));
  return { mean, variance };
}

/** Quantile p of ascending values by linear interpolation (R type 7); NaN if empty or p ∉ [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const below = Math.floor(h);
  const lower = sorted[below]!;
  const fraction = h - below;
  // At an exact order statistic return it as is: interpolating would turn ±Infinity into NaN.
  if (fraction === 0 || below + 1 >= n) return lower;
  return lower + fraction * (sorted[below + 1]! - lower);
}

/** n, mean, sample std, min, max, median and quartiles of the finite values; NaNs when none. */
export function describe(values: ArrayLike<number>): Description {
  const sorted = finiteValues(values).sort();
  const n = sorted.length;
  if (n === 0) {
    return { n: 0, mean: NaN, std: NaN, min: NaN, max: NaN, median: NaN, q1: NaN, q3: NaN };
  }
  const { mean, variance } = meanAndVariance(sorted);
  return {
    n,
    mean,
    std: Math.sqrt(variance),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75)
  };
}
