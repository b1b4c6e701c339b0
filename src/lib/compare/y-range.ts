/**
 * The y range a comparison chart shows. One diverged run (loss at 1e6) would otherwise flatten
 * every other line onto the bottom edge. By default the range leaves out values far outside the
 * body of the data (beyond ten interquartile ranges of the quartiles: a loss falling from 10
 * to 0.1 keeps its start, a run at 1e6 does not); the "ignore outliers" setting keeps the 5th to
 * 95th percentile. What is left out is still drawn, clipped at the plot's edge and marked, and
 * counted per run in a note. On a log axis the range is measured in decades.
 */
import { quantilesInPlace } from '../stats/select';

/** Values beyond this many interquartile ranges of the quartiles are far out. */
const FAR = 10;

/** How the y range is chosen: far outliers left out (the default), 5–95%, or every value. */
export type YRangeMode = 'far' | 'percentile' | 'full';

/** The finite values (their log10 on a log axis, positive values only), in a new array. */
function finiteValues(columns: readonly Float64Array[], log: boolean): Float64Array {
  let count = 0;
  for (const c of columns) count += c.length;
  const out = new Float64Array(count);
  let at = 0;
  // Indexed loops and comparisons instead of for…of and Number.isFinite: this runs over every
  // drawn value of every chart request.
  for (const c of columns) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      if (v - v !== 0) continue; // NaN and ±Infinity
      if (log) {
        if (v > 0) out[at++] = Math.log10(v);
      } else out[at++] = v;
    }
  }
  return out.subarray(0, at);
}

/**
 * The range that leaves far values out, from every drawn value, or null when nothing lies far
 * out (or the body has no spread to measure "far" by). Quantiles by selection, not a sort
 * (../stats/select.ts): the same values as quantileSorted, in linear time.
 */
export function robustYRange(
  columns: readonly Float64Array[],
  mode: Exclude<YRangeMode, 'full'>,
  log: boolean
): [number, number] | null {
  const values = finiteValues(columns, log);
  if (values.length < 3) return null;
  let lo: number;
  let hi: number;
  if (mode === 'percentile') {
    [lo, hi] = quantilesInPlace(values, [0.05, 0.95]) as [number, number];
  } else {
    const [q05, q1, q3, q95] = quantilesInPlace(values, [0.05, 0.25, 0.75, 0.95]) as [
      number,
      number,
      number,
      number
    ];
    const spread = q3 - q1 || q95 - q05;
    if (!(spread > 0)) return null;
    const [fenceLo, fenceHi] = [q1 - FAR * spread, q3 + FAR * spread];
    // The extent of what lies inside the fences: the body fills the plot.
    let min = Infinity;
    let max = -Infinity;
    let outside = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < fenceLo || v > fenceHi) outside = true;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (!outside) return null;
    [lo, hi] = [min, max];
  }
  if (!(hi >= lo)) return null;
  return log ? [10 ** lo, 10 ** hi] : [lo, hi];
}

const integer = new Intl.NumberFormat('en-US');

/**
 * Whether the default range would clip too many runs to call them outliers. Points are pooled,
 * so one long run sets the body: when a good part of the runs lies outside it (Lightning runs'
 * learning rate of 5e-3 beside a Trainer's 2e-5), they are the comparison itself, not
 * outliers, and every line keeps its place. One run may always be clipped.
 */
export function clipsTooManyRuns(clippedRuns: number, runs: number): boolean {
  return clippedRuns > Math.max(1, runs * 0.25);
}

/** Points beyond `range` in each run's values (NaN and, on a log axis, values ≤ 0 are not). */
export function countClipped(
  runs: readonly { label: string; y: Float64Array }[],
  range: [number, number],
  log: boolean
): { label: string; points: number }[] {
  const out: { label: string; points: number }[] = [];
  const [lo, hi] = range;
  for (const { label, y } of runs) {
    let points = 0;
    // Over every point in range of every run: an indexed loop, NaN and ±Infinity never counted.
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if ((v < lo || v > hi) && v - v === 0 && (!log || v > 0)) points++;
    }
    if (points > 0) out.push({ label, points });
  }
  return out;
}

/** "y clipped: 3 points of sweep-1 beyond range", naming up to three runs. */
export function clipNote(counts: readonly { label: string; points: number }[]): string {
  const total = counts.reduce((sum, c) => sum + c.points, 0);
  const points = `${integer.format(total)} ${total === 1 ? 'point' : 'points'}`;
  if (counts.length === 1) return `y clipped: ${points} of ${counts[0]!.label} beyond range`;
  const named = [...counts].sort((a, b) => b.points - a.points).slice(0, 3);
  const more = counts.length > 3 ? `, ${counts.length - 3} more` : '';
  return `y clipped: ${points} of ${counts.length} runs beyond range (${named.map((c) => c.label).join(', ')}${more})`;
}
