/** Box-plot statistics: quartiles as numpy computes them by default, Tukey whiskers, outliers. */
import { quantileSorted } from '../../stats/describe';

export interface BoxStats {
  /** Values used (finite; positive only when `positiveOnly`). */
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  /** Most extreme values within 1.5·IQR of the box (Tukey). */
  whiskerLo: number;
  whiskerHi: number;
  /** Values beyond the whiskers, ascending. */
  outliers: Float64Array;
}

/** Statistics of the finite values (positive ones only with `positiveOnly`), or null if none. */
export function boxStats(values: ArrayLike<number>, positiveOnly = false): BoxStats | null {
  let n = 0;
  const kept = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && (!positiveOnly || v > 0)) kept[n++] = v;
  }
  if (n === 0) return null;
  const sorted = kept.subarray(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const fenceLo = q1 - 1.5 * (q3 - q1);
  const fenceHi = q3 + 1.5 * (q3 - q1);
  let first = 0;
  while (sorted[first]! < fenceLo) first += 1;
  let last = n - 1;
  while (sorted[last]! > fenceHi) last -= 1;
  const outliers = new Float64Array(first + (n - 1 - last));
  outliers.set(sorted.subarray(0, first), 0);
  outliers.set(sorted.subarray(last + 1), first);
  return {
    n,
    min: sorted[0]!,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    max: sorted[n - 1]!,
    mean: sum / n,
    whiskerLo: sorted[first]!,
    whiskerHi: sorted[last]!,
    outliers
  };
}
