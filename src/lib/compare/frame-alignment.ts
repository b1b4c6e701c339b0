/**
 * Lines aligned to a chart frame's shared x (chart-frame.ts): the points inside the x range, the
 * union of the runs' x values, each line's values placed on it, and a line's own band edges
 * (`<metric>__min`/`__max`, metric-bands.ts) cut to the same range.
 */
import { visibleIndexRange } from '../stats/envelope';
import type { RunLine } from './run-lines';

/** Indices [from, to) of the points inside the range (without the neighbours outside it). */
export function insideRange(x: Float64Array, lo: number, hi: number): [number, number] {
  let [from, to] = visibleIndexRange(x, lo, hi);
  while (from < to && x[from]! < lo) from++;
  while (to > from && x[to - 1]! > hi) to--;
  return [from, to];
}

/** Sorted unique union of the x values of every run's slice. */
export function unionX(slices: { x: Float64Array; from: number; to: number }[]): Float64Array {
  let total = 0;
  for (const s of slices) total += s.to - s.from;
  const all = new Float64Array(total);
  let at = 0;
  for (const s of slices) {
    all.set(s.x.subarray(s.from, s.to), at);
    at += s.to - s.from;
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i]!;
  }
  return all.slice(0, unique);
}

/** Values of one slice placed at their x in the shared union (the last of equal x wins). */
export function alignToUnion(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  xs: Float64Array
): Float64Array {
  const out = new Float64Array(xs.length).fill(NaN);
  let j = 0;
  for (let i = from; i < to; i++) {
    while (xs[j]! < x[i]!) j++;
    out[j] = y[i]!;
  }
  return out;
}

/** One band edge's points inside the x range. */
export type Edge = { x: Float64Array; y: Float64Array; from: number; to: number };

/** Each slice's band edges inside the x range, or null for a line without a band. */
export function bandSlices(
  slices: readonly { run: { band?: { lo: RunLine; hi: RunLine } | null } }[],
  lo: number,
  hi: number
): ([Edge, Edge] | null)[] {
  return slices.map(({ run }) => {
    if (!run.band) return null;
    const edge = (line: RunLine): Edge => {
      const [from, to] = insideRange(line.x, lo, hi);
      return { x: line.x, y: line.y, from, to };
    };
    return [edge(run.band.lo), edge(run.band.hi)];
  });
}
