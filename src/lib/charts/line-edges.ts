/**
 * The run page's chart at the edges of what a double holds. uPlot draws a line through every x it
 * is given and breaks it at a null, so a NaN or ±Infinity among the points becomes a null at its
 * step: the line stops there instead of joining its neighbours as if nothing had been recorded
 * (MetricChart marks the step). Near the largest double, uPlot's padded y range overflows and its
 * tick spacings (up to 5e16) find no ticks: a range that stays finite and spacings up to 5e307
 * keep such a history drawn and labelled.
 */
import type { ChartSeries } from '../worker/chart-data';

/** x (every step, drawable or not, in order) and y with null where a value cannot be drawn. */
export function withGaps(data: Pick<ChartSeries, 'x' | 'y' | 'marks'>): {
  x: Float64Array;
  y: (number | null)[];
} {
  const { x, y, marks } = data;
  const n = x.length + marks.x.length;
  const outX = new Float64Array(n);
  const outY = new Array<number | null>(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    // Both inputs are in step order; a mark at the same step as a point goes after it.
    if (j >= marks.x.length || (i < x.length && x[i]! <= marks.x[j]!)) {
      outX[k] = x[i]!;
      outY[k] = y[i++]!;
    } else {
      outX[k] = marks.x[j++]!;
      outY[k] = null;
    }
  }
  return { x: outX, y: outY };
}

/**
 * A y range for values near the largest double, where uPlot's padded range overflows to Infinity
 * (and the axis then draws no ticks and every point at the bottom): 5% of padding where it fits,
 * none where it does not. Null when the ordinary range is finite and should be used.
 */
export function overflowSafeRange(
  min: number,
  max: number,
  padded: readonly [number | null, number | null]
): [number, number] | null {
  const [lo, hi] = padded;
  if (lo !== null && hi !== null && Number.isFinite(hi - lo)) return null;
  const pad = Number.isFinite(max - min) ? (max - min) * 0.05 : 0;
  const tryLo = min - pad;
  const tryHi = max + pad;
  return Number.isFinite(tryHi - tryLo) && Number.isFinite(tryLo) && Number.isFinite(tryHi)
    ? [tryLo, tryHi]
    : [min, max];
}

/** Tick spacings 1, 2, 2.5 and 5 × 10^k from the smallest normal double to the largest. */
export const WIDE_INCREMENTS: readonly number[] = (() => {
  const out: number[] = [];
  for (let e = -307; e <= 307; e++) {
    for (const m of [1, 2, 2.5, 5]) {
      // Written as text so each spacing is the double nearest its decimal (10 ** e drifts).
      const v = Number(`${m}e${e}`);
      if (Number.isFinite(v)) out.push(v);
    }
  }
  return out;
})();
