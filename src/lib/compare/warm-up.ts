/**
 * The first chart's loops, run once on made-up lines while a new worker waits for its first
 * request (issue 19, item 1). V8 compiles a function for speed only after it has run; in a new
 * worker the first chart of 100 runs spent 50–200 ms building its frame cold, against 20–30 ms
 * once warm. The page takes 200–300 ms to boot before it asks, and the worker is idle then.
 */
import { buildChartFrame, type FrameRun } from './chart-frame';
import type { ChartRequest } from './compare-types';
import { runLine } from './run-lines';
import { hiddenPoints } from './x-fallback';

const RUNS = 8;
const POINTS = 6000;

export function warmChartPath(): void {
  const runs: FrameRun[] = [];
  for (let r = 0; r < RUNS; r++) {
    const steps = new Float64Array(POINTS);
    const values = new Float64Array(POINTS);
    const timestamps = new Float64Array(POINTS);
    for (let i = 0; i < POINTS; i++) {
      steps[i] = i;
      values[i] = Math.exp(-i / 2000) + 0.05 * Math.sin(i * (r + 1));
      timestamps[i] = 1_700_000_000_000 + i * 1000;
    }
    const line = runLine({ key: 'warm-up', steps, values, timestamps }, { kind: 'step' });
    runs.push({ key: `warm-up-${r}`, label: `warm-up ${r}`, line, smoothed: null, group: null });
  }
  hiddenPoints(runs.map((r) => r.line));
  const request: ChartRequest = {
    runKeys: runs.map((r) => r.key),
    metric: 'warm-up',
    xAxis: { kind: 'step' },
    logX: false,
    logY: false,
    smoothing: { kind: 'none' },
    xRange: null,
    columns: 600,
    group: null,
    ignoreOutliers: false
  };
  buildChartFrame(request, runs);
}
