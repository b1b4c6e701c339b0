/**
 * Cutting features into bins for the random forest (random-forest.ts): at most 63 value bins per
 * feature (quantiles for numbers, one per category) plus one for missing values, so a split search
 * fills a 64-slot histogram instead of sorting values.
 */

/** The bin code of a missing (NaN) value; value bins are 0..MISSING_BIN - 1. */
export const MISSING_BIN = 63;
export const BIN_SLOTS = 64;
/** The most value bins a feature gets; the last categorical one may be an "other" bin. */
export const VALUE_BINS = 63;

/** Quantile bins of numbers (NaN → MISSING_BIN); ±Infinity are ordinary extreme values. */
export function binOrdered(values: Float64Array): Uint8Array {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const m = sorted.length;
  // Upper bounds of the bins: every distinct value when there are few, else a cut roughly every
  // m/63 values, never inside a run of equal values (so ties always share a bin).
  const bounds: number[] = [];
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i]! !== sorted[i - 1]!) distinct++;
  for (let i = 0; i < m; i++) {
    const v = sorted[i]!;
    if (i + 1 < m && sorted[i + 1]! === v) continue;
    if (distinct <= VALUE_BINS || i + 1 >= ((bounds.length + 1) * m) / VALUE_BINS || i + 1 === m) {
      bounds.push(v);
    }
  }
  const codes = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (Number.isNaN(v)) {
      codes[r] = MISSING_BIN;
      continue;
    }
    // The first bound >= v.
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid]! >= v) hi = mid;
      else lo = mid + 1;
    }
    codes[r] = lo;
  }
  return codes;
}

/** One bin per category (NaN → MISSING_BIN); past 63 categories the rarest share an "other". */
export function binNominal(values: Float64Array): Uint8Array {
  const counts = new Map<number, number>();
  for (const v of values) if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Most frequent first, ties by category value, so the binning does not depend on row order.
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const bin = new Map<number, number>();
  byFrequency.forEach(([v], i) => bin.set(v, Math.min(i, VALUE_BINS - 1)));
  const codes = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    codes[r] = Number.isNaN(v) ? MISSING_BIN : bin.get(v)!;
  }
  return codes;
}
