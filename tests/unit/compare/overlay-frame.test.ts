import { describe, expect, it } from 'vitest';
import { buildChartFrame, type FrameRun } from '$lib/compare/chart-frame';
import type { ChartRequest } from '$lib/compare/compare-types';
import { overlayFrames, overlayMetricName } from '$lib/compare/overlay-frame';
import { withBaselineDeltas } from '$lib/compare/baseline-delta';
import { runLine } from '$lib/compare/run-lines';

function run(key: string, metric: string, steps: number[], values: number[]): FrameRun {
  const series = {
    key: metric,
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(steps.map((s) => 1_700_000_000_000 + s * 1000))
  };
  return {
    key,
    label: key,
    line: runLine(series, { kind: 'step' }),
    smoothed: null,
    group: null
  };
}

const request = (metric: string): ChartRequest => ({
  runKeys: ['a', 'b'],
  metric,
  xAxis: { kind: 'step' },
  logX: false,
  logY: false,
  smoothing: { kind: 'none' },
  xRange: null,
  columns: 400,
  group: null,
  ignoreOutliers: false
});

describe('overlay panels', () => {
  // Training logged every step, validation every other step.
  const train = buildChartFrame(request('train/loss'), [
    run('a', 'train/loss', [0, 1, 2, 3], [4, 3, 2, 1]),
    run('b', 'train/loss', [0, 1, 2, 3], [5, 4, 3, 2])
  ]);
  const val = buildChartFrame(request('val/loss'), [
    run('a', 'val/loss', [0, 2, 4], [4.5, 2.5, 1.5]),
    run('b', 'val/loss', [0, 2, 4], [5.5, 3.5, 2.5])
  ]);
  const metrics = ['train/loss', 'val/loss'];
  const overlay = overlayFrames([train, val], metrics);

  it('puts every metric of every run on one x, each value at its own step', () => {
    expect([...overlay.x]).toEqual([0, 1, 2, 3, 4]);
    expect(overlay.lines.map((l) => l.label)).toEqual([
      'a · train/loss',
      'b · train/loss',
      'a · val/loss',
      'b · val/loss'
    ]);
    const valA = overlay.lines[2]!;
    expect([...valA.raw].map((v) => (Number.isNaN(v) ? null : v))).toEqual([
      4.5,
      null,
      2.5,
      null,
      1.5
    ]);
    expect(overlay.points).toBe(train.points + val.points);
    expect(overlay.metric).toBe('train/loss + val/loss');
  });

  it('keeps each line tied to its run (colour, highlight, baseline) and dashes the metrics apart', () => {
    expect(new Set(overlay.lines.map((l) => l.id)).size).toBe(4);
    expect(overlay.lines.map((l) => l.source)).toEqual(['a', 'b', 'a', 'b']);
    expect(overlay.lines[0]!.dash).toEqual([]);
    expect(overlay.lines[2]!.dash!.length).toBeGreaterThan(0);
  });

  it('names a metric by its last part unless another overlaid one ends the same way', () => {
    expect(overlayMetricName('val/loss', metrics)).toBe('val/loss');
    expect(overlayMetricName('val/acc', ['val/loss', 'val/acc'])).toBe('acc');
  });
});

describe('deltas to the baseline at the hovered step', () => {
  it('measures each run against the baseline run, per metric in an overlay', () => {
    const rows = [
      { line: { id: 'm1\u001fa', kind: 'run' as const, source: 'a', metric: 'm1' }, value: 2 },
      { line: { id: 'm1\u001fb', kind: 'run' as const, source: 'b', metric: 'm1' }, value: 3.5 },
      { line: { id: 'm2\u001fa', kind: 'run' as const, source: 'a', metric: 'm2' }, value: 10 },
      { line: { id: 'm2\u001fb', kind: 'run' as const, source: 'b', metric: 'm2' }, value: 7 }
    ];
    const out = withBaselineDeltas(rows, 'a');
    expect(out.map((r) => r.delta)).toEqual([null, 1.5, null, -3]);
    expect(out.map((r) => r.isBaseline)).toEqual([true, false, true, false]);
  });

  it('has no delta without a baseline, or where the baseline has no value', () => {
    const rows = [
      { line: { id: 'a', kind: 'run' as const }, value: 1 },
      { line: { id: 'b', kind: 'run' as const }, value: 2 }
    ];
    expect(withBaselineDeltas(rows, null).map((r) => r.delta)).toEqual([null, null]);
    expect(withBaselineDeltas(rows.slice(1), 'a').map((r) => r.delta)).toEqual([null]);
    expect(withBaselineDeltas(rows, 'b').map((r) => r.delta)).toEqual([-1, null]);
  });
});
