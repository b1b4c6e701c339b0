/**
 * Welch's unequal-variance t-test for the difference of two group means (A − B). It does not assume
 * equal variances, which suits comparing runs of different configurations, and with equal
 * variances it loses almost nothing against Student's test. Results match R's `t.test(a, b)`
 * defaults (two-sided, Welch, 95 % interval).
 */
import { finiteValues, meanAndVariance } from './describe';
import { studentTCdf, studentTQuantile } from './distributions';

/** Welch's test of mean(A) − mean(B), with its 95 % confidence interval. */
export interface WelchResult {
  /** Finite values used on each side (NaN and ±Infinity are dropped). */
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** meanA − meanB. */
  meanDiff: number;
  /** Standard error of the difference, √(sA²/nA + sB²/nB). */
  se: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom (non-integer). */
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** 95 % confidence interval for meanA − meanB. */
  ci95: [number, number];
}

/**
 * Welch's two-sided t-test of A against B; null when either side has fewer than 2 finite values.
 *
 * Both sides constant (zero variance): se = 0 and the usual formulas are 0/0, so the result is
 * defined as the limit of pooled data with no spread: df = nA + nB − 2, ci95 = [diff, diff], and
 * t = ±Infinity with p = 0 when the means differ, t = 0 with p = 1 when they are equal. (R stops
 * with "data are essentially constant" instead; a table cell is better served by a value.)
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchResult | null {
  const valuesA = finiteValues(a);
  const valuesB = finiteValues(b);
  const nA = valuesA.length;
  const nB = valuesB.length;
  if (nA < 2 || nB < 2) return null;
  const { mean: meanA, variance: varianceA } = meanAndVariance(valuesA);
  const { mean: meanB, variance: varianceB } = meanAndVariance(valuesB);
  const meanDiff = meanA - meanB;
  const seA2 = varianceA / nA;
  const seB2 = varianceB / nB;
  const se2 = seA2 + seB2;
  const base = { nA, nB, meanA, meanB, meanDiff };

  if (se2 === 0) {
    const t = meanDiff === 0 ? 0 : meanDiff > 0 ? Infinity : -Infinity;
    const p = meanDiff === 0 ? 1 : 0;
    return { ...base, se: 0, t, df: nA + nB - 2, p, ci95: [meanDiff, meanDiff] };
  }

  const se = Math.sqrt(se2);
  const t = meanDiff / se;
  // Welch–Satterthwaite, df = (sA²/nA + sB²/nB)² / Σ (s²/n)²/(n − 1), written with the share w of
  // each side so squaring tiny variances cannot underflow to 0/0.
  const w = seA2 / se2;
  const df = 1 / ((w * w) / (nA - 1) + ((1 - w) * (1 - w)) / (nB - 1));
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  const margin = studentTQuantile(0.975, df) * se;
  return { ...base, se, t, df, p, ci95: [meanDiff - margin, meanDiff + margin] };
}
