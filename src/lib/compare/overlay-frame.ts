/**
 * An overlay panel (issue 16, item 1): several metrics on one chart, as train and val loss. Each
 * metric's frame is asked for as usual; this merges them onto one x (the union of their x
 * values) with every line named by run and metric and drawn with its metric's dash.
 */
import type { ChartFrame, ChartLine } from './compare-types';

/** Dashes for the overlaid metrics, in order: the first solid, the next ones dashed apart. */
export const OVERLAY_DASHES: readonly (readonly number[])[] = [[], [7, 4], [2, 3], [10, 3, 2, 3]];

/** Between a metric and a line id in an overlay line's id (not a character of either). */
const SEPARATOR = '\u001f';

/** The short name of a metric in a line label: its last path part (`val/loss` → `loss`)... */
export function overlayMetricName(metric: string, metrics: readonly string[]): string {
  const last = metric.slice(metric.lastIndexOf('/') + 1);
  // ...unless another overlaid metric ends the same way (`train/loss`, `val/loss`): then whole.
  const clash = metrics.some((m) => m !== metric && m.slice(m.lastIndexOf('/') + 1) === last);
  return clash ? metric : last;
}

/** The frames of `metrics` (same order) as one frame. */
export function overlayFrames(
  frames: readonly ChartFrame[],
  metrics: readonly string[]
): ChartFrame {
  const first = frames[0];
  if (!first) throw new Error('An overlay needs at least one metric');
  const xs = unionX(frames.map((f) => f.x));
  const position = new Map<number, number>();
  xs.forEach((x, i) => position.set(x, i));
  const lines: ChartLine[] = [];
  frames.forEach((frame, m) => {
    const metric = metrics[m] ?? frame.metric;
    const index = Int32Array.from(frame.x, (x) => position.get(x)!);
    const spread = (values: Float64Array) => {
      const out = new Float64Array(xs.length).fill(NaN);
      for (let i = 0; i < index.length; i++) out[index[i]!] = values[i]!;
      return out;
    };
    for (const line of frame.lines) {
      lines.push({
        ...line,
        id: `${metric}${SEPARATOR}${line.id}`,
        source: line.source ?? line.id,
        metric,
        dash: [...OVERLAY_DASHES[m % OVERLAY_DASHES.length]!],
        label: `${line.label} · ${overlayMetricName(metric, metrics)}`,
        runLabel: line.runLabel ?? line.label,
        raw: spread(line.raw),
        smoothed: line.smoothed ? spread(line.smoothed) : null,
        lo: line.lo ? spread(line.lo) : undefined,
        hi: line.hi ? spread(line.hi) : undefined,
        n: line.n ? Uint32Array.from(spread(Float64Array.from(line.n)), (v) => v || 0) : undefined
      });
    }
  });
  const sum = (pick: (f: ChartFrame) => number) => frames.reduce((t, f) => t + pick(f), 0);
  const extents = frames.map((f) => f.xExtent).filter((e): e is [number, number] => e !== null);
  // A frame fitting every value (no robust range) makes the overlay fit every value too.
  const robust = frames.every((f) => f.yRobust !== null);
  const clipped = frames.filter((f) => f.yClip !== null);
  return {
    metric: metrics.join(' + '),
    xAxis: first.xAxis,
    xNote: frames.map((f) => f.xNote).find((n) => n !== null) ?? null,
    x: Float64Array.from(xs),
    lines,
    mode: frames.some((f) => f.mode === 'group')
      ? 'group'
      : frames.some((f) => f.mode === 'envelope')
        ? 'envelope'
        : 'exact',
    points: sum((f) => f.points),
    notDrawn: sum((f) => f.notDrawn),
    runsWithout: Math.max(...frames.map((f) => f.runsWithout)),
    xExtent:
      extents.length === 0
        ? null
        : [Math.min(...extents.map((e) => e[0])), Math.max(...extents.map((e) => e[1]))],
    yRobust: robust
      ? [
          Math.min(...frames.map((f) => f.yRobust![0])),
          Math.max(...frames.map((f) => f.yRobust![1]))
        ]
      : null,
    yClip:
      robust && clipped.length > 0
        ? {
            range: [
              Math.min(...frames.map((f) => f.yRobust![0])),
              Math.max(...frames.map((f) => f.yRobust![1]))
            ],
            points: clipped.reduce((t, f) => t + f.yClip!.points, 0),
            note: clipped.map((f) => `${f.metric}: ${f.yClip!.note}`).join('; ')
          }
        : null,
    note: frames.map((f, m) => `${metrics[m] ?? f.metric}: ${f.note}`).join('; '),
    ...(frames.some((f) => f.sampled)
      ? {
          sampled: {
            runKeys: [...new Set(frames.flatMap((f) => f.sampled?.runKeys ?? []))],
            metrics: [...new Set(frames.flatMap((f) => f.sampled?.metrics ?? []))]
          }
        }
      : {})
  };
}

/** The sorted distinct values of several sorted arrays. */
function unionX(arrays: readonly Float64Array[]): number[] {
  const all: number[] = [];
  for (const a of arrays) for (const v of a) all.push(v);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of all) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return out;
}
