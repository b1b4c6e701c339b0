/**
 * Runs from the rows of a neptune-exporter export (docs/neptune.md, "What Runlens reads"): the
 * project is the experiment; `sys/` attributes are tags and give the run its name, status, times
 * and fork parent; other scalars are params, or one-point metrics under result namespaces; float
 * series are metric histories with their decimal steps; string and histogram series become text
 * artifacts; file attributes become artifacts from the files folder (files.ts).
 */
import type { Artifact, Experiment, MetricSeries, Run, RunStatus } from '../../model';
import {
  isKnownType,
  isResultPath,
  isSystemPath,
  scalarNumber,
  scalarText,
  FLOAT_SERIES
} from './attributes';
import type { EntityScope, ExportRows, RunRows } from './export-rows';
import { countOfPhrase } from '../recognise/wording';
import type { FilesFolder } from './files';
import { artifactsOfFiles } from './files';

export const NEPTUNE_ID = 'neptune-exporter';

const encoder = new TextEncoder();

/** The experiment a run lands in: its project, or the project's model registry. */
export function experimentOf(projectId: string, scope: EntityScope): Experiment {
  if (scope === 'runs') return { id: projectId, name: projectId, deleted: false, tags: new Map() };
  const what = scope === 'models' ? 'models' : 'model versions';
  return {
    id: `${projectId}#${scope}`,
    name: `${projectId} (${what})`,
    deleted: false,
    tags: new Map([['neptune.entity', scope]])
  };
}

function time(run: RunRows, path: string): number | null {
  const row = run.scalars.get(path);
  return row?.type === 'datetime' && typeof row.value === 'number' ? row.value : null;
}

function text(run: RunRows, path: string): string | null {
  const row = run.scalars.get(path);
  return row ? scalarText(row.type, row.value) : null;
}

/**
 * `sys/failed` (Neptune 2.x and 3.x) marks a failed run; a `sys/state` still saying it runs is
 * kept as RUNNING; any other run of an export has finished.
 */
function statusOf(run: RunRows): RunStatus {
  if (text(run, 'sys/failed') === 'True') return 'FAILED';
  const state = text(run, 'sys/state')?.toLowerCase();
  return state === 'running' || state === 'active' ? 'RUNNING' : 'FINISHED';
}

function textArtifact(path: string, lines: string[], mediaType: string): Artifact {
  const content = encoder.encode(lines.join('\n') + '\n');
  return { path, size: content.byteLength, mediaType, content };
}

/** What building the runs left for the report. */
export interface BuiltRuns {
  runs: Run[];
  experiments: Experiment[];
  /** Histogram series kept as artifacts rather than charted. */
  histogramSeries: number;
  /** File attributes whose downloaded file was not among the dropped files. */
  missingFiles: number;
  /** Claimed files of the files folder that an attribute names. */
  usedFiles: Set<string>;
}

/** Builds every run the rows hold; `source` is the folder or file they came from. */
export async function buildRuns(
  rows: ExportRows,
  files: FilesFolder | null,
  source: string
): Promise<BuiltRuns> {
  const runs: Run[] = [];
  const experiments = new Map<string, Experiment>();
  const usedFiles = new Set<string>();
  let histogramSeries = 0;
  let missingFiles = 0;
  for (const r of rows.runs.values()) {
    const experiment = experimentOf(r.projectId, r.scope);
    experiments.set(experiment.id, experiment);
    const params = new Map<string, string>();
    const tags = new Map<string, string>();
    const metrics: MetricSeries[] = [];
    for (const [path, row] of r.scalars) {
      const value = scalarText(row.type, row.value);
      if (value === null) continue;
      const number = scalarNumber(row.value);
      if (isSystemPath(path)) tags.set(path, value);
      else if (
        (row.type === 'float' || row.type === 'int') &&
        number !== null &&
        isResultPath(path)
      ) {
        // A result set once: one point at step 0, with no time of its own.
        metrics.push({
          key: path,
          steps: new Float64Array([0]),
          values: new Float64Array([number]),
          timestamps: new Float64Array([NaN])
        });
      } else params.set(path, value);
    }
    for (const s of r.series.values()) metrics.push(s.finish());
    if (r.scope !== 'runs') tags.set('neptune.entity', r.scope);
    const artifacts: Artifact[] = [];
    for (const [path, lines] of r.textSeries) {
      artifacts.push(textArtifact(`${path}/series.txt`, lines, 'text/plain'));
    }
    for (const [path, lines] of r.histograms) {
      artifacts.push(textArtifact(`${path}/histograms.jsonl`, lines, 'application/x-ndjson'));
      histogramSeries++;
    }
    const fromFiles = await artifactsOfFiles(r.files, files);
    artifacts.push(...fromFiles.artifacts);
    missingFiles += fromFiles.missing;
    for (const f of fromFiles.used) usedFiles.add(f);
    const parent = text(r, 'sys/forking/parent');
    const deleted = text(r, 'sys/trashed') === 'True' || text(r, 'sys/archived') === 'True';
    const end = time(r, 'sys/ping_time') ?? time(r, 'sys/modification_time');
    runs.push({
      id: r.runId,
      experimentId: experiment.id,
      name: text(r, 'sys/name') || text(r, 'sys/custom_run_id') || r.runId,
      status: statusOf(r),
      startTime: time(r, 'sys/creation_time'),
      endTime: end ?? (Number.isNaN(r.lastTimestamp) ? null : r.lastTimestamp),
      deleted,
      parentId: parent ? parent : null,
      params,
      tags,
      metrics: metrics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      artifacts: artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      source: { format: NEPTUNE_ID, file: source }
    });
  }
  return { runs, experiments: [...experiments.values()], histogramSeries, missingFiles, usedFiles };
}

/** One line for the report: what the rows were and what was left out. */
export function readingSummary(rows: ExportRows, built: BuiltRuns, parquetFiles: number): string {
  const total = [...rows.byType.values()].reduce((n, c) => n + c.rows, 0) + rows.unnamed;
  const series = rows.byType.get(FLOAT_SERIES);
  const parts = [
    `read as neptune-exporter Parquet (${countOfPhrase(parquetFiles, 'file')}, ` +
      `${countOfPhrase(total, 'row')}): ${countOfPhrase(built.runs.length, 'run')}`
  ];
  if (series) {
    parts.push(
      `${countOfPhrase(series.attributes.size, 'metric history')} ` +
        `(${countOfPhrase(series.rows, 'point')})`
    );
  }
  if (built.histogramSeries > 0) {
    parts.push(
      `${countOfPhrase(built.histogramSeries, 'histogram series')} kept as artifacts, not charted`
    );
  }
  const left: string[] = [];
  const unknown = [...rows.byType].filter(([type]) => !isKnownType(type));
  for (const [type, c] of unknown.sort(([a], [b]) => (a < b ? -1 : 1))) {
    left.push(
      `${countOfPhrase(c.rows, `${type} row`)} (${countOfPhrase(c.attributes.size, 'attribute')}` +
        ' of a type Runlens does not read)'
    );
  }
  if (rows.withoutValue > 0)
    left.push(`${countOfPhrase(rows.withoutValue, 'row')} without a value`);
  if (rows.unnamed > 0) {
    left.push(`${countOfPhrase(rows.unnamed, 'row')} without a project, run, path or type`);
  }
  if (built.missingFiles > 0) {
    left.push(
      `${countOfPhrase(built.missingFiles, 'file')} the attributes name but that ` +
        `${built.missingFiles === 1 ? 'was' : 'were'} not ` +
        "dropped (listed only; drop the exporter's files folder with the data folder to keep them)"
    );
  }
  return parts.join(', ') + (left.length > 0 ? `; left out: ${left.join(', ')}` : '');
}
