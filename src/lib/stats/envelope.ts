/**
 * Min/max envelope of a series on a pixel grid. uPlot wants one x array shared by every series, so
 * when runs have more points than the chart has pixels, every run is reduced onto the same grid of
 * 2 slots per pixel column. Each column keeps its extremes, never a sample, so a one-point spike in
 * ten million points still shows. Pure: runs in the chart worker and in Node.
 */

export interface PixelGrid {
  xMin: number;
  xMax: number;
  columns: number;
  logX: boolean;
}

/** The x of every slot: 2 per column, at 1/4 and 3/4 of the column's width (log-spaced when logX). */
export function gridSlotsX(grid: PixelGrid): Float64Array {
  const columns = Math.max(0, Math.floor(grid.columns));
  const out = new Float64Array(2 * columns);
  const lo = grid.logX ? Math.log10(grid.xMin) : grid.xMin;
  const hi = grid.logX ? Math.log10(grid.xMax) : grid.xMax;
  const width = (hi - lo) / columns;
  for (let c = 0; c < columns; c++) {
    const a = lo + (c + 0.25) * width;
    const b = lo + (c + 0.75) * width;
    out[2 * c] = grid.logX ? Math.pow(10, a) : a;
    out[2 * c + 1] = grid.logX ? Math.pow(10, b) : b;
  }
  return out;
}

/** Column of x, or -1 when outside [xMin, xMax] (or x <= 0 on a log grid). */
export function columnOf(x: number, grid: PixelGrid): number {
  const scale = new GridScale(grid);
  return scale.valid ? scale.column(x) : -1;
}

/**
 * Writes the envelope of the points of (x, y) into `out` (length 2*columns, filled with NaN first):
 * per column the extreme that occurs first goes in slot 2c and the other in slot 2c+1; a column with one
 * point (or min === max) fills slot 2c only. Returns how many points fell inside the grid.
 *
 * x ascending; points with a NaN y are skipped and not counted. One pass over [from, to), no
 * allocation per point.
 */
export function envelopeOnGrid(
  x: Float64Array,
  y: Float64Array,
  grid: PixelGrid,
  out: Float64Array,
  from = 0,
  to = x.length
): number {
  const columns = Math.max(0, Math.floor(grid.columns));
  if (out.length < 2 * columns) {
    throw new RangeError(
      `envelopeOnGrid: out has ${out.length} slots, the grid needs ${2 * columns}`
    );
  }
  out.fill(NaN, 0, 2 * columns);
  const scale = new GridScale(grid);
  if (!scale.valid) return 0;
  const end = Math.min(to, x.length, y.length);
  const { xMin, xMax } = grid;

  let inside = 0;
  let col = -1;
  let min = 0;
  let max = 0;
  let minAt = 0;
  let maxAt = 0;
  // The linear case inlined (a multiply and a floor per point): it is the hot loop of every chart.
  const linear = !grid.logX && Number.isFinite(scale.perUnit);
  const lo = scale.lo;
  const perUnit = scale.perUnit;
  const last = columns - 1;
  for (let i = Math.max(0, from); i < end; i++) {
    const xi = x[i]!;
    // x ascending: everything after the first point past xMax is outside too.
    if (xi > xMax) break;
    // Written as a negation so that a NaN x is skipped as well.
    if (!(xi >= xMin)) continue;
    const yi = y[i]!;
    if (yi !== yi) continue;
    let c: number;
    if (linear) {
      c = Math.floor((xi - lo) * perUnit);
      if (c > last) c = last;
    } else {
      c = scale.column(xi);
      if (c < 0) continue;
    }
    inside++;
    if (c !== col) {
      if (col >= 0) writeColumn(out, col, min, max, minAt, maxAt);
      col = c;
      min = max = yi;
      minAt = maxAt = i;
    } else if (yi < min) {
      // Strict comparisons: on ties the first occurrence decides the order of the slots.
      min = yi;
      minAt = i;
    } else if (yi > max) {
      max = yi;
      maxAt = i;
    }
  }
  if (col >= 0) writeColumn(out, col, min, max, minAt, maxAt);
  return inside;
}

function writeColumn(
  out: Float64Array,
  c: number,
  min: number,
  max: number,
  minAt: number,
  maxAt: number
): void {
  if (min === max) {
    out[2 * c] = min;
  } else if (minAt < maxAt) {
    out[2 * c] = min;
    out[2 * c + 1] = max;
  } else {
    out[2 * c] = max;
    out[2 * c + 1] = min;
  }
}

/** Maps x to a column index; built once per call so the per-point work is a multiply and a floor. */
class GridScale {
  readonly valid: boolean;
  readonly lo: number;
  readonly perUnit: number;
  private readonly columns: number;
  private readonly log: boolean;
  private readonly xMin: number;
  private readonly xMax: number;

  constructor(grid: PixelGrid) {
    this.columns = Math.max(0, Math.floor(grid.columns));
    this.log = grid.logX;
    this.xMin = grid.xMin;
    this.xMax = grid.xMax;
    this.lo = this.log ? Math.log10(grid.xMin) : grid.xMin;
    const hi = this.log ? Math.log10(grid.xMax) : grid.xMax;
    this.perUnit = this.columns / (hi - this.lo);
    this.valid =
      this.columns > 0 &&
      Number.isFinite(this.lo) &&
      Number.isFinite(hi) &&
      hi >= this.lo &&
      (!this.log || grid.xMin > 0);
  }

  column(x: number): number {
    if (!(x >= this.xMin && x <= this.xMax)) return -1;
    if (this.log && !(x > 0)) return -1;
    // A zero-width grid (xMin === xMax) has its single x in the first column.
    if (!Number.isFinite(this.perUnit)) return 0;
    const v = this.log ? Math.log10(x) : x;
    // x === xMax lands exactly on `columns`; it belongs to the last column.
    return Math.min(this.columns - 1, Math.floor((v - this.lo) * this.perUnit));
  }
}

/**
 * Index range [from, to) of the points inside [xMin, xMax] plus one neighbour on each side (so lines reach the chart edges). x ascending; binary search.
 *
 * When no point is inside, the range still holds the two points whose segment crosses the window;
 * when every point lies on one side it is empty ([n, n] all before, [0, 0] all after).
 */
export function visibleIndexRange(x: Float64Array, xMin: number, xMax: number): [number, number] {
  const n = x.length;
  if (n === 0 || !(xMin <= xMax)) return [0, 0];
  const first = lowerBound(x, xMin, false);
  const after = lowerBound(x, xMax, true);
  if (first === n) return [n, n];
  if (after === 0) return [0, 0];
  return [Math.max(0, first - 1), Math.min(n, after + 1)];
}

/** First index whose x is >= v (or > v when strict). */
function lowerBound(x: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const xm = x[mid]!;
    if (strict ? xm <= v : xm < v) lo = mid + 1;
    else hi = mid;
  }
  return hi;
}
