/**
 * A metric chart's answer in the worker: each run's line on the drawn x axis (x-fallback.ts),
 * smoothed, with its envelopes and its logged band, aligned into one frame (chart-frame.ts).
 */
import type { RunRow } from '../db/rows';
import { buildChartFrame, type FrameRun } from './chart-frame';
import type { CompareSource } from './compare-service';
import type { ChartFrame, ChartRequest, DrawnXAxis } from './compare-types';
import { labelFromTemplate } from './label-template';
import { lineKeyOf, type LineCache } from './line-cache';
import { bandMetricsOf, hasBand } from './metric-bands';
import type { RunLine } from './run-lines';
import { groupOf } from './run-values';
import { chooseDrawnAxis } from './x-fallback';

/**
 * One metric chart of these runs, reduced to the plot's pixel columns, against the x asked for
 * unless nearly every point shares one x there (see x-fallback.ts).
 */
export async function chartOfRuns(
  request: ChartRequest,
  runs: readonly RunRow[],
  lines: LineCache,
  source: Pick<CompareSource, 'readExperimentNames'>
): Promise<ChartFrame> {
  lines.prefetch(runs, request.metric);
  if (request.xAxis.kind === 'metric') lines.prefetch(runs, request.xAxis.key);
  const choice = await chooseDrawnAxis(request.xAxis, (axis) =>
    Promise.all(runs.map((run) => lines.line(run, request.metric, axis)))
  );
  const template = request.labelTemplate ?? '';
  const experimentNames = template.includes('{experiment}')
    ? await source.readExperimentNames([...new Set(runs.map((r) => r.experimentKey))])
    : null;
  const bands = request.group ? [] : await bandLines(lines, runs, request.metric, choice.axis);
  const frameRuns: FrameRun[] = runs.map((run, i) => {
    const line = choice.lines[i] ?? null;
    const lineKey = lineKeyOf(run, request.metric, choice.axis);
    const smoothed =
      line && request.smoothing.kind !== 'none' && !request.group
        ? lines.smooth(lineKey, line, request.smoothing)
        : null;
    const envelopes = lines.envelopes(lineKey);
    return {
      key: run.key,
      label: labelFromTemplate(template, run, experimentNames?.get(run.experimentKey) ?? null),
      line,
      smoothed,
      envelopes,
      group: request.group ? groupOf(run, request.group.by) : null,
      band: bands[i] ?? null,
      sampled:
        run.metrics.get(request.metric)?.sampled === true ||
        (request.xAxis.kind === 'metric' && run.metrics.get(request.xAxis.key)?.sampled === true)
    };
  });
  const frame = buildChartFrame(request, frameRuns);
  frame.xAxis = choice.axis;
  frame.xNote = choice.note;
  return frame;
}

/** Each run's band around `metric` on the drawn axis, where it logged one (metric-bands.ts). */
async function bandLines(
  lines: LineCache,
  runs: readonly RunRow[],
  metric: string,
  axis: DrawnXAxis
): Promise<({ lo: RunLine; hi: RunLine } | null)[]> {
  const { lo, hi } = bandMetricsOf(metric);
  return Promise.all(
    runs.map(async (run) => {
      if (!hasBand(metric, (k) => run.metrics.has(k))) return null;
      const [low, high] = await Promise.all([lines.line(run, lo, axis), lines.line(run, hi, axis)]);
      return low && high ? { lo: low, hi: high } : null;
    })
  );
}
