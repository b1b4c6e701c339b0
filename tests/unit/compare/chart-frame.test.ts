import { describe, expect, it } from 'vitest';
import { buildChartFrame, type FrameRun } from '$lib/compare/chart-frame';
import type { ChartRequest } from '$lib/compare/compare-types';
import { runLine } from '$lib/compare/run-lines';

function series(steps: number[], values: number[], timestamps?: number[]) {
  return {
    key: 'loss',
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(timestamps ?? steps.map((s) => 1_700_000_000_000 + s * 1000))
  };
}

function run(
  key: string,
  steps: number[],
  values: number[],
  group: string | null = null
): FrameRun {
  return {
    key,
    label: key,
    line: runLine(series(steps, values), { kind: 'step' }),
    smoothed: null,
    group
  };
}

const base: ChartRequest = {
  runKeys: [],
  metric: 'loss',
  xAxis: { kind: 'step' },
  logX: false,
  logY: false,
  smoothing: { kind: 'none' },
  xRange: null,
  columns: 100,
  group: null,
  ignoreOutliers: false
};

describe('chart frames', () => {
  it('draws every point of short runs at their own steps, with gaps where a run has none', () => {
    const frame = buildChartFrame(base, [
      run('a', [0, 1, 2], [3, 2, 1]),
      run('b', [0, 2, 4], [5, 4, 3])
    ]);
    expect(frame.mode).toBe('exact');
    expect(Array.from(frame.x)).toEqual([0, 1, 2, 4]);
    expect(frame.lines.map((l) => Array.from(l.raw))).toEqual([
      [3, 2, 1, NaN],
      [5, NaN, 4, 3]
    ]);
    expect(frame.note).toBe('all 6 points');
  });

  it('keeps a single-point spike among 100,000 points when it reduces to an envelope', () => {
    const n = 100_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = steps.map((i) => Math.sin(i / 1000));
    values[73_123] = 50;
    const frame = buildChartFrame({ ...base, columns: 800 }, [run('a', steps, values)]);
    expect(frame.mode).toBe('envelope');
    expect(frame.x.length).toBe(1600);
    const drawn = Array.from(frame.lines[0]!.raw).filter((v) => !Number.isNaN(v));
    expect(Math.max(...drawn)).toBe(50);
    expect(Math.min(...drawn)).toBeCloseTo(-1, 3);
    expect(frame.note).toBe('min/max envelope of 100,000 points');
  });

  it('reuses a raw envelope on the same grid, handing each frame its own copy', () => {
    const steps = Array.from({ length: 5_000 }, (_, i) => i);
    const a = run(
      'a',
      steps,
      steps.map((s) => Math.sin(s))
    );
    a.envelopes = new Map();
    const first = buildChartFrame({ ...base, columns: 200 }, [a]);
    expect(a.envelopes.size).toBe(1);
    const drawn = Array.from(first.lines[0]!.raw);
    // The page receives frames by transfer: a detached or changed array must not reach the cache.
    first.lines[0]!.raw.fill(0);
    const second = buildChartFrame({ ...base, columns: 200 }, [a]);
    expect(Array.from(second.lines[0]!.raw)).toEqual(drawn);
    buildChartFrame({ ...base, columns: 300 }, [a]);
    expect(a.envelopes.size).toBe(2);
  });

  it('redraws a zoomed range at full resolution', () => {
    const n = 100_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const frame = buildChartFrame({ ...base, columns: 800, xRange: [1000, 1099] }, [
      run(
        'a',
        steps,
        steps.map((s) => s * 2)
      )
    ]);
    expect(frame.mode).toBe('exact');
    expect(frame.points).toBe(100);
    expect(frame.x[0]).toBe(1000);
    expect(frame.lines[0]!.raw[99]).toBe(2198);
  });

  it('counts what it cannot draw and the runs without the metric', () => {
    const frame = buildChartFrame(base, [
      run('a', [0, 1, 2], [1, NaN, Infinity]),
      { key: 'b', label: 'b', line: null, smoothed: null, group: null }
    ]);
    expect(frame.points).toBe(1);
    expect(frame.notDrawn).toBe(2);
    expect(frame.runsWithout).toBe(1);
    expect(frame.note).toContain('2 not drawable');
  });

  it('draws a mean line per group with n per step dropping where a run ends', () => {
    const frame = buildChartFrame(
      { ...base, group: { by: { kind: 'param', key: 'opt' }, center: 'mean', band: 'minmax' } },
      [
        run('a', [0, 1, 2], [1, 2, 3], 'adam'),
        run('b', [0, 1], [3, 4], 'adam'),
        run('c', [0, 1, 2], [10, 10, 10], 'sgd')
      ]
    );
    expect(frame.mode).toBe('group');
    const adam = frame.lines.find((l) => l.label === 'adam')!;
    expect(Array.from(adam.raw)).toEqual([2, 3, 3]);
    expect(Array.from(adam.n!)).toEqual([2, 2, 1]);
    expect(Array.from(adam.lo!)).toEqual([1, 2, 3]);
    expect(Array.from(adam.hi!)).toEqual([3, 4, 3]);
    expect(frame.lines.map((l) => l.label)).toEqual(['adam', 'sgd']);
    expect(frame.note).toContain('each run counts only between its first and last point');
  });

  it('gives the 5th to 95th percentile range for ignoring outliers', () => {
    const steps = Array.from({ length: 100 }, (_, i) => i);
    const values = steps.map((i) => i);
    values[50] = 1e6;
    const frame = buildChartFrame({ ...base, columns: 200, ignoreOutliers: true }, [
      run('a', steps, values)
    ]);
    const [lo, hi] = frame.yRobust!;
    expect(lo).toBeCloseTo(4.95, 6);
    expect(hi).toBeLessThan(100);
  });

  it('leaves a diverged run out of the y range by default, counting what it clips', () => {
    const steps = Array.from({ length: 100 }, (_, i) => i);
    const settled = (seed: number) => steps.map((s) => 1 + Math.exp(-s / 10) + seed / 100);
    const diverged = settled(3).map((v, s) => (s < 90 ? v : 10 ** (s - 89)));
    const runs = [
      run('a', steps, settled(1)),
      run('b', steps, settled(2)),
      run('x', steps, diverged)
    ];
    const frame = buildChartFrame(base, runs);
    expect(frame.yRobust).toEqual([1 + 0.01 + Math.exp(-9.9), 2.03]);
    expect(frame.yClip!.points).toBe(10);
    expect(frame.yClip!.note).toBe('y clipped: 10 points of x beyond range');
    // The full range on request: the clip is still reported, not applied.
    const full = buildChartFrame({ ...base, fullY: true }, runs);
    expect(full.yRobust).toBeNull();
    expect(full.yClip!.points).toBe(10);
  });

  it('keeps a loss that falls from 10 to 0.1 whole: its start is not an outlier', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => i);
    const frame = buildChartFrame(base, [
      run(
        'a',
        steps,
        steps.map((s) => 0.1 + 10 * Math.exp(-s / 125))
      )
    ]);
    expect(frame.yRobust).toBeNull();
    expect(frame.yClip).toBeNull();
  });

  it('says a zoom into a stretch without points is empty', () => {
    const frame = buildChartFrame({ ...base, xRange: [10, 20] }, [
      run('a', [0, 1, 2, 50], [1, 2, 3, 4])
    ]);
    expect(frame.points).toBe(0);
    expect(frame.note).toBe('no points in this range');
    expect(frame.xExtent).toEqual([0, 50]);
  });

  it('leaves out x values a log axis cannot show', () => {
    const frame = buildChartFrame({ ...base, logX: true }, [
      run('a', [0, 1, 10, 100], [4, 3, 2, 1])
    ]);
    expect(frame.xExtent).toEqual([1, 100]);
    expect(Array.from(frame.x)).toEqual([1, 10, 100]);
  });
});

describe('run lines', () => {
  it('orders points by x, keeping the logging order of repeated steps', () => {
    const line = runLine(series([2, 1, 1, 0], [20, 10, 11, 0]), { kind: 'step' });
    expect(Array.from(line.x)).toEqual([0, 1, 1, 2]);
    expect(Array.from(line.y)).toEqual([0, 10, 11, 20]);
  });

  it('measures relative time from the first point, in seconds', () => {
    const line = runLine(series([0, 1], [1, 2], [5000, 9000]), { kind: 'relative' });
    expect(Array.from(line.x)).toEqual([0, 4]);
  });

  it('plots against another metric logged at the same steps, dropping steps without it', () => {
    const tokens = { ...series([0, 1, 2], [100, 200, 300]), key: 'tokens' };
    const line = runLine(
      series([0, 1, 2, 3], [4, 3, 2, 1]),
      { kind: 'metric', key: 'tokens' },
      tokens
    );
    expect(Array.from(line.x)).toEqual([100, 200, 300]);
    expect(line.notDrawn).toBe(1);
  });
});

describe("a server's sampled overview", () => {
  const sampled = (r: FrameRun): FrameRun => ({ ...r, sampled: true });

  it('says the lines are sampled, never "all", and names the runs to complete', () => {
    const frame = buildChartFrame(base, [
      sampled(run('a', [0, 40, 80], [3, 2, 1])),
      sampled(run('b', [0, 50, 99], [5, 4, 3]))
    ]);
    expect(frame.note).toBe("sampled: 6 points of MLflow's overview — zoom or load every point");
    expect(frame.sampled).toEqual({ runKeys: ['a', 'b'], metrics: ['loss'] });
  });

  it('counts only the sampled runs in a mixed chart, and only the points in range', () => {
    const frame = buildChartFrame({ ...base, xRange: [0, 60] }, [
      sampled(run('a', [0, 40, 80], [3, 2, 1])),
      run('b', [0, 50, 99], [5, 4, 3])
    ]);
    expect(frame.note).toBe(
      "sampled: 2 points of MLflow's overview for 1 of 2 runs — zoom or load every point; 4 points drawn"
    );
    expect(frame.sampled?.runKeys).toEqual(['a']);
  });

  it('has no sampled note once every line is whole', () => {
    const frame = buildChartFrame(base, [run('a', [0, 1, 2], [3, 2, 1])]);
    expect(frame.sampled).toBeUndefined();
    expect(frame.note).toBe('all 3 points');
  });
});

describe("a run's own band (W&B chart exports' __min/__max)", () => {
  const withBand = (r: FrameRun, lo: number[], hi: number[], steps: number[]): FrameRun => ({
    ...r,
    band: {
      lo: runLine(series(steps, lo), { kind: 'step' }),
      hi: runLine(series(steps, hi), { kind: 'step' })
    }
  });

  it("draws the band at the line's own steps, and only around the line that has one", () => {
    const frame = buildChartFrame(base, [
      withBand(run('a', [0, 10, 20], [1, 0.8, 0.5]), [0.9, 0.6, 0.4], [1.2, 1, 0.7], [0, 10, 20]),
      run('b', [0, 20], [2, 1])
    ]);
    expect(frame.mode).toBe('exact');
    const [a, b] = frame.lines;
    expect(Array.from(a!.lo!)).toEqual([0.9, 0.6, 0.4]);
    expect(Array.from(a!.hi!)).toEqual([1.2, 1, 0.7]);
    expect(b!.lo).toBeUndefined();
    expect(frame.note).toBe('all 5 points; shaded: loss__min to loss__max of 1 line');
  });

  it('keeps band points the line lacks on the shared x, and drops those outside a zoom', () => {
    const frame = buildChartFrame({ ...base, xRange: [5, 30] }, [
      withBand(run('a', [10, 20], [1, 2]), [0, 0.5, 1.5], [3, 2.5, 2.5], [0, 15, 20])
    ]);
    expect(Array.from(frame.x)).toEqual([10, 15, 20]);
    expect(Array.from(frame.lines[0]!.raw)).toEqual([1, NaN, 2]);
    expect(Array.from(frame.lines[0]!.lo!)).toEqual([NaN, 0.5, 1.5]);
  });

  it("reduces each edge to its own envelope when the line is reduced, keeping the band's extremes", () => {
    const n = 5_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = steps.map((i) => Math.sin(i / 50));
    const lo = values.map((v, i) => v - 0.5 - (i === 1234 ? 10 : 0));
    const hi = values.map((v) => v + 0.5);
    const frame = buildChartFrame(base, [withBand(run('a', steps, values), lo, hi, steps)]);
    expect(frame.mode).toBe('envelope');
    const line = frame.lines[0]!;
    expect(line.lo!.length).toBe(frame.x.length);
    expect(Math.min(...line.lo!.filter(Number.isFinite))).toBeCloseTo(Math.min(...lo), 9);
    expect(Math.max(...line.hi!.filter(Number.isFinite))).toBeCloseTo(Math.max(...hi), 9);
  });
});
