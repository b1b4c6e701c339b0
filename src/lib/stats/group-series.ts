/**
 * Several runs' histories of one metric → one line with a band, evaluated on a shared grid of x.
 *
 * How runs of unequal length and misaligned steps are combined:
 * - Grid: the sorted union of every run's x when it has at most maxPoints values; otherwise
 *   maxPoints evenly spaced x from the smallest first x to the largest last x (these may fall
 *   between recorded steps).
 * - A run counts at a grid x only inside its own range [first x, last x]: there is no
 *   extrapolation, so after a run stops, it stops counting and n drops. At an x the run recorded it
 *   contributes that value (the last record, if it recorded that x several times); between two of
 *   its recorded x it contributes the straight-line interpolation of those two neighbours.
 * - Center: the mean or the median of the contributing runs' values at that x.
 * - Band: 'none' (lo = hi = center); 'minmax' (lowest and highest contributing value); 'std'
 *   (center ± sample standard deviation, n − 1); 'se' (center ± std/√n); 'ci95' (center ±
 *   t(0.975, n − 1)·std/√n, Student's t with n − 1 degrees of freedom). For 'std', 'se' and 'ci95'
 *   the half-width is always computed from the runs' mean and standard deviation; with the median
 *   center the band is placed around the median (so it always surrounds the line drawn) and reads
 *   as "the runs' spread", not as an interval for the median. Where fewer than 2 runs contribute,
 *   'std', 'se' and 'ci95' collapse to the center.
 * - Where no run contributes (n = 0), center, lo and hi are NaN.
 */
import { studentTQuantile } from './distributions';
import { selectInPlace } from './select';
import type { SeriesLine } from './summary-choice';

export type { SeriesLine } from './summary-choice';

/** The per-x statistic drawn as the group's line. */
export type GroupCenter = 'mean' | 'median';
/** The per-x spread drawn around the group's line. */
export type GroupBand = 'none' | 'minmax' | 'std' | 'se' | 'ci95';

/** A group's line and band at each grid x; every array has the grid's length. */
export interface GroupAggregate {
  /** A copy of the grid, so the result can be transferred without detaching the caller's grid. */
  x: Float64Array;
  center: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Runs contributing at each x. */
  n: Uint32Array;
}

const EMPTY = new Float64Array(0);

/** Merge two ascending arrays into one ascending array without repeated values. */
function mergeUnique(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    let v: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) v = a[i++]!;
    else v = b[j++]!;
    if (k === 0 || v !== out[k - 1]!) out[k++] = v;
  }
  return k === out.length ? out : out.slice(0, k);
}

/** Do two arrays hold the same values (views of one buffer at one offset do, at once)? */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  if (a.buffer === b.buffer && a.byteOffset === b.byteOffset) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The grid of x at which a group is evaluated; empty when no line has points. */
export function evaluationGrid(lines: SeriesLine[], maxPoints: number): Float64Array {
  const limit = Math.floor(maxPoints);
  if (!(limit >= 2)) throw new RangeError(`maxPoints must be at least 2, got ${maxPoints}`);
  let first = Infinity;
  let last = -Infinity;
  let parts: Float64Array[] = [];
  for (const line of lines) {
    const n = line.x.length;
    if (n === 0) continue;
    first = Math.min(first, line.x[0]!);
    last = Math.max(last, line.x[n - 1]!);
    parts.push(line.x);
  }
  if (parts.length === 0) return new Float64Array(0);
  // The union holds every run's steps: one run's alone too many proves it too large. Runs
  // usually log the same steps: then the union is one run's steps, found without merging.
  const firstSteps = mergeUnique(parts[0]!, EMPTY);
  if (firstSteps.length > limit) return evenlySpaced(first, last, limit);
  if (parts.every((p) => sameValues(p, parts[0]!))) return firstSteps;

  // Pairwise merging costs O(total points × log runs) even when no two runs share a step, and a
  // union of some of the runs that is already too large proves the full union is, so it stops
  // early. One pass always runs, which also removes a lone line's duplicate steps.
  do {
    const next: Float64Array[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const merged = mergeUnique(parts[i]!, parts[i + 1] ?? EMPTY);
      if (merged.length > limit) return evenlySpaced(first, last, limit);
      next.push(merged);
    }
    parts = next;
  } while (parts.length > 1);
  return parts[0]!;
}

/** count evenly spaced values from first to last, both included exactly. */
function evenlySpaced(first: number, last: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const span = last - first;
  for (let i = 0; i < count; i++) out[i] = first + (span * i) / (count - 1);
  out[count - 1] = last;
  return out;
}

/** Index of the first grid value ≥ x. */
function lowerBound(grid: Float64Array, x: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The median of `column[0..count)` by selection, not a sort (reorders the column). */
function medianInPlace(column: Float64Array, count: number): number {
  const mid = count >> 1;
  selectInPlace(column, mid, 0, count - 1);
  const upper = column[mid]!;
  if (count % 2 === 1) return upper;
  // With column[mid] in place nothing left of it is larger: the lower middle is their maximum.
  let lower = column[0]!;
  for (let i = 1; i < mid; i++) if (column[i]! > lower) lower = column[i]!;
  return (lower + upper) / 2;
}

/** Center and band of several lines at each x of an ascending grid (see the module comment). */
export function aggregateLines(
  lines: SeriesLine[],
  grid: Float64Array,
  center: GroupCenter,
  band: GroupBand
): GroupAggregate {
  const size = grid.length;
  const runs = lines.length;
  const n = new Uint32Array(size);
  // Welford's running mean and sum of squared deviations per grid x: one pass, no catastrophic
  // cancellation for metrics with a large offset (e.g. a loss near 1e4 with noise of 1e-3).
  const mean = new Float64Array(size);
  const m2 = new Float64Array(size);
  const lo = new Float64Array(size);
  const hi = new Float64Array(size);
  const trackRange = band === 'minmax';
  if (trackRange) {
    lo.fill(Infinity);
    hi.fill(-Infinity);
  }
  // Only the median needs every value: a column of `runs` slots per grid x.
  const matrix = center === 'median' ? new Float64Array(size * runs) : null;

  for (const line of lines) {
    const { x, y } = line;
    const length = x.length;
    if (length === 0) continue;
    const xLast = x[length - 1]!;
    // j: the last record with x ≤ the current grid x (so the last of any duplicates);
    // right: the last record of the next distinct x after x[j], found once per gap.
    let j = 0;
    let right = 0;
    for (let g = lowerBound(grid, x[0]!); g < size; g++) {
      const gx = grid[g]!;
      if (gx > xLast) break;
      while (j + 1 < length && x[j + 1]! <= gx) j++;
      const xj = x[j]!;
      let v = y[j]!;
      if (xj !== gx) {
        if (right <= j) {
          right = j + 1;
          while (right + 1 < length && x[right + 1]! === x[right]!) right++;
        }
        const xr = x[right]!;
        v += (y[right]! - v) * ((gx - xj) / (xr - xj));
      }
      const count = n[g]! + 1;
      n[g] = count;
      const previousMean = mean[g]!;
      const nextMean = previousMean + (v - previousMean) / count;
      mean[g] = nextMean;
      m2[g] = m2[g]! + (v - previousMean) * (v - nextMean);
      if (trackRange) {
        if (v < lo[g]!) lo[g] = v;
        if (v > hi[g]!) hi[g] = v;
      }
      if (matrix) matrix[g * runs + count - 1] = v;
    }
  }

  const centerValues = matrix ? new Float64Array(size) : mean;
  // t(0.975, df) for df = 1 … runs − 1, computed once per df rather than once per x.
  const tCache = band === 'ci95' ? new Float64Array(runs).fill(NaN) : null;
  for (let g = 0; g < size; g++) {
    const count = n[g]!;
    if (count === 0) {
      centerValues[g] = NaN;
      lo[g] = NaN;
      hi[g] = NaN;
      continue;
    }
    let c = mean[g]!;
    if (matrix) {
      c = medianInPlace(matrix.subarray(g * runs, g * runs + count), count);
      centerValues[g] = c;
    }
    if (trackRange) continue;
    let half = 0;
    if (band !== 'none' && count >= 2) {
      const std = Math.sqrt(Math.max(0, m2[g]!) / (count - 1));
      if (band === 'std') half = std;
      else {
        half = std / Math.sqrt(count);
        if (tCache) {
          const df = count - 1;
          let t = tCache[df]!;
          if (Number.isNaN(t)) {
            t = studentTQuantile(0.975, df);
            tCache[df] = t;
          }
          half *= t;
        }
      }
    }
    lo[g] = c - half;
    hi[g] = c + half;
  }
  return { x: grid.slice(), center: centerValues, lo, hi, n };
}
