/**
 * Runs the part of a query the server could not take (filter-split.ts) over the runs it sent,
 * with the same evaluator the runs table uses (../query over ../explorer/run-columns), so a
 * clause means the same whether the runs came from a server or from files.
 */
import type { Experiment, MetricSummary, Run } from '../model';
import { summarizeSeries } from '../model';
import { experimentKey, runKey, type RunRow } from '../db/rows';
import { buildRunColumns } from '../explorer/run-columns';
import { compileQuery, type QueryNode } from '../query';

function runRow(run: Run): RunRow {
  const metrics = new Map<string, MetricSummary>();
  for (const series of run.metrics)
    metrics.set(series.key, series.summary ?? summarizeSeries(series));
  return {
    key: runKey(run.source.format, run.experimentId, run.id),
    importId: 'server',
    experimentKey: experimentKey(run.source.format, run.experimentId),
    sourceFormat: run.source.format,
    sourceFile: run.source.file,
    id: run.id,
    experimentId: run.experimentId,
    name: run.name,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    deleted: run.deleted,
    parentId: run.parentId,
    params: run.params,
    tags: run.tags,
    metrics,
    artifactCount: run.artifacts.length
  };
}

/**
 * The runs that satisfy `query`, in their order. Metric comparisons read each run's series as
 * they are: the latest values runs/search gives, or full histories once fetched (needed for
 * min(), max(), mean(), count() and last_step()).
 */
export function finishLocally(
  runs: readonly Run[],
  query: QueryNode,
  experiments: readonly Experiment[] = []
): Run[] {
  if (query.kind === 'all' || runs.length === 0) return [...runs];
  const cols = buildRunColumns(runs.map(runRow));
  const experimentNames = new Map<string, string>();
  for (const run of runs) {
    const e = experiments.find((x) => x.id === run.experimentId);
    if (e) experimentNames.set(experimentKey(run.source.format, run.experimentId), e.name);
  }
  const mask = compileQuery(query)(cols, { experimentNames });
  return runs.filter((_, i) => mask[i] === 1);
}
