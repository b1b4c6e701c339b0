/**
 * uPlot options and aligned data for a comparison chart frame. Each run gives one series (its
 * raw line, faint when a smoothed line is drawn over it) and, with smoothing, a second one;
 * each group gives its centre plus two invisible series that bound its band.
 */
import uPlot from 'uplot';
import type { ChartFrame, ChartLine } from '../compare/compare-types';

/** A chart line as uPlot takes it: arrays with null for gaps (uPlot skips null, not NaN). */
export interface DrawnLine extends Omit<ChartLine, 'raw' | 'smoothed' | 'lo' | 'hi' | 'n'> {
  raw: (number | null)[];
  smoothed: (number | null)[] | null;
  lo?: (number | null)[];
  hi?: (number | null)[];
  n?: number[];
}

export interface DrawnFrame extends Omit<ChartFrame, 'x' | 'lines'> {
  x: number[];
  lines: DrawnLine[];
}

function nullable(values: Float64Array): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/**
 * The frame as uPlot takes it. The worker sends typed arrays (transferred, not copied); this
 * one pass over screen-sized arrays turns their NaN gaps into null.
 */
export function toDrawnFrame(frame: ChartFrame): DrawnFrame {
  return {
    ...frame,
    x: Array.from(frame.x),
    lines: frame.lines.map((l) => ({
      ...l,
      raw: nullable(l.raw),
      smoothed: l.smoothed ? nullable(l.smoothed) : null,
      lo: l.lo ? nullable(l.lo) : undefined,
      hi: l.hi ? nullable(l.hi) : undefined,
      n: l.n ? Array.from(l.n) : undefined
    }))
  };
}
import { ELAPSED_INCREMENTS, formatElapsed, formatLogTicks, formatTicks } from './axis-format';

export interface ChartLook {
  colors: (line: DrawnLine, index: number) => string;
  text: string;
  grid: string;
  logX: boolean;
  logY: boolean;
  timeX: boolean;
  /** x is seconds since each run began: labelled as a clock. */
  elapsedX: boolean;
  showRaw: boolean;
  height: number;
  width: number;
  /** The runs' line width; a group's line is drawn wider, a faint raw line stays thin. */
  lineWidth: number;
  /** The pinned baseline run's key: its line is drawn about twice as wide. */
  baseline?: string | null;
}

/** Whether a line is the baseline run's (in an overlay, under each metric). */
export function isBaselineLine(
  line: Pick<DrawnLine, 'id' | 'kind' | 'source'>,
  baseline?: string | null
) {
  return !!baseline && line.kind === 'run' && (line.source ?? line.id) === baseline;
}

/** A drawn uPlot series and what it shows, in series order (index 0 is x). */
export interface SeriesSlot {
  line: DrawnLine;
  role: 'raw' | 'smoothed' | 'center' | 'lo' | 'hi';
}

/** Colour with an alpha channel, from #rrggbb. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${m[1]}${a}`;
}

/** Which series a frame draws, in order. */
export function seriesSlots(frame: DrawnFrame, showRaw: boolean): SeriesSlot[] {
  const slots: SeriesSlot[] = [];
  for (const line of frame.lines) {
    if (line.kind === 'group') {
      slots.push({ line, role: 'lo' }, { line, role: 'hi' });
      slots.push({ line, role: line.smoothed ? 'smoothed' : 'center' });
      continue;
    }
    // A run's own band (metric-bands.ts) is filled under its line, as a group's is.
    if (line.lo && line.hi) slots.push({ line, role: 'lo' }, { line, role: 'hi' });
    if (!line.smoothed || showRaw) slots.push({ line, role: 'raw' });
    if (line.smoothed) slots.push({ line, role: 'smoothed' });
  }
  return slots;
}

/** The values a slot draws. */
function slotValues({ line, role }: SeriesSlot): (number | null)[] {
  return role === 'lo'
    ? line.lo!
    : role === 'hi'
      ? line.hi!
      : role === 'smoothed'
        ? line.smoothed!
        : line.raw;
}

/** The aligned data uPlot draws: x, then one array per slot. */
export function alignedData(frame: DrawnFrame, slots: SeriesSlot[]): uPlot.AlignedData {
  return [frame.x, ...slots.map(slotValues)] as uPlot.AlignedData;
}

/** A line of one point draws nothing: it gets a dot. */
export function isSinglePoint(slot: SeriesSlot): boolean {
  let seen = 0;
  for (const v of slotValues(slot)) if (v !== null && ++seen > 1) return false;
  return seen === 1;
}

/** The slot drawn as a line's own (its smoothed line, else its raw or centre line), or -1. */
export function focusSlot(slots: readonly SeriesSlot[], lineId: string): number {
  let found = -1;
  slots.forEach((s, i) => {
    if ((s.line.source ?? s.line.id) !== lineId || s.role === 'lo' || s.role === 'hi') return;
    if (found < 0 || s.role === 'smoothed') found = i;
  });
  return found;
}

/** A string that changes when the chart must be rebuilt rather than given new data. */
export function structureKey(slots: SeriesSlot[], look: ChartLook): string {
  return [
    look.logX,
    look.logY,
    look.timeX,
    look.elapsedX,
    look.lineWidth,
    look.baseline ?? '',
    slots.map((s) => `${s.line.id}:${s.role}`).join('|')
  ].join('/');
}

/** The slots whose values get a marker where they leave the plot: each line's visible one. */
function markedSlots(slots: SeriesSlot[]): number[] {
  const out: number[] = [];
  slots.forEach((slot, i) => {
    const hasRaw = slots.some((s) => s.line === slot.line && s.role === 'raw');
    if (slot.role === 'raw' || slot.role === 'center' || (slot.role === 'smoothed' && !hasRaw)) {
      out.push(i + 1);
    }
  });
  return out;
}

/**
 * Draws a small triangle at the plot's top (bottom) edge where a line's value lies above
 * (below) the y range: a clipped outlier is still drawn, and marked. Marks every pixel column
 * once per line.
 */
function drawClipMarkers(u: uPlot, seriesIdx: number[], colors: string[]): void {
  const { ctx, bbox } = u;
  const yMin = u.scales.y!.min!;
  const yMax = u.scales.y!.max!;
  const size = 5 * uPlot.pxRatio;
  const xs = u.data[0];
  ctx.save();
  for (const [k, si] of seriesIdx.entries()) {
    const ys = u.data[si]!;
    ctx.fillStyle = colors[k]!;
    let lastColumn = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i];
      if (v === null || v === undefined || (v <= yMax && v >= yMin)) continue;
      const px = Math.round(u.valToPos(xs[i]!, 'x', true));
      if (px < bbox.left || px > bbox.left + bbox.width || px === lastColumn) continue;
      lastColumn = px;
      const above = v > yMax;
      const edge = above ? bbox.top : bbox.top + bbox.height;
      const base = above ? edge + size * 1.4 : edge - size * 1.4;
      ctx.beginPath();
      ctx.moveTo(px, edge);
      ctx.lineTo(px - size, base);
      ctx.lineTo(px + size, base);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.restore();
}

/** The uPlot options for a frame's slots. */
export function chartOptions(
  slots: SeriesSlot[],
  look: ChartLook,
  hooks: uPlot.Hooks.Arrays,
  ranges: { x: () => [number, number] | null; y: () => [number, number] | null },
  /** Told each axis's labels when they are made (the chart shows them to browser tests). */
  onLabels?: (axis: 'x' | 'y', labels: string[]) => void
): uPlot.Options {
  const axis: uPlot.Axis = {
    stroke: look.text,
    grid: { stroke: look.grid, width: 1 },
    ticks: { stroke: look.grid, width: 1 }
  };
  const valuesFor =
    (axis: 'x' | 'y', log: boolean, elapsed = false): uPlot.Axis['values'] =>
    (_u, splits, _i, _space, increment) => {
      const labels = elapsed
        ? splits.map((v) => formatElapsed(v, increment))
        : log
          ? formatLogTicks(splits)
          : formatTicks(splits, increment);
      onLabels?.(axis, labels);
      return labels;
    };
  const xAxis: uPlot.Axis = look.timeX
    ? axis
    : look.elapsedX && !look.logX
      ? { ...axis, incrs: ELAPSED_INCREMENTS, values: valuesFor('x', false, true) }
      : { ...axis, values: valuesFor('x', look.logX) };
  const lineIndex = new Map<string, number>();
  const series: uPlot.Series[] = [{}];
  const marked = markedSlots(slots);
  const markerColors: string[] = [];
  const bands: uPlot.Band[] = [];
  slots.forEach((slot, i) => {
    if (!lineIndex.has(slot.line.id)) lineIndex.set(slot.line.id, lineIndex.size);
    const color = look.colors(slot.line, lineIndex.get(slot.line.id)!);
    const faint = slot.role === 'raw' && slot.line.smoothed !== null;
    const hidden = slot.role === 'lo' || slot.role === 'hi';
    const dot = !hidden && isSinglePoint(slot);
    const base = !faint && isBaselineLine(slot.line, look.baseline);
    if (marked.includes(i + 1)) markerColors.push(color);
    series.push({
      label: slot.line.label,
      stroke: hidden ? 'transparent' : faint ? withAlpha(color, 0.25) : color,
      width: hidden
        ? 0
        : slot.line.kind === 'group'
          ? look.lineWidth + 0.75
          : faint
            ? 1
            : base
              ? look.lineWidth * 2 + 0.5
              : look.lineWidth,
      ...(slot.line.dash && slot.line.dash.length > 0 && !hidden ? { dash: slot.line.dash } : {}),
      spanGaps: true,
      points: dot ? { show: true, size: 8, fill: color, stroke: color } : { show: false }
    });
    if (slot.role === 'lo') {
      // The hi series follows lo: fill between them.
      bands.push({ series: [i + 2, i + 1], fill: withAlpha(color, 0.18) });
    }
  });
  // One x value (a single point, or runs with one point each) sits in the middle of the plot,
  // not at the left edge of uPlot's default 0–100.
  const aroundOne = (x: number, log: boolean): [number, number] =>
    log ? [x / 10, x * 10] : [x - 1, x + 1];
  const autoRange = (log: boolean) => (_u: uPlot, min: number, max: number) =>
    log ? uPlot.rangeLog(min, max, 10, true) : uPlot.rangeNum(min, max, 0.05, true);
  return {
    width: look.width,
    height: look.height,
    legend: { show: false },
    cursor: {
      sync: { key: 'runlens-compare' },
      drag: { x: true, y: false, setScale: false },
      points: { show: false },
      // The line nearest the pointer (within 16 px) is focused; CompareChart shares it.
      focus: { prox: 16 }
    },
    focus: { alpha: 0.2 },
    scales: {
      x: {
        time: look.timeX,
        distr: look.logX ? 3 : 1,
        // The data's own extent: padding x would put the first step away from the y axis.
        range: (u, min, max) => {
          const zoom = ranges.x();
          if (zoom) return zoom;
          // uPlot widens a single x to 0–100 before asking: centre it instead.
          const xs = u.data[0];
          const only = xs.length > 0 && xs[0] === xs[xs.length - 1] ? xs[0] : undefined;
          if (only !== undefined) return aroundOne(only, look.logX);
          return min < max ? [min, max] : aroundOne(min, look.logX);
        }
      },
      y: {
        distr: look.logY ? 3 : 1,
        range: (u, min, max) => {
          const robust = ranges.y();
          if (!robust) return autoRange(look.logY)(u, min, max);
          const pad = (robust[1] - robust[0]) * 0.1 || Math.abs(robust[0]) * 0.1 || 1;
          return look.logY ? robust : [robust[0] - pad, robust[1] + pad];
        }
      }
    },
    axes: [xAxis, { ...axis, size: 64, values: valuesFor('y', look.logY) }],
    series,
    bands,
    hooks: {
      ...hooks,
      draw: [
        ...(hooks.draw ?? []),
        (u) => {
          if (ranges.y()) drawClipMarkers(u, marked, markerColors);
        }
      ]
    }
  };
}
