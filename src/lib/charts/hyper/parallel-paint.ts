/**
 * Painting parallel coordinates on a canvas (ParallelCoordinates.svelte owns the state and the
 * events). Lines are batched by colour, one stroke per colour slice, so 10,000 runs × 20 axes stay
 * a few dozen strokes.
 */
import { fitText, haloText } from './canvas-text';
import { forEachColorSlice, type ChartTheme, type ColorBuckets } from './color-ramp';
import { axisLabels } from './hyper-svg';
import type { AxisBrush } from './hyper-types';
import type { ParallelGeometry } from './parallel-axes';
import { brushSpans } from './parallel-axes';

/** Each colour is drawn in this many slices, round-robin (see paintParallel). */
const INTERLEAVE = 6;

export interface ParallelLook {
  /** 1 for runs passing the brushes. */
  active: Uint8Array;
  activeCount: number;
  buckets: ColorBuckets;
  brushes: readonly AxisBrush[];
  theme: ChartTheme;
  withTitles: boolean;
}

/** Draws lines, axes, ticks and brushes; `withTitles` adds the axis labels (PNG export). */
export function paintParallel(
  ctx: CanvasRenderingContext2D,
  g: ParallelGeometry,
  look: ParallelLook
) {
  const { active, activeCount, buckets, theme, withTitles } = look;
  const { layout, ys } = g;
  const { xs } = layout;
  const k = g.axes.length;
  const n = active.length;
  ctx.clearRect(0, 0, layout.width, layout.height);
  if (withTitles) {
    ctx.fillStyle = theme.surface;
    ctx.fillRect(0, 0, layout.width, layout.height);
  }
  if (k === 0) return;
  // Above a few hundred lines, strokes are one device pixel wide: Skia draws those as
  // hairlines, while 2-device-pixel strokes of big paths (1 CSS px at devicePixelRatio 2)
  // raster about 15× slower (measured 2026-11 in headless Chromium: 13 s against 0.8 s for
  // 10,000 runs × 20 axes).
  ctx.lineWidth = n > 500 ? 1 / Math.max(1, ctx.getTransform().a) : 1;
  // Runs outside the brushes first, faint, as one path.
  ctx.globalAlpha = 0.18;
  ctx.strokeStyle = theme.muted;
  ctx.beginPath();
  for (let r = 0; r < n; r++) {
    if (active[r] === 1) continue;
    const row = r * k;
    ctx.moveTo(xs[0]!, ys[row]!);
    for (let i = 1; i < k; i++) ctx.lineTo(xs[i]!, ys[row + i]!);
  }
  ctx.stroke();
  // Runs that pass, one stroke per colour on top.
  ctx.globalAlpha = Math.min(0.9, Math.max(0.25, 1 - 0.18 * Math.log10(activeCount + 1)));
  // Each colour in INTERLEAVE slices, drawn round-robin: still a few dozen strokes in all.
  forEachColorSlice(buckets, INTERLEAVE, (color, runs) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const r of runs) {
      if (active[r] === 0) continue;
      const row = r * k;
      ctx.moveTo(xs[0]!, ys[row]!);
      for (let i = 1; i < k; i++) ctx.lineTo(xs[i]!, ys[row + i]!);
    }
    ctx.stroke();
  });
  ctx.globalAlpha = 1;
  paintAxes(ctx, g, look);
}

function paintAxes(ctx: CanvasRenderingContext2D, g: ParallelGeometry, look: ParallelLook) {
  const { brushes, theme, withTitles } = look;
  const { layout } = g;
  const spacing = g.axes.length > 1 ? layout.xs[1]! - layout.xs[0]! : layout.width;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  g.axes.forEach((axis, i) => {
    const x = layout.xs[i]!;
    const scale = g.scales[i]!;
    const brush = brushes.find((b) => b.axis === axis.id);
    if (brush) {
      ctx.fillStyle = theme.accent;
      ctx.strokeStyle = theme.accent;
      ctx.lineWidth = 1.5;
      for (const [a, b] of brushSpans(scale, brush)) {
        ctx.globalAlpha = 0.22;
        ctx.fillRect(x - 8, a, 16, b - a);
        ctx.globalAlpha = 1;
        ctx.strokeRect(x - 8 + 0.5, a + 0.5, 15, b - a - 1);
      }
    }
    ctx.strokeStyle = theme.text;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, layout.top);
    ctx.lineTo(Math.round(x) + 0.5, layout.bottom);
    ctx.stroke();
    const every = scale.kind === 'categorical' ? Math.ceil(14 / bandPx(scale)) : 1;
    axisLabels(scale).forEach((tick, t) => {
      if (t % every !== 0) return;
      ctx.beginPath();
      ctx.moveTo(x - 3, Math.round(tick.pixel) + 0.5);
      ctx.lineTo(x + 3, Math.round(tick.pixel) + 0.5);
      ctx.stroke();
      if (tick.end !== undefined) {
        // The extremes sit above and below the axis, where they have the whole spacing.
        ctx.textAlign = 'center';
        const y = tick.end === 'max' ? layout.top - 9 : layout.bottom + 10;
        haloText(ctx, fitText(ctx, tick.label, spacing - 6), x, y, theme);
        return;
      }
      const room = spacing * 0.5 - 8;
      // Inner ticks are labelled only when they fit; categories are cut to fit.
      if (scale.kind !== 'categorical' && ctx.measureText(tick.label).width > room) return;
      ctx.textAlign = 'right';
      haloText(ctx, fitText(ctx, tick.label, room), x - 6, tick.pixel, theme);
    });
    if (g.missing[i]! > 0) {
      ctx.textAlign = 'center';
      haloText(ctx, '∅', x, layout.missingY, theme, theme.muted);
    }
    if (withTitles) {
      ctx.textAlign = 'center';
      ctx.font = '600 12px system-ui, sans-serif';
      haloText(ctx, fitText(ctx, axis.label, spacing - 8), x, layout.top - 30, theme);
      ctx.font = '11px system-ui, sans-serif';
    }
  });
}

function bandPx(scale: { p0: number; p1: number; d0: number; d1: number }): number {
  return Math.abs(scale.p1 - scale.p0) / Math.max(1, scale.d1 - scale.d0);
}
