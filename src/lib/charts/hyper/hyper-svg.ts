/**
 * SVG exports of parallel coordinates and scatter plots, built from the same geometry as the
 * canvas. Every string from a file (labels, categories) goes through `escapeXml`.
 */
import type { ChartTheme, ColorBuckets } from './color-ramp';
import type { AxisBrush } from './hyper-types';
import type { AxisScale, ParallelGeometry, ScatterFrame } from './parallel-axes';
import { axisTicks, brushSpans, formatValue } from './parallel-axes';
import { escapeXml } from '../escape-xml';

export { escapeXml };

/** At most `max` characters, with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

const num = (v: number) => (Math.round(v * 10) / 10).toString();

function text(x: number, y: number, content: string, attrs: string, title?: string): string {
  const tip = title && title !== content ? `<title>${escapeXml(title)}</title>` : '';
  return `<text x="${num(x)}" y="${num(y)}" ${attrs}>${tip}${escapeXml(content)}</text>`;
}

function open(width: number, height: number, theme: ChartTheme): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="${escapeXml(theme.surface)}"/>` +
    // A halo keeps labels readable over dense lines.
    `<style>text{paint-order:stroke;stroke:${escapeXml(theme.surface)};stroke-width:3px;` +
    `stroke-linejoin:round}</style>`
  );
}

/** One `<path>` of polylines for the runs of a bucket that `want` accepts. */
function polylinePath(
  geometry: ParallelGeometry,
  runs: ArrayLike<number>,
  from: number,
  to: number,
  want: (r: number) => boolean,
  attrs: string
): string {
  const k = geometry.axes.length;
  const { xs } = geometry.layout;
  const d: string[] = [];
  for (let j = from; j < to; j++) {
    const r = runs[j]!;
    if (!want(r)) continue;
    for (let i = 0; i < k; i++) {
      d.push(`${i === 0 ? 'M' : 'L'}${num(xs[i]!)} ${num(geometry.ys[r * k + i]!)}`);
    }
  }
  return d.length === 0 ? '' : `<path fill="none" ${attrs} d="${d.join('')}"/>`;
}

export interface ParallelSvgInput {
  geometry: ParallelGeometry;
  buckets: ColorBuckets;
  /** 1 = passes the brushes (drawn in colour on top), 0 = drawn faint underneath. */
  active: Uint8Array;
  brushes: readonly AxisBrush[];
  theme: ChartTheme;
  title?: string;
}

/** Parallel coordinates as a standalone SVG document. */
export function parallelCoordinatesSvg(input: ParallelSvgInput): string {
  const { geometry, buckets, active, brushes, theme } = input;
  const { layout, axes, scales } = geometry;
  const n = active.length;
  const out: string[] = [open(layout.width, layout.height, theme)];
  if (input.title) out.push(text(8, 14, input.title, `fill="${escapeXml(theme.text)}"`));
  const all = Int32Array.from({ length: n }, (_, r) => r);
  out.push(
    polylinePath(
      geometry,
      all,
      0,
      n,
      (r) => active[r] === 0,
      `stroke="${escapeXml(theme.muted)}" stroke-opacity="0.15" stroke-width="1"`
    )
  );
  const opacity = n > 500 ? 0.45 : 0.85;
  buckets.colors.forEach((color, b) => {
    out.push(
      polylinePath(
        geometry,
        buckets.order,
        buckets.starts[b]!,
        buckets.starts[b + 1]!,
        (r) => active[r] === 1,
        `stroke="${escapeXml(color)}" stroke-opacity="${opacity}" stroke-width="1"`
      )
    );
  });
  const spacing = axes.length > 1 ? layout.xs[1]! - layout.xs[0]! : layout.width;
  axes.forEach((axis, i) => {
    const x = layout.xs[i]!;
    const scale = scales[i]!;
    const brush = brushes.find((b) => b.axis === axis.id);
    if (brush) {
      for (const [a, b] of brushSpans(scale, brush)) {
        out.push(
          `<rect x="${num(x - 7)}" y="${num(a)}" width="14" height="${num(b - a)}" ` +
            `fill="${escapeXml(theme.accent)}" fill-opacity="0.25" stroke="${escapeXml(theme.accent)}"/>`
        );
      }
    }
    out.push(
      `<line x1="${num(x)}" y1="${layout.top}" x2="${num(x)}" y2="${layout.bottom}" ` +
        `stroke="${escapeXml(theme.text)}" stroke-width="1"/>`
    );
    const label = truncateText(axis.label, Math.max(4, Math.floor(spacing / 6.5)));
    out.push(
      text(
        x,
        layout.top - 26,
        label,
        `text-anchor="middle" font-weight="600" fill="${escapeXml(theme.text)}"`,
        axis.label
      )
    );
    const chars = Math.max(3, Math.floor(spacing / 6.5));
    for (const tick of axisLabels(scale)) {
      const muted = `fill="${escapeXml(theme.muted)}"`;
      if (tick.end) {
        const y = tick.end === 'max' ? layout.top - 6 : layout.bottom + 13;
        out.push(
          text(x, y, truncateText(tick.label, chars), `text-anchor="middle" ${muted}`, tick.label)
        );
      } else if (scale.kind === 'categorical' || tick.label.length <= chars / 2) {
        out.push(
          text(
            x - 5,
            tick.pixel + 3.5,
            truncateText(tick.label, chars / 2),
            `text-anchor="end" ${muted}`,
            tick.label
          )
        );
      }
    }
    if (geometry.missing[i]! > 0) {
      out.push(
        text(x, layout.missingY + 4, '∅', `text-anchor="middle" fill="${escapeXml(theme.muted)}"`)
      );
    }
  });
  out.push(
    text(
      8,
      layout.height - 6,
      '∅ under an axis: runs without a value there',
      `fill="${escapeXml(theme.muted)}"`
    )
  );
  out.push('</svg>');
  return out.join('');
}

/** The labels an axis shows: its categories, or its extremes plus the ticks between them. */
export function axisLabels(
  scale: AxisScale
): { pixel: number; label: string; end?: 'min' | 'max' }[] {
  if (scale.kind === 'categorical') return axisTicks(scale);
  const lo = scale.kind === 'log' ? 10 ** scale.d0 : scale.d0;
  const hi = scale.kind === 'log' ? 10 ** scale.d1 : scale.d1;
  const ends = [
    { pixel: scale.p0, label: formatValue(lo), end: 'min' as const },
    { pixel: scale.p1, label: formatValue(hi), end: 'max' as const }
  ];
  const inner = axisTicks(scale, 4).filter((t) =>
    ends.every((e) => Math.abs(e.pixel - t.pixel) > 14)
  );
  return [...ends, ...inner];
}

export interface ScatterSvgInput {
  width: number;
  height: number;
  frame: ScatterFrame;
  xScale: AxisScale;
  yScale: AxisScale;
  xLabel: string;
  yLabel: string;
  /** Pixel positions per run (NaN = not drawn), from `projectPoints`. */
  xs: Float32Array;
  ys: Float32Array;
  buckets: ColorBuckets;
  active?: Uint8Array;
  theme: ChartTheme;
}

/** A scatter plot as a standalone SVG document (one `<path>` of squares per colour). */
export function scatterSvg(input: ScatterSvgInput): string {
  const { width, height, frame, xScale, yScale, xs, ys, buckets, active, theme } = input;
  const out: string[] = [open(width, height, theme)];
  const muted = escapeXml(theme.muted);
  out.push(
    `<rect x="${frame.left}" y="${frame.top}" width="${num(frame.right - frame.left)}" ` +
      `height="${num(frame.bottom - frame.top)}" fill="none" stroke="${escapeXml(theme.border)}"/>`
  );
  for (const t of axisTicks(xScale, 6)) {
    out.push(
      text(
        t.pixel,
        frame.bottom + 14,
        truncateText(t.label, 12),
        `text-anchor="middle" fill="${muted}"`,
        t.label
      )
    );
  }
  for (const t of axisTicks(yScale, 6)) {
    out.push(
      text(
        frame.left - 5,
        t.pixel + 3.5,
        truncateText(t.label, 10),
        `text-anchor="end" fill="${muted}"`,
        t.label
      )
    );
  }
  const square = (r: number) => `M${num(xs[r]! - 1.5)} ${num(ys[r]! - 1.5)}h3v3h-3z`;
  const pass = (r: number, on: boolean) =>
    !Number.isNaN(xs[r]!) && (active ? active[r] === 1 : true) === on;
  const faint: string[] = [];
  for (let r = 0; r < xs.length; r++) if (pass(r, false)) faint.push(square(r));
  if (faint.length > 0)
    out.push(`<path fill="${muted}" fill-opacity="0.2" d="${faint.join('')}"/>`);
  buckets.colors.forEach((color, b) => {
    const d: string[] = [];
    for (let j = buckets.starts[b]!; j < buckets.starts[b + 1]!; j++) {
      const r = buckets.order[j]!;
      if (pass(r, true)) d.push(square(r));
    }
    if (d.length > 0)
      out.push(`<path fill="${escapeXml(color)}" fill-opacity="0.8" d="${d.join('')}"/>`);
  });
  const fill = `fill="${escapeXml(theme.text)}"`;
  out.push(
    text((frame.left + frame.right) / 2, height - 8, input.xLabel, `text-anchor="middle" ${fill}`)
  );
  const cy = (frame.top + frame.bottom) / 2;
  out.push(
    text(14, cy, input.yLabel, `text-anchor="middle" transform="rotate(-90 14 ${num(cy)})" ${fill}`)
  );
  out.push('</svg>');
  return out.join('');
}
