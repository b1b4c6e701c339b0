/** Painting the points of scatter plots (ScatterPlot and each cell of ScatterMatrix). */
import { forEachColorSlice, type ColorBuckets } from './color-ramp';

/** Fills a square per run at (xs, ys) + offset: faint for inactive runs, by colour on top. */
export function paintPoints(
  ctx: CanvasRenderingContext2D,
  xs: Float32Array,
  ys: Float32Array,
  ox: number,
  oy: number,
  size: number,
  buckets: ColorBuckets,
  active: Uint8Array | undefined,
  faint: string
): void {
  const half = size / 2;
  if (active) {
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = faint;
    ctx.beginPath();
    for (let r = 0; r < xs.length; r++) {
      if (active[r] === 1 || Number.isNaN(xs[r]!)) continue;
      ctx.rect(xs[r]! + ox - half, ys[r]! + oy - half, size, size);
    }
    ctx.fill();
  }
  ctx.globalAlpha = 0.8;
  forEachColorSlice(buckets, 6, (color, runs) => {
    ctx.fillStyle = color;
    ctx.beginPath();
    for (const r of runs) {
      if ((active && active[r] === 0) || Number.isNaN(xs[r]!)) continue;
      ctx.rect(xs[r]! + ox - half, ys[r]! + oy - half, size, size);
    }
    ctx.fill();
  });
  ctx.globalAlpha = 1;
}
