/**
 * Builds what one metric chart draws, sized for the screen, from full-resolution run lines.
 *
 * uPlot wants one shared x array, so every line is aligned to it:
 * - exact: when each run has no more points in range than the plot has pixel columns, x is the
 *   union of the runs' x values and every point is drawn where it was recorded;
 * - envelope: otherwise every run is reduced onto the same pixel grid, keeping the min and the
 *   max of each column in the order they occurred, so every spike and dip stays visible;
 * - group: runs are grouped and each group's centre and band are computed on a shared grid
 *   (see stats/group-series.ts for how unequal lengths and misaligned steps are handled).
 * Smoothing always runs on the full-resolution line, before any reduction.
 */
import { envelopeOnGrid, gridSlotsX, visibleIndexRange, type PixelGrid } from '../stats/envelope';
import { aggregateLines, evaluationGrid } from '../stats/group-series';
import { smoothSeries, type Smoothing } from '../stats/smoothing';
import type { ChartFrame, ChartLine, ChartRequest } from './compare-types';
import { bandMetricsOf } from './metric-bands';
import { alignToUnion, bandSlices, insideRange, unionX } from './frame-alignment';
import type { RunLine } from './run-lines';
import { clipNote, clipsTooManyRuns, countClipped, robustYRange } from './y-range';

/** A run ready to draw: its full line, its smoothed values (when smoothing is on), its group. */
export interface FrameRun {
  key: string;
  label: string;
  line: RunLine | null;
  smoothed: Float64Array | null;
  group: string | null;
  /**
   * The line's own band (`<metric>__min` and `__max` of the same run, see metric-bands.ts) on the
   * same x axis; drawn shaded around the line, never around a group.
   */
  band?: { lo: RunLine; hi: RunLine } | null;
  /**
   * Raw envelopes already computed for this line, by grid: a smoothing change redraws the same
   * raw line on the same grid. Owned by the caller, who bounds it.
   */
  envelopes?: Map<string, Float64Array>;
  /** The line is a server's sampled overview, not every point (MetricSummary.sampled). */
  sampled?: boolean;
}

/** Exact alignment stops paying off past this many cells (lines × shared x values). */
const EXACT_CELL_LIMIT = 2_000_000;

const integer = new Intl.NumberFormat('en-US');

/** The x extent of the lines (positive x only on a log axis), or null when there is no point. */
function extentOf(runs: FrameRun[], logX: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { line } of runs) {
    if (!line || line.x.length === 0) continue;
    let first = line.x[0]!;
    if (logX && first <= 0) {
      const i = visibleIndexRange(line.x, Number.MIN_VALUE, Infinity)[0];
      const at = line.x[i] !== undefined && line.x[i]! <= 0 ? i + 1 : i;
      if (at >= line.x.length) continue;
      first = line.x[at]!;
    }
    lo = Math.min(lo, first);
    hi = Math.max(hi, line.x[line.x.length - 1]!);
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Smooths the finite stretch of a group's values (a group line has gaps where n = 0). */
function smoothWithGaps(x: Float64Array, values: Float64Array, s: Smoothing): Float64Array {
  // Typed arrays and indexed loops: this runs for the centre and both band edges of every group.
  const keep = new Uint32Array(values.length);
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! - values[i]! === 0) keep[kept++] = i;
  if (kept === values.length) return smoothSeries(x, values, s);
  const xs = new Float64Array(kept);
  const ys = new Float64Array(kept);
  for (let k = 0; k < kept; k++) {
    xs[k] = x[keep[k]!]!;
    ys[k] = values[keep[k]!]!;
  }
  const smoothed = smoothSeries(xs, ys, s);
  const out = new Float64Array(values.length).fill(NaN);
  for (let k = 0; k < kept; k++) out[keep[k]!] = smoothed[k]!;
  return out;
}

function describePoints(
  mode: 'exact' | 'envelope',
  points: number,
  notDrawn: number,
  sampled: boolean
): string {
  let note =
    mode === 'exact'
      ? sampled
        ? `${integer.format(points)} ${points === 1 ? 'point' : 'points'} drawn`
        : points === 1
          ? 'the only point'
          : `all ${integer.format(points)} points`
      : `min/max envelope of ${integer.format(points)} points`;
  if (notDrawn > 0) note += ` (${integer.format(notDrawn)} not drawable: NaN, infinite or no x)`;
  return note;
}

/** A log y axis cannot show zero or negative values: they become gaps, counted in the note. */
function dropNonPositive(lines: ChartLine[]): number {
  let dropped = 0;
  const clean = (values: Float64Array | null | undefined) => {
    if (!values) return;
    for (let i = 0; i < values.length; i++) {
      if (values[i]! <= 0) {
        values[i] = NaN;
        dropped++;
      }
    }
  };
  for (const l of lines) {
    const before = dropped;
    clean(l.raw);
    const counted = dropped;
    clean(l.smoothed);
    clean(l.lo);
    clean(l.hi);
    dropped = before + (counted - before);
  }
  return dropped;
}

/** The chart frame for a request, from the runs' full lines. */
export function buildChartFrame(request: ChartRequest, runs: FrameRun[]): ChartFrame {
  const { frame, slices } = buildLinearFrame(request, runs);
  if (request.logY) {
    const dropped = dropNonPositive(frame.lines);
    if (dropped > 0) frame.note += `; ${integer.format(dropped)} values ≤ 0 left off the log axis`;
  }
  clipY(frame, slices, request);
  markSampled(request, frame, runs, slices);
  return frame;
}

/**
 * Says when lines are a server's sampled overview rather than every point, and which runs to
 * complete: the page fetches their full histories on zoom or when asked (docs/mlflow-server.md).
 */
function markSampled(
  request: ChartRequest,
  frame: ChartFrame,
  runs: FrameRun[],
  slices: Slice[]
): void {
  const sampled = runs.filter((r) => r.sampled && r.line && r.line.x.length > 0);
  if (sampled.length === 0) return;
  // An x axis that is another metric is completed with the line: they pair by step.
  const x = request.xAxis.kind === 'metric' ? request.xAxis.key : null;
  const metrics = x !== null && x !== frame.metric ? [frame.metric, x] : [frame.metric];
  frame.sampled = { runKeys: sampled.map((r) => r.key), metrics };
  const points = slices.filter((s) => s.run.sampled).reduce((sum, s) => sum + (s.to - s.from), 0);
  const withLine = runs.filter((r) => r.line && r.line.x.length > 0).length;
  const which =
    sampled.length === withLine
      ? ''
      : ` for ${integer.format(sampled.length)} of ${integer.format(withLine)} runs`;
  const sampledNote =
    `sampled: ${integer.format(points)} ${points === 1 ? 'point' : 'points'} of MLflow's overview${which}` +
    ' — zoom or load every point';
  // Every line sampled and drawn point for point: the count above says it all.
  frame.note =
    which === '' && frame.mode === 'exact' ? sampledNote : `${sampledNote}; ${frame.note}`;
}

/**
 * The y range that leaves far values out (see y-range.ts), counted on the full-resolution
 * points in range; applied unless the person asked for the full range of this chart.
 */
function clipY(frame: ChartFrame, slices: Slice[], request: ChartRequest): void {
  const drawn: Float64Array[] = [];
  for (const l of frame.lines) for (const c of [l.raw, l.lo, l.hi]) if (c) drawn.push(c);
  const mode = request.ignoreOutliers ? 'percentile' : 'far';
  const range = robustYRange(drawn, mode, request.logY);
  if (!range) return;
  const counts = countClipped(
    slices.map((s) => ({ label: s.run.label, y: s.y.subarray(s.from, s.to) })),
    range,
    request.logY
  );
  if (counts.length === 0) return;
  if (mode === 'far' && clipsTooManyRuns(counts.length, slices.length)) return;
  const points = counts.reduce((sum, c) => sum + c.points, 0);
  frame.yClip = { range, points, note: clipNote(counts) };
  if (!request.fullY) frame.yRobust = range;
}

function buildLinearFrame(
  request: ChartRequest,
  runs: FrameRun[]
): { frame: ChartFrame; slices: Slice[] } {
  const xExtent = extentOf(runs, request.logX);
  const notDrawn = runs.reduce((sum, r) => sum + (r.line?.notDrawn ?? 0), 0);
  const runsWithout = runs.filter((r) => !r.line || r.line.x.length === 0).length;
  const empty: ChartFrame = {
    metric: request.metric,
    xAxis: request.xAxis,
    xNote: null,
    x: new Float64Array(0),
    lines: [],
    mode: 'exact',
    points: 0,
    notDrawn,
    runsWithout,
    xExtent,
    yRobust: null,
    yClip: null,
    note: 'no points to draw'
  };
  if (!xExtent) return { frame: empty, slices: [] };
  let [lo, hi] = request.xRange ?? xExtent;
  if (request.logX && lo <= 0) lo = xExtent[0];
  if (hi < lo) [lo, hi] = [hi, lo];

  const slices = runs
    .filter((r): r is FrameRun & { line: RunLine } => r.line !== null && r.line.x.length > 0)
    .map((r) => {
      const [from, to] = insideRange(r.line.x, lo, hi);
      return { run: r, x: r.line.x, y: r.line.y, from, to };
    });
  const points = slices.reduce((sum, s) => sum + (s.to - s.from), 0);
  // A zoom into a stretch no run logged: say so rather than draw an empty plot.
  if (points === 0) {
    const note = request.xRange ? 'no points in this range' : empty.note;
    return { frame: { ...empty, note }, slices: [] };
  }
  const columns = Math.max(16, Math.round(request.columns));

  if (request.group) {
    const counts = { points, notDrawn, runsWithout, xExtent, columns };
    return { frame: groupFrame(request, slices, counts), slices };
  }

  const widest = slices.reduce((m, s) => Math.max(m, s.to - s.from), 0);
  let lines: ChartLine[];
  let x: Float64Array;
  let mode: 'exact' | 'envelope';
  const bands = bandSlices(slices, lo, hi);
  const union = widest <= columns ? unionX([...slices, ...bands.flatMap((b) => b ?? [])]) : null;
  if (union && union.length * slices.length <= EXACT_CELL_LIMIT) {
    mode = 'exact';
    x = union;
    lines = slices.map(({ run, x: rx, y, from, to }, i): ChartLine => {
      const line: ChartLine = {
        id: run.key,
        label: run.label,
        kind: 'run',
        raw: alignToUnion(rx, y, from, to, union),
        smoothed: run.smoothed ? alignToUnion(rx, run.smoothed, from, to, union) : null
      };
      const band = bands[i];
      if (band) {
        line.lo = alignToUnion(band[0].x, band[0].y, band[0].from, band[0].to, union);
        line.hi = alignToUnion(band[1].x, band[1].y, band[1].from, band[1].to, union);
      }
      return line;
    });
  } else {
    mode = 'envelope';
    const grid: PixelGrid = { xMin: lo, xMax: hi, columns, logX: request.logX };
    x = gridSlotsX(grid);
    const gridKey = `${lo}|${hi}|${columns}|${request.logX}`;
    lines = slices.map(({ run, x: rx, y, from, to }, i) => {
      let cached = run.envelopes?.get(gridKey);
      if (!cached) {
        cached = new Float64Array(columns * 2);
        envelopeOnGrid(rx, y, grid, cached, from, to);
        run.envelopes?.set(gridKey, cached);
      }
      // Frames are transferred to the page: the cache keeps its own copy.
      const raw = run.envelopes ? cached.slice() : cached;
      let smoothed: Float64Array | null = null;
      if (run.smoothed) {
        smoothed = new Float64Array(columns * 2);
        envelopeOnGrid(rx, run.smoothed, grid, smoothed, from, to);
      }
      const line: ChartLine = { id: run.key, label: run.label, kind: 'run', raw, smoothed };
      const band = bands[i];
      if (band) {
        // Each edge's own envelope: the slot pairs keep the band's lowest and highest values.
        [line.lo, line.hi] = band.map((edge) => {
          const out = new Float64Array(columns * 2);
          envelopeOnGrid(edge.x, edge.y, grid, out, edge.from, edge.to);
          return out;
        });
      }
      return line;
    });
  }
  const frame: ChartFrame = {
    metric: request.metric,
    xAxis: request.xAxis,
    xNote: null,
    x,
    lines,
    mode,
    points,
    notDrawn,
    runsWithout,
    xExtent,
    yRobust: null,
    yClip: null,
    note: describePoints(
      mode,
      points,
      notDrawn,
      slices.some((sl) => sl.run.sampled)
    )
  };
  // Say what the shading is: a run's band looks like a group's but is the file's own.
  const banded = lines.filter((l) => l.lo).length;
  if (banded > 0) {
    const { lo: low, hi: high } = bandMetricsOf(request.metric);
    frame.note += `; shaded: ${low} to ${high} of ${banded === 1 ? '1 line' : `${banded} lines`}`;
  }
  return { frame, slices };
}

interface FrameCounts {
  points: number;
  notDrawn: number;
  runsWithout: number;
  xExtent: [number, number];
  columns: number;
}

type Slice = { run: FrameRun; x: Float64Array; y: Float64Array; from: number; to: number };

/** Groups' centre lines with their bands, on one grid shared by every group. */
function groupFrame(request: ChartRequest, slices: Slice[], counts: FrameCounts): ChartFrame {
  const settings = request.group!;
  const byGroup = new Map<string, Slice[]>();
  for (const s of slices) {
    const label = s.run.group ?? '(none)';
    let members = byGroup.get(label);
    if (!members) byGroup.set(label, (members = []));
    members.push(s);
  }
  const asLines = (members: Slice[]) =>
    members.map((s) => ({ x: s.x.subarray(s.from, s.to), y: s.y.subarray(s.from, s.to) }));
  const grid = evaluationGrid(asLines(slices), counts.columns * 2);
  const labels = [...byGroup.keys()].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true })
  );
  const smoothing = request.smoothing.kind === 'none' ? null : request.smoothing;
  const lines: ChartLine[] = labels.map((label) => {
    const members = byGroup.get(label)!;
    const agg = aggregateLines(asLines(members), grid, settings.center, settings.band);
    const center = smoothing ? smoothWithGaps(agg.x, agg.center, smoothing) : null;
    const lo = smoothing ? smoothWithGaps(agg.x, agg.lo, smoothing) : agg.lo;
    const hi = smoothing ? smoothWithGaps(agg.x, agg.hi, smoothing) : agg.hi;
    return {
      id: `group:${label}`,
      label,
      kind: 'group',
      raw: agg.center,
      smoothed: center,
      lo,
      hi,
      n: agg.n,
      members: members.map((m) => m.run.key)
    };
  });
  const exact = grid.length < counts.columns * 2;
  const note =
    `${slices.length} ${slices.length === 1 ? 'run' : 'runs'} in ${labels.length} ${labels.length === 1 ? 'group' : 'groups'}, ` +
    `${settings.center} at ${exact ? 'every recorded x' : `${integer.format(grid.length)} evenly spaced x`}` +
    ` from ${integer.format(counts.points)} points; each run counts only between its first and last point, linearly interpolated between its own points`;
  return {
    metric: request.metric,
    xAxis: request.xAxis,
    xNote: null,
    x: grid,
    lines,
    mode: 'group',
    points: counts.points,
    notDrawn: counts.notDrawn,
    runsWithout: counts.runsWithout,
    xExtent: counts.xExtent,
    yRobust: null,
    yClip: null,
    note
  };
}
