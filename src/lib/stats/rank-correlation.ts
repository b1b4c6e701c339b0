/**
 * Spearman's rank correlation
 * (https://en.wikipedia.org/wiki/Spearman%27s_rank_correlation_coefficient): Pearson's correlation
 * of the ranks, with tied values sharing the average of their ranks. We use it rather than W&B's
 * linear correlation because hyperparameters are often log-spaced (learning rates) and metrics
 * respond monotonically but not linearly; ranks make `y = x³` a perfect 1.
 */

/** 1-based ranks, ties get the average of the ranks they span; NaN values get a NaN rank. */
export function rankWithTies(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  // A typed-array sort is numeric and native, several times faster than sorting indices with a
  // comparator; each value then finds its run of equals by binary search.
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      ranks[i] = NaN;
      continue;
    }
    // Positions first..after-1 (0-based) hold v: ranks first+1..after, whose mean is below.
    const first = firstIndex(sorted, v, false);
    const after = firstIndex(sorted, v, true);
    ranks[i] = (first + 1 + after) / 2;
  }
  return ranks;
}

/** The first index whose value is >= v (or > v when `strict`) in an ascending array. */
function firstIndex(sorted: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = sorted[mid]!;
    if (strict ? s > v : s >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Spearman's rho over pairs where neither value is NaN; null with < 3 pairs or a constant side. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = Math.min(x.length, y.length);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    xs.push(a);
    ys.push(b);
  }
  // Two points always correlate perfectly; a coefficient from them would only mislead.
  if (xs.length < 3) return null;
  return pearson(rankWithTies(xs), rankWithTies(ys));
}

/** Pearson's r of two equally long arrays without NaN; null when either side is constant. */
function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Rounding can push |r| a hair past 1; the clamp keeps the documented range.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
