/**
 * Where the metric-against-hyperparameter chart draws (../compare/param-lines.ts): the scales,
 * ticks, each line's path and each point with its spread bar and its hover text. Pure, so the
 * component only draws SVG and the unit tests check the geometry.
 */
import type { ParamLines } from '../compare/param-lines';
import type { CellSpread } from '../results-table/types';
import {
  axisTicks,
  formatValue,
  numericScale,
  scatterFrame,
  valueToPixel,
  type AxisScale,
  type ScatterFrame,
  type Tick
} from './hyper/parallel-axes';

export interface ParamPointShape {
  cx: number;
  cy: number;
  /** The spread bar's ends (pixels), or null when the point has one run. */
  bar: [number, number] | null;
  /** "lr = 0.01 · resnet: 0.912 ± 0.004 (n = 3)". */
  text: string;
}

export interface ParamLineShape {
  label: string;
  /** SVG path through the points in x order ("" with fewer than two drawable points). */
  path: string;
  points: ParamPointShape[];
}

export interface ParamLinesGeometry {
  frame: ScatterFrame;
  xTicks: Tick[];
  yTicks: Tick[];
  lines: ParamLineShape[];
  /** Points not drawable on a log x (zero or negative values). */
  hidden: number;
}

const spreadOf = (p: { std: number; ci95: number }, spread: CellSpread) =>
  spread === 'std' ? p.std : p.ci95;

export function paramLinesGeometry(
  data: ParamLines,
  width: number,
  height: number,
  options: { logX: boolean; spread: CellSpread }
): ParamLinesGeometry {
  const frame = scatterFrame(width, height);
  const logX = data.numeric && options.logX;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const line of data.lines) {
    for (const p of line.points) {
      if (logX && !(p.x > 0)) continue;
      xMin = Math.min(xMin, p.x);
      xMax = Math.max(xMax, p.x);
      const s = spreadOf(p, options.spread);
      const lo = Number.isFinite(s) ? p.mean - s : p.mean;
      const hi = Number.isFinite(s) ? p.mean + s : p.mean;
      yMin = Math.min(yMin, lo);
      yMax = Math.max(yMax, hi);
    }
  }
  // A little room inside the frame so end points and bars are not cut by it.
  const inset = 10;
  const xScale: AxisScale = data.numeric
    ? numericScale(xMin, xMax, logX, frame.left + inset, frame.right - inset)
    : {
        kind: 'categorical',
        d0: 0,
        d1: Math.max(1, data.categories.length),
        p0: frame.left,
        p1: frame.right,
        categories: data.categories
      };
  const yScale = numericScale(yMin, yMax, false, frame.bottom - inset, frame.top + inset);
  const xName = data.spec.x.key;
  let hidden = 0;
  const lines = data.lines.map((line) => {
    const points: ParamPointShape[] = [];
    for (const p of line.points) {
      const cx = valueToPixel(xScale, p.x);
      if (!Number.isFinite(cx)) {
        hidden += 1;
        continue;
      }
      const s = spreadOf(p, options.spread);
      const bar: [number, number] | null = Number.isFinite(s)
        ? [valueToPixel(yScale, p.mean - s), valueToPixel(yScale, p.mean + s)]
        : null;
      const spreadText = Number.isFinite(s) ? ` ± ${formatValue(s)}` : '';
      const lineText = data.spec.lines ? ` · ${line.label}` : '';
      points.push({
        cx,
        cy: valueToPixel(yScale, p.mean),
        bar,
        text: `${xName} = ${p.label}${lineText}: ${formatValue(p.mean)}${spreadText} (n = ${p.n})`
      });
    }
    const path =
      points.length < 2
        ? ''
        : points
            .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.cx.toFixed(1)},${p.cy.toFixed(1)}`)
            .join('');
    return { label: line.label, path, points };
  });
  const maxXTicks = Math.max(2, Math.floor((frame.right - frame.left) / 90));
  let xTicks = axisTicks(xScale, maxXTicks);
  // Every category is a tick; past the room for their labels, every k-th one is labelled.
  if (xTicks.length > maxXTicks) {
    const every = Math.ceil(xTicks.length / maxXTicks);
    xTicks = xTicks.filter((_, i) => i % every === 0);
  }
  return {
    frame,
    xTicks,
    yTicks: axisTicks(yScale, 5),
    lines,
    hidden
  };
}
