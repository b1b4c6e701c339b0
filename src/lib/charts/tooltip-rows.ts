/**
 * What a comparison chart's tooltip lists at the cursor: every line with a value there, largest
 * first (what a person reads off a crowded chart), with its delta to the pinned baseline. In an
 * overlay panel the rows come per metric, in the panel's metric order, so the tooltip can head
 * each metric once instead of repeating it in every (cut-off) name.
 */
import { withBaselineDeltas } from '../compare/baseline-delta';
import type { DrawnFrame, DrawnLine } from './compare-chart-options';

export interface TooltipRow {
  line: DrawnLine;
  color: string;
  value: number;
  /** Groups: how many runs made the value. */
  n: number | null;
  /** Minus the baseline's value at this x (null for the baseline itself, or none pinned). */
  delta: number | null;
  isBaseline: boolean;
}

export function tooltipRows(
  frame: DrawnFrame,
  index: number,
  colorOf: (line: DrawnLine, index: number) => string,
  baseline: string | null
): TooltipRow[] {
  const metricOrder = new Map<string, number>();
  for (const l of frame.lines) {
    if (l.metric !== undefined && !metricOrder.has(l.metric)) {
      metricOrder.set(l.metric, metricOrder.size);
    }
  }
  const order = (line: DrawnLine) => metricOrder.get(line.metric ?? '') ?? 0;
  const rows = frame.lines
    .map((line, i) => ({
      line,
      color: colorOf(line, i),
      value: (line.smoothed ?? line.raw)[index] ?? null,
      n: line.n?.[index] ?? null
    }))
    .filter((r): r is Omit<TooltipRow, 'delta' | 'isBaseline'> => r.value !== null)
    .sort((a, b) => order(a.line) - order(b.line) || b.value - a.value);
  return withBaselineDeltas(rows, baseline);
}

/** Rows the tooltip shows per metric: eight on a chart, fewer each when metrics share it. */
export function rowsPerMetric(metrics: number): number {
  return metrics <= 1 ? 8 : Math.max(3, Math.floor(10 / metrics));
}

/** The tooltip's width in CSS pixels (ChartTooltip.svelte). */
export const TOOLTIP_WIDTH = 280;

/**
 * The tooltip's left edge: beside the cursor on the side with room, inside the plot (a small
 * panel is narrower than cursor and tooltip: then it covers the side away from the cursor). The
 * cursor's x is measured from the plot area, which starts after the y axis (64 px, chartOptions).
 */
export function tooltipLeft(cursor: number, plotWidth: number): number {
  const x = cursor + 64;
  if (x + 12 + TOOLTIP_WIDTH <= plotWidth) return x + 12;
  return Math.max(0, Math.min(x - 12 - TOOLTIP_WIDTH, plotWidth - TOOLTIP_WIDTH));
}
