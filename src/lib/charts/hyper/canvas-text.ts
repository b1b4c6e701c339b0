/** Text on canvases: cut to fit, and drawn with a halo so it reads over lines. */
import type { ChartTheme } from './color-ramp';

/** The text, cut with an ellipsis to fit `maxWidth` pixels. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let keep = Math.max(1, Math.floor((text.length * maxWidth) / ctx.measureText(text).width));
  while (keep > 1 && ctx.measureText(`${text.slice(0, keep)}…`).width > maxWidth) keep -= 1;
  return `${text.slice(0, keep)}…`;
}

/** Text with an outline in the surface colour, readable over dense lines. */
export function haloText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  theme: ChartTheme,
  color = theme.text
) {
  ctx.lineWidth = 3;
  ctx.strokeStyle = theme.surface;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.text;
}
