/**
 * Pure logic of the hyperparameter views: axis scales (linear, log, categorical), value↔pixel,
 * ticks, layout of parallel coordinates, and brushes. No DOM, no Svelte: the unit tests run it.
 */
import { formatTicks } from '../axis-format';
import type { AxisBrush, HyperAxis, HyperTable } from './hyper-types';

export type ScaleKind = 'linear' | 'log' | 'categorical';

/**
 * A scale maps a transformed value t (the value; log10 of it; category index + 0.5) linearly
 * from the domain [d0, d1] to the pixels [p0, p1]. Categorical domains are [0, count], so each
 * category sits in the middle of an even band.
 */
export interface AxisScale {
  kind: ScaleKind;
  d0: number;
  d1: number;
  p0: number;
  p1: number;
  categories: readonly string[];
}

/** The value in scale space, or NaN when it cannot be drawn (missing; not positive on a log axis). */
export function transformValue(kind: ScaleKind, v: number): number {
  if (!Number.isFinite(v)) return NaN;
  if (kind === 'log') return v > 0 ? Math.log10(v) : NaN;
  if (kind === 'categorical') return v + 0.5;
  return v;
}

/** A numeric scale over [min, max]; an empty or single-valued domain is widened around it. */
export function numericScale(
  min: number,
  max: number,
  log: boolean,
  p0: number,
  p1: number
): AxisScale {
  const kind: ScaleKind = log ? 'log' : 'linear';
  let d0 = transformValue(kind, min);
  let d1 = transformValue(kind, max);
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) {
    d0 = 0;
    d1 = 1;
  } else if (d0 === d1) {
    const pad = log ? 0.5 : Math.abs(d0) * 0.1 || 0.5;
    d0 -= pad;
    d1 += pad;
  }
  return { kind, d0, d1, p0, p1, categories: [] };
}

/** The scale of one axis of the table, from its drawable values, onto pixels [p0, p1]. */
export function axisScale(axis: HyperAxis, log: boolean, p0: number, p1: number): AxisScale {
  if (axis.kind === 'categorical') {
    const d1 = Math.max(1, axis.categories.length);
    return { kind: 'categorical', d0: 0, d1, p0, p1, categories: axis.categories };
  }
  const kind: ScaleKind = log ? 'log' : 'linear';
  let min = Infinity;
  let max = -Infinity;
  for (const v of axis.values) {
    if (!Number.isFinite(transformValue(kind, v))) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? numericScale(min, max, log, p0, p1) : numericScale(NaN, NaN, log, p0, p1);
}

/** Pixel of a value, or NaN when the value is missing on this scale. */
export function valueToPixel(scale: AxisScale, v: number): number {
  const t = transformValue(scale.kind, v);
  return scale.p0 + ((t - scale.d0) / (scale.d1 - scale.d0)) * (scale.p1 - scale.p0);
}

/** The value under a pixel (the category index for categorical scales, clamped to the categories). */
export function pixelToValue(scale: AxisScale, px: number): number {
  const t = scale.d0 + ((px - scale.p0) / (scale.p1 - scale.p0)) * (scale.d1 - scale.d0);
  if (scale.kind === 'log') return 10 ** t;
  if (scale.kind === 'categorical') {
    return Math.min(Math.max(0, Math.floor(t)), Math.max(0, scale.categories.length - 1));
  }
  return t;
}

/**
 * Writes the pixel of every run's value into `out[offset + r * stride]`, `missingPx` where the
 * value is missing. One pass, no allocation: the draw loop reads these.
 */
export function projectAxis(
  axis: HyperAxis,
  scale: AxisScale,
  out: Float32Array,
  offset: number,
  stride: number,
  missingPx: number
): number {
  const a = (scale.p1 - scale.p0) / (scale.d1 - scale.d0);
  const b = scale.p0 - scale.d0 * a;
  const { values } = axis;
  let missing = 0;
  for (let r = 0; r < values.length; r++) {
    const t = transformValue(scale.kind, values[r]!);
    const ok = Number.isFinite(t);
    if (!ok) missing += 1;
    out[offset + r * stride] = ok ? a * t + b : missingPx;
  }
  return missing;
}

export interface Tick {
  value: number;
  pixel: number;
  label: string;
}

/** Short label for one value (axis extremes, tooltips). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** Ticks of a scale: nice 1-2-5 steps (linear), decades (log), every category (categorical). */
export function axisTicks(scale: AxisScale, maxTicks = 5): Tick[] {
  const at = (value: number, label: string): Tick => ({
    value,
    pixel: valueToPixel(scale, value),
    label
  });
  if (scale.kind === 'categorical') return scale.categories.map((c, i) => at(i, c));
  const lo = Math.min(scale.d0, scale.d1);
  const hi = Math.max(scale.d0, scale.d1);
  if (scale.kind === 'log' && hi - lo >= 1) {
    const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / maxTicks));
    const ticks: Tick[] = [];
    for (let k = Math.ceil(lo); k <= Math.floor(hi); k += every) {
      const value = Number(`1e${k}`); // exact, unlike 10 ** -5
      ticks.push(at(value, k >= -2 && k <= 3 ? String(value) : `1e${k}`));
    }
    return ticks;
  }
  const vlo = scale.kind === 'log' ? 10 ** lo : lo;
  const vhi = scale.kind === 'log' ? 10 ** hi : hi;
  const step = niceStep((vhi - vlo) / Math.max(1, maxTicks));
  if (!(step > 0)) return [];
  const values: number[] = [];
  for (let v = Math.ceil(vlo / step) * step; v <= vhi + step * 1e-9; v += step) {
    values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  const labels = formatTicks(values, step);
  return values.map((v, i) => at(v, labels[i] ?? ''));
}

function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 0;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Where parallel coordinates put things, in CSS pixels. */
export interface ParallelLayout {
  width: number;
  height: number;
  /** Pixel of an axis's top (max) and bottom (min). */
  top: number;
  bottom: number;
  /** Where lines go on an axis whose value they lack (the "missing" slot under the axis). */
  missingY: number;
  xs: Float64Array;
}

/** Evenly spaced axes with room for labels above and the missing slot and extremes below. */
export function parallelLayout(width: number, height: number, axisCount: number): ParallelLayout {
  const top = 50;
  const bottom = Math.max(top + 20, height - 42);
  const side = 64;
  const xs = new Float64Array(axisCount);
  const span = Math.max(0, width - 2 * side);
  for (let i = 0; i < axisCount; i++) {
    xs[i] = axisCount === 1 ? width / 2 : side + (span * i) / (axisCount - 1);
  }
  return { width, height, top, bottom, missingY: bottom + 26, xs };
}

/** The shown axes (unknown ids dropped) with their scales on the layout's vertical range. */
export function parallelScales(
  table: HyperTable,
  axisIds: readonly string[],
  logAxes: ReadonlySet<string>,
  top: number,
  bottom: number
): { axes: HyperAxis[]; scales: AxisScale[] } {
  const byId = new Map(table.axes.map((a) => [a.id, a] as const));
  const axes: HyperAxis[] = [];
  for (const id of axisIds) {
    const axis = byId.get(id);
    if (axis) axes.push(axis);
  }
  const scales = axes.map((a) =>
    axisScale(a, a.kind === 'numeric' && logAxes.has(a.id), bottom, top)
  );
  return { axes, scales };
}

/**
 * 1 for each run that passes every brush, else 0. A run whose value on a brushed axis is missing
 * fails that brush. Brushes on axes the table does not have are ignored.
 */
export function runsPassingBrushes(table: HyperTable, brushes: readonly AxisBrush[]): Uint8Array {
  const n = table.runKeys.length;
  const pass = new Uint8Array(n).fill(1);
  for (const brush of brushes) {
    const axis = table.axes.find((a) => a.id === brush.axis);
    if (!axis) continue;
    const { values } = axis;
    if (brush.kind === 'range') {
      const lo = Math.min(brush.lo, brush.hi);
      const hi = Math.max(brush.lo, brush.hi);
      for (let r = 0; r < n; r++) {
        const v = values[r]!;
        if (!(v >= lo && v <= hi)) pass[r] = 0;
      }
    } else {
      const keep = new Uint8Array(axis.categories.length);
      for (const k of brush.keep) if (k >= 0 && k < keep.length) keep[k] = 1;
      for (let r = 0; r < n; r++) {
        const v = values[r]!;
        if (!(Number.isInteger(v) && keep[v] === 1)) pass[r] = 0;
      }
    }
  }
  return pass;
}

/** How many entries of a 0/1 mask are 1. */
export function countActive(mask: Uint8Array): number {
  let count = 0;
  for (const m of mask) count += m;
  return count;
}

/** Drags shorter than this many pixels are clicks, not brushes. */
export const MIN_BRUSH_PX = 3;

/**
 * The brush a vertical drag from pixel `a` to `b` makes on an axis: the value range covered
 * (numeric), or the categories whose centre it covers (the one under the drag when it covers no
 * centre). Null for a click.
 */
export function brushFromDrag(
  axis: HyperAxis,
  scale: AxisScale,
  a: number,
  b: number
): AxisBrush | null {
  if (Math.abs(a - b) < MIN_BRUSH_PX) return null;
  const pmin = Math.min(scale.p0, scale.p1);
  const pmax = Math.max(scale.p0, scale.p1);
  const lo = Math.min(Math.max(Math.min(a, b), pmin), pmax);
  const hi = Math.min(Math.max(Math.max(a, b), pmin), pmax);
  if (scale.kind === 'categorical') {
    const keep: number[] = [];
    for (let i = 0; i < scale.categories.length; i++) {
      const px = valueToPixel(scale, i);
      if (px >= lo && px <= hi) keep.push(i);
    }
    if (keep.length === 0 && scale.categories.length > 0)
      keep.push(pixelToValue(scale, (lo + hi) / 2));
    return { axis: axis.id, kind: 'categories', keep };
  }
  if (hi - lo < MIN_BRUSH_PX) return null;
  const v1 = pixelToValue(scale, lo);
  const v2 = pixelToValue(scale, hi);
  return { axis: axis.id, kind: 'range', lo: Math.min(v1, v2), hi: Math.max(v1, v2) };
}

/** Pixel spans [from, to] (from < to) a brush covers on its axis, for drawing and hit-testing. */
export function brushSpans(scale: AxisScale, brush: AxisBrush): [number, number][] {
  const pmin = Math.min(scale.p0, scale.p1);
  const pmax = Math.max(scale.p0, scale.p1);
  const clamp = (p: number) => Math.min(Math.max(p, pmin), pmax);
  if (brush.kind === 'range') {
    // A log axis cannot show non-positive bounds: they sit at its lower end.
    const lo = scale.kind === 'log' && !(brush.lo > 0) ? scale.p0 : valueToPixel(scale, brush.lo);
    const hi = valueToPixel(scale, brush.hi);
    const p = [clamp(lo), clamp(Number.isFinite(hi) ? hi : scale.p0)].sort((x, y) => x - y);
    return [[p[0]!, p[1]!]];
  }
  const band = Math.abs(scale.p1 - scale.p0) / Math.max(1, scale.categories.length);
  return [...brush.keep]
    .sort((x, y) => x - y)
    .map((k) => {
      const c = valueToPixel(scale, k);
      return [c - band / 2 + 1, c + band / 2 - 1] as [number, number];
    })
    .filter(([p, q]) => Number.isFinite(p) && Number.isFinite(q));
}

/** Everything a parallel-coordinates draw needs, computed once per table/axes/size change. */
export interface ParallelGeometry {
  layout: ParallelLayout;
  axes: HyperAxis[];
  scales: AxisScale[];
  /** Pixel y of run r on shown axis i at `ys[r * axes.length + i]` (missingY when missing). */
  ys: Float32Array;
  /** Runs missing a drawable value, per shown axis. */
  missing: Int32Array;
}

/** Lays out the shown axes and projects every run onto them (one pass per axis). */
export function parallelGeometry(
  table: HyperTable,
  axisIds: readonly string[],
  logAxes: ReadonlySet<string>,
  width: number,
  height: number
): ParallelGeometry {
  const known = axisIds.filter((id) => table.axes.some((a) => a.id === id));
  const layout = parallelLayout(width, height, known.length);
  const { axes, scales } = parallelScales(table, known, logAxes, layout.top, layout.bottom);
  const k = axes.length;
  const ys = new Float32Array(table.runKeys.length * k);
  const missing = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    missing[i] = projectAxis(axes[i]!, scales[i]!, ys, i, k, layout.missingY);
  }
  return { layout, axes, scales, ys, missing };
}

/** Plot area of a scatter plot inside a width × height box. */
export interface ScatterFrame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Room for tick labels on the left and below. */
export function scatterFrame(width: number, height: number, compact = false): ScatterFrame {
  if (compact) return { left: 4, right: width - 4, top: 4, bottom: height - 4 };
  return { left: 64, right: width - 14, top: 12, bottom: height - 40 };
}

/** Deterministic jitter in [-0.5, 0.5) per run, to spread points on a categorical axis. */
export function jitter(r: number, salt: number): number {
  const h = Math.imul(r + 1, 2654435761) ^ Math.imul(salt + 7, 40503);
  return ((h >>> 8) & 0xffff) / 0x10000 - 0.5;
}

/**
 * Pixel x and y of every run (NaN where either value is missing), with categorical values
 * spread over 60% of their band. Returns how many runs have both values.
 */
export function projectPoints(
  xAxis: HyperAxis,
  yAxis: HyperAxis,
  xScale: AxisScale,
  yScale: AxisScale,
  xs: Float32Array,
  ys: Float32Array
): number {
  projectAxis(xAxis, xScale, xs, 0, 1, NaN);
  projectAxis(yAxis, yScale, ys, 0, 1, NaN);
  const spread = (scale: AxisScale) =>
    scale.kind === 'categorical' ? (0.6 * (scale.p1 - scale.p0)) / (scale.d1 - scale.d0) : 0;
  const sx = spread(xScale);
  const sy = spread(yScale);
  let shown = 0;
  for (let r = 0; r < xs.length; r++) {
    if (Number.isNaN(xs[r]!) || Number.isNaN(ys[r]!)) {
      xs[r] = NaN;
      ys[r] = NaN;
      continue;
    }
    shown += 1;
    if (sx !== 0) xs[r]! += jitter(r, 1) * sx;
    if (sy !== 0) ys[r]! += jitter(r, 2) * sy;
  }
  return shown;
}
