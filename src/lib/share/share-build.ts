/**
 * From stored runs to a share payload, and from a payload back to runs to store: the charted
 * metrics travel as M4-reduced points with their exact summaries, every other metric as its
 * summary alone (enough for the tables).
 */
import type { RunRow } from '../db/rows';
import type { ImportedBatch, MetricSeries, Run, RunStatus } from '../model';
import { fromWire, toWire, type SharePayload, type ShareRun } from './share-codec';
import { m4Indices, pickPoints } from './share-reduce';

/** Columns of the step range a shared series keeps (up to 4 points each). */
export const SHARE_COLUMNS = 150;

/** The importer id runs opened from a link are stored under. */
export const SHARE_FORMAT = 'runlens-share';

export interface ShareSource {
  readSeries(runKey: string, metric: string): Promise<MetricSeries>;
}

/** The payload for runs, drawing `charted` metrics; `withTimes` when the x axis is a time. */
export async function buildSharePayload(
  runs: readonly RunRow[],
  experimentNames: ReadonlyMap<string, string>,
  charted: readonly string[],
  settings: unknown,
  withTimes: boolean,
  source: ShareSource
): Promise<SharePayload> {
  const experiments = new Map<string, { id: string; name: string }>();
  const shared: ShareRun[] = [];
  for (const run of runs) {
    experiments.set(run.experimentId, {
      id: run.experimentId,
      name: experimentNames.get(run.experimentKey) ?? run.experimentId
    });
    const series = [];
    for (const [key, s] of run.metrics) {
      const summary = [s.count, s.last, s.lastStep, s.min, s.max, s.mean ?? NaN, s.firstStep].map(
        toWire
      );
      if (!charted.includes(key)) {
        const none = new Float64Array(0);
        series.push({ key, summary, steps: none, values: none, timestamps: null });
        continue;
      }
      const full = await source.readSeries(run.key, key);
      const picked = pickPoints(full, m4Indices(full, SHARE_COLUMNS));
      series.push({
        key,
        summary,
        steps: picked.steps,
        values: picked.values,
        timestamps: withTimes ? picked.timestamps : null
      });
    }
    shared.push({
      id: run.id,
      experimentId: run.experimentId,
      name: run.name,
      status: run.status,
      startTime: run.startTime,
      endTime: run.endTime,
      parentId: run.parentId,
      params: [...run.params],
      tags: [...run.tags],
      series
    });
  }
  return { settings, experiments: [...experiments.values()], runs: shared };
}

/** The runs of a payload as a batch to store (summaries of the full histories kept). */
export function payloadToBatch(payload: SharePayload): ImportedBatch {
  const runs: Run[] = payload.runs.map((r) => ({
    id: r.id,
    experimentId: r.experimentId,
    name: r.name,
    status: r.status as RunStatus,
    startTime: r.startTime,
    endTime: r.endTime,
    deleted: false,
    parentId: r.parentId,
    params: new Map(r.params),
    tags: new Map(r.tags),
    metrics: r.series.map((s) => {
      const [count, last, lastStep, min, max, mean, firstStep] = s.summary.map(fromWire);
      return {
        key: s.key,
        steps: s.steps,
        values: s.values,
        timestamps: s.timestamps ?? new Float64Array(s.steps.length).fill(NaN),
        summary: {
          count: count!,
          last: last!,
          lastStep: lastStep!,
          min: min!,
          max: max!,
          mean: mean!,
          firstStep: firstStep!
        }
      };
    }),
    artifacts: [],
    source: { format: SHARE_FORMAT, file: 'share link' }
  }));
  return {
    experiments: payload.experiments.map((e) => ({
      id: e.id,
      name: e.name,
      deleted: false,
      tags: new Map()
    })),
    runs
  };
}
