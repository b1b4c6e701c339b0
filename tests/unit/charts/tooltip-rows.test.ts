import { describe, expect, it } from 'vitest';
import { rowsPerMetric, tooltipLeft, tooltipRows } from '$lib/charts/tooltip-rows';
import { toDrawnFrame } from '$lib/charts/compare-chart-options';
import { overlayFrames } from '$lib/compare/overlay-frame';
import type { ChartFrame, ChartLine } from '$lib/compare/compare-types';

function line(id: string, values: number[]): ChartLine {
  return { id, label: id, kind: 'run', raw: Float64Array.from(values), smoothed: null };
}

function frame(metric: string, lines: ChartLine[]): ChartFrame {
  return {
    metric,
    xAxis: { kind: 'step' },
    xNote: null,
    x: Float64Array.from([0, 1, 2]),
    lines,
    mode: 'exact',
    points: lines.length * 3,
    notDrawn: 0,
    runsWithout: 0,
    xExtent: [0, 2],
    yRobust: null,
    yClip: null,
    note: ''
  };
}

describe('tooltip rows', () => {
  it('lists lines with a value at the cursor, largest first, with deltas to the baseline', () => {
    const f = toDrawnFrame(
      frame('loss', [line('a', [1, 2, 3]), line('b', [2, NaN, 5]), line('c', [0.5, 4, 1])])
    );
    const rows = tooltipRows(f, 1, () => '#000', 'a');
    expect(rows.map((r) => [r.line.id, r.value, r.delta, r.isBaseline])).toEqual([
      ['c', 4, 2, false],
      ['a', 2, null, true]
    ]);
  });

  it('keeps an overlay panel’s rows per metric, in the panel’s metric order', () => {
    const merged = overlayFrames(
      [
        frame('train', [line('a', [1, 1, 1]), line('b', [2, 2, 2])]),
        frame('val', [line('a', [9, 9, 9]), line('b', [3, 3, 3])])
      ],
      ['train', 'val']
    );
    const rows = tooltipRows(toDrawnFrame(merged), 0, () => '#000', 'a');
    expect(rows.map((r) => [r.line.metric, r.line.source, r.delta])).toEqual([
      ['train', 'b', 1],
      ['train', 'a', null],
      ['val', 'a', null],
      ['val', 'b', -6]
    ]);
    expect(rowsPerMetric(1)).toBe(8);
    expect(rowsPerMetric(2)).toBe(5);
    expect(rowsPerMetric(4)).toBe(3);
  });

  it('sits beside the cursor on the side with room, never outside the plot', () => {
    // Room on the right of the cursor (plot area starts 64 px in).
    expect(tooltipLeft(100, 700)).toBe(176);
    // Near the right edge: on the left of the cursor.
    expect(tooltipLeft(500, 700)).toBe(564 - 12 - 280);
    // A small panel with no room either side: inside the plot, from its left edge.
    expect(tooltipLeft(100, 300)).toBe(0);
  });
});
